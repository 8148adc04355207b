package cli

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"bulletin/generator/config"
	"bulletin/generator/content"
	"bulletin/generator/dates"
	"bulletin/generator/diag"

	"gopkg.in/yaml.v3"
)

// runNew is `bulletin new notice|policy|news|page TITLE`: it writes a draft
// with complete front matter into the section of that kind and prints its
// path. It never overwrites a file.
func runNew(env Env, args []string) int {
	fset := flag.NewFlagSet("new", flag.ContinueOnError)
	source := fset.String("source", ".", "the site folder")
	department := fset.String("department", "", "the issuing department")
	category := fset.String("category", "", "the category")
	section := fset.String("section", "", "the section folder, when several have the kind")
	nowFlag := fset.String("now", "", "the publication time (default the clock)")
	words, code, ok := parseMixed(env, fset, args)
	if !ok {
		return code
	}
	if len(words) < 2 {
		fmt.Fprintf(env.Stderr, "bulletin new: want a kind and a title: bulletin new notice|policy|news|page TITLE [--department D] [--category C]\n")
		return ExitUsage
	}
	kind, title := words[0], strings.Join(strings.Fields(strings.Join(words[1:], " ")), " ")
	if kind != config.KindNotice && kind != config.KindPolicy && kind != config.KindNews && kind != config.KindPage {
		fmt.Fprintf(env.Stderr, "bulletin new: unknown kind %q: use notice, policy, news or page\n", kind)
		return ExitUsage
	}
	if title == "" {
		fmt.Fprintf(env.Stderr, "bulletin new: the title is empty\n")
		return ExitUsage
	}
	cfg, err := config.Load(os.DirFS(*source))
	if err != nil {
		diag.WriteText(env.Stderr, asList(err).Items(), false)
		return ExitError
	}
	now, err := newNow(env, *nowFlag, cfg.Location)
	if err != nil {
		fmt.Fprintf(env.Stderr, "bulletin new: %v\n", err)
		return ExitUsage
	}
	folder, err := sectionFolder(cfg, kind, *section)
	if err != nil {
		fmt.Fprintf(env.Stderr, "bulletin new: %v\n", err)
		return ExitError
	}
	rel, err := newPath(*source, folder, kind, title, now)
	if err != nil {
		fmt.Fprintf(env.Stderr, "bulletin new: %v\n", err)
		return ExitError
	}
	src := draft(kind, title, now, *department, *category)
	if _, diags := content.Parse(rel, src, cfg); len(diags) > 0 {
		// Only a title or flag YAML cannot hold gets here; say so plainly.
		diag.WriteText(env.Stderr, diags, false)
		fmt.Fprintf(env.Stderr, "bulletin new: the new file would not be valid; nothing written\n")
		return ExitError
	}
	file := filepath.Join(*source, content.Dir, filepath.FromSlash(rel))
	if err := writeNew(file, src); err != nil {
		fmt.Fprintf(env.Stderr, "bulletin new: %v\n", err)
		return ExitError
	}
	fmt.Fprintln(env.Stdout, file)
	return ExitOK
}

