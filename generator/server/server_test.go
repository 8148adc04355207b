package server

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func site(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"index.html":                  "<!DOCTYPE html><html><head></head><body><h1>首页</h1></body></html>",
		"notices/a/index.html":        "<!DOCTYPE html><html><body class=\"x\"><h1>通知</h1></body></html>",
		"404.html":                    "<!DOCTYPE html><html><body><h1>页面不存在</h1></body></html>",
		"feed.xml":                    "<feed/>",
		"rss.xml":                     "<rss/>",
		"feed.json":                   "{}",
		"sitemap.xml":                 "<urlset/>",
		"assets/style.0123456789.css": "body{}",
		"notices/a/table.pdf":         "%PDF-1.4",
	}
	for name, data := range files {
		full := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func get(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Host = "localhost:1313" // httptest's example.com is refused
	h.ServeHTTP(rec, req)
	return rec
}

func TestServesPrettyURLsWithLiveReload(t *testing.T) {
	s := New(site(t))
	rec := get(t, s, "/notices/a/")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "<h1>通知</h1>") {
		t.Fatalf("GET /notices/a/ = %d %q", rec.Code, rec.Body.String())
	}
	if !strings.Contains(rec.Body.String(), `<script src="/__bulletin/live.js"></script></body>`) {
		t.Errorf("live-reload script not injected before </body>: %q", rec.Body.String())
	}
	if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	rec = get(t, s, "/notices/a")
	if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/notices/a/" {
		t.Errorf("GET /notices/a = %d to %q, want a redirect to /notices/a/", rec.Code, rec.Header().Get("Location"))
	}
}

func TestUnknownPathsGetTheSites404(t *testing.T) {
	s := New(site(t))
	for _, p := range []string{"/nope/", "/../../etc/passwd", "/notices/../../x", "/%2e%2e/secret"} {
		rec := get(t, s, p)
		if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "页面不存在") {
			t.Errorf("GET %s = %d %q, want the site's 404 page", p, rec.Code, rec.Body.String())
		}
	}
}

func TestPathsCannotLeaveTheOutputFolder(t *testing.T) {
	parent := t.TempDir()
	root := filepath.Join(parent, "public")
	os.MkdirAll(root, 0o755)
	os.WriteFile(filepath.Join(parent, "secret.txt"), []byte("secret"), 0o644)
	s := New(root)
	for _, p := range []string{"/../secret.txt", "/..%2fsecret.txt", "/a/../../secret.txt"} {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Host = "localhost"
		req.URL.Path = p
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if strings.Contains(rec.Body.String(), "secret") {
			t.Errorf("GET %s leaked a file outside the output folder", p)
		}
	}
}

func TestContentTypes(t *testing.T) {
	s := New(site(t))
	want := map[string]string{
		"/feed.xml":                    "application/atom+xml; charset=utf-8",
		"/rss.xml":                     "application/rss+xml; charset=utf-8",
		"/feed.json":                   "application/feed+json; charset=utf-8",
		"/sitemap.xml":                 "application/xml; charset=utf-8",
		"/assets/style.0123456789.css": "text/css; charset=utf-8",
		"/notices/a/table.pdf":         "application/pdf",
	}
	for p, ct := range want {
		rec := get(t, s, p)
		if rec.Code != 200 || rec.Header().Get("Content-Type") != ct {
			t.Errorf("GET %s = %d %q, want 200 %q", p, rec.Code, rec.Header().Get("Content-Type"), ct)
		}
		if strings.Contains(rec.Body.String(), "live.js") {
			t.Errorf("GET %s: the live-reload script belongs only in HTML", p)
		}
	}
}

func TestErrorOverlayShowsUntilFixed(t *testing.T) {
	s := New(site(t))
	s.Built([]string{`content/notices/a.md:3:1: unknown field "titel" (did you mean "title"?) <b>`})
	for _, p := range []string{"/", "/notices/a/", "/missing/"} {
		body := get(t, s, p).Body.String()
		if !strings.Contains(body, `id="bulletin-error"`) || !strings.Contains(body, `content/notices/a.md:3:1: unknown field &#34;titel&#34;`) {
			t.Errorf("GET %s: no overlay with the escaped message: %q", p, body)
		}
		if strings.Contains(body, "<b>") {
			t.Errorf("GET %s: message not escaped", p)
		}
	}
	if body := get(t, s, "/notices/a/").Body.String(); !strings.Contains(body, "<h1>通知</h1>") {
		t.Errorf("the last good page is not served under the overlay")
	}
	s.Built(nil)
	if body := get(t, s, "/").Body.String(); strings.Contains(body, "bulletin-error") {
		t.Errorf("overlay still shown after a good build")
	}
}

func TestLiveReloadEventArrives(t *testing.T) {
	s := New(site(t))
	ts := httptest.NewServer(s)
	defer ts.Close()
	resp, err := http.Get(ts.URL + EventsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type = %q", ct)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	waitFor(t, lines, "event: hello")
	s.Built(nil)
	waitFor(t, lines, "event: reload")
	s.Built([]string{"content/a.md:1:1: bad"})
	waitFor(t, lines, "event: failed")
	waitFor(t, lines, "data: content/a.md:1:1: bad")

	script := get(t, s, ScriptPath)
	body, _ := io.ReadAll(script.Body)
	if !strings.Contains(string(body), "EventSource") || !strings.Contains(string(body), "location.reload") {
		t.Errorf("live script does not reload on events: %s", body)
	}
}

func waitFor(t *testing.T, lines <-chan string, want string) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("stream closed before %q", want)
			}
			if l == want {
				return
			}
		case <-timeout:
			t.Fatalf("no %q within 10s", want)
		}
	}
}
