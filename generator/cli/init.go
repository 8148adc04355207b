package cli

import (
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"bulletin/generator/config"
	"bulletin/generator/render"
)

// runInit is `bulletin init DIR`: a new site folder that builds with
// --strict as it is: config.yaml, a sample notice, an about page and an
// accessibility statement (the default theme links to /accessibility/ on
// every page), and a .gitignore for the output. --theme also copies the
// embedded theme into DIR/templates/ to customise.
func runInit(env Env, args []string) int {
	fset := flag.NewFlagSet("init", flag.ContinueOnError)
	withTheme := fset.Bool("theme", false, "copy the default theme into DIR/templates/ for customising")
	nowFlag := fset.String("now", "", "the date of the sample notice (default the clock)")
	words, code, ok := parseMixed(env, fset, args)
	if !ok {
		return code
	}
	if len(words) != 1 {
		fmt.Fprintf(env.Stderr, "bulletin init: want one folder: bulletin init DIR [--theme]\n")
		return ExitUsage
	}
	dir := words[0]
	if err := emptyFolder(dir); err != nil {
		fmt.Fprintf(env.Stderr, "bulletin init: %v\n", err)
		return ExitError
	}
	zone := config.Default().Timezone
	loc, err := time.LoadLocation(zone)
	if err != nil {
		fmt.Fprintf(env.Stderr, "bulletin init: %v\n", err)
		return ExitError
	}
	now, err := newNow(env, *nowFlag, loc)
	if err != nil {
		fmt.Fprintf(env.Stderr, "bulletin init: %v\n", err)
		return ExitUsage
	}
	files := starterFiles(now)
	names := slices.Sorted(maps.Keys(files))
	for _, name := range names {
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(files[name])); err != nil {
			fmt.Fprintf(env.Stderr, "bulletin init: %v\n", err)
			return ExitError
		}
	}
	if *withTheme {
		if err := copyTheme(env.Theme, filepath.Join(dir, render.ThemeDir)); err != nil {
			fmt.Fprintf(env.Stderr, "bulletin init: copying the theme: %v\n", err)
			return ExitError
		}
	}
	fmt.Fprintf(env.Stdout, "created a new site in %s\n", dir)
	for _, name := range names {
		fmt.Fprintf(env.Stdout, "  %s\n", name)
	}
	if *withTheme {
		fmt.Fprintf(env.Stdout, "  %s/ (the default theme: edit what you want to change, delete the rest)\n", render.ThemeDir)
	}
	fmt.Fprintf(env.Stdout, "next: edit %s, then\n  cd %s\n  bulletin new notice 标题 --department 发文机关\n  bulletin check --drafts\n  bulletin build\n", config.FileName, dir)
	return ExitOK
}

// emptyFolder accepts a folder that does not exist yet or is empty.
func emptyFolder(dir string) error {
	info, err := os.Stat(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is a file, not a folder", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s is not empty; refusing to write a site into it (choose a new folder)", dir)
	}
	return nil
}

func writeFile(file string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	return writeNew(file, data)
}

// copyTheme copies a theme file system into dir.
func copyTheme(theme fs.FS, dir string) error {
	if theme == nil {
		return fmt.Errorf("this binary has no embedded theme")
	}
	return fs.WalkDir(theme, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(theme, p)
		if err != nil {
			return err
		}
		return writeFile(filepath.Join(dir, filepath.FromSlash(p)), data)
	})
}

// starterFiles are the files of a new site, by slash path, dated now.
func starterFiles(now time.Time) map[string]string {
	date := now.Format("2006-01-02")
	stamp := now.Format(time.RFC3339)
	year := fmt.Sprint(now.Year())
	signed := fmt.Sprintf("%d年%d月%d日", now.Year(), now.Month(), now.Day())
	fill := strings.NewReplacer("{{date}}", date, "{{stamp}}", stamp, "{{year}}", year, "{{signed}}", signed).Replace
	return map[string]string{
		config.FileName: fill(starterConfig),
		".gitignore":    "public/\n",
		"content/notices/" + date + "-welcome.md": fill(starterNotice),
		"content/about.md":                        fill(starterAbout),
		"content/accessibility.md":                fill(starterAccessibility),
	}
}

