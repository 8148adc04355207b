package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildExampleSite runs `bulletin build --strict --now 2021-02-20` on
// the repository's example site and checks that it shows what Step 2
// promises a resident: attachments beside their pages and listed with type
// and size, the old URL of a notice redirecting to it, an English
// translation linked both ways, and several issuing departments with
// their own pages and feeds.
func TestBuildExampleSite(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	code, stdout, stderr := run(t, nil, "build", "--source", "../..", "--dest", dest, "--strict", "--now", "2021-02-20")
	if code != ExitOK || stderr != "" {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	read := func(name string) string {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(name)))
		if err != nil {
			t.Errorf("%s was not written", name)
		}
		return string(data)
	}
	contains := func(name string, subs ...string) {
		t.Helper()
		got := read(name)
		for _, s := range subs {
			if !strings.Contains(got, s) {
				t.Errorf("%s lacks %q", name, s)
			}
		}
	}
	sameBytes := func(src, out string) {
		t.Helper()
		want, err := os.ReadFile(filepath.Join("../..", filepath.FromSlash(src)))
		if err != nil {
			t.Fatal(err)
		}
		if got := read(out); !bytes.Equal([]byte(got), want) {
			t.Errorf("%s is not a copy of %s", out, src)
		}
	}

	// Attachments: a PDF beside a notice, a spreadsheet beside a policy.
	hotlines := "notices/2021-02-05-holiday-hotlines/"
	sameBytes("content/notices/holiday-hotlines.pdf", hotlines+"holiday-hotlines.pdf")
	contains(hotlines+"index.html", `<a href="holiday-hotlines.pdf">`, "（PDF，")
	support := "policies/2021-01-18-stay-holiday-job-support/"
	sameBytes("content/policies/subsidy-table.xlsx", support+"subsidy-table.xlsx")
	contains(support+"index.html", `<a href="subsidy-table.xlsx">留岗补贴标准表</a>`, "（XLSX，")

	// The alias redirects to the notice on the host it is served from,
	// and names the notice's absolute URL for crawlers.
	page := "https://notices.example.gov.cn/" + hotlines
	contains("zwgk/tzgg/2021/0205-zhibandianhua.html", `<link rel="canonical" href="`+page+`">`, `<meta http-equiv="refresh" content="0; url=/`+hotlines+`">`)

	// The English translation and its original link to each other.
	vaccination := "notices/2021-02-03-vaccination/"
	contains("en/"+vaccination+"index.html", `<html lang="en">`,
		`<link rel="alternate" hreflang="zh-CN" href="https://notices.example.gov.cn/`+vaccination+`">`,
		`<a href="/`+vaccination+`" hreflang="zh-CN" lang="zh-CN">中文</a>`)
	contains(vaccination+"index.html", `<link rel="alternate" hreflang="en" href="https://notices.example.gov.cn/en/`+vaccination+`">`,
		`<a href="/en/`+vaccination+`" hreflang="en" lang="en">English</a>`)
	contains("en/index.html", `href="/en/`+vaccination+`"`)

	// Several departments, each with its page and feed.
	depts, err := os.ReadDir(filepath.Join(dest, "departments"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range depts {
		if d.IsDir() {
			n++
			read("departments/" + d.Name() + "/index.html")
			read("departments/" + d.Name() + "/feed.xml")
		}
	}
	if n < 5 {
		t.Errorf("%d department pages, want several", n)
	}
	contains("departments/示例市卫生健康委员会/index.html", "新冠病毒疫苗")
	for _, name := range []string{"feed.xml", "rss.xml", "feed.json", "en/feed.xml", "sitemap.xml", "robots.txt", "404.html", "archive/2021/index.html", "categories/index.html", "tags/index.html"} {
		read(name)
	}
}
