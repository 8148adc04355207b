package config

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

const full = `title: 示例市公告栏
base_url: https://notices.example.gov.cn
language: zh-CN
timezone: Asia/Shanghai
publisher: 示例市人民政府办公室
copyright: © 2021 示例市人民政府办公室
paginate: 5
sections:
  notices:  {title: 通知公告, kind: notice}
  policies: {title: 政策文件, kind: policy}
  about: {kind: page}
taxonomies: [department, tags]
markdown:
  unsafe_html: true
languages:
  en: {title: Example City Notices}
  fr:
`

func TestParseFull(t *testing.T) {
	c, err := Parse([]byte(full))
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "示例市公告栏" || c.Publisher != "示例市人民政府办公室" || c.Paginate != 5 || !c.Markdown.UnsafeHTML {
		t.Errorf("decoded %+v", c)
	}
	if c.BaseURL != "https://notices.example.gov.cn/" {
		t.Errorf("base_url = %q, want a trailing slash added", c.BaseURL)
	}
	if c.Location.String() != "Asia/Shanghai" {
		t.Errorf("Location = %v", c.Location)
	}
	if got := strings.Join(c.SectionKeys(), ","); got != "about,notices,policies" {
		t.Errorf("SectionKeys = %s", got)
	}
	if c.Sections["about"].Title != "about" || c.Sections["about"].Kind != KindPage {
		t.Errorf("a section without a title takes its key: %+v", c.Sections["about"])
	}
	if got := strings.Join(c.LanguageKeys(), ","); got != "zh-CN,en,fr" {
		t.Errorf("LanguageKeys = %s", got)
	}
	if c.Languages["fr"] == nil || c.Languages["en"].Title != "Example City Notices" {
		t.Errorf("languages = %+v", c.Languages)
	}
	if !c.HasTaxonomy("tags") || c.HasTaxonomy("category") {
		t.Errorf("taxonomies = %v", c.Taxonomies)
	}
}

