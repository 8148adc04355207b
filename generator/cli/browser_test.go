package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The browser tests open bulletin's pages in a real headless Chromium,
// driven over the Chrome DevTools Protocol (cdp_test.go): live reload and
// the error overlay as an editor sees them while `bulletin serve` runs,
// and a built notice read without JavaScript on a phone-wide screen.
//
// They skip when Chromium is not installed (apt-get install chromium),
// unless BULLETIN_BROWSER_TESTS=1, as CI sets: then they fail.

// browserSettle is how long a browser test waits for a page to change.
const browserSettle = 15 * time.Second

// chromiumPath returns Chromium's path, or skips (or fails) the test.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("BULLETIN_BROWSER_TESTS") == "1" {
		t.Fatal("BULLETIN_BROWSER_TESTS=1 but Chromium is not installed (apt-get install chromium)")
	}
	t.Skip("Chromium is not installed (apt-get install chromium); set BULLETIN_BROWSER_TESTS=1 to make this a failure")
	return ""
}

// browser is a headless Chromium, ended when the test ends.
type browser struct {
	t   *testing.T
	cdp *cdpClient
}

var devtoolsLine = regexp.MustCompile(`DevTools listening on (ws://\S+)`)

func startBrowser(t *testing.T) *browser {
	t.Helper()
	bin := chromiumPath(t)
	profile := t.TempDir() // removed after the cleanup below has ended Chromium
	cmd := exec.Command(bin,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--disable-background-timer-throttling",
		"--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
		"--user-data-dir="+profile, "--remote-debugging-port=0", "about:blank")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // to end its helpers too
	// One pipe for its stdout and stderr.
	out, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = w, w
	err = cmd.Start()
	w.Close()
	if err != nil {
		out.Close()
		t.Fatalf("starting Chromium: %v", err)
	}
	var log syncBuffer
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	b := &browser{t: t}
	t.Cleanup(func() {
		if b.cdp != nil {
			_ = b.cdp.call("", "Browser.close", nil, nil)
			b.cdp.ws.Close()
		}
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
		}
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // the process group started here
		<-exited
		if t.Failed() {
			t.Logf("Chromium's output:\n%s", log.String())
		}
	})
	found := make(chan string, 1)
	go func() {
		defer out.Close()
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			fmt.Fprintln(&log, sc.Text())
			if m := devtoolsLine.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
	}()
	var addr string
	select {
	case addr = <-found:
	case <-exited:
		t.Fatalf("Chromium ended before it listened:\n%s", log.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("Chromium did not print its DevTools address within 30s:\n%s", log.String())
	}
	ws, err := wsDial(addr)
	if err != nil {
		t.Fatalf("connecting to Chromium's DevTools: %v", err)
	}
	b.cdp = newCDPClient(ws)
	return b
}

// tab is one page of the browser, reached through its flat session.
type tab struct {
	t       *testing.T
	b       *browser
	session string
}

// newTab opens a blank page; before every document it loads, the page
// records its EventSources in window.__bulletinES, so that a test knows
// when live reload is listening.
func (b *browser) newTab(t *testing.T) *tab {
	t.Helper()
	var target struct{ TargetID string }
	if err := b.cdp.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		t.Fatal(err)
	}
	var attached struct{ SessionID string }
	if err := b.cdp.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached); err != nil {
		t.Fatal(err)
	}
	p := &tab{t: t, b: b, session: attached.SessionID}
	p.must("Page.enable", nil)
	p.must("Runtime.enable", nil)
	p.must("Page.addScriptToEvaluateOnNewDocument", map[string]any{"source": `(function () {
  var ES = window.EventSource;
  if (!ES) return;
  window.__bulletinES = [];
  window.EventSource = function (url, opts) {
    var es = new ES(url, opts);
    window.__bulletinES.push(es);
    return es;
  };
  window.EventSource.prototype = ES.prototype;
})();`})
	return p
}

