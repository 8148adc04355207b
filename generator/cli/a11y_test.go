package cli

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The accessibility tests open every kind of page of the example site in
// headless Chromium: axe-core finds what WCAG 2.2 AA and axe's best
// practices rule out, at a desktop and the narrowest phone width; a
// phone with its text at 200 % must not scroll sideways; and screenshots
// of the main pages are saved for a person to look at.
//
// axe-core comes from npm, pinned in testdata/axe/package-lock.json:
// `npm ci` there installs it (CI does). Without it the test skips, or
// fails under BULLETIN_BROWSER_TESTS=1.

// axeTags are the rule sets the site must pass without a violation.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"}

// axeSource returns axe-core's script, or skips (or fails) the test.
func axeSource(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "axe", "node_modules", "axe-core", "axe.min.js"))
	if err == nil {
		return string(data)
	}
	const how = "axe-core is not installed: run `npm ci` in generator/cli/testdata/axe"
	if os.Getenv("BULLETIN_BROWSER_TESTS") == "1" {
		t.Fatalf("BULLETIN_BROWSER_TESTS=1 but %s (%v)", how, err)
	}
	t.Skip(how + "; set BULLETIN_BROWSER_TESTS=1 to make this a failure")
	return ""
}

// a11yPage is one kind of page of the example site, built with
// --now 2021-02-20 --future so that every lifecycle state is there.
type a11yPage struct{ kind, path string }

// hotline is the notice the alias below redirects to.
const hotline = "/notices/2021-02-05-holiday-hotlines/"
const alias = "/zwgk/tzgg/2021/0205-zhibandianhua.html"

var a11yPages = []a11yPage{
	{"home", "/"},
	{"section", "/notices/"},
	{"section page 2", "/notices/page/2/"},
	{"policy section", "/policies/"},
	{"notice in force (table, footnote, phone numbers)", hotline},
	{"notice expired", "/notices/2021-01-22-volunteer-recruitment/"},
	{"notice withdrawn", "/notices/2021-01-15-new-year-fair/"},
	{"notice superseded", "/notices/2021-01-08-holiday-prevention/"},
	{"notice superseding another", "/notices/2021-01-20-spring-festival-prevention/"},
	{"notice scheduled (--future preview)", "/notices/2021-02-22-lantern-festival-elderly-visits/"},
	{"notice urgent", "/notices/2021-02-08-urgent-reminder/"},
	{"policy", "/policies/2021-01-18-stay-holiday-job-support/"},
	{"policy interpretation (解读)", "/policies/2021-01-20-stay-holiday-job-support-explained/"},
	{"policy with a contents list", "/policies/2021-01-24-stay-holiday-service-plan/"},
	{"consultation (answered)", "/notices/2021-01-19-elderly-care-consultation/"},
	{"consultations list", "/consultations/"},
	{"in-force view", "/notices/in-force/"},
	{"news section", "/news/"},
	{"news article", "/news/2021-02-06-volunteers-visit-elderly/"},
	{"plain page", "/accessibility/"},
	{"taxonomy index", "/departments/"},
	{"taxonomy index (tags)", "/tags/"},
	{"term", "/departments/示例市民政局/"},
	{"term page 2", "/tags/春节/page/2/"},
	{"archive", "/archive/"},
	{"archive year", "/archive/2021/"},
	{"archive year page 2", "/archive/2021/page/2/"},
	{"alias redirect", alias},
	{"search", "/search/"},
	{"404", "/404.html"},
	{"English home", "/en/"},
	{"English section", "/en/notices/"},
	{"English notice", "/en/notices/2021-02-03-vaccination/"},
	{"English taxonomy index", "/en/tags/"},
	{"English term", "/en/tags/vaccination/"},
	{"English archive year", "/en/archive/2021/"},
	{"English search", "/en/search/"},
}

