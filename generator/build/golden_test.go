package build

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

var update = flag.Bool("update", false, "rewrite the want/ files of testdata/*.txtar with the output of this build")

// TestGolden builds every site in testdata/*.txtar and checks its output.
//
// A fixture holds the site's input files (config.yaml, content/…, and
// templates/… overriding the theme), and these sections:
//
//	-- args --                        build flags: --now (required), --drafts,
//	                                  --future, --strict, --base-url
//	-- theme --                       "default": use the real default theme
//	                                  (../../templates) instead of testdata/theme
//	-- want/public/x --               the whole file, byte for byte
//	-- want-contains/public/x --      substrings of the file, one a line
//	-- want-not-contains/public/x --  substrings the file must not have
//	-- want-missing --                paths that must not exist, one a line
//	-- want-errors --                 every diagnostic, exactly, one a line
//	-- want-next-scheduled --         "content path RFC 3339 time" of NextScheduled
//
// Without want-errors a fixture must build with no diagnostic at all. Run
// `go test ./generator/build -run TestGolden -update` to rewrite the want/
// files after an intended change, and read the diff.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			t.Parallel()
			runFixture(t, file)
		})
	}
}

// fixture is a parsed testdata/*.txtar.
type fixture struct {
	site    fstest.MapFS
	theme   fs.FS
	opt     Options
	want    map[string]string // path under the temp folder → expected sections
	checks  []archiveFile     // want-contains/, want-not-contains/
	missing []string
	errors  []string
	next    string
	hasNext bool
}

func loadFixture(t *testing.T, a *archive) *fixture {
	t.Helper()
	fx := &fixture{site: fstest.MapFS{}, theme: os.DirFS("testdata/theme"), want: map[string]string{}}
	fx.errors = nil
	gotErrors := false
	for _, f := range a.Files {
		switch name := f.Name; {
		case name == "args":
			fx.opt = parseArgs(t, string(f.Data))
		case name == "theme":
			if strings.TrimSpace(string(f.Data)) != "default" {
				t.Fatalf("-- theme -- must say default, not %q", f.Data)
			}
			fx.theme = os.DirFS("../../templates")
		case strings.HasPrefix(name, "want/"):
			fx.want[strings.TrimPrefix(name, "want/")] = string(f.Data)
		case strings.HasPrefix(name, "want-contains/"), strings.HasPrefix(name, "want-not-contains/"):
			fx.checks = append(fx.checks, f)
		case name == "want-missing":
			fx.missing = lines(f.Data)
		case name == "want-errors":
			fx.errors, gotErrors = lines(f.Data), true
		case name == "want-next-scheduled":
			fx.next, fx.hasNext = strings.TrimSpace(string(f.Data)), true
		case strings.HasPrefix(name, "want"):
			t.Fatalf("unknown expectation section %q", name)
		default:
			fx.site[name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
		}
	}
	if fx.opt.Now == "" {
		t.Fatal("a fixture must fix the time with --now in its args section; tests never read the clock")
	}
	if !gotErrors && len(fx.want)+len(fx.checks)+len(fx.missing) == 0 {
		t.Fatal("the fixture checks nothing")
	}
	return fx
}

func parseArgs(t *testing.T, s string) Options {
	t.Helper()
	var opt Options
	fs := flag.NewFlagSet("args", flag.ContinueOnError)
	fs.StringVar(&opt.Now, "now", "", "")
	fs.StringVar(&opt.BaseURL, "base-url", "", "")
	fs.BoolVar(&opt.Drafts, "drafts", false, "")
	fs.BoolVar(&opt.Future, "future", false, "")
	fs.BoolVar(&opt.Strict, "strict", false, "")
	if err := fs.Parse(strings.Fields(s)); err != nil {
		t.Fatalf("args: %v", err)
	}
	return opt
}

func lines(data []byte) []string {
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimRight(l, " \t\r"); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func runFixture(t *testing.T, file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	a := parseTxtar(data)
	fx := loadFixture(t, a)
	root := t.TempDir()
	opt := fx.opt
	opt.Site, opt.Theme, opt.Dest = fx.site, fx.theme, filepath.Join(root, "public")
	res := Run(opt)

	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, d.Error())
	}
	if strings.Join(got, "\n") != strings.Join(fx.errors, "\n") {
		t.Errorf("diagnostics:\ngot\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(fx.errors, "\n"))
	}
	if res.Failed {
		if _, err := os.Stat(opt.Dest); err == nil {
			t.Errorf("a failed build wrote %s", opt.Dest)
		}
	}
	if fx.hasNext {
		next := ""
		if f := res.Site.NextScheduled; f != nil {
			next = f.SourcePath() + " " + f.Front.Date.Format(time.RFC3339)
		}
		if next != fx.next {
			t.Errorf("NextScheduled = %q, want %q", next, fx.next)
		}
	}

	read := func(name string) (string, bool) {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
		return string(b), err == nil
	}
	updated := false
	for i, f := range a.Files {
		name, ok := strings.CutPrefix(f.Name, "want/")
		if !ok {
			continue
		}
		gotFile, exists := read(name)
		switch {
		case !exists:
			t.Errorf("%s was not written", name)
		case *update && gotFile != fx.want[name]:
			a.Files[i].Data = []byte(gotFile)
			updated = true
		case gotFile != fx.want[name]:
			t.Errorf("%s differs from the golden file (run with -update to rewrite, then read the diff):\n%s", name, diff(fx.want[name], gotFile))
		}
	}
	if updated {
		if err := os.WriteFile(file, formatTxtar(a), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("updated %s", file)
	}
	for _, c := range fx.checks {
		want := !strings.HasPrefix(c.Name, "want-not-contains/")
		_, name, _ := strings.Cut(c.Name, "/")
		gotFile, exists := read(name)
		if !exists {
			t.Errorf("%s was not written", name)
			continue
		}
		for _, sub := range lines(c.Data) {
			if strings.Contains(gotFile, sub) != want {
				if want {
					t.Errorf("%s lacks %q:\n%s", name, sub, gotFile)
				} else {
					t.Errorf("%s must not contain %q:\n%s", name, sub, gotFile)
				}
			}
		}
	}
	for _, name := range fx.missing {
		if _, exists := read(name); exists {
			t.Errorf("%s exists, want it absent", name)
		}
	}
}

// diff shows the first differing line of two texts with some context.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  want: %s\n  got:  %s\n--- whole file ---\n%s", i+1, wl, gl, got)
		}
	}
	return "(same lines, different bytes)"
}