func TestParseDefaults(t *testing.T) {
	c, err := Parse([]byte("title: T\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Paginate != 20 || c.Language != "zh-CN" || c.Location.String() != "Asia/Shanghai" {
		t.Errorf("defaults: %+v", c)
	}
	if got := strings.Join(c.SectionKeys(), ","); got != "notices,policies" {
		t.Errorf("default sections = %s", got)
	}
	if _, err := Parse(nil); err != nil {
		t.Errorf("an empty config.yaml must give the defaults: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"unknown key with suggestion", "title: T\npaginat: 3\n",
			[]string{`config.yaml:2:1: unknown field "paginat" (did you mean "paginate"?)`}},
		{"unknown nested key", "markdown:\n  unsafe_htm: true\n",
			[]string{`config.yaml:2:3: unknown field "markdown.unsafe_htm" (did you mean "unsafe_html"?)`}},
		{"unknown section key", "sections:\n  notices: {title: T, knd: notice}\n",
			[]string{
				`config.yaml:2:12: section "notices": kind is missing: use notice, policy, news or page`,
				`config.yaml:2:23: unknown field "sections.notices.knd" (did you mean "kind"?)`,
			}},
		{"bad timezone", "timezone: Asia/Beijing\n",
			[]string{`config.yaml:1:11: unknown time zone "Asia/Beijing": use an IANA name such as Asia/Shanghai`}},
		{"bad paginate zero", "paginate: 0\n",
			[]string{`config.yaml:1:11: paginate must be at least 1, got 0`}},
		{"bad paginate negative", "title: T\npaginate: -2\n",
			[]string{`config.yaml:2:11: paginate must be at least 1, got -2`}},
		{"paginate not a number", "paginate: ten\n",
			[]string{`config.yaml:1:11: field "paginate": expected a whole number, got "ten"`}},
		{"bad section kind", "sections:\n  notices: {title: T, kind: blog}\n",
			[]string{`config.yaml:2:29: section "notices": unknown kind "blog": use notice, policy, news or page`}},
		{"empty section", "sections:\n  notices:\n",
			[]string{`config.yaml:2:11: section "notices" needs a title and a kind`}},
		{"reserved section", "sections:\n  tags: {kind: page}\n",
			[]string{`config.yaml:2:9: section "tags": the name is used by the site's own pages; choose another folder name`}},
		{"bad section key", "sections:\n  Notices: {kind: page}\n",
			[]string{`config.yaml:2:12: section "Notices": a section key is a folder name of lowercase letters, digits and dashes`}},
		{"relative base_url", "base_url: /notices/\n",
			[]string{`config.yaml:1:11: base_url "/notices/" must be an http or https URL such as https://notices.example.gov.cn/`}},
		{"host-less base_url", "base_url: notices.example.gov.cn\n",
			[]string{`config.yaml:1:11: base_url "notices.example.gov.cn" must be an http or https URL such as https://notices.example.gov.cn/`}},
		{"bad language", "language: chinese simplified\n",
			[]string{`config.yaml:1:11: language "chinese simplified" is not a BCP 47 tag such as zh-CN or en`}},
		{"unknown taxonomy", "taxonomies: [department, authors]\n",
			[]string{`config.yaml:1:26: unknown taxonomy "authors": choose from department, category, tags`}},
		{"extra language equals default", "languages:\n  zh-CN: {title: T}\n",
			[]string{`config.yaml:2:10: language "zh-CN" is the site's default language; list only extra languages here`}},
		{"bad extra language", "languages:\n  english: {title: T}\n",
			[]string{`config.yaml:2:12: language "english" is not a BCP 47 tag such as en`}},
		{"site ID code too short", "site_id_code: \"12345\"\n",
			[]string{`config.yaml:1:15: site_id_code "12345": a 网站标识码 is 10 letters or digits, such as 1100000088`}},
		{"site ID code with a dash", "site_id_code: 11000-0008\n",
			[]string{`config.yaml:1:15: site_id_code "11000-0008": a 网站标识码 is 10 letters or digits, such as 1100000088`}},
		{"ICP without 号", "icp: 京ICP备12345678\n",
			[]string{`config.yaml:1:6: icp "京ICP备12345678": an ICP备案号 reads like 京ICP备12345678号 or 京ICP备12345678号-1`}},
		{"ICP without province", "icp: ICP备12345678号\n",
			[]string{`config.yaml:1:6: icp "ICP备12345678号": an ICP备案号 reads like 京ICP备12345678号 or 京ICP备12345678号-1`}},
		{"ICP a URL", "icp: https://beian.miit.gov.cn/\n",
			[]string{`config.yaml:1:6: icp "https://beian.miit.gov.cn/": an ICP备案号 reads like 京ICP备12345678号 or 京ICP备12345678号-1`}},
		{"police filing short", "police_filing: 京公网安备 1100000200号\n",
			[]string{`config.yaml:1:16: police_filing "京公网安备 1100000200号": a 公安备案号 reads like 京公网安备 11000002000001号 (14 digits)`}},
		{"police filing URL without number", "police_filing_url: https://beian.mps.gov.cn/\n",
			[]string{`config.yaml:1:20: police_filing_url needs police_filing, the number it links`}},
		{"police filing URL not http", "police_filing: 京公网安备 11000002000001号\npolice_filing_url: javascript:alert(1)\n",
			[]string{`config.yaml:2:20: police_filing_url "javascript:alert(1)" must be an http or https URL, such as https://beian.mps.gov.cn/#/query/webSearch?code=11000002000001`}},
		{"logo without file", "logo: {alt: 示例市}\n",
			[]string{`config.yaml:1:7: logo needs file, an image in templates/assets/ such as emblem.svg`}},
		{"logo outside assets", "logo: {file: ../content/a.png}\n",
			[]string{`config.yaml:1:14: logo.file "../content/a.png": name a file in templates/assets/ by its path there, such as emblem.svg`}},
		{"logo not an image", "logo: {file: emblem.html}\n",
			[]string{`config.yaml:1:14: logo.file "emblem.html": use an image (.png, .svg, .jpg, .gif, .webp or .ico)`}},
		{"favicon absolute", "favicon: /favicon.ico\n",
			[]string{`config.yaml:1:10: favicon "/favicon.ico": name a file in templates/assets/ by its path there, such as emblem.svg`}},
		{"language logo not an image", "logo: {file: a.svg}\nlanguages:\n  en: {title: T, logo: {file: a.pdf}}\n",
			[]string{`config.yaml:3:31: languages.en.logo.file "a.pdf": use an image (.png, .svg, .jpg, .gif, .webp or .ico)`}},
		{"params not a mapping", "params: [a, b]\n",
			[]string{`config.yaml:1:9: field "params": expected a mapping of keys to values, got a list`}},
		{"syntax error", "title: [unclosed\n",
			[]string{`config.yaml:1: invalid YAML: did not find expected ',' or ']'`}},
		{"all problems at once, sorted", "paginate: 0\ntimezone: Nowhere/City\nbase_url: x\ntitel: T\n",
			[]string{
				`config.yaml:1:11: paginate must be at least 1, got 0`,
				`config.yaml:2:11: unknown time zone "Nowhere/City": use an IANA name such as Asia/Shanghai`,
				`config.yaml:3:11: base_url "x" must be an http or https URL such as https://notices.example.gov.cn/`,
				`config.yaml:4:1: unknown field "titel" (did you mean "title"?)`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src))
			if err == nil {
				t.Fatalf("Parse(%q) succeeded, want errors", tt.src)
			}
			if got, want := err.Error(), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("Parse(%q):\ngot\n%s\nwant\n%s", tt.src, got, want)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	c, err := Load(fstest.MapFS{"config.yaml": {Data: []byte("title: T\ntimezone: America/New_York\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if got := time.Date(2021, 1, 20, 0, 0, 0, 0, c.Location).Format(time.RFC3339); got != "2021-01-20T00:00:00-05:00" {
		t.Errorf("Location gives %s", got)
	}
	_, err = Load(fstest.MapFS{})
	if err == nil || !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "config.yaml: cannot read the site configuration") {
		t.Errorf("Load of a folder without config.yaml = %v", err)
	}
}

// TestBaseURL: base_url is written in front of every absolute link the
// site publishes, so anything but a plain http or https address with a
// host is refused at its position in config.yaml.
func TestBaseURL(t *testing.T) {
	const suffix = ` must be an http or https URL such as https://notices.example.gov.cn/`
	tests := []struct {
		value string // as written in config.yaml
		want  string // the error, "" when accepted
	}{
		{`https://notices.example.gov.cn/`, ""},
		{`http://localhost:1313/`, ""},
		{`https://notices.example.gov.cn/city/`, ""},
		{`https://[::1]:8080/`, ""},
		{`HTTPS://notices.example.gov.cn/`, ""},
		{`https://公告.example.cn/`, ""},
		{`ftp://x`, `config.yaml:1:11: base_url "ftp://x"` + suffix},
		{`javascript:alert(1)`, `config.yaml:1:11: base_url "javascript:alert(1)"` + suffix},
		{`"javascript://x.org/%0Aalert(1)"`, `config.yaml:1:11: base_url "javascript://x.org/%0Aalert(1)"` + suffix},
		{`file:///etc/passwd`, `config.yaml:1:11: base_url "file:///etc/passwd"` + suffix},
		{`data:text/html,<script>alert(1)</script>`, `config.yaml:1:11: base_url "data:text/html,<script>alert(1)</script>"` + suffix},
		{`/notices/`, `config.yaml:1:11: base_url "/notices/"` + suffix},
		{`//notices.example.gov.cn/`, `config.yaml:1:11: base_url "//notices.example.gov.cn/"` + suffix},
		{`https:notices.example.gov.cn`, `config.yaml:1:11: base_url "https:notices.example.gov.cn"` + suffix},
		{`https:///notices/`, `config.yaml:1:11: base_url "https:///notices/"` + suffix},
		{`https://:8080/`, `config.yaml:1:11: base_url "https://:8080/"` + suffix},
		{`""`, `config.yaml:1:11: base_url ""` + suffix},
		{`https://clerk:secret@notices.example.gov.cn/`, `config.yaml:1:11: base_url "https://clerk:secret@notices.example.gov.cn/"` + suffix + `, without a user name or password`},
		{`https://notices.example.gov.cn@evil.example/`, `config.yaml:1:11: base_url "https://notices.example.gov.cn@evil.example/"` + suffix + `, without a user name or password`},
		{`https://notices.example.gov.cn/?lang=zh`, `config.yaml:1:11: base_url "https://notices.example.gov.cn/?lang=zh"` + suffix + `, without a query or fragment`},
		{`https://notices.example.gov.cn/#top`, `config.yaml:1:11: base_url "https://notices.example.gov.cn/#top"` + suffix + `, without a query or fragment`},
		{`https://notices.example.gov.cn/?`, `config.yaml:1:11: base_url "https://notices.example.gov.cn/?"` + suffix + `, without a query or fragment`},
		{`'https://evil.example\notices.example.gov.cn/'`, `config.yaml:1:11: base_url "https://evil.example\\notices.example.gov.cn/"` + suffix + `, without backslashes`},
		{`"https://notices.example.gov.cn/a b/"`, `config.yaml:1:11: base_url "https://notices.example.gov.cn/a b/"` + suffix + `, without spaces or control characters`},
		{`"https://notices.example.gov.cn/\x1b[2J"`, `config.yaml:1:11: base_url "https://notices.example.gov.cn/\x1b[2J"` + suffix + `, without spaces or control characters`},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			src := "base_url: " + tt.value + "\n"
			c, err := Parse([]byte(src))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Parse(%q) = %v, want it accepted", src, err)
			case tt.want == "" && !strings.HasSuffix(c.BaseURL, "/"):
				t.Errorf("Parse(%q): base_url = %q, want a trailing slash", src, c.BaseURL)
			case tt.want != "" && err == nil:
				t.Errorf("Parse(%q) accepted base_url %q, want %s", src, c.BaseURL, tt.want)
			case tt.want != "" && err.Error() != tt.want:
				t.Errorf("Parse(%q):\ngot  %s\nwant %s", src, err, tt.want)
			}
		})
	}
}

func TestTrustMarks(t *testing.T) {
	c, err := Parse([]byte(`title: T
logo: {file: img/emblem.png, alt: 示例市人民政府}
favicon: favicon.ico
site_id_code: bm01000001
icp: 京ICP备12345678号-2
police_filing: 京公网安备11000002000001号
params: {hotline: "12345", weibo: {name: 示例发布}}
languages:
  en:
    title: E
    logo: {alt: Example City}
    params: {hotline: "+86 12345"}
  fr: {title: F, logo: {alt: ""}}
`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://beian.mps.gov.cn/#/query/webSearch?code=11000002000001"; c.PoliceFilingURL != want {
		t.Errorf("PoliceFilingURL = %q, want %q, derived from the number", c.PoliceFilingURL, want)
	}
	var refs []string
	for _, a := range c.Assets {
		refs = append(refs, fmt.Sprintf("%s@%d:%d", a.Name, a.At.Line, a.At.Col))
	}
	if got := strings.Join(refs, " "); got != "img/emblem.png@2:14 favicon.ico@3:10" {
		t.Errorf("Assets = %s", got)
	}
	for _, tt := range []struct{ lang, file, alt, hotline string }{
		{"zh-CN", "img/emblem.png", "示例市人民政府", "12345"},
		{"en", "img/emblem.png", "Example City", "+86 12345"},
		{"fr", "img/emblem.png", "", "12345"},
	} {
		lg := c.LangLogo(tt.lang)
		if lg.File != tt.file || lg.AltText() != tt.alt {
			t.Errorf("LangLogo(%s) = %s %q, want %s %q", tt.lang, lg.File, lg.AltText(), tt.file, tt.alt)
		}
		p := c.LangParams(tt.lang)
		if p["hotline"] != tt.hotline || p["weibo"] == nil {
			t.Errorf("LangParams(%s) = %v, want hotline %s and the site's weibo", tt.lang, p, tt.hotline)
		}
	}
	if c.Params["hotline"] != "12345" {
		t.Errorf("a language's params changed the site's: %v", c.Params)
	}
	plain, err := Parse([]byte("title: T\n"))
	if err != nil {
		t.Fatal(err)
	}
	if plain.LangLogo("zh-CN") != nil || plain.PoliceFilingURL != "" || len(plain.Assets) != 0 {
		t.Errorf("a site without trust marks got some: %+v", plain)
	}
}
