package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// run calls Main with a site folder and a fixed environment: no real
// environment variables, no wall clock, no chdir, no os.Exit.
func run(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	clock := time.Date(2021, 2, 20, 9, 0, 0, 0, time.UTC)
	code = Main(Env{
		Args:   args,
		Stdout: &out,
		Stderr: &errb,
		Getenv: func(k string) string { return env[k] },
		Theme:  os.DirFS("../../templates"),
		Clock:  func() time.Time { return clock },
	})
	return code, out.String(), errb.String()
}

// site writes a small site folder and returns its path.
func site(t *testing.T, extra map[string]string) string {
	t.Helper()
	files := map[string]string{
		"config.yaml":             "title: 示例市公告栏\nbase_url: https://notices.example.gov.cn/\ntimezone: Asia/Shanghai\n",
		"content/notices/a.md":    "---\ntitle: 通知甲\ndate: 2021-01-20\n---\n正文。\n",
		"content/notices/b.md":    "---\ntitle: 通知乙\ndate: 2021-01-21\n---\n正文。\n",
		"content/policies/p.md":   "---\ntitle: 办法\ndate: 2021-01-05\n---\n第一条 正文。\n",
		"content/notices/late.md": "---\ntitle: 三月通知\ndate: 2021-03-01T08:00:00+08:00\n---\n正文。\n",
	}
	for k, v := range extra {
		files[k] = v
	}
	return writeTree(t, files)
}

const typo = "---\ntitle: 通知丙\ndate: 2021-01-22\ndepartmnet: 示例市民政局\n---\n正文。\n"

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func TestUsageErrors(t *testing.T) {
	dir := site(t, nil)
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no command", nil, "Usage:"},
		{"unknown command", []string{"frobnicate"}, `bulletin: unknown command "frobnicate"`},
		{"unknown flag", []string{"build", "--source", dir, "--frobnicate"}, "flag provided but not defined: -frobnicate"},
		{"flag without value", []string{"build", "--source"}, "flag needs an argument: -source"},
		{"bad boolean", []string{"build", "--source", dir, "--drafts=maybe"}, "invalid boolean value"},
		{"stray argument", []string{"build", "--source", dir, "extra"}, `bulletin build: unexpected argument "extra"`},
		{"bad format", []string{"build", "--source", dir, "--format", "xml"}, `bulletin build: --format must be text or json, not "xml"`},
		{"missing source", []string{"build", "--source", filepath.Join(dir, "nope")}, "is not a folder"},
		{"source is a file", []string{"build", "--source", filepath.Join(dir, "config.yaml")}, "is not a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, nil, tt.args...)
			if code != ExitUsage {
				t.Errorf("exit %d, want %d", code, ExitUsage)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr %q lacks %q", stderr, tt.stderr)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
			if exists(filepath.Join(dir, "public")) {
				t.Errorf("a usage error built the site")
			}
		})
	}
}

func TestVersionAndHelp(t *testing.T) {
	if code, stdout, _ := run(t, nil, "version"); code != ExitOK || stdout != "bulletin "+Version+"\n" {
		t.Errorf("version: exit %d, %q", code, stdout)
	}
	if code, stdout, _ := run(t, nil, "help"); code != ExitOK || !strings.Contains(stdout, "bulletin build") {
		t.Errorf("help: exit %d, %q", code, stdout)
	}
	if code, _, _ := run(t, nil, "build", "-h"); code != ExitOK {
		t.Errorf("build -h: exit %d, want 0", code)
	}
}

var builtLine = regexp.MustCompile(`^built (\d+) pages \((\d+) files\) into (.+?) in 0s(; .*)?$`)

