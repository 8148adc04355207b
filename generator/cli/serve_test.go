package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"bulletin/generator/corpus"
)

// The serve and watch tests run the real commands: cli.Main in a
// goroutine, a real HTTP server on a free port, real file-system events on
// a site in a temp folder. Each edits the site as a clerk would and polls
// the served page until it shows the change; nothing asserts on elapsed
// time, so a slow machine only makes them slower.

// settle is how long a test waits for the site to show a change.
const settle = 10 * time.Second

// TestServe runs `bulletin serve` on a small site for each kind of change.
func TestServe(t *testing.T) {
	t.Run("edit a notice", func(t *testing.T) {
		s := startServe(t)
		s.write("content/notices/extra-edit.md", s.read("content/notices/extra-edit.md")+"\n编辑后的正文甲。\n")
		s.waitPage("/notices/extra-edit/", 200, "编辑后的正文甲")
	})

	t.Run("atomic save", func(t *testing.T) {
		s := startServe(t)
		src := s.read("content/notices/extra-edit.md") + "\n原子保存的正文。\n"
		s.write("content/notices/extra-edit.md.tmp", src)
		s.rename("content/notices/extra-edit.md.tmp", "content/notices/extra-edit.md")
		s.waitPage("/notices/extra-edit/", 200, "原子保存的正文")
		if _, err := os.Stat(s.out("notices/extra-edit.md/index.html")); err == nil {
			t.Errorf("the editor's temporary file was published")
		}
	})

	t.Run("new folder with files", func(t *testing.T) {
		s := startServe(t)
		dir := filepath.Join(s.dir, "content", "notices", "2021")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		s.write("content/notices/2021/folder-a.md", notice("新文件夹中的通知甲", "2021-12-01", "新文件夹正文甲。"))
		s.write("content/notices/2021/folder-b.md", notice("新文件夹中的通知乙", "2021-12-02", "新文件夹正文乙。"))
		s.waitPage("/notices/folder-a/", 200, "新文件夹正文甲")
		s.waitPage("/notices/folder-b/", 200, "新文件夹正文乙")
	})

	t.Run("delete a notice", func(t *testing.T) {
		s := startServe(t)
		s.waitPage("/notices/extra-gone/", 200, "将被删除")
		s.remove("content/notices/extra-gone.md")
		s.waitPage("/notices/extra-gone/", 404, "")
		if _, err := os.Stat(s.out("notices/extra-gone/index.html")); err == nil {
			t.Errorf("the deleted notice's page is still in the output folder")
		}
	})

	t.Run("rename a notice", func(t *testing.T) {
		s := startServe(t)
		s.rename("content/notices/extra-move.md", "content/notices/extra-moved.md")
		s.waitPage("/notices/extra-moved/", 200, "将被改名")
		s.waitPage("/notices/extra-move/", 404, "")
	})

	t.Run("template change", func(t *testing.T) {
		// The site has no templates/ folder yet: serve must notice it
		// appear, then a change to a file in it.
		s := startServe(t)
		s.write("templates/notice.html", `{{define "main"}}<p class="marker">模板覆盖一</p>{{template "document" .}}{{end}}`)
		s.waitPage("/notices/extra-edit/", 200, "模板覆盖一")
		s.write("templates/notice.html", `{{define "main"}}<p class="marker">模板覆盖二</p>{{template "document" .}}{{end}}`)
		s.waitPage("/notices/extra-edit/", 200, "模板覆盖二")
		s.waitPage(s.noticeURL, 200, "模板覆盖二")
	})

	t.Run("config change", func(t *testing.T) {
		s := startServe(t)
		cfg := s.read("config.yaml")
		s.write("config.yaml", strings.Replace(cfg, "title: 示例市公告栏", "title: 示例市政务公告", 1))
		s.waitPage("/", 200, "示例市政务公告")
		// An editor's atomic save replaces the file the watcher watches.
		s.write("config.yaml.tmp", strings.Replace(cfg, "title: 示例市公告栏", "title: 示例市便民公告", 1))
		s.rename("config.yaml.tmp", "config.yaml")
		s.waitPage("/", 200, "示例市便民公告")
	})

	t.Run("burst of 500 files", func(t *testing.T) {
		s := startServe(t)
		if err := os.Mkdir(filepath.Join(s.dir, "content", "notices", "burst"), 0o755); err != nil {
			t.Fatal(err)
		}
		before := s.rebuilds()
		pages := s.pages()
		for i := range 500 {
			s.write(fmt.Sprintf("content/notices/burst/burst-%03d.md", i), notice(fmt.Sprintf("批量通知%03d", i), "2021-11-01", fmt.Sprintf("批量正文%03d。", i)))
		}
		for i := range 500 {
			s.waitPageFor(fmt.Sprintf("/notices/burst-%03d/", i), 200, fmt.Sprintf("批量正文%03d", i), 3*settle)
		}
		// The files are served as soon as they are written, a moment
		// before serve reports the rebuild.
		s.waitOutput(&s.stdout, fmt.Sprintf(": %d pages,", pages+500))
		n := s.rebuilds() - before
		t.Logf("the burst of 500 files took %d rebuilds", n)
		if n > 5 {
			t.Errorf("the burst of 500 files took %d rebuilds, want at most 5:\n%s", n, s.stdout.String())
		}
	})

	t.Run("broken front matter", func(t *testing.T) {
		s := startServe(t)
		good := s.read("content/notices/extra-edit.md")
		s.write("content/notices/extra-edit.md", strings.Replace(good, "title: ", "title: [未闭合\n", 1))
		// file:line: message; a YAML syntax error has no column.
		where := regexp.MustCompile(`content/notices/extra-edit\.md:\d+(:\d+)?: invalid YAML`)
		for _, url := range []string{"/", "/notices/extra-edit/", s.noticeURL} {
			body := s.waitPage(url, 200, `id="bulletin-error"`)
			if !where.MatchString(body) {
				t.Errorf("the overlay on %s lacks file:line: message: %s", url, body)
			}
		}
		if body := s.get("/notices/extra-edit/"); !strings.Contains(body, "保持不变的正文") {
			t.Errorf("the last good page is not served while the build fails: %s", body)
		}
		s.waitOutput(&s.stderr, "content/notices/extra-edit.md:")
		s.write("content/notices/extra-edit.md", good+"\n修复后的正文。\n")
		s.waitPage("/notices/extra-edit/", 200, "修复后的正文")
		// The fixed files are written a moment before serve tells its
		// server the build succeeded (and pages reload on that event), so
		// wait for the overlay to go rather than expect it gone at once.
		for _, url := range []string{"/", "/notices/extra-edit/", s.noticeURL} {
			deadline := time.Now().Add(settle)
			for strings.Contains(s.get(url), `id="bulletin-error"`) {
				if time.Now().After(deadline) {
					t.Errorf("the overlay is still on %s %v after the fix", url, settle)
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
	})

	t.Run("live reload event", func(t *testing.T) {
		s := startServe(t)
		if body := s.get("/notices/extra-edit/"); !strings.Contains(body, `<script src="/__bulletin/live.js"></script>`) {
			t.Errorf("the served page has no live-reload script")
		}
		events := s.events()
		waitEvent(t, events, "hello")
		s.write("content/notices/extra-edit.md", s.read("content/notices/extra-edit.md")+"\n触发重新加载。\n")
		waitEvent(t, events, "reload")
		// The script is added while serving: the files on disk lack it.
		assertNoLiveReload(t, filepath.Join(s.dir, "public"))
	})
}

// TestServeStopsWhenCancelled ends the context as Ctrl-C does: serve
// stops watching and serving and returns 0.
func TestServeStopsWhenCancelled(t *testing.T) {
	s := startServe(t)
	s.cancel()
	select {
	case code := <-s.code:
		s.code <- code // for the cleanup's check
		if code != ExitOK {
			t.Errorf("serve returned %d; stderr:\n%s", code, s.stderr.String())
		}
	case <-time.After(settle):
		t.Fatalf("serve did not return %s after the context ended", settle)
	}
	if !strings.Contains(s.stdout.String(), "stopped") {
		t.Errorf("serve did not say it stopped:\n%s", s.stdout.String())
	}
	if _, _, err := s.fetch("/"); err == nil {
		t.Errorf("the server still answers after serve returned")
	}
}

// TestBuildHasNoLiveReload builds a site with `bulletin build`: the live
// reload script belongs to serve alone.
func TestBuildHasNoLiveReload(t *testing.T) {
	dir := serveSite(t)
	dest := filepath.Join(t.TempDir(), "out")
	code, _, stderr := run(t, nil, "build", "--source", dir, "--dest", dest, "--now", corpus.Now)
	if code != ExitOK {
		t.Fatalf("build failed (%d): %s", code, stderr)
	}
	assertNoLiveReload(t, dest)
}

// TestWatch runs `bulletin watch`: the same loop without a server.
func TestWatch(t *testing.T) {
	dir := serveSite(t)
	dest := filepath.Join(t.TempDir(), "out")
	p := startMain(t, "watch", "--source", dir, "--dest", dest, "--now", corpus.Now)
	p.waitOutput(&p.stdout, "watching ")
	src, err := os.ReadFile(filepath.Join(dir, "content", "notices", "extra-edit.md"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "notices", "extra-edit.md"), append(src, "\n监视模式下的修改。\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dest, "notices", "extra-edit", "index.html")
	eventually(t, settle, "the output file shows the edit", func() (bool, string) {
		data, err := os.ReadFile(page)
		if err != nil {
			return false, err.Error()
		}
		return bytes.Contains(data, []byte("监视模式下的修改")), string(data)
	})
	assertNoLiveReload(t, dest)
}

// serveSite writes a site of 30 corpus notices (with translations and a
// policy) plus a few plain notices the tests edit, delete and rename.
func serveSite(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if err := corpus.WriteDir(dir, corpus.Options{Notices: 30, Seed: 3, EnglishShare: 0.2, Policies: 4}); err != nil {
		t.Fatal(err)
	}
	extra := map[string]string{
		"content/notices/extra-edit.md": notice("可编辑的通知", "2021-12-20", "保持不变的正文。"),
		"content/notices/extra-gone.md": notice("将被删除的通知", "2021-12-21", "这条通知将被删除。"),
		"content/notices/extra-move.md": notice("将被改名的通知", "2021-12-22", "这条通知将被改名。"),
	}
	for name, data := range extra {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func notice(title, date, body string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\ndepartment: [示例市人民政府办公室]\ntags: [便民服务]\n---\n" + body + "\n"
}

// running is cli.Main running in a goroutine until its context ends.
type running struct {
	t              *testing.T
	stdout, stderr syncBuffer
	cancel         context.CancelFunc
	code           chan int
}

// startMain runs Main with args until the test ends; then it cancels the
// context, as Ctrl-C would, and expects exit status 0 within a few
// seconds.
func startMain(t *testing.T, args ...string) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	p := &running{t: t, cancel: cancel, code: make(chan int, 1)}
	theme := frozenTheme(t)
	go func() {
		p.code <- Main(Env{
			Args: args, Stdout: &p.stdout, Stderr: &p.stderr,
			Getenv: func(string) string { return "" }, Theme: theme, Context: ctx,
		})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-p.code:
			if code != ExitOK {
				t.Errorf("%s ended with status %d after the context ended; stderr:\n%s", args[0], code, p.stderr.String())
			}
		case <-time.After(settle):
			t.Errorf("%s did not return %s after the context ended", args[0], settle)
		}
	})
	return p
}

// waitOutput waits until out (the command's stdout or stderr) has want.
func (p *running) waitOutput(out *syncBuffer, want string) {
	p.t.Helper()
	eventually(p.t, settle, fmt.Sprintf("the command prints %q", want), func() (bool, string) {
		select {
		case code := <-p.code:
			p.code <- code
			p.t.Fatalf("the command ended with status %d; stdout:\n%s\nstderr:\n%s", code, p.stdout.String(), p.stderr.String())
		default:
		}
		return strings.Contains(out.String(), want), "stdout:\n" + p.stdout.String() + "\nstderr:\n" + p.stderr.String()
	})
}

// served is `bulletin serve` on a site of its own.
type served struct {
	*running
	dir       string
	base      string // http://127.0.0.1:port
	noticeURL string // a corpus notice's page, untouched by the tests
}

var serving = regexp.MustCompile(`serving .* at (http://[^/\s]+)/`)

func startServe(t *testing.T) *served {
	t.Helper()
	dir := serveSite(t)
	p := startMain(t, "serve", "--source", dir, "--port", "0", "--now", corpus.Now)
	// Changes count from the moment the watcher started.
	p.waitOutput(&p.stdout, "watching ")
	m := serving.FindStringSubmatch(p.stdout.String())
	if m == nil {
		t.Fatalf("no address in the output:\n%s", p.stdout.String())
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "content", "notices", "00001-*.md"))
	if len(matches) == 0 {
		t.Fatal("no corpus notice 00001")
	}
	name := strings.TrimSuffix(filepath.Base(matches[0]), ".md")
	return &served{running: p, dir: dir, base: m[1], noticeURL: "/notices/" + name + "/"}
}

func (s *served) full(rel string) string { return filepath.Join(s.dir, filepath.FromSlash(rel)) }

// out is a file in serve's output folder.
func (s *served) out(rel string) string {
	return filepath.Join(s.dir, "public", filepath.FromSlash(rel))
}

func (s *served) read(rel string) string {
	s.t.Helper()
	data, err := os.ReadFile(s.full(rel))
	if err != nil {
		s.t.Fatal(err)
	}
	return string(data)
}

func (s *served) write(rel, data string) {
	s.t.Helper()
	if err := os.MkdirAll(filepath.Dir(s.full(rel)), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(s.full(rel), []byte(data), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

func (s *served) remove(rel string) {
	s.t.Helper()
	if err := os.Remove(s.full(rel)); err != nil {
		s.t.Fatal(err)
	}
}

func (s *served) rename(from, to string) {
	s.t.Helper()
	if err := os.Rename(s.full(from), s.full(to)); err != nil {
		s.t.Fatal(err)
	}
}

// fetch returns a page's status and body.
func (s *served) fetch(url string) (int, string, error) {
	resp, err := http.Get(s.base + url)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), err
}

func (s *served) get(url string) string {
	s.t.Helper()
	code, body, err := s.fetch(url)
	if err != nil || code != 200 {
		s.t.Fatalf("GET %s: %d %v", url, code, err)
	}
	return body
}

// waitPage waits until url answers with status and a body containing
// want, and returns the body.
func (s *served) waitPage(url string, status int, want string) string {
	s.t.Helper()
	return s.waitPageFor(url, status, want, settle)
}

func (s *served) waitPageFor(url string, status int, want string, timeout time.Duration) string {
	s.t.Helper()
	var body string
	eventually(s.t, timeout, fmt.Sprintf("GET %s answers %d with %q", url, status, want), func() (bool, string) {
		code, b, err := s.fetch(url)
		body = b
		if err != nil {
			return false, err.Error()
		}
		return code == status && strings.Contains(b, want), fmt.Sprintf("status %d\n%s\nstdout:\n%s\nstderr:\n%s", code, b, s.stdout.String(), s.stderr.String())
	})
	return body
}

// pages returns the number of pages of the last build serve reported.
func (s *served) pages() int {
	s.t.Helper()
	m := regexp.MustCompile(`(?m)^(?:built|rebuilt .*) in .*: (\d+) pages,`).FindAllStringSubmatch(s.stdout.String(), -1)
	if m == nil {
		s.t.Fatalf("no build reported:\n%s", s.stdout.String())
	}
	n, err := strconv.Atoi(m[len(m)-1][1])
	if err != nil {
		s.t.Fatal(err)
	}
	return n
}

// rebuilds counts the rebuilds serve reported.
func (s *served) rebuilds() int { return strings.Count(s.stdout.String(), "\nrebuilt (") }

// events connects to the live-reload stream and returns the names of the
// events that arrive. The connection closes when the test ends.
func (s *served) events() <-chan string {
	s.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s.t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+"/__bulletin/events", nil)
	if err != nil {
		s.t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		s.t.Errorf("the events stream is %q, want text/event-stream", ct)
	}
	names := make(chan string, 16)
	go func() {
		defer resp.Body.Close()
		defer close(names)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				names <- name
			}
		}
	}()
	return names
}

func waitEvent(t *testing.T, events <-chan string, want string) {
	t.Helper()
	deadline := time.After(settle)
	for {
		select {
		case name, ok := <-events:
			if !ok {
				t.Fatalf("the events stream closed before %q", want)
			}
			if name == want {
				return
			}
		case <-deadline:
			t.Fatalf("no %q event within %s", want, settle)
		}
	}
}

// assertNoLiveReload checks that no file of an output folder refers to
// the live-reload script or its events.
func assertNoLiveReload(t *testing.T, dir string) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		data, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // an old search index file, removed as the index catches up
		}
		if bytes.Contains(data, []byte("/__bulletin/")) {
			t.Errorf("%s refers to the live-reload script", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 50 {
		t.Errorf("only %d files in %s: the site was not built", n, dir)
	}
}

// eventually polls cond every 50ms until it holds, failing the test with
// cond's last description after timeout.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, last := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s, still waiting until %s; last seen:\n%s", timeout, what, last)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// syncBuffer is a bytes.Buffer safe for the command's goroutine and the
// test's.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var (
	frozenOnce sync.Once
	frozen     fstest.MapFS
	frozenErr  error
)

// frozenTheme is the default theme read into memory once, so that a theme
// file edited while the tests run does not change the site under test.
func frozenTheme(t *testing.T) fs.FS {
	t.Helper()
	frozenOnce.Do(func() {
		theme := os.DirFS("../../templates")
		frozen = fstest.MapFS{}
		frozenErr = fs.WalkDir(theme, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(theme, p)
			frozen[p] = &fstest.MapFile{Data: data, Mode: 0o644}
			return err
		})
	})
	if frozenErr != nil {
		t.Fatal(frozenErr)
	}
	return frozen
}
