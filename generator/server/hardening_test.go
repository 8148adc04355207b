package server

import (
	"bufio"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// These tests run the server on a real loopback listener and speak HTTP to
// it as browsers and attackers do: request lines a client library would
// normalise are sent over raw TCP.

// hardenedSite is site plus what must not be served: bulletin's marker,
// other dot files, and a folder with a Chinese name.
func hardenedSite(t *testing.T) string {
	t.Helper()
	root := site(t)
	for name, data := range map[string]string{
		".bulletin-output":        "This folder is written by bulletin; each build replaces it whole.\n",
		".git/config":             "[remote \"origin\"]\n\turl = https://token@example.org/x.git\n",
		"notices/a/.env":          "SECRET=1\n",
		"notices/春节/index.html":   "<!DOCTYPE html><html><body><h1>春节</h1></body></html>",
		"evil.example/index.html": "<!DOCTYPE html><html><body><h1>a folder named like a host</h1></body></html>",
	} {
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

// rawGet sends one request line and Host header over TCP, exactly as
// written, and returns the response with its body read.
func rawGet(t *testing.T, addr, target, host string) (*http.Response, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Write([]byte("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	// An answered event stream never ends: its body is left unread, and
	// closing the connection ends it.
	var body strings.Builder
	if target != EventsPath || resp.StatusCode != http.StatusOK {
		buf := make([]byte, 4096)
		for {
			n, err := resp.Body.Read(buf)
			body.Write(buf[:n])
			if err != nil {
				break
			}
		}
	}
	return resp, body.String()
}

// TestNoOpenRedirect: a folder asked for without its slash redirects to
// itself with one; the Location is always a path on this site, never
// "//host" or "/\host", which browsers take for another host.
func TestNoOpenRedirect(t *testing.T) {
	ts := httptest.NewServer(New(hardenedSite(t)))
	defer ts.Close()
	addr := ts.Listener.Addr().String()
	tests := []struct {
		target   string
		status   int
		location string // "" when there must be none
	}{
		{"/notices/a", 301, "/notices/a/"},
		{"/notices/a?x=1&y=%2F%2Fevil", 301, "/notices/a/?x=1&y=%2F%2Fevil"},
		{"/notices/%E6%98%A5%E8%8A%82", 301, "/notices/%E6%98%A5%E8%8A%82/"},
		{"//evil.example/../notices/a", 301, "/notices/a/"},
		{"//evil.example/%2e%2e/notices/a", 301, "/notices/a/"},
		{"//notices/a", 301, "/notices/a/"},
		{"//evil.example", 301, "/evil.example/"},
		{"///evil.example", 301, "/evil.example/"},
		{"/%2F%2Fevil.example/..%2Fnotices/a", 301, "/notices/a/"},
		{"/%2Fevil.example/..%2Fnotices/a", 301, "/notices/a/"},
		{"/%2Fevil.example", 301, "/evil.example/"},
		{"/./evil.example", 301, "/evil.example/"},
		{"/.//evil.example/../notices/a", 301, "/notices/a/"},
		{`/\evil.example/../notices/a`, 301, "/notices/a/"},
		{`/%5Cevil.example/..%2Fnotices/a`, 301, "/notices/a/"},
		{`/\evil.example`, 404, ""},
		{`/%5Cevil.example`, 404, ""},
		{`/%5C%5Cevil.example`, 404, ""},
		{`/\/evil.example`, 404, ""},
		{"/.", 301, "/"},
		{"/notices/..", 301, "/"},
	}
	for _, tt := range tests {
		resp, _ := rawGet(t, addr, tt.target, addr)
		loc := resp.Header.Get("Location")
		if resp.StatusCode != tt.status || loc != tt.location {
			t.Errorf("GET %s = %d Location %q, want %d %q", tt.target, resp.StatusCode, loc, tt.status, tt.location)
		}
		if loc != "" && (!strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, `/\`)) {
			t.Errorf("GET %s redirects off the site: Location %q", tt.target, loc)
		}
	}
}

// TestHostHeaderChecked: the server answers only for the names it serves;
// anything else (DNS rebinding) gets 403 with a reason, on pages, on the
// live-reload script and on its event stream alike.
func TestHostHeaderChecked(t *testing.T) {
	s := New(hardenedSite(t))
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()
	addr := ts.Listener.Addr().String()
	_, port, _ := net.SplitHostPort(addr)
	allowed := []string{addr, "127.0.0.1", "localhost:" + port, "localhost", "LOCALHOST:" + port, "localhost.:" + port,
		"[::1]:" + port, "[::1]", "127.0.0.2:" + port, "app.localhost:" + port, "localhost:8080"}
	refused := []string{"evil.example", "evil.example:" + port, "127.0.0.1.evil.example:" + port, "localhost.evil.example",
		"192.168.1.10:" + port, "10.0.0.1", "0.0.0.0:" + port, "[fe80::1]:" + port, "notices.example.gov.cn"}
	for _, path := range []string{"/", "/notices/a/", ScriptPath, EventsPath, "/missing/"} {
		for _, host := range allowed {
			resp, _ := rawGet(t, addr, path, host)
			if resp.StatusCode == http.StatusForbidden {
				t.Errorf("GET %s with Host %q = 403, want it answered", path, host)
			}
		}
		for _, host := range refused {
			resp, body := rawGet(t, addr, path, host)
			if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "does not answer requests for") {
				t.Errorf("GET %s with Host %q = %d %q, want 403 with a reason", path, host, resp.StatusCode, body)
			}
			if strings.Contains(body, "<h1>") || strings.Contains(body, "EventSource") {
				t.Errorf("GET %s with Host %q served content: %q", path, host, body)
			}
		}
	}

	// The client a browser would be: same answer.
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/notices/a/", nil)
	req.Host = "evil.example:" + port
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("net/http client with Host evil.example: %d, want 403", resp.StatusCode)
	}
}

// TestHostsWhenBoundBeyondLoopback: bound to all addresses or a LAN
// address, IP literals are answered (other machines come by address), and
// the bind address itself; other names are still refused.
func TestHostsWhenBoundBeyondLoopback(t *testing.T) {
	tests := []struct {
		bind    string
		allowed []string
		refused []string
	}{
		{"0.0.0.0", []string{"192.168.1.10:1313", "0.0.0.0:1313", "[fe80::1]:1313", "localhost:1313", "127.0.0.1"}, []string{"evil.example:1313", "mypc.lan:1313", ""}},
		{"", []string{"192.168.1.10:1313", "localhost"}, []string{"evil.example", ""}},
		{"192.168.1.10", []string{"192.168.1.10:1313", "10.0.0.1", "localhost"}, []string{"evil.example"}},
		{"mypc.lan", []string{"mypc.lan:1313", "MYPC.LAN", "192.168.1.10", "localhost"}, []string{"evil.example", "other.lan"}},
		{"127.0.0.1", []string{"127.0.0.1:1313", "localhost"}, []string{"192.168.1.10:1313", "evil.example"}},
		{"localhost", []string{"127.0.0.1:1313", "localhost"}, []string{"192.168.1.10:1313", "evil.example"}},
		{"::1", []string{"[::1]:1313", "localhost"}, []string{"[fe80::1]:1313", "evil.example"}},
	}
	for _, tt := range tests {
		s := New(site(t), Bind(tt.bind))
		for _, host := range tt.allowed {
			if code := getHost(s, host); code != http.StatusOK {
				t.Errorf("--bind %q: Host %q = %d, want 200", tt.bind, host, code)
			}
		}
		for _, host := range tt.refused {
			if code := getHost(s, host); code != http.StatusForbidden {
				t.Errorf("--bind %q: Host %q = %d, want 403", tt.bind, host, code)
			}
		}
	}
}

func getHost(h http.Handler, host string) int {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Host = host
	h.ServeHTTP(rec, req)
	return rec.Code
}

// TestNosniffAndDotFiles: every response forbids type sniffing, and no dot
// file is served — bulletin's marker, a .git folder, a stray .env.
func TestNosniffAndDotFiles(t *testing.T) {
	s := New(hardenedSite(t))
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()
	addr := ts.Listener.Addr().String()
	for _, tt := range []struct {
		target, host string
		status       int
	}{
		{"/", addr, 200},
		{"/notices/a/table.pdf", addr, 200},
		{"/feed.xml", addr, 200},
		{ScriptPath, addr, 200},
		{EventsPath, addr, 200},
		{"/notices/a", addr, 301},
		{"/missing/", addr, 404},
		{"/", "evil.example", 403},
		{"/.bulletin-output", addr, 404},
		{"/%2Ebulletin-output", addr, 404},
		{"/notices/../.bulletin-output", addr, 404},
		{"/.git/config", addr, 404},
		{"/.git/", addr, 404},
		{"/.git", addr, 404},
		{"/notices/a/.env", addr, 404},
	} {
		resp, body := rawGet(t, addr, tt.target, tt.host)
		if resp.StatusCode != tt.status {
			t.Errorf("GET %s = %d, want %d", tt.target, resp.StatusCode, tt.status)
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s (%d): X-Content-Type-Options = %q, want nosniff", tt.target, resp.StatusCode, got)
		}
		for _, secret := range []string{"written by bulletin", "token@", "SECRET"} {
			if strings.Contains(body, secret) {
				t.Errorf("GET %s served a dot file: %q", tt.target, body)
			}
		}
	}
}