// TestBuildNextExpiry: the summary names the notice in force that expires
// first, as it names the next scheduled one, so the office knows when to
// rebuild; expired, withdrawn and replaced notices do not count.
func TestBuildNextExpiry(t *testing.T) {
	notice := func(title, extra string) string {
		return "---\ntitle: " + title + "\ndate: 2021-01-22\n" + extra + "\n---\n正文。\n"
	}
	for _, c := range []struct {
		name  string
		extra map[string]string
		want  string // the line before the last; "" for none
		last  string // how the last line ends
	}{
		{"none", nil, "", "; next publication 2021-03-01 08:00 +0800"},
		{"a date: the end of that day", map[string]string{
			"content/notices/x.md":      notice("丙", "expires: 2021-02-28"),
			"content/notices/y.md":      notice("丁", "expires: 2021-03-05"),
			"content/notices/gone.md":   notice("戊", "expires: 2021-02-10"),
			"content/notices/pulled.md": notice("己", "expires: 2021-02-21\nstatus: withdrawn\nwithdrawn: {date: 2021-02-01, reason: 有误}"),
		}, "next expiry: content/notices/x.md expires at the end of 2021-02-28 +0800; rebuild then",
			"; next publication 2021-03-01 08:00 +0800, next expiry the end of 2021-02-28 +0800"},
		{"a time of day", map[string]string{
			"content/notices/x.md": notice("丙", "expires: 2021-02-28"),
			"content/notices/z.md": notice("庚", "expires: 2021-02-22T18:00:00+08:00"),
		}, "next expiry: content/notices/z.md expires at 2021-02-22 18:00 +0800; rebuild then",
			"; next publication 2021-03-01 08:00 +0800, next expiry 2021-02-22 18:00 +0800"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := site(t, c.extra)
			code, stdout, stderr := run(t, nil, "build", "--source", dir, "--now", "2021-02-20")
			if code != ExitOK || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			want := []string{"next scheduled: content/notices/late.md publishes at 2021-03-01 08:00 +0800; rebuild then"}
			if c.want != "" {
				want = append(want, c.want)
			}
			lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
			if got := lines[:len(lines)-1]; strings.Join(got, "\n") != strings.Join(want, "\n") || !builtLine.MatchString(lines[len(lines)-1]) {
				t.Errorf("stdout:\n%s\nwant\n%s\nthen the built line", stdout, strings.Join(want, "\n"))
			}
			// The last line repeats when to rebuild.
			if last := lines[len(lines)-1]; !strings.HasSuffix(last, " in 0s"+c.last) {
				t.Errorf("the last line %q does not end %q", last, c.last)
			}
		})
	}
}

func TestBuildSuccess(t *testing.T) {
	dir := site(t, nil)
	code, stdout, stderr := run(t, nil, "build", "--source", dir, "--now", "2021-02-20")
	if code != ExitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != 2 || lines[0] != "next scheduled: content/notices/late.md publishes at 2021-03-01 08:00 +0800; rebuild then" {
		t.Errorf("stdout = %q", stdout)
	}
	m := builtLine.FindStringSubmatch(lines[len(lines)-1])
	if m == nil {
		t.Fatalf("the last line %q is not the summary", lines[len(lines)-1])
	}
	if m[1] != "3" || m[3] != filepath.Join(dir, "public") {
		t.Errorf("summary %q: want 3 pages into %s", m[0], filepath.Join(dir, "public"))
	}
	for _, f := range []string{"index.html", "notices/a/index.html", "notices/b/index.html", "policies/p/index.html"} {
		if !exists(filepath.Join(dir, "public", f)) {
			t.Errorf("%s was not written", f)
		}
	}
	if exists(filepath.Join(dir, "public", "notices/late/index.html")) {
		t.Errorf("a notice dated after --now was published")
	}
}

func TestBuildQuiet(t *testing.T) {
	dir := site(t, nil)
	dest := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := run(t, nil, "build", "--source", dir, "--dest", dest, "--now", "2021-02-20", "--quiet")
	if code != ExitOK || stdout != "" || stderr != "" {
		t.Errorf("--quiet: exit %d, stdout %q, stderr %q; want 0 and nothing printed", code, stdout, stderr)
	}
	if !exists(filepath.Join(dest, "notices/a/index.html")) {
		t.Errorf("--quiet built nothing into --dest")
	}
}

