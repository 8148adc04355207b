package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTree writes files (slash paths) into a new temporary folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// checkedSite is a site without findings, plus extra files.
func checkedSite(t *testing.T, extra map[string]string) string {
	t.Helper()
	files := map[string]string{
		"config.yaml":              "title: 示例市公告栏\nbase_url: https://notices.example.gov.cn/\n",
		"content/accessibility.md": "---\ntitle: 无障碍声明\ndate: 2021-01-01\n---\n本站努力让所有人都能方便地阅读。\n",
		"content/notices/a.md":     "---\ntitle: 通知甲\ndate: 2021-01-20\ndepartment: 示例市民政局\n---\n正文。\n",
	}
	for k, v := range extra {
		files[k] = v
	}
	return writeTree(t, files)
}

const (
	// brokenLink is a notice with a link to a page that does not exist
	// (an error) at line 6, column 2.
	brokenLink = "---\ntitle: 通知乙\ndate: 2021-01-21\ndepartment: 示例市民政局\n---\n见[丙](/notices/c/)。\n"
	// noDepartment is a notice without a department (a warning).
	noDepartment = "---\ntitle: 通知丁\ndate: 2021-01-22\n---\n正文。\n"
)

func TestCheckExitStatus(t *testing.T) {
	for _, c := range []struct {
		name  string
		extra map[string]string
		args  []string
		code  int
		out   string // in stdout or stderr
	}{
		{"clean", nil, nil, ExitOK, "checked 2 pages: no problems"},
		{"clean strict", nil, []string{"--strict"}, ExitOK, "no problems"},
		{"warning", map[string]string{"content/notices/d.md": noDepartment}, nil, ExitOK, "checked 3 pages: 1 warning (--strict fails on warnings)"},
		{"warning strict", map[string]string{"content/notices/d.md": noDepartment}, []string{"--strict"}, ExitError, "check failed: 1 warning"},
		{"error", map[string]string{"content/notices/b.md": brokenLink}, nil, ExitError, "check failed: 1 error"},
		{"build error", map[string]string{"content/notices/b.md": typo}, nil, ExitError, `unknown field "departmnet"`},
		{"quiet", nil, []string{"--quiet"}, ExitOK, ""},
		{"bad format", nil, []string{"--format", "xml"}, ExitUsage, "--format must be text or json"},
		{"unknown flag", nil, []string{"--nope"}, ExitUsage, "flag provided but not defined"},
		{"stray argument", nil, []string{"extra"}, ExitUsage, `unexpected argument "extra"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := checkedSite(t, c.extra)
			args := append([]string{"check", "--source", dir, "--now", "2021-02-20"}, c.args...)
			code, stdout, stderr := run(t, nil, args...)
			if code != c.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, c.code, stdout, stderr)
			}
			if !strings.Contains(stdout+stderr, c.out) {
				t.Errorf("output lacks %q\nstdout: %s\nstderr: %s", c.out, stdout, stderr)
			}
			if c.name == "quiet" && stdout+stderr != "" {
				t.Errorf("--quiet printed %q %q", stdout, stderr)
			}
			if exists(filepath.Join(dir, "public")) {
				t.Error("check wrote public/")
			}
		})
	}
}

func TestCheckWritesNothing(t *testing.T) {
	dir := checkedSite(t, nil)
	dest := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := run(t, nil, "check", "--source", dir, "--dest", dest, "--now", "2021-02-20"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if exists(dest) || exists(filepath.Join(dir, "public")) {
		t.Error("check wrote output")
	}
}

func TestCheckText(t *testing.T) {
	dir := checkedSite(t, map[string]string{"content/notices/b.md": brokenLink, "content/notices/d.md": noDepartment})
	_, _, stderr := run(t, nil, "check", "--source", dir, "--now", "2021-02-20")
	want := []string{
		`content/notices/b.md:6:2: link "/notices/c/" points nowhere: the site has no /notices/c/`,
		"content/notices/d.md:1:1: warning: this notice has no department",
		"check failed: 1 error, 1 warning",
	}
	for _, w := range want {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr)
		}
	}
	if strings.Contains(stderr, "::") {
		t.Errorf("annotations outside GitHub Actions:\n%s", stderr)
	}
}

func TestCheckJSON(t *testing.T) {
	dir := checkedSite(t, map[string]string{"content/notices/b.md": brokenLink, "content/notices/d.md": noDepartment, "content/notices/e.md": typo})
	code, stdout, stderr := run(t, nil, "check", "--source", dir, "--now", "2021-02-20", "--format", "json")
	if code != ExitError {
		t.Errorf("exit %d, want 1", code)
	}
	var got []struct {
		File     string `json:"file"`
		Line     int    `json:"line"`
		Col      int    `json:"col"`
		Severity string `json:"severity"`
		Message  string `json:"message"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("stdout is not one JSON array: %v\n%s", err, stdout)
	}
	type key struct {
		file     string
		line     int
		severity string
		prefix   string
	}
	want := []key{
		{"content/notices/b.md", 6, "error", `link "/notices/c/" points nowhere`},
		{"content/notices/d.md", 1, "warning", "this notice has no department"},
		{"content/notices/e.md", 4, "error", `unknown field "departmnet"`},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.File != w.file || g.Line != w.line || g.Severity != w.severity || !strings.HasPrefix(g.Message, w.prefix) {
			t.Errorf("finding %d = %+v, want %+v", i, g, w)
		}
	}
	if !strings.Contains(stderr, "check failed: 2 errors, 1 warning") {
		t.Errorf("stderr: %s", stderr)
	}
}

func TestCheckGitHubAnnotations(t *testing.T) {
	dir := checkedSite(t, map[string]string{"content/notices/b.md": brokenLink, "content/notices/d.md": noDepartment})
	_, _, stderr := run(t, map[string]string{"GITHUB_ACTIONS": "true"}, "check", "--source", dir, "--now", "2021-02-20")
	for _, w := range []string{
		`::error file=content/notices/b.md,line=6,col=2::link "/notices/c/" points nowhere`,
		"::warning file=content/notices/d.md,line=1,col=1::this notice has no department",
	} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr)
		}
	}
}