// exampleHostFuture builds the example site as it stood on 2021-02-20,
// scheduled notices shown (--future), and serves it as a static host.
func exampleHostFuture(t *testing.T) (dest, url string) {
	t.Helper()
	dest = filepath.Join(t.TempDir(), "public")
	if code, _, stderr := run(t, nil, "build", "--source", "../..", "--dest", dest, "--now", "2021-02-20", "--future"); code != ExitOK {
		t.Fatalf("build failed (%d): %s", code, stderr)
	}
	host := httptest.NewServer(http.FileServer(http.Dir(dest)))
	t.Cleanup(host.Close)
	return dest, host.URL
}

// escapePath percent-encodes a path as location.href shows it.
func escapePath(path string) string { return (&url.URL{Path: path}).EscapedPath() }

// overflowing is a JavaScript expression naming the first elements that
// reach past the right edge of the viewport, for a failure message; a
// table's own scroller and hidden text do not count.
const overflowing = `Array.prototype.filter.call(document.querySelectorAll("body *"), function (e) {
    return e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5 && !e.closest(".table-scroll, .visually-hidden, .skip");
  }).slice(0, 8).map(function (e) {
    return e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + String(e.className).trim().split(/\s+/).join(".") : "") + " (" + Math.round(e.getBoundingClientRect().right) + " px)";
  })`

// setWidth makes the tab a screen of that width: a phone below 600 px.
func (p *tab) setWidth(width int) {
	p.t.Helper()
	height := 900
	if width < 600 {
		height = 720
	}
	p.must("Emulation.setDeviceMetricsOverride", map[string]any{"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
}

// openAlias opens the redirect page and keeps it open, to be checked: it
// is served by a host that answers the request of its meta refresh with
// 204 No Content, which leaves a browser on the page it was on.
func (p *tab) openAlias(dest string) {
	p.t.Helper()
	files := http.FileServer(http.Dir(dest))
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == hotline {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		files.ServeHTTP(w, r)
	}))
	p.t.Cleanup(host.Close)
	p.navigate(host.URL + alias)
}

// axeViolation is one rule axe-core found broken, with where.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// runAxe runs axe-core over the open page.
func (p *tab) runAxe() []axeViolation {
	p.t.Helper()
	tags, _ := json.Marshal(axeTags)
	var vs []axeViolation
	err := p.evaluate(`axe.run(document, {runOnly: {type: "tag", values: `+string(tags)+`}, resultTypes: ["violations"]}).then(function (r) {
  return r.violations.map(function (v) {
    return {id: v.id, impact: v.impact || "", help: v.help, targets: v.nodes.map(function (n) { return n.target.join(" "); })};
  });
})`, true, &vs)
	if err != nil {
		p.t.Fatalf("running axe-core: %v", err)
	}
	return vs
}