func TestBuildContentError(t *testing.T) {
	dir := site(t, map[string]string{"content/notices/c.md": typo})
	code, stdout, stderr := run(t, nil, "build", "--source", dir, "--now", "2021-02-20")
	if code != ExitError {
		t.Errorf("exit %d, want %d", code, ExitError)
	}
	want := "content/notices/c.md:4:1: unknown field \"departmnet\" (did you mean \"department\"?)\n" +
		"build failed: 1 error; the previous output in " + filepath.Join(dir, "public") + " is unchanged\n"
	if stderr != want {
		t.Errorf("stderr:\n%s\nwant\n%s", stderr, want)
	}
	if stdout != "" {
		t.Errorf("stdout = %q", stdout)
	}
	if exists(filepath.Join(dir, "public")) {
		t.Errorf("a failed build wrote output")
	}
	// --quiet never hides problems.
	code, _, stderr = run(t, nil, "build", "--source", dir, "--now", "2021-02-20", "--quiet")
	if code != ExitError || !strings.Contains(stderr, "content/notices/c.md:4:1: ") {
		t.Errorf("--quiet with an error: exit %d, stderr %q", code, stderr)
	}
}

func TestBuildGitHubAnnotations(t *testing.T) {
	dir := site(t, map[string]string{"content/notices/c.md": typo})
	code, _, stderr := run(t, map[string]string{"GITHUB_ACTIONS": "true"}, "build", "--source", dir, "--now", "2021-02-20")
	if code != ExitError {
		t.Errorf("exit %d", code)
	}
	want := `::error file=content/notices/c.md,line=4,col=1::unknown field "departmnet" (did you mean "department"?)`
	if !strings.Contains(stderr, "content/notices/c.md:4:1: unknown field") || !strings.Contains(stderr, want+"\n") {
		t.Errorf("stderr lacks the plain line or the annotation %s:\n%s", want, stderr)
	}
	_, _, plain := run(t, map[string]string{"GITHUB_ACTIONS": "false"}, "build", "--source", dir, "--now", "2021-02-20")
	if strings.Contains(plain, "::error") {
		t.Errorf("annotations outside GitHub Actions:\n%s", plain)
	}
}

