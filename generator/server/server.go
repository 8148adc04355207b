// Package server is bulletin serve's web server: it serves the output
// folder as a static host would, and adds what editing needs.
//
//   - Pretty URLs: /notices/x/ serves notices/x/index.html; /notices/x
//     redirects to /notices/x/.
//   - Content types for feeds (Atom, RSS, JSON Feed), sitemaps and assets.
//   - Unknown paths get the site's own 404.html with status 404; no path
//     can leave the output folder.
//   - Live reload: every HTML page served gets a small script that listens
//     to Server-Sent Events and reloads after a rebuild. The script is
//     added while serving, so it is never in the build output.
//   - Errors: while the last build failed, every page shows an overlay with
//     the build's messages (works without JavaScript); the previous good
//     site keeps being served underneath, and a fixed build clears it.
//
// It serves drafts and unpublished notices, so it answers only requests
// meant for it (see Bind): a web page elsewhere that points a DNS name at
// 127.0.0.1 ("DNS rebinding") gets 403, not the drafts. Every response
// says X-Content-Type-Options: nosniff; redirects stay on the same site;
// files and folders whose names start with a dot, bulletin's own
// .bulletin-output marker among them, are not served.
package server

import (
	"bytes"
	"fmt"
	"html"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// Paths the server answers itself.
const (
	EventsPath = "/__bulletin/events"
	ScriptPath = "/__bulletin/live.js"
)

// Server serves one output folder. Create it with New; it is an
// http.Handler.
type Server struct {
	root  string
	hosts hostRule

	mu      sync.Mutex
	errors  []string // the failed build's messages; nil after a good build
	version int      // counts builds, so a client can tell it missed one
	clients map[chan event]struct{}
	done    chan struct{} // closed by Close: event streams end
	closed  sync.Once
}

type event struct {
	name string
	data string
}

// New serves the folder root. Without options it answers only requests
// for localhost and loopback addresses, as when bound to 127.0.0.1.
func New(root string, opts ...Option) *Server {
	s := &Server{root: root, hosts: hostRuleFor("127.0.0.1"), clients: map[chan event]struct{}{}, done: make(chan struct{})}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Option configures a Server.
type Option func(*Server)

// Bind tells the server the address it listens on (serve's --bind: an IP
// address, a host name, or "" for all addresses), which decides the Host
// headers it answers; see the package documentation and allowed.
func Bind(addr string) Option {
	return func(s *Server) { s.hosts = hostRuleFor(addr) }
}

// Close ends every live-reload event stream, so an http.Server shutting
// down does not wait for open browser tabs.
func (s *Server) Close() { s.closed.Do(func() { close(s.done) }) }

// Built tells the server a build finished: with no messages the site is
// good and pages reload; with messages the overlay shows them.
func (s *Server) Built(messages []string) {
	s.mu.Lock()
	s.version++
	s.errors = messages
	v := s.version
	clients := make([]chan event, 0, len(s.clients))
	for c := range s.clients {
		clients = append(clients, c)
	}
	s.mu.Unlock()
	ev := event{name: "reload", data: fmt.Sprint(v)}
	if len(messages) > 0 {
		ev = event{name: "failed", data: strings.Join(messages, "\n")}
	}
	for _, c := range clients {
		select {
		case c <- ev:
		default: // a slow client misses nothing important: it reloads on the next event
		}
	}
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// A browser must not guess a type other than the one we send: an
	// attachment or a file of a theme could otherwise run as a script or
	// a page.
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if !s.hosts.allowed(r.Host) {
		http.Error(w, fmt.Sprintf("bulletin serve does not answer requests for %q: open it at localhost or the address it printed. "+
			"(Other names are refused so that no web page can read your drafts through a DNS name it points at this machine; "+
			"to reach the server from another machine, start it with --bind and use the machine's IP address.)", r.Host), http.StatusForbidden)
		return
	}
	switch r.URL.Path {
	case EventsPath:
		s.events(w, r)
		return
	case ScriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprint(w, liveScript)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	s.file(w, r)
}

// resolve maps a URL path to a file in the output folder, refusing any
// path that would leave it and any name that starts with a dot. When the
// path names a folder without the trailing slash, redirect is the path to
// send the browser to instead.
func (s *Server) resolve(urlPath string) (full, redirect string, ok bool) {
	clean := path.Clean("/" + urlPath)
	if strings.Contains(clean, "\x00") || strings.Contains(clean, "\\") {
		return "", "", false
	}
	rel := strings.TrimPrefix(clean, "/")
	if rel != "" && !fs.ValidPath(rel) {
		return "", "", false
	}
	// Dot files are never pages: .bulletin-output marks the folder as
	// bulletin's, and a .git or .env copied into it must not be served.
	for _, name := range strings.Split(rel, "/") {
		if strings.HasPrefix(name, ".") {
			return "", "", false
		}
	}
	full = filepath.Join(s.root, filepath.FromSlash(rel))
	if !strings.HasPrefix(full, filepath.Clean(s.root)) {
		return "", "", false
	}
	info, err := os.Stat(full)
	if err != nil {
		return "", "", false
	}
	if info.IsDir() {
		if !strings.HasSuffix(urlPath, "/") {
			// The cleaned path, never the request's: "//evil.example/../x"
			// cleans to "/x", but sent back as it came it is a link to
			// another host. A cleaned path starts with one slash and holds
			// no backslash, so browsers read it as a path on this site.
			if clean == "/" {
				return "", "/", true
			}
			return "", clean + "/", true
		}
		full = filepath.Join(full, "index.html")
		if _, err := os.Stat(full); err != nil {
			return "", "", false
		}
	}
	return full, "", true
}

func (s *Server) file(w http.ResponseWriter, r *http.Request) {
	full, redirect, ok := s.resolve(r.URL.Path)
	if redirect != "" {
		// Location is written here, not by http.Redirect, which would
		// take a target starting with "//" for another host.
		target := (&url.URL{Path: redirect, RawQuery: r.URL.RawQuery}).String()
		w.Header().Set("Location", target)
		w.WriteHeader(http.StatusMovedPermanently)
		return
	}
	status := http.StatusOK
	if !ok {
		status = http.StatusNotFound
		full = filepath.Join(s.root, "404.html")
	}
	data, err := os.ReadFile(full)
	if err != nil {
		if status == http.StatusNotFound {
			data, full = []byte("<!DOCTYPE html><title>404</title><h1>404 Not Found</h1>"), "404.html"
		} else {
			http.Error(w, "cannot read "+r.URL.Path, http.StatusInternalServerError)
			return
		}
	}
	ctype := ContentType(full)
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-cache")
	if strings.HasPrefix(ctype, "text/html") {
		data = s.decorate(data)
	}
	w.Header().Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// types the standard library does not know, or names too generally.
var types = map[string]string{
	"feed.xml":  "application/atom+xml; charset=utf-8",
	"rss.xml":   "application/rss+xml; charset=utf-8",
	"feed.json": "application/feed+json; charset=utf-8",
}

var extTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".json": "application/json; charset=utf-8",
	".xml":  "application/xml; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
	".svg":  "image/svg+xml",
	".pdf":  "application/pdf",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".csv":  "text/csv; charset=utf-8",
}

// ContentType returns the Content-Type to serve a file with.
func ContentType(name string) string {
	if t, ok := types[filepath.Base(name)]; ok {
		return t
	}
	ext := strings.ToLower(filepath.Ext(name))
	if t, ok := extTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// decorate adds the live-reload script and, after a failed build, the
// error overlay to an HTML page.
func (s *Server) decorate(page []byte) []byte {
	s.mu.Lock()
	messages := s.errors
	s.mu.Unlock()
	script := []byte(`<script src="` + ScriptPath + `"></script>`)
	page = insertBefore(page, []byte("</body>"), script)
	if len(messages) > 0 {
		page = insertAfterBodyOpen(page, []byte(Overlay(messages)))
	}
	return page
}

// Overlay is the HTML block that shows a failed build's messages.
func Overlay(messages []string) string {
	var b strings.Builder
	b.WriteString(`<div id="bulletin-error" role="alert" style="position:fixed;inset:0 0 auto 0;z-index:2147483647;max-height:70vh;overflow:auto;margin:0;padding:1rem 1.25rem;background:#fff4f4;color:#1a1a1a;border-bottom:4px solid #b00020;font:16px/1.5 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 2px 12px rgba(0,0,0,.3)">`)
	b.WriteString(`<p style="margin:0 0 .5rem;font-weight:bold;color:#b00020">构建失败 Build failed — 显示的是上一次成功构建的页面 (showing the last good build)</p><pre style="margin:0;white-space:pre-wrap">`)
	for _, m := range messages {
		b.WriteString(html.EscapeString(m))
		b.WriteByte('\n')
	}
	b.WriteString(`</pre></div>`)
	return b.String()
}

func insertBefore(page, marker, insert []byte) []byte {
	i := bytes.LastIndex(page, marker)
	if i < 0 {
		return append(page, insert...)
	}
	out := make([]byte, 0, len(page)+len(insert))
	out = append(out, page[:i]...)
	out = append(out, insert...)
	return append(out, page[i:]...)
}

func insertAfterBodyOpen(page, insert []byte) []byte {
	i := bytes.Index(page, []byte("<body"))
	if i < 0 {
		return append(insert, page...)
	}
	j := bytes.IndexByte(page[i:], '>')
	if j < 0 {
		return append(page, insert...)
	}
	at := i + j + 1
	out := make([]byte, 0, len(page)+len(insert))
	out = append(out, page[:at]...)
	out = append(out, insert...)
	return append(out, page[at:]...)
}

// events streams build events to one browser tab.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	c := make(chan event, 4)
	s.mu.Lock()
	s.clients[c] = struct{}{}
	v := s.version
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	fmt.Fprintf(w, "retry: 1000\nevent: hello\ndata: %d\n\n", v)
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case ev := <-c:
			fmt.Fprintf(w, "event: %s\n", ev.name)
			// EventSource ends a line at \r too: a message holding one
			// would otherwise start a field of its own.
			for _, line := range strings.Split(strings.ReplaceAll(strings.ReplaceAll(ev.data, "\r\n", "\n"), "\r", "\n"), "\n") {
				fmt.Fprintf(w, "data: %s\n", line)
			}
			fmt.Fprint(w, "\n")
			flusher.Flush()
		}
	}
}

// liveScript reloads the page after each build; after a failed build the
// reload shows the overlay, and the next good build clears it.
const liveScript = `(function () {
  if (!window.EventSource) return;
  var es = new EventSource("` + EventsPath + `");
  var reload = function () { window.location.reload(); };
  es.addEventListener("reload", reload);
  es.addEventListener("failed", reload);
})();
`