// TestBrowserAccessibility runs axe-core over every kind of page of the
// example site at 1280 px and 320 px wide, and reads every kind at 320 px
// with the text at 200 %: no violation, no sideways scrolling.
func TestBrowserAccessibility(t *testing.T) {
	axe := axeSource(t)
	b := startBrowser(t)
	dest, hostURL := exampleHostFuture(t)

	// The alias redirects within the host it is served from (a staging
	// preview stays on staging), to the page's root-relative URL.
	t.Run("alias redirects on this host", func(t *testing.T) {
		p := b.newTab(t)
		p.must("Page.navigate", map[string]any{"url": hostURL + alias})
		p.waitFor("the alias redirects to the notice", `({href: location.href, ready: document.readyState})`, func(m map[string]any) bool {
			return m["href"] == hostURL+hotline && m["ready"] == "complete"
		})
	})

	t.Run("what residents were promised", func(t *testing.T) {
		p := b.newTab(t)
		p.setWidth(320)
		checkPromises(t, p, dest, hostURL)
	})

	for _, width := range []int{1280, 320} {
		p := b.newTab(t)
		p.must("Page.addScriptToEvaluateOnNewDocument", map[string]any{"source": axe})
		p.setWidth(width)
		for _, pg := range a11yPages {
			t.Run(fmt.Sprintf("axe %dpx %s", width, pg.kind), func(t *testing.T) {
				p.t = t
				q := p
				if pg.path == alias {
					q = b.newTab(t)
					q.must("Page.addScriptToEvaluateOnNewDocument", map[string]any{"source": axe})
					q.setWidth(width)
					q.openAlias(dest)
				} else {
					q.navigate(hostURL + escapePath(pg.path))
				}
				for _, v := range q.runAxe() {
					t.Errorf("%s at %d px: %s (%s): %s\n\tat %s", pg.path, width, v.ID, v.Impact, v.Help, strings.Join(v.Targets, "\n\tat "))
				}
			})
		}
	}

	// Text at 200 % as a phone sets it: Android's and iOS's text size
	// settings raise the browser's default font size, which scales the
	// text the theme sizes in rem and em (all of it) but leaves the
	// viewport 320 CSS px wide. Page.setFontSizes is that setting;
	// injecting html { font-size: 200% } instead would only be the same
	// while no stylesheet sets the root font size itself.
	p := b.newTab(t)
	p.setWidth(320)
	p.must("Page.setFontSizes", map[string]any{"fontSizes": map[string]any{"standard": 32, "fixed": 26}})
	for _, pg := range a11yPages {
		t.Run("320px 200% text "+pg.kind, func(t *testing.T) {
			p.t = t
			q := p
			if pg.path == alias {
				q = b.newTab(t)
				q.setWidth(320)
				q.must("Page.setFontSizes", map[string]any{"fontSizes": map[string]any{"standard": 32, "fixed": 26}})
				q.openAlias(dest)
			} else {
				q.navigate(hostURL + escapePath(pg.path))
			}
			m, err := q.state(`({
  scrollWidth: document.documentElement.scrollWidth,
  clientWidth: document.documentElement.clientWidth,
  fontSize: parseFloat(getComputedStyle(document.body).fontSize),
  wide: ` + overflowing + `
})`)
			if err != nil {
				t.Fatal(err)
			}
			if fs, _ := m["fontSize"].(float64); fs < 32 {
				t.Errorf("%s: the body text is %v px, not enlarged to 200 %%", pg.path, m["fontSize"])
			}
			if m["scrollWidth"] != m["clientWidth"] {
				t.Errorf("%s at 320 px with 200 %% text: scrollWidth %v px, clientWidth %v px; too wide: %v", pg.path, m["scrollWidth"], m["clientWidth"], m["wide"])
			} else {
				t.Logf("%s: scrollWidth %v px = clientWidth", pg.path, m["scrollWidth"])
			}
		})
	}
}

// TestBrowserScreenshots saves full-page screenshots of the home page, a
// notice and a list at 390 px and 1280 px, normal and in 长者模式
// (data-mode="elder" on the root element), into $BULLETIN_SCREENSHOTS
// (default a temporary folder, logged), for a person to look at.
func TestBrowserScreenshots(t *testing.T) {
	b := startBrowser(t)
	_, hostURL := exampleHostFuture(t)
	dir := os.Getenv("BULLETIN_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	pages := []struct{ name, path string }{
		{"home", "/"},
		{"notice", hotline},
		{"list", "/notices/"},
	}
	p := b.newTab(t)
	for _, width := range []int{390, 1280} {
		p.setWidth(width)
		for _, pg := range pages {
			for _, mode := range []string{"normal", "elder"} {
				p.navigate(hostURL + escapePath(pg.path))
				if mode == "elder" {
					p.mustEval(`document.documentElement.setAttribute("data-mode", "elder")`)
				}
				p.fullScreenshot(width, filepath.Join(dir, fmt.Sprintf("%s-%dpx-%s.png", pg.name, width, mode)))
			}
		}
	}
	// And the notice as a phone with its text at 200 % shows it.
	p.setWidth(320)
	p.must("Page.setFontSizes", map[string]any{"fontSizes": map[string]any{"standard": 32, "fixed": 26}})
	p.navigate(hostURL + hotline)
	p.fullScreenshot(320, filepath.Join(dir, "notice-320px-200pct-text.png"))
	t.Logf("screenshots of home, a notice and a list at 390 and 1280 px, normal and 长者模式, and of the notice at 320 px with 200 %% text, are in %s", dir)
}