const starterConfig = `# 站点配置。每一项的含义见 bulletin 的 README；写错的键会报错并指出行号。
title: 某某单位公告栏                      # 站点名称：改成你的
base_url: https://notices.example.gov.cn/  # 站点发布后的网址
language: zh-CN                            # 内容的默认语言
timezone: Asia/Shanghai                    # 不带时区的日期按此时区理解
publisher: 某某单位办公室                  # 网站主办单位
copyright: © {{year}} 某某单位办公室
paginate: 20                               # 列表每页条数
sections:                                  # content/<键>/ 是一个栏目
  notices:  {title: 通知公告, kind: notice}
  policies: {title: 政策文件, kind: policy}
taxonomies: [department, category, tags]
markdown:
  unsafe_html: false                       # Markdown 中的 HTML 默认转义显示
# 标识与备案：取得后去掉行首的 # 并填写，页头、页脚会显示。
# logo: {file: emblem.svg, alt: ""}        # 标题旁的徽标，templates/assets/ 中的图片
# favicon: favicon.svg                     # 浏览器标签页图标
# site_id_code: "0000000000"               # 网站标识码（10 位）
# icp: 京ICP备00000000号                   # ICP备案号，链接到工信部备案系统
# police_filing: 京公网安备 00000000000000号  # 公安备案号，链接到备案记录
`

const starterNotice = `---
title: 关于启用公告栏的通知
date: {{stamp}}
summary: 本单位公告栏即日起启用，今后的通知公告和政策文件将在这里集中发布。
department: 某某单位办公室
category: 综合政务
tags: [网站公告]
doc_number: 某办发〔{{year}}〕1号
written: {{date}}
effective: {{date}}
applies_to: [本单位各部门]
contact: 某某单位办公室 0000-0000000
---

本单位各部门：

为方便群众及时查阅本单位发布的信息，本单位公告栏即日起启用。现将有关事项通知如下。

## 一、发布范围

本单位面向社会公开的通知、公告和政策文件，均在公告栏集中发布，并标明发布日期、发文机关、文号和有效期。

## 二、发布方式

新建通知时，运行 ` + "`bulletin new notice 标题 --department 发文机关`" + `，按提示填写文件开头的各项信息，再写正文。发布前运行 ` + "`bulletin check`" + ` 检查链接、日期和重复内容。

## 三、联系方式

对公告栏内容有疑问的，请与某某单位办公室联系，也可以查看[关于本站](../about.md)。

某某单位办公室\
{{signed}}
`

const starterAbout = `---
title: 关于本站
date: {{stamp}}
summary: 某某单位公告栏集中发布本单位面向社会公开的通知公告和政策文件。
---

某某单位公告栏由某某单位办公室主办，集中发布本单位面向社会公开的通知公告和政策文件。

## 栏目说明

- **通知公告：** 各类通知、公告和提醒，按发布日期排列；
- **政策文件：** 规范性文件、实施方案和政策解读。

## 如何判断一份通知是否有效

每份通知都标明发布日期、发文机关和文号。已经失效、被替代或被撤回的通知，页面上会显示醒目的提示。
`

const starterAccessibility = `---
title: 无障碍声明
date: {{stamp}}
summary: 本站努力让所有人都能方便地阅读通知公告。
---

本站努力让所有人，包括使用读屏软件、放大镜或只用键盘的读者，都能方便地阅读通知公告。

## 我们的做法

页面结构清晰，标题分级；图片配有文字说明；不用脚本也能阅读全部内容。

## 反馈

如果您在使用本站时遇到困难，请与某某单位办公室联系：0000-0000000。
`
