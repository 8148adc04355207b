package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestASCIISlug(t *testing.T) {
	for _, c := range []struct{ title, want string }{
		{"关于春节放假的通知", ""},
		{"关于2021年春节放假的通知", ""}, // a number alone says little
		{"关于做好COVID-19疫苗接种工作的通知", "covid-19"},
		{"Notice on Issuing \"Stay for the Holiday\" Consumption Vouchers", "notice-on-issuing-stay-for-the-holiday"},
		{"  Spring   Festival  ", "spring-festival"},
		{"Ｗｉｄｅ letters", "letters"}, // full-width forms are not ASCII
		{strings.Repeat("x", 60), strings.Repeat("x", 40)},
	} {
		if got := ASCIISlug(c.title); got != c.want {
			t.Errorf("ASCIISlug(%q) = %q, want %q", c.title, got, c.want)
		}
	}
}

// newSite is a fresh site made by `bulletin init`, dated 2021-02-01.
func newSite(t *testing.T, args ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	code, stdout, stderr := run(t, nil, append([]string{"init", dir, "--now", "2021-02-01T09:30:00+08:00"}, args...)...)
	if code != ExitOK {
		t.Fatalf("init: exit %d\n%s%s", code, stdout, stderr)
	}
	return dir
}

func TestInitBuildsStrict(t *testing.T) {
	dir := newSite(t)
	for _, f := range []string{"config.yaml", ".gitignore", "content/notices/2021-02-01-welcome.md", "content/about.md", "content/accessibility.md"} {
		if !exists(filepath.Join(dir, f)) {
			t.Errorf("init did not write %s", f)
		}
	}
	if exists(filepath.Join(dir, "templates")) {
		t.Error("init wrote templates/ without --theme")
	}
	if data, _ := os.ReadFile(filepath.Join(dir, ".gitignore")); string(data) != "public/\n" {
		t.Errorf(".gitignore = %q", data)
	}
	if code, stdout, stderr := run(t, nil, "build", "--source", dir, "--strict", "--now", "2021-02-02"); code != ExitOK {
		t.Fatalf("build --strict of a new site: exit %d\n%s%s", code, stdout, stderr)
	}
	if !exists(filepath.Join(dir, "public", "notices", "2021-02-01-welcome", "index.html")) {
		t.Error("the sample notice was not built")
	}
	if code, stdout, stderr := run(t, nil, "check", "--source", dir, "--strict", "--now", "2021-02-02"); code != ExitOK {
		t.Errorf("check --strict of a new site: exit %d\n%s%s", code, stdout, stderr)
	}
}

func TestInitTheme(t *testing.T) {
	dir := newSite(t, "--theme")
	for _, f := range []string{"templates/base.html", "templates/notice.html", "templates/i18n/zh-CN.yaml", "templates/assets/style.css"} {
		if !exists(filepath.Join(dir, filepath.FromSlash(f))) {
			t.Errorf("init --theme did not copy %s", f)
		}
	}
	if code, stdout, stderr := run(t, nil, "build", "--source", dir, "--strict", "--now", "2021-02-02"); code != ExitOK {
		t.Errorf("build --strict with the copied theme: exit %d\n%s%s", code, stdout, stderr)
	}
}

func TestInitRefuses(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, nil, "init", dir)
	if code != ExitError || !strings.Contains(stderr, "is not empty") {
		t.Errorf("init into a non-empty folder: exit %d, %s", code, stderr)
	}
	if exists(filepath.Join(dir, "config.yaml")) {
		t.Error("init wrote into a non-empty folder")
	}
	if code, _, _ := run(t, nil, "init"); code != ExitUsage {
		t.Errorf("init without a folder: exit %d, want 2", code)
	}
	empty := t.TempDir() // an existing empty folder is fine
	if code, _, stderr := run(t, nil, "init", empty); code != ExitOK {
		t.Errorf("init into an empty folder: exit %d, %s", code, stderr)
	}
}