// parseMixed parses flags that may come before, between or after the
// positional arguments ("new notice 标题 --department 市卫健委"); after "--"
// everything is positional.
func parseMixed(env Env, fset *flag.FlagSet, args []string) (positional []string, code int, ok bool) {
	fset.SetOutput(env.Stderr)
	var rest []string
	for i, a := range args {
		if a == "--" {
			args, rest = args[:i], args[i+1:]
			break
		}
	}
	for {
		if err := fset.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, ExitOK, false
			}
			return nil, ExitUsage, false
		}
		args = fset.Args()
		if len(args) == 0 {
			return append(positional, rest...), 0, true
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// asList turns an error from config.Load into diagnostics.
func asList(err error) *diag.List {
	var l diag.List
	l.Add(err)
	return &l
}

// newNow is the time a new file is dated: --now, else the clock, in the
// site's zone, to the second.
func newNow(env Env, flagValue string, loc *time.Location) (time.Time, error) {
	if flagValue != "" {
		t, err := dates.Parse(flagValue, loc)
		if err != nil {
			return t, fmt.Errorf("--now: %w", err)
		}
		return t.In(loc), nil
	}
	return env.Clock().In(loc).Truncate(time.Second), nil
}

// sectionFolder picks the content folder for a kind: "" for plain pages at
// the top of content/, else the (first, by key) section of that kind.
func sectionFolder(cfg *config.Config, kind, want string) (string, error) {
	if want != "" {
		sc, ok := cfg.Sections[want]
		switch {
		case !ok:
			return "", fmt.Errorf("--section %s: no such section in config.yaml (sections: %s)", want, strings.Join(cfg.SectionKeys(), ", "))
		case sc.Kind != kind:
			return "", fmt.Errorf("--section %s is a %s section, not a %s section", want, sc.Kind, kind)
		}
		return want, nil
	}
	if kind == config.KindPage {
		return "", nil
	}
	for _, key := range cfg.SectionKeys() {
		if cfg.Sections[key].Kind == kind {
			return key, nil
		}
	}
	return "", fmt.Errorf("config.yaml has no section of kind %s: add one under sections, e.g. %ss: {title: …, kind: %s}", kind, kind, kind)
}

// newPath chooses the content path of a new file: <folder>/<date>-<slug>.md
// (pages: <slug>.md) with a short ASCII slug from the title, or, for a title
// without Latin letters, the first free <date>-1, <date>-2, …
func newPath(source, folder, kind, title string, now time.Time) (string, error) {
	date := now.Format("2006-01-02")
	name := func(suffix string) string {
		if kind == config.KindPage {
			return suffix
		}
		return date + "-" + suffix
	}
	exists := func(rel string) bool {
		_, err := os.Stat(filepath.Join(source, content.Dir, filepath.FromSlash(rel)))
		return err == nil
	}
	if slug := ASCIISlug(title); slug != "" {
		rel := path.Join(folder, name(slug)+".md")
		if exists(rel) {
			return "", fmt.Errorf("%s already exists; refusing to overwrite it (choose another title, or edit that file)", filepath.Join(source, content.Dir, filepath.FromSlash(rel)))
		}
		return rel, nil
	}
	prefix := ""
	if kind == config.KindPage {
		prefix = "page-"
	}
	for n := 1; ; n++ {
		rel := path.Join(folder, name(fmt.Sprintf("%s%d", prefix, n))+".md")
		if !exists(rel) {
			return rel, nil
		}
	}
}

// slugMax bounds the length of an ASCII slug, cut at a word boundary.
const slugMax = 40

// ASCIISlug is a short URL form of a title from its ASCII letters and
// digits, lowercased, words joined by '-': "COVID-19 疫苗接种" → "covid-19".
// It is "" when the title has no ASCII letter (a number alone says little).
func ASCIISlug(title string) string {
	var words []string
	var cur strings.Builder
	letter := false
	flush := func() {
		if cur.Len() > 0 {
			words = append(words, cur.String())
			cur.Reset()
		}
	}
	for _, r := range title {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
			letter = true
			cur.WriteRune(r | 0x20)
		case r >= '0' && r <= '9':
			cur.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	if !letter {
		return ""
	}
	slug := ""
	for _, w := range words {
		next := w
		if slug != "" {
			next = slug + "-" + w
		}
		if len(next) > slugMax && slug != "" {
			break
		}
		slug = next
	}
	if len(slug) > slugMax {
		slug = slug[:slugMax]
	}
	return slug
}

// draft is the text of a new file: front matter with every field the kind
// expects (empty ones parse as not set), status: draft, and a body to
// replace.
func draft(kind, title string, now time.Time, department, category string) []byte {
	var b strings.Builder
	line := func(key, value, comment string) {
		b.WriteString(key + ":")
		if value != "" {
			b.WriteString(" " + value)
		}
		if comment != "" {
			b.WriteString("  # " + comment)
		}
		b.WriteByte('\n')
	}
	b.WriteString("---\n")
	line("title", yamlString(title), "")
	line("date", now.Format(time.RFC3339), "发布日期")
	line("status", content.StatusDraft, "发布时删除本行或改为 published")
	line("summary", "", "摘要；不填则取正文第一段")
	if kind == config.KindNews {
		line("department", yamlString(department), "发布单位")
		line("category", yamlString(category), "主题分类")
		line("tags", "[]", "主题词")
		line("author", "", "作者")
		line("source", "", "来源，如 示例日报；本单位稿件可不填")
	} else if kind != config.KindPage {
		line("department", yamlString(department), "发文机关，多个写成 [主办, 会办]")
		line("category", yamlString(category), "主题分类")
		line("tags", "[]", "主题词")
		line("doc_number", "", "发文字号，如 示卫发〔2021〕3号")
		line("index_no", "", "索引号")
		line("written", "", "成文日期，如 2021-01-19")
		line("effective", "", "生效日期")
		line("expires", "", "失效日期")
		line("applies_to", "[]", "适用范围")
		line("contact", "", "联系方式")
	}
	b.WriteString("---\n\n")
	switch kind {
	case config.KindPage:
		b.WriteString("（在这里写正文。）\n")
	case config.KindNews:
		b.WriteString("（在这里写正文：导语写明时间、地点、事件，再分段展开。）\n")
	default:
		b.WriteString("（在这里写正文：主送单位，事由，分条写明的事项，落款。）\n")
	}
	return []byte(b.String())
}

// yamlString writes s as one YAML scalar, quoted only when YAML needs it.
func yamlString(s string) string {
	if s == "" {
		return ""
	}
	out, err := yaml.Marshal(s)
	if err != nil {
		return fmt.Sprintf("%q", s)
	}
	return strings.TrimSuffix(string(out), "\n")
}

// writeNew creates file with src, never replacing an existing file.
func writeNew(file string, src []byte) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; refusing to overwrite it", file)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(src); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
