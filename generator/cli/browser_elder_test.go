package cli

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"bulletin/generator/qrsvg"
)

// The browser tests of 长者模式 (elder mode: large text, high contrast),
// of prefers-contrast: more, and of a notice printed to be pinned on a
// board, on the example site as a static host serves it.

// elderState reads what elder mode changes on a page.
const elderState = `(function () {
  var b = document.getElementById("mode-toggle");
  var r = b ? b.getBoundingClientRect() : null;
  var store = null;
  try { store = localStorage.getItem("bulletin-mode"); } catch (e) { store = "unavailable"; }
  return {
    ready: document.readyState,
    mode: document.documentElement.getAttribute("data-mode"),
    stored: store,
    font: parseFloat(getComputedStyle(document.body).fontSize),
    color: getComputedStyle(document.body).color,
    pressed: b ? b.getAttribute("aria-pressed") : null,
    shown: !!(b && b.offsetParent !== null && r.width > 0),
    label: b ? b.textContent : null,
    x: r ? r.left + r.width / 2 : 0,
    y: r ? r.top + r.height / 2 : 0,
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth
  };
})()`

// click presses and releases the mouse at the middle of the mode button,
// as a reader's tap would.
func (p *tab) clickModeButton() {
	p.t.Helper()
	m, err := p.state(elderState)
	if err != nil {
		p.t.Fatal(err)
	}
	if m["shown"] != true {
		p.t.Fatalf("the mode button is not shown: %v", m)
	}
	for _, typ := range []string{"mousePressed", "mouseReleased"} {
		p.must("Input.dispatchMouseEvent", map[string]any{"type": typ, "x": m["x"], "y": m["y"], "button": "left", "clickCount": 1})
	}
}

// screenshot saves what the viewport shows as a PNG in $BULLETIN_SCREENSHOTS, when set,
// for a person to look at.
func (p *tab) screenshot(name string) { p.screenshotOf(name, "") }