func TestNewRoundTrip(t *testing.T) {
	dir := newSite(t)
	now := "2021-02-03T10:00:00+08:00"
	newFile := func(args ...string) string {
		t.Helper()
		code, stdout, stderr := run(t, nil, append([]string{"new"}, args...)...)
		if code != ExitOK {
			t.Fatalf("new %v: exit %d\n%s", args, code, stderr)
		}
		return strings.TrimSpace(stdout)
	}
	// All-Chinese titles fall back to a counter; flags go before or after.
	first := newFile("notice", "关于春节放假的通知", "--source", dir, "--now", now, "--department", "某某单位办公室")
	second := newFile("--source", dir, "--now", now, "notice", "关于春节值班安排的通知")
	policy := newFile("policy", "COVID-19 Vaccination Plan", "--source", dir, "--now", now, "--category", "卫生健康")
	page := newFile("page", "联系我们", "--source", dir, "--now", now)
	want := []string{
		filepath.Join(dir, "content", "notices", "2021-02-03-1.md"),
		filepath.Join(dir, "content", "notices", "2021-02-03-2.md"),
		filepath.Join(dir, "content", "policies", "2021-02-03-covid-19-vaccination-plan.md"),
		filepath.Join(dir, "content", "page-1.md"),
	}
	for i, got := range []string{first, second, policy, page} {
		if got != want[i] {
			t.Errorf("new printed %q, want %q", got, want[i])
		}
	}
	src, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"title: 关于春节放假的通知\n", "date: 2021-02-03T10:00:00+08:00", "status: draft", "department: 某某单位办公室",
		"\ndoc_number:", "\nwritten:", "\neffective:", "\nexpires:", "\napplies_to: []", "\ncontact:", "\ntags: []",
	} {
		if !strings.Contains(string(src), line) {
			t.Errorf("new notice lacks %q:\n%s", line, src)
		}
	}
	if data, _ := os.ReadFile(page); strings.Contains(string(data), "department") {
		t.Errorf("a page got notice fields:\n%s", data)
	}

	// The drafts build strictly; without --drafts they are left out.
	if code, stdout, stderr := run(t, nil, "build", "--source", dir, "--strict", "--drafts", "--now", "2021-02-04"); code != ExitOK {
		t.Fatalf("build --strict --drafts: exit %d\n%s%s", code, stdout, stderr)
	}
	if !exists(filepath.Join(dir, "public", "notices", "2021-02-03-1", "index.html")) {
		t.Error("the new draft was not built with --drafts")
	}
	if code, stdout, stderr := run(t, nil, "check", "--source", dir, "--strict", "--now", "2021-02-04"); code != ExitOK {
		t.Errorf("check --strict without drafts: exit %d\n%s%s", code, stdout, stderr)
	}

	// An ASCII slug that exists is refused; the file stays as it was.
	code, _, stderr := run(t, nil, "new", "policy", "COVID-19 Vaccination Plan", "--source", dir, "--now", now)
	if code != ExitError || !strings.Contains(stderr, "refusing to overwrite") {
		t.Errorf("new over an existing file: exit %d, %s", code, stderr)
	}
}

func TestNewTitleQuoting(t *testing.T) {
	dir := newSite(t)
	code, stdout, stderr := run(t, nil, "new", "notice", "Notice: #1 'quoted' [brackets]", "--source", dir, "--now", "2021-02-03", "--department", "Dept: A")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := run(t, nil, "build", "--source", dir, "--strict", "--drafts", "--now", "2021-02-04"); code != ExitOK {
		t.Fatalf("a title YAML must quote does not build: %s\n%s", stdout, stderr)
	}
}

func TestNewUsage(t *testing.T) {
	dir := newSite(t)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"new"}, ExitUsage, "want a kind and a title"},
		{[]string{"new", "notice"}, ExitUsage, "want a kind and a title"},
		{[]string{"new", "memo", "标题"}, ExitUsage, `unknown kind "memo"`},
		{[]string{"new", "notice", "标题", "--now", "soon"}, ExitUsage, "--now"},
		{[]string{"new", "notice", "标题", "--section", "policies"}, ExitError, "is a policy section, not a notice section"},
		{[]string{"new", "notice", "标题", "--source", t.TempDir()}, ExitError, "config.yaml"},
	} {
		args := c.args
		if !strings.Contains(strings.Join(args, " "), "--source") {
			args = append(args, "--source", dir)
		}
		code, _, stderr := run(t, nil, args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d (want %d), stderr %q (want %q)", c.args, code, c.code, stderr, c.want)
		}
	}
}

func TestNewNoSectionOfKind(t *testing.T) {
	dir := writeTree(t, map[string]string{"config.yaml": "title: T\nbase_url: https://example.org/\nsections:\n  notices: {title: 通知, kind: notice}\n"})
	code, _, stderr := run(t, nil, "new", "policy", "办法", "--source", dir)
	if code != ExitError || !strings.Contains(stderr, "no section of kind policy") {
		t.Errorf("exit %d, %s", code, stderr)
	}
}