func (p *tab) must(method string, params any) {
	p.t.Helper()
	if err := p.b.cdp.call(p.session, method, params, nil); err != nil {
		p.t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression in the page and returns its
// value, decoded from JSON.
func (p *tab) eval(expr string) (any, error) {
	var v any
	err := p.evaluate(expr, false, &v)
	return v, err
}

// evaluate evaluates a JavaScript expression in the page, waiting for the
// promise it returns when await is set, and decodes its value into v.
func (p *tab) evaluate(expr string, await bool, v any) error {
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	err := p.b.cdp.call(p.session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": await}, &r)
	if err != nil {
		return err
	}
	if e := r.ExceptionDetails; e != nil {
		return fmt.Errorf("%s: %s %s", expr, e.Text, e.Exception.Description)
	}
	if len(r.Result.Value) == 0 { // undefined
		return nil
	}
	return json.Unmarshal(r.Result.Value, v)
}

// mustEval is eval that fails the test on an error.
func (p *tab) mustEval(expr string) any {
	p.t.Helper()
	v, err := p.eval(expr)
	if err != nil {
		p.t.Fatal(err)
	}
	return v
}

// state reads a few facts of the page at once, as a JSON object.
func (p *tab) state(expr string) (map[string]any, error) {
	v, err := p.eval(expr)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s is %v, not an object", expr, v)
	}
	return m, nil
}

// waitFor polls the page until cond holds of the object expr returns.
// Errors while the page reloads only mean "not yet".
func (p *tab) waitFor(what, expr string, cond func(map[string]any) bool) map[string]any {
	p.t.Helper()
	var last map[string]any
	eventually(p.t, browserSettle, what, func() (bool, string) {
		m, err := p.state(expr)
		if err != nil {
			return false, err.Error()
		}
		last = m
		data, _ := json.MarshalIndent(m, "", "  ")
		return cond(m), string(data)
	})
	return last
}

// navigate opens url and waits until it has loaded.
func (p *tab) navigate(url string) {
	p.t.Helper()
	var r struct{ ErrorText string }
	if err := p.b.cdp.call(p.session, "Page.navigate", map[string]any{"url": url}, &r); err != nil {
		p.t.Fatal(err)
	}
	if r.ErrorText != "" {
		p.t.Fatalf("navigating to %s: %s", url, r.ErrorText)
	}
	p.waitFor("the page "+url+" has loaded", `({href: location.href, ready: document.readyState})`, func(m map[string]any) bool {
		return m["href"] == url && m["ready"] == "complete"
	})
}

// pageState is what the live-reload tests read of the page.
const pageState = `({
  ready: document.readyState,
  marker: window.__marker === undefined ? null : window.__marker,
  listening: (window.__bulletinES || []).some(function (es) { return es.readyState === 1; }),
  h1: (document.querySelector("h1") || {}).textContent || null,
  overlay: (document.getElementById("bulletin-error") || {}).textContent || null
})`

// markAndWaitListening waits until live reload is connected, then marks
// the page: the mark disappears when the page reloads.
func (p *tab) markAndWaitListening() {
	p.t.Helper()
	p.waitFor("live reload is listening", pageState, func(m map[string]any) bool {
		return m["ready"] == "complete" && m["listening"] == true
	})
	p.mustEval(`window.__marker = 1`)
}

// browserSite writes a small site of three notices for serve.
func browserSite(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	files := map[string]string{
		"config.yaml":                "title: 示例市公告栏\nbase_url: https://notices.example.gov.cn/\nlanguage: zh-CN\ntimezone: Asia/Shanghai\n",
		"content/notices/live.md":    notice("浏览器中的通知", "2021-02-10", "浏览器测试的正文。"),
		"content/notices/other-a.md": notice("另一条通知甲", "2021-02-11", "正文甲。"),
		"content/notices/other-b.md": notice("另一条通知乙", "2021-02-12", "正文乙。"),
	}
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

// startBrowserServe runs `bulletin serve` on browserSite and opens the
// notice live.md in Chromium.
func startBrowserServe(t *testing.T) (p *tab, notice string) {
	t.Helper()
	chromiumPath(t) // skip before starting serve
	dir := browserSite(t)
	s := startMain(t, "serve", "--source", dir, "--port", "0", "--now", "2021-02-20")
	s.waitOutput(&s.stdout, "watching ")
	m := serving.FindStringSubmatch(s.stdout.String())
	if m == nil {
		t.Fatalf("no address in the output:\n%s", s.stdout.String())
	}
	// Started after serve, so ended before it: serve's shutdown would
	// otherwise wait for the page's open event stream.
	b := startBrowser(t)
	p = b.newTab(t)
	p.navigate(m[1] + "/notices/live/")
	if h1 := p.mustEval(`document.querySelector("h1").textContent`); h1 != "浏览器中的通知" {
		t.Fatalf("the notice's h1 is %q", h1)
	}
	return p, filepath.Join(dir, "content", "notices", "live.md")
}

func editFile(t *testing.T, path string, edit func(string) string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(edit(string(data))), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserLiveReload edits a notice while its page is open: the page
// reloads by itself and shows the new title.
func TestBrowserLiveReload(t *testing.T) {
	p, file := startBrowserServe(t)
	p.markAndWaitListening()
	editFile(t, file, func(s string) string {
		return strings.Replace(s, "title: 浏览器中的通知", "title: 改过标题的通知", 1)
	})
	p.waitFor("the page reloads with the new title", pageState, func(m map[string]any) bool {
		return m["marker"] == nil && m["ready"] == "complete" && m["h1"] == "改过标题的通知"
	})
}

// TestBrowserErrorOverlay breaks a notice's front matter while its page is
// open: the page reloads and shows the error overlay over the last good
// page; fixing the notice reloads the page without it.
func TestBrowserErrorOverlay(t *testing.T) {
	p, file := startBrowserServe(t)
	p.markAndWaitListening()
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	editFile(t, file, func(s string) string { return strings.Replace(s, "date: ", "titel: 拼错的字段\ndate: ", 1) })
	where := regexp.MustCompile(`content/notices/live\.md:\d+:\d+: unknown field "titel"`)
	m := p.waitFor("the page reloads with the error overlay", pageState, func(m map[string]any) bool {
		o, _ := m["overlay"].(string)
		return m["marker"] == nil && m["ready"] == "complete" && where.MatchString(o)
	})
	if m["h1"] != "浏览器中的通知" {
		t.Errorf("under the overlay the page's h1 is %v, want the last good page's", m["h1"])
	}
	p.markAndWaitListening()
	if err := os.WriteFile(file, append(good, "\n修复后的正文。\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	p.waitFor("the page reloads without the overlay", `({
  ready: document.readyState,
  marker: window.__marker === undefined ? null : window.__marker,
  overlay: (document.getElementById("bulletin-error") || {}).textContent || null,
  fixed: document.body.textContent.includes("修复后的正文")
})`, func(m map[string]any) bool {
		return m["marker"] == nil && m["ready"] == "complete" && m["overlay"] == nil && m["fixed"] == true
	})
}

// TestBrowserWithoutJavaScript builds the example site and reads the
// urgent notice with JavaScript off on a 390px-wide phone screen: opened
// as a file, as the README suggests, and from a plain static host.
// exampleHost builds the example site and serves the output as a plain
// static host would; it returns the output folder and the host's URL.
func exampleHost(t *testing.T) (dest, url string) {
	t.Helper()
	dest = filepath.Join(t.TempDir(), "public")
	if code, _, stderr := run(t, nil, "build", "--source", "../..", "--dest", dest, "--now", "2021-02-20"); code != ExitOK {
		t.Fatalf("build failed (%d): %s", code, stderr)
	}
	host := httptest.NewServer(http.FileServer(http.Dir(dest)))
	t.Cleanup(host.Close)
	return dest, host.URL
}

func TestBrowserWithoutJavaScript(t *testing.T) {
	b := startBrowser(t)
	dest, hostURL := exampleHost(t)
	const page = "notices/2021-02-08-urgent-reminder/"
	for _, url := range []string{
		"file://" + filepath.ToSlash(filepath.Join(dest, filepath.FromSlash(page), "index.html")),
		hostURL + "/" + page,
	} {
		t.Run(strings.SplitN(url, ":", 2)[0], func(t *testing.T) {
			p := b.newTab(t)
			p.must("Emulation.setScriptExecutionDisabled", map[string]any{"value": true})
			p.must("Emulation.setDeviceMetricsOverride", map[string]any{"width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": true})
			p.navigate(url)
			m, err := p.state(`({
  h1: (document.querySelector("main h1, article h1") || {}).textContent || null,
  meta: (document.querySelector(".meta dl") || {}).textContent || "",
  urgent: (document.querySelector(".urgent") || {}).textContent || "",
  scrollWidth: document.documentElement.scrollWidth,
  clientWidth: document.documentElement.clientWidth,
  styled: getComputedStyle(document.querySelector(".urgent") || document.body).backgroundColor,
  scripting: (function () { var d = document.createElement("div"); d.innerHTML = "<noscript><i>n</i></noscript>"; return d.querySelector("i") === null; })()
})`)
			if err != nil {
				t.Fatal(err)
			}
			if m["h1"] != "春节期间疫情防控紧急提醒" {
				t.Errorf("h1 is %v", m["h1"])
			}
			if meta, _ := m["meta"].(string); !strings.Contains(meta, "发文机关") || !strings.Contains(meta, "示例市新冠肺炎疫情防控指挥部办公室") {
				t.Errorf("the metadata block lacks 发文机关: %q", meta)
			}
			if urgent, _ := m["urgent"].(string); !strings.Contains(urgent, "紧急通知") {
				t.Errorf("no urgent banner: %q", urgent)
			}
			if m["scripting"] != false {
				t.Errorf("scripting is still on in the page")
			}
			if w, _ := m["scrollWidth"].(float64); w > 390 || m["clientWidth"] != float64(390) {
				t.Errorf("at 390px wide the page is %v px wide (viewport %v px)", m["scrollWidth"], m["clientWidth"])
			}
			// A plain static host serves the stylesheet; a file:// page
			// cannot reach it at its root-relative address.
			if strings.HasPrefix(url, "http") && (m["styled"] == "rgba(0, 0, 0, 0)" || m["styled"] == nil) {
				t.Errorf("the stylesheet was not applied: the urgent banner's background is %v", m["styled"])
			}
			t.Logf("%s: %v px wide at 390 px, urgent banner background %v", url, m["scrollWidth"], m["styled"])
		})
	}
}