// TestCheckUpcoming: check lists the notices expiring within --upcoming
// days as notes after the findings, soonest first; they fail nothing.
func TestCheckUpcoming(t *testing.T) {
	dir := checkedSite(t, map[string]string{
		"content/notices/a.md": "---\ntitle: 通知甲\ndate: 2021-01-20\ndepartment: 示例市民政局\nexpires: 2021-03-10\n---\n正文。\n",
		"content/notices/b.md": "---\ntitle: 通知乙\ndate: 2021-01-21\ndepartment: 示例市民政局\nexpires: 2021-02-25\n---\n正文。\n",
		"content/notices/c.md": "---\ntitle: 通知丙\ndate: 2021-01-21\ndepartment: 示例市民政局\nexpires: 2021-05-01\n---\n正文。\n",
		"content/notices/d.md": noDepartment,
	})
	const warning = "content/notices/d.md:1:1: warning: this notice has no department: name who issues it (department: …), lead issuer first"
	notes := []string{
		"content/notices/b.md:5:10: note: expires 2021-02-25 (in 5 days): 通知乙",
		"content/notices/a.md:5:10: note: expires 2021-03-10 (in 18 days): 通知甲",
	}
	for _, c := range []struct {
		name   string
		args   []string
		stderr []string // all of stderr, line by line
		stdout string
	}{
		{"default 30 days", nil, append([]string{warning}, notes...), "checked 5 pages: 1 warning (--strict fails on warnings); 2 expiring within 30 days\n"},
		{"10 days, as 10d", []string{"--upcoming", "10d"}, []string{warning, notes[0]}, "checked 5 pages: 1 warning (--strict fails on warnings); 1 expiring within 10 days\n"},
		{"off", []string{"--upcoming", "0"}, []string{warning}, "checked 5 pages: 1 warning (--strict fails on warnings)\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"check", "--source", dir, "--now", "2021-02-20"}, c.args...)
			code, stdout, stderr := run(t, nil, args...)
			if code != ExitOK || stdout != c.stdout {
				t.Errorf("exit %d, stdout %q; want 0, %q", code, stdout, c.stdout)
			}
			if got := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n"); strings.Join(got, "\n") != strings.Join(c.stderr, "\n") {
				t.Errorf("stderr:\n%s\nwant\n%s", stderr, strings.Join(c.stderr, "\n"))
			}
		})
	}

	// Notes never fail, not even under --strict; --quiet leaves them out.
	clean := checkedSite(t, map[string]string{"content/notices/b.md": "---\ntitle: 通知乙\ndate: 2021-01-21\ndepartment: 示例市民政局\nexpires: 2021-02-25\n---\n正文。\n"})
	code, stdout, stderr := run(t, nil, "check", "--source", clean, "--now", "2021-02-20", "--strict")
	if code != ExitOK || stderr != notes[0]+"\n" || stdout != "checked 3 pages: no problems; 1 expiring within 30 days\n" {
		t.Errorf("--strict with a note: exit %d\nstdout %q\nstderr %q", code, stdout, stderr)
	}
	if code, stdout, stderr := run(t, nil, "check", "--source", clean, "--now", "2021-02-20", "--quiet"); code != ExitOK || stdout+stderr != "" {
		t.Errorf("--quiet: exit %d, printed %q %q", code, stdout, stderr)
	}
	code, stdout, _ = run(t, nil, "check", "--source", clean, "--now", "2021-02-20", "--format", "json")
	if code != ExitOK || !strings.Contains(stdout, `"severity": "note"`) || !strings.Contains(stdout, `"message": "expires 2021-02-25 (in 5 days): 通知乙"`) {
		t.Errorf("--format json: exit %d\n%s", code, stdout)
	}
	if code, _, stderr := run(t, nil, "check", "--source", clean, "--upcoming", "-1"); code != ExitUsage || !strings.Contains(stderr, "want a number of days") {
		t.Errorf("--upcoming -1: exit %d, %q", code, stderr)
	}
}

// TestCheckExampleSite keeps the repository's example site passing
// `bulletin check --strict` at the time it describes. Its --dest is
// empty: a public/ left by `go run . build` (the README's quick start,
// at today's date, when every notice is out) lists URLs that are not
// out yet on 2021-02-20, and the URL check would hold those against it.
func TestCheckExampleSite(t *testing.T) {
	code, stdout, stderr := run(t, nil, "check", "--source", "../..", "--dest", t.TempDir(), "--strict", "--now", "2021-02-20")
	if code != ExitOK {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
}