// screenshotOf saves the element selector selects, or the viewport when
// selector is "".
func (p *tab) screenshotOf(name, selector string) {
	p.t.Helper()
	dir := os.Getenv("BULLETIN_SCREENSHOTS")
	if dir == "" {
		return
	}
	params := map[string]any{"format": "png"}
	if selector != "" {
		clip, err := p.state(`(function () { var r = document.querySelector(` + strconv.Quote(selector) + `).getBoundingClientRect();
  return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height, scale: 1}; })()`)
		if err != nil {
			p.t.Fatal(err)
		}
		params["clip"], params["captureBeyondViewport"] = clip, true
	}
	var r struct{ Data string }
	if err := p.b.cdp.call(p.session, "Page.captureScreenshot", params, &r); err != nil {
		p.t.Fatal(err)
	}
	data, err := base64.StdEncoding.DecodeString(r.Data)
	if err != nil {
		p.t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		p.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), data, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// TestBrowserElderMode turns elder mode on with the header's button on a
// notice, reads it on other pages, checks that its larger text fits a
// 320px screen, and turns it off again.
func TestBrowserElderMode(t *testing.T) {
	b := startBrowser(t)
	_, host := exampleHost(t)
	p := b.newTab(t)
	const notice = "/notices/2021-02-08-urgent-reminder/"
	p.must("Emulation.setDeviceMetricsOverride", map[string]any{"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": false})
	p.navigate(host + notice)
	m, err := p.state(elderState)
	if err != nil {
		t.Fatal(err)
	}
	if m["mode"] != nil || m["pressed"] != "false" || m["label"] != "长者模式" || m["shown"] != true {
		t.Fatalf("before the first click: %v, want the button 长者模式 shown, not pressed, no mode", m)
	}
	normal, _ := m["font"].(float64)
	if normal >= 22 {
		t.Fatalf("the body text is already %vpx", normal)
	}

	p.screenshot("normal-notice-1280")
	p.clickModeButton()
	m = p.waitFor("elder mode is on", elderState, func(m map[string]any) bool { return m["mode"] == "elder" })
	if font, _ := m["font"].(float64); font < 22 || m["pressed"] != "true" || m["stored"] != "elder" {
		t.Errorf("after the click: body text %vpx (want ≥ 22), aria-pressed %v, stored %v", m["font"], m["pressed"], m["stored"])
	}
	if m["color"] != "rgb(0, 0, 0)" {
		t.Errorf("in elder mode the text is %v, want black", m["color"])
	}
	p.screenshot("elder-notice-1280")

	// A page open in another tab follows.
	other := b.newTab(t)
	other.navigate(host + "/")
	if m, _ := other.state(elderState); m["mode"] != "elder" {
		t.Fatalf("another tab opened in elder mode? mode %v", m["mode"])
	}
	p.clickModeButton()
	other.waitFor("the other tab leaves elder mode", elderState, func(m map[string]any) bool { return m["mode"] == nil && m["pressed"] == "false" })
	p.clickModeButton()
	other.waitFor("the other tab enters elder mode", elderState, func(m map[string]any) bool { return m["mode"] == "elder" && m["pressed"] == "true" })

	// Other pages open in elder mode; at 320px wide nothing scrolls
	// sideways, even with the larger text.
	p.must("Emulation.setDeviceMetricsOverride", map[string]any{"width": 320, "height": 720, "deviceScaleFactor": 2, "mobile": true})
	for _, page := range []string{
		notice, "/", "/notices/", "/notices/page/2/", "/notices/2021-02-05-holiday-hotlines/",
		"/policies/2021-01-18-stay-holiday-job-support/", "/departments/", "/archive/2021/",
		"/en/", "/en/notices/2021-02-03-vaccination/", "/search/",
	} {
		p.navigate(host + page)
		m, err := p.state(elderState)
		if err != nil {
			t.Fatal(err)
		}
		if font, _ := m["font"].(float64); m["mode"] != "elder" || font < 22 || m["pressed"] != "true" {
			t.Errorf("%s: mode %v, body text %vpx, aria-pressed %v: elder mode not applied", page, m["mode"], m["font"], m["pressed"])
		}
		if m["scrollWidth"] != m["clientWidth"] || m["clientWidth"] != float64(320) {
			t.Errorf("%s in elder mode at 320px: the page is %v px wide in a %v px viewport; too wide: %v", page, m["scrollWidth"], m["clientWidth"], p.mustEval(overflowing))
		}
		if want := map[bool]string{false: "长者模式", true: "Large text"}[strings.HasPrefix(page, "/en/")]; m["label"] != want {
			t.Errorf("%s: the button says %v, want %s", page, m["label"], want)
		}
		if page == "/" || page == notice || page == "/notices/" {
			p.screenshot("elder-320" + strings.ReplaceAll(strings.TrimSuffix(page, "/"), "/", "-"))
		}
	}

	// Off again, and forgotten.
	p.clickModeButton()
	m = p.waitFor("elder mode is off", elderState, func(m map[string]any) bool { return m["mode"] == nil })
	if m["pressed"] != "false" || m["stored"] != nil {
		t.Errorf("after the second click: aria-pressed %v, stored %v", m["pressed"], m["stored"])
	}
	p.navigate(host + notice)
	if m, _ := p.state(elderState); m["mode"] != nil || m["font"].(float64) >= 22 || m["shown"] != true {
		t.Errorf("after turning it off the next page has mode %v and %vpx text, button shown %v", m["mode"], m["font"], m["shown"])
	} else if m["scrollWidth"] != m["clientWidth"] {
		t.Errorf("at 320px with the mode button the notice is %v px wide in a %v px viewport", m["scrollWidth"], m["clientWidth"])
	}
	p.screenshot("normal-320-notice")
}

// TestBrowserHighContrast emulates a reader who asked the system for more
// contrast, with JavaScript off: the text turns black and the links
// darker, and the mode button, which needs JavaScript, is not shown.
func TestBrowserHighContrast(t *testing.T) {
	b := startBrowser(t)
	_, host := exampleHost(t)
	p := b.newTab(t)
	p.must("Emulation.setScriptExecutionDisabled", map[string]any{"value": true})
	const colours = `({
  text: getComputedStyle(document.body).color,
  link: getComputedStyle(document.querySelector(".meta dd a")).color,
  underline: getComputedStyle(document.querySelector(".meta dd a")).textDecorationThickness,
  button: getComputedStyle(document.getElementById("mode-toggle")).display,
  font: getComputedStyle(document.body).fontSize,
  mode: document.documentElement.getAttribute("data-mode")
})`
	p.navigate(host + "/notices/2021-02-08-urgent-reminder/")
	before, err := p.state(colours)
	if err != nil {
		t.Fatal(err)
	}
	if before["button"] != "none" {
		t.Errorf("without JavaScript the mode button is shown (display %v): a control that does nothing", before["button"])
	}
	p.must("Emulation.setEmulatedMedia", map[string]any{"features": []map[string]string{{"name": "prefers-contrast", "value": "more"}}})
	after, err := p.state(colours)
	if err != nil {
		t.Fatal(err)
	}
	if before["text"] == after["text"] || after["text"] != "rgb(0, 0, 0)" {
		t.Errorf("with prefers-contrast: more the text is %v (was %v), want black", after["text"], before["text"])
	}
	if before["link"] == after["link"] || before["underline"] == after["underline"] {
		t.Errorf("with prefers-contrast: more links are %v underlined %v (were %v, %v), want darker and thicker", after["link"], after["underline"], before["link"], before["underline"])
	}
	if after["font"] != before["font"] || after["mode"] != nil {
		t.Errorf("prefers-contrast: more changed the text size (%v → %v) or set elder mode (%v)", before["font"], after["font"], after["mode"])
	}
}

// TestBrowserPrint prints a notice with attachments: the QR code of its
// address, its address and its attachments' as text, no navigation,
// search or footer, and a PDF.
func TestBrowserPrint(t *testing.T) {
	b := startBrowser(t)
	_, host := exampleHost(t)
	p := b.newTab(t)
	const page = "/notices/2021-02-05-holiday-hotlines/"
	p.navigate(host + page)
	const printed = `(function () {
  function shown(sel) {
    var e = document.querySelector(sel);
    if (!e) return "missing";
    var r = e.getBoundingClientRect();
    return getComputedStyle(e).display !== "none" && r.width > 0 && r.height > 0;
  }
  var svg = document.querySelector("svg.print-qr");
  return {
    text: document.body.innerText,
    canonical: document.querySelector('link[rel="canonical"]').href,
    attachment: document.querySelector(".attachments a").href,
    qr: shown("svg.print-qr"),
    qrSize: svg ? svg.getBoundingClientRect().width : 0,
    viewBox: svg ? svg.getAttribute("viewBox") : "",
    path: svg ? svg.querySelector("path").getAttribute("d") : "",
    nav: shown(".site-nav"), search: shown(".header-search"), footer: shown(".site-footer"),
    button: shown("#mode-toggle"), title: shown("h1"), meta: shown(".meta"),
    date: (document.querySelector(".print-date") || {}).textContent || ""
  };
})()`
	screen, err := p.state(printed)
	if err != nil {
		t.Fatal(err)
	}
	canonical, _ := screen["canonical"].(string)
	abs, err := url.Parse(canonical)
	if err != nil || abs.Host == "" || !strings.HasSuffix(canonical, page) {
		t.Fatalf("the canonical URL is %q", canonical)
	}
	// The attachment's absolute address: its relative link resolved
	// against the page's absolute address, not the test host's.
	att, _ := screen["attachment"].(string)
	attURL, _ := url.Parse(att)
	attAbs := abs.ResolveReference(&url.URL{Path: filepath.Base(attURL.Path)}).String()
	if screen["qr"] != false || strings.Contains(screen["text"].(string), attAbs) {
		t.Errorf("on screen the print block shows: QR %v, attachment address in the text %v", screen["qr"], strings.Contains(screen["text"].(string), attAbs))
	}
	// The QR code is that of the page's address.
	want, err := qrsvg.Encode(canonical)
	if err != nil {
		t.Fatal(err)
	}
	if screen["path"] != want.Path || screen["viewBox"] != fmt.Sprintf("0 0 %d %d", want.Size, want.Size) {
		t.Errorf("the page's QR code is not that of %s", canonical)
	}

	p.must("Emulation.setEmulatedMedia", map[string]any{"media": "print"})
	m, err := p.state(printed)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := m["text"].(string)
	if m["qr"] != true {
		t.Errorf("printed, the QR code is not shown (%v)", m["qr"])
	}
	if size, _ := m["qrSize"].(float64); size < 100 {
		t.Errorf("printed, the QR code is %vpx wide, want about 3.5cm", size)
	}
	for _, part := range []string{"nav", "search", "footer", "button"} {
		if m[part] != false {
			t.Errorf("printed, the %s is shown (%v)", part, m[part])
		}
	}
	if m["title"] != true || m["meta"] != true {
		t.Errorf("printed, the title (%v) or the metadata (%v) is not shown", m["title"], m["meta"])
	}
	for _, s := range []string{canonical, attAbs, "打印日期"} {
		if !strings.Contains(text, s) {
			t.Errorf("the printed text lacks %q", s)
		}
	}
	if date, _ := m["date"].(string); !regexp.MustCompile(`^\d{4}年\d{1,2}月\d{1,2}日$`).MatchString(date) {
		t.Errorf("the print date is %q, want today's", date)
	}
	var pdf struct{ Data string }
	if err := b.cdp.call(p.session, "Page.printToPDF", map[string]any{"printBackground": false}, &pdf); err != nil {
		t.Fatal(err)
	}
	if data, _ := base64.StdEncoding.DecodeString(pdf.Data); !strings.HasPrefix(string(data), "%PDF-") || len(data) < 10000 {
		t.Errorf("printToPDF gave %d bytes starting %.8q", len(data), data)
	} else if dir := os.Getenv("BULLETIN_SCREENSHOTS"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "print-notice.pdf"), data, 0o644)
	}
	p.screenshot("print-notice")
	p.screenshotOf("print-notice-end", "article.doc > .attachments ~ *:last-child")
}

// TestElderScriptHash keeps the README's Content-Security-Policy line true:
// it names the hash of the theme's inline script (in the head of every
// page), which a site's policy must allow for 长者模式 to apply before
// the page paints.
func TestElderScriptHash(t *testing.T) {
	var scripts [][][]byte
	for _, dir := range []string{"../../templates", "../../templates/partials"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.html"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no templates in %s: %v", dir, err)
		}
		for _, f := range files {
			text, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			scripts = append(scripts, regexp.MustCompile(`<script>([^<]*)</script>`).FindAllSubmatch(text, -1)...)
		}
	}
	if len(scripts) != 1 {
		t.Fatalf("the theme has %d inline scripts, want 1", len(scripts))
	}
	sum := sha256.Sum256(scripts[0][1])
	want := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), want) {
		t.Errorf("the README does not give the inline script's hash %s", want)
	}
}