func TestBuildJSON(t *testing.T) {
	dir := site(t, map[string]string{"content/notices/c.md": typo})
	code, stdout, _ := run(t, nil, "build", "--source", dir, "--now", "2021-02-20", "--format", "json")
	if code != ExitError {
		t.Errorf("exit %d", code)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("stdout is not one JSON document: %v\n%s", err, stdout)
	}
	if len(got) != 1 || got[0]["file"] != "content/notices/c.md" || got[0]["line"] != 4.0 || got[0]["col"] != 1.0 ||
		got[0]["severity"] != "error" || got[0]["message"] != `unknown field "departmnet" (did you mean "department"?)` {
		t.Errorf("JSON = %v", got)
	}

	// A good build prints an empty array, and stdout stays valid JSON.
	good := site(t, nil)
	code, stdout, stderr := run(t, nil, "build", "--source", good, "--now", "2021-02-20", "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(stderr, "built 3 pages") {
		t.Errorf("the summary line is missing from stderr: %q", stderr)
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || len(got) != 0 {
		t.Errorf("stdout of a good build with --format json is not an empty JSON array: %v\n%s", err, stdout)
	}
}

// TestNow checks that --now, SOURCE_DATE_EPOCH and else the command
// line's clock decide what is published, in that order.
func TestNow(t *testing.T) {
	march2 := time.Date(2021, 3, 2, 0, 0, 0, 0, time.UTC).Unix()
	feb20 := time.Date(2021, 2, 20, 0, 0, 0, 0, time.UTC).Unix()
	tests := []struct {
		name      string
		env       map[string]string
		args      []string
		published bool
	}{
		{"--now before", nil, []string{"--now", "2021-02-28"}, false},
		{"--now after", nil, []string{"--now", "2021-03-01T08:00:00+08:00"}, true},
		{"--now with space separator", nil, []string{"--now", "2021-03-01 07:59"}, false},
		{"SOURCE_DATE_EPOCH before", map[string]string{"SOURCE_DATE_EPOCH": strconv.FormatInt(feb20, 10)}, nil, false},
		{"SOURCE_DATE_EPOCH after", map[string]string{"SOURCE_DATE_EPOCH": strconv.FormatInt(march2, 10)}, nil, true},
		{"--now wins over SOURCE_DATE_EPOCH", map[string]string{"SOURCE_DATE_EPOCH": strconv.FormatInt(march2, 10)}, []string{"--now", "2021-02-20"}, false},
		// Neither: the clock the command line was given (run's is
		// 2021-02-20), never the system's.
		{"the injected clock", nil, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := site(t, nil)
			code, stdout, stderr := run(t, tt.env, append([]string{"build", "--source", dir}, tt.args...)...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if got := exists(filepath.Join(dir, "public/notices/late/index.html")); got != tt.published {
				t.Errorf("notice dated 2021-03-01 08:00 +0800 published = %v, want %v", got, tt.published)
			}
			if got := strings.Contains(stdout, "next scheduled: content/notices/late.md"); got == tt.published {
				t.Errorf("next scheduled reported = %v with published = %v:\n%s", got, tt.published, stdout)
			}
		})
	}
}

func TestBadNow(t *testing.T) {
	dir := site(t, nil)
	code, _, stderr := run(t, nil, "build", "--source", dir, "--now", "tomorrow")
	if code == ExitOK || !strings.Contains(stderr, `--now: "tomorrow" is not a date`) {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = run(t, map[string]string{"SOURCE_DATE_EPOCH": "yesterday"}, "build", "--source", dir)
	if code == ExitOK || !strings.Contains(stderr, `SOURCE_DATE_EPOCH="yesterday" is not a number of seconds since 1970`) {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestDestRefused(t *testing.T) {
	dir := site(t, nil)
	code, _, stderr := run(t, nil, "build", "--source", dir, "--dest", filepath.Join(dir, "content"), "--now", "2021-02-20")
	if code != ExitError || !strings.Contains(stderr, "is inside the site's content/ folder") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if !exists(filepath.Join(dir, "content/notices/a.md")) {
		t.Errorf("the refused build removed content")
	}
}

// TestBaseURLFlag: --base-url follows the rule of base_url in config.yaml;
// anything else is a usage error naming the flag, before anything is built
// or served.
func TestBaseURLFlag(t *testing.T) {
	dir := site(t, nil)
	for _, cmd := range []string{"build", "check", "serve", "watch"} {
		for _, bad := range []string{"ftp://x", "javascript:alert(1)", "file:///etc/passwd", "/staging/", "staging.example.org", "https://", "https://u:p@staging.example.org/", "https://staging.example.org/?a=1", ""} {
			t.Run(cmd+" "+bad, func(t *testing.T) {
				code, stdout, stderr := run(t, nil, cmd, "--source", dir, "--now", "2021-02-20", "--base-url", bad)
				if code != ExitUsage {
					t.Errorf("exit %d, want %d", code, ExitUsage)
				}
				want := "bulletin " + cmd + ": --base-url " + strconv.Quote(bad) + " must be an http or https URL such as https://notices.example.gov.cn/"
				if !strings.HasPrefix(stderr, want) {
					t.Errorf("stderr = %q, want it to start with %q", stderr, want)
				}
				if stdout != "" || exists(filepath.Join(dir, "public")) {
					t.Errorf("a bad --base-url built or served: stdout %q", stdout)
				}
			})
		}
	}
	code, _, stderr := run(t, nil, "build", "--source", dir, "--now", "2021-02-20", "--base-url", "https://staging.example.org")
	if code != ExitOK {
		t.Fatalf("a good --base-url: exit %d: %s", code, stderr)
	}
	sitemap, _ := os.ReadFile(filepath.Join(dir, "public", "sitemap.xml"))
	if !strings.Contains(string(sitemap), "<loc>https://staging.example.org/notices/") {
		t.Errorf("sitemap.xml does not use --base-url:\n%s", sitemap)
	}
}

// TestHostileFileNamesInOutput: a file name is text from whoever wrote the
// site. Whatever the build, check or summary says about it, no line of
// output may carry a raw control character or be a workflow command the
// GitHub Actions runner would obey, other than bulletin's own annotations.
func TestHostileFileNamesInOutput(t *testing.T) {
	forged := "x\n::error file=y::forged\x1b[2J\u202e.md"
	dir := site(t, map[string]string{
		"content/notices/" + forged:                              typo,
		"content/notices/late\x1b]0;pwned\x07\n##[add-mask]a.md": "---\ntitle: 四月通知\ndate: 2021-02-25T08:00:00+08:00\nslug: late\n---\n正文。\n",
		// Without a slug its name is refused: the error's annotation
		// names it.
		"content/notices/b\n##[add-mask]b.md": "---\ntitle: 通知\ndate: 2021-02-01\n---\n正文。\n",
	})
	for _, args := range [][]string{
		{"build", "--source", dir, "--now", "2021-02-20"},
		{"check", "--source", dir, "--now", "2021-02-20"},
		{"build", "--source", dir, "--now", "2021-02-20", "--format", "json"},
		{"build", "--source", dir, "--now", "2021-02-20", "--dest", filepath.Join(t.TempDir(), "out\x1b[2J")},
	} {
		code, stdout, stderr := run(t, map[string]string{"GITHUB_ACTIONS": "true"}, args...)
		if code == ExitUsage {
			t.Fatalf("%v: usage error: %s", args, stderr)
		}
		if !strings.Contains(stdout+stderr, `x\n::error file=y::forged\x1b[2J\u202e.md`) && !strings.Contains(stdout+stderr, `x\n::error file=y::forged\u001b[2J\u202e.md`) {
			t.Errorf("%v: the hostile file is not named, escaped:\n%s%s", args, stdout, stderr)
		}
		for _, line := range strings.Split(stdout+stderr, "\n") {
			if strings.ContainsFunc(line, func(r rune) bool { return r < ' ' || r == 0x7f || r == '\u202e' }) {
				t.Errorf("%v: a raw control character reaches the terminal: %q", args, line)
			}
			// bulletin's own annotations name a file under content/ or
			// none; the forged one names y.
			trimmed := strings.TrimSpace(line)
			own := false
			for _, p := range []string{"::error file=content/", "::warning file=content/", "::notice file=content/", "::error::", "::warning::", "::notice::"} {
				own = own || strings.HasPrefix(trimmed, p)
			}
			if strings.Contains(line, "##[") || strings.HasPrefix(trimmed, "::") && !own {
				t.Errorf("%v: a line the runner would take as a workflow command: %q", args, line)
			}
		}
	}

	// A good build's summary names the next scheduled notice.
	for _, name := range []string{forged, "b\n##[add-mask]b.md"} {
		if err := os.Remove(filepath.Join(dir, "content/notices", name)); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := run(t, nil, "build", "--source", dir, "--now", "2021-02-20")
	want := `next scheduled: content/notices/late\x1b]0;pwned\x07\n#\x23[add-mask]a.md publishes at 2021-02-25 08:00 +0800; rebuild then`
	if code != ExitOK || !strings.Contains(stdout, want) {
		t.Errorf("exit %d, stdout %q lacks %q; stderr %q", code, stdout, want, stderr)
	}
}