// press types one key into the page, as a keyboard would.
func (p *tab) press(key, code string, keyCode int, text string) {
	p.t.Helper()
	for _, typ := range []string{"keyDown", "keyUp"} {
		ev := map[string]any{"type": typ, "key": key, "code": code, "windowsVirtualKeyCode": keyCode}
		if typ == "keyDown" && text != "" {
			ev["text"] = text
		}
		p.must("Input.dispatchKeyEvent", ev)
	}
}

// checkPromises checks, in a 320 px wide tab, what the accessibility fixes
// promise beyond what axe-core rules on.
func checkPromises(t *testing.T, p *tab, dest, hostURL string) {
	const yellow = "rgb(255, 221, 0)" // --focus
	// The skip link: Tab shows it on yellow; Enter moves to <main>, which
	// is not painted yellow.
	p.navigate(hostURL + "/")
	p.press("Tab", "Tab", 9, "")
	m, err := p.state(`({cls: document.activeElement.className, bg: getComputedStyle(document.activeElement).backgroundColor})`)
	if err != nil {
		t.Fatal(err)
	}
	if m["cls"] != "skip" || m["bg"] != yellow {
		t.Errorf("after Tab the focus is on %q with background %v, want the skip link on %s", m["cls"], m["bg"], yellow)
	}
	p.press("Enter", "Enter", 13, "\r")
	m = p.waitFor("the skip link moves to main", `({hash: location.hash, active: document.activeElement.id, bg: getComputedStyle(document.getElementById("main")).backgroundColor})`, func(m map[string]any) bool {
		return m["hash"] == "#main" && m["active"] == "main"
	})
	if m["bg"] == yellow {
		t.Errorf("after the skip link, <main> is painted %v", m["bg"])
	}

	// The home page names the urgent notice once: in the urgent banner.
	urgent := "/notices/2021-02-08-urgent-reminder/"
	m, err = p.state(`({links: document.querySelectorAll('a[href="` + urgent + `"]').length, inBanner: document.querySelectorAll('.urgent a[href="` + urgent + `"]').length})`)
	if err != nil {
		t.Fatal(err)
	}
	if m["links"] != float64(1) || m["inBanner"] != float64(1) {
		t.Errorf("the home page links the urgent notice %v times (%v in the banner), want once, in the banner", m["links"], m["inBanner"])
	}

	// A notice no longer in force says so in a heading just below its h1.
	for path, state := range map[string]string{
		"/notices/2021-01-22-volunteer-recruitment/": "已失效",
		"/notices/2021-01-15-new-year-fair/":         "已撤回",
		"/notices/2021-01-08-holiday-prevention/":    "已被替代",
	} {
		p.navigate(hostURL + path)
		m, err := p.state(`(function () {
  var hs = Array.prototype.map.call(document.querySelectorAll("main h1, main h2"), function (h) { return h.tagName + " " + h.textContent; });
  return {headings: hs};
})()`)
		if err != nil {
			t.Fatal(err)
		}
		hs, _ := m["headings"].([]any)
		if len(hs) < 2 || !strings.HasPrefix(fmt.Sprint(hs[0]), "H1 ") || !strings.Contains(fmt.Sprint(hs[1]), state) || !strings.HasPrefix(fmt.Sprint(hs[1]), "H2 ") {
			t.Errorf("%s: the headings are %v, want the h1 and then an h2 saying %s", path, hs, state)
		}
	}

	// The hotline notice: phone numbers are tel: links that stay on one
	// line even with the text at 200 %; the table's scrolling box is named
	// by the heading above it; the footnote links say where they go.
	p.must("Page.setFontSizes", map[string]any{"fontSizes": map[string]any{"standard": 32, "fixed": 26}})
	p.navigate(hostURL + hotline)
	m, err = p.state(`(function () {
  var tel = document.querySelectorAll('main a[href^="tel:"]');
  var broken = Array.prototype.filter.call(tel, function (a) { return a.getClientRects().length > 1; }).map(function (a) { return a.textContent; });
  var box = document.querySelector(".table-scroll");
  var label = box && document.getElementById(box.getAttribute("aria-labelledby") || "");
  var back = document.querySelector(".footnote-backref");
  var ref = document.querySelector(".footnote-ref");
  return {
    tel: tel.length, broken: broken,
    role: box && box.getAttribute("role"), tabindex: box && box.getAttribute("tabindex"), label: label ? label.textContent : null,
    back: back ? back.title : null,
    backHidden: back ? Array.prototype.every.call(back.childNodes, function (n) { return n.nodeType === 1 && n.getAttribute("aria-hidden") === "true"; }) : false,
    refTitle: ref ? ref.title : null
  };
})()`)
	p.must("Page.setFontSizes", map[string]any{"fontSizes": map[string]any{"standard": 16, "fixed": 13}})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := m["tel"].(float64); n < 15 {
		t.Errorf("the hotline notice has %v tel: links, want every phone number linked", m["tel"])
	}
	if b, _ := m["broken"].([]any); len(b) > 0 {
		t.Errorf("phone numbers broken over two lines at 320 px with 200 %% text: %v", b)
	}
	if m["role"] != "region" || m["tabindex"] != "0" || m["label"] != "二、各区县值班电话" {
		t.Errorf("the table's scrolling box is role=%v tabindex=%v named by %v, want a region named by its heading", m["role"], m["tabindex"], m["label"])
	}
	// The way back is named by its title, its arrow hidden from screen
	// readers (axe's link-name rule checks that the name is there).
	if m["back"] != "返回正文" || m["backHidden"] != true || m["refTitle"] != "注释1" {
		t.Errorf("the footnote's way back is titled %v (arrow hidden: %v) and its reference's title is %v", m["back"], m["backHidden"], m["refTitle"])
	}

	// The alias page: in the page's language, with a title and a link
	// that name the page, and a refresh to the root-relative URL.
	data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(alias)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<html lang="zh-CN">`,
		`<title>页面已移动：春节期间便民服务热线和各区县值班电话公告</title>`,
		`<meta http-equiv="refresh" content="0; url=` + hotline + `">`,
		`<a href="` + hotline + `">春节期间便民服务热线和各区县值班电话公告</a>`,
		`<link rel="canonical" href="https://notices.example.gov.cn` + hotline + `">`,
	} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the alias page lacks %s:\n%s", want, data)
		}
	}
}

// fullScreenshot saves the whole page, its full height captured beyond the
// viewport, as a PNG file.
func (p *tab) fullScreenshot(width int, name string) {
	p.t.Helper()
	h, _ := p.mustEval(`Math.ceil(document.documentElement.getBoundingClientRect().height)`).(float64)
	if h < 200 {
		p.t.Fatalf("the page is only %v px high", h)
	}
	var shot struct{ Data string }
	if err := p.b.cdp.call(p.session, "Page.captureScreenshot", map[string]any{
		"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": 0, "width": width, "height": h, "scale": 1},
	}, &shot); err != nil {
		p.t.Fatal(err)
	}
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil {
		p.t.Fatal(err)
	}
	if len(png) < 1000 || string(png[1:4]) != "PNG" {
		p.t.Fatalf("the screenshot %s is not a PNG (%d bytes)", name, len(png))
	}
	if err := os.WriteFile(name, png, 0o644); err != nil {
		p.t.Fatal(err)
	}
}
