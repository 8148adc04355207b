package cli

import (
	"net/url"
	"strings"
	"testing"
)

// TestBrowserSearch builds the example site, serves it as a plain static
// host would, and searches it in Chromium: from the header's box on a
// notice, on the search page with a filter, and without JavaScript.
func TestBrowserSearch(t *testing.T) {
	b := startBrowser(t)
	_, host := exampleHost(t)

	results := `({
  status: (document.getElementById("search-status") || {}).textContent || "",
  links: Array.from(document.querySelectorAll("#search-results .item-title a")).map(function (a) { return a.getAttribute("href") + " " + a.textContent; }),
  dates: Array.from(document.querySelectorAll("#search-results time")).map(function (t) { return t.textContent; }),
  marked: Array.from(document.querySelectorAll("#search-results mark")).map(function (m) { return m.textContent; }),
  departments: document.querySelectorAll("#search-department option").length,
  nojs: !document.getElementById("search-nojs").hidden
})`

	t.Run("header box", func(t *testing.T) {
		p := b.newTab(t)
		p.navigate(host + "/notices/2021-02-08-urgent-reminder/")
		p.mustEval(`document.getElementById("header-q").value = "就地过年"; document.querySelector(".header-search").submit(); 1`)
		m := p.waitFor("results for 就地过年", results, func(m map[string]any) bool {
			links, _ := m["links"].([]any)
			return len(links) >= 5
		})
		links := m["links"].([]any)
		first := links[0].(string)
		if !strings.Contains(first, "就地过年") {
			t.Errorf("the first result does not have 就地过年 in its title: %v", links)
		}
		if href := p.mustEval(`location.pathname + location.search`); href != "/search/?q="+url.QueryEscape("就地过年") {
			t.Errorf("the header form went to %v", href)
		}
		if status, _ := m["status"].(string); !strings.Contains(status, "找到") {
			t.Errorf("the status line (a live region) says %q", status)
		}
		if marked, _ := m["marked"].([]any); len(marked) == 0 || marked[0] != "就地过年" {
			t.Errorf("marked text = %v, want 就地过年", marked)
		}
		if dates, _ := m["dates"].([]any); len(dates) == 0 || !strings.HasSuffix(dates[0].(string), "日") {
			t.Errorf("result dates are %v, want them as the lists write them (2021年1月12日)", dates)
		}
		if m["nojs"] != false {
			t.Error("the no-JavaScript message is still shown")
		}
		t.Logf("%d results, first %s", len(links), first)
	})

	t.Run("filter and document number", func(t *testing.T) {
		p := b.newTab(t)
		p.navigate(host + "/search/?q=" + url.QueryEscape("消费券") + "&department=" + url.QueryEscape("示例市商务局"))
		m := p.waitFor("filtered results", results, func(m map[string]any) bool {
			links, _ := m["links"].([]any)
			return len(links) > 0
		})
		for _, l := range m["links"].([]any) {
			if !strings.Contains(l.(string), "消费券") {
				t.Errorf("a result of 消费券 in 示例市商务局 is %v", l)
			}
		}
		if n, _ := m["departments"].(float64); n < 3 {
			t.Errorf("the department filter offers %v options", n)
		}
		if sel := p.mustEval(`document.getElementById("search-department").value`); sel != "示例市商务局" {
			t.Errorf("the department filter shows %v", sel)
		}
		p.navigate(host + "/search/?q=" + url.QueryEscape("示文旅发〔2021〕4号"))
		m = p.waitFor("the notice of a document number", results, func(m map[string]any) bool {
			links, _ := m["links"].([]any)
			return len(links) > 0
		})
		if first := m["links"].([]any)[0].(string); !strings.HasPrefix(first, "/notices/2021-01-15-new-year-fair/ ") {
			t.Errorf("示文旅发〔2021〕4号 found first %s", first)
		}
	})

	t.Run("partial matches only", func(t *testing.T) {
		p := b.newTab(t)
		p.navigate(host + "/search/?q=" + url.QueryEscape("量子计算机"))
		m := p.waitFor("the no-result message", results, func(m map[string]any) bool {
			s, _ := m["status"].(string)
			return strings.Contains(s, "没有找到")
		})
		links, _ := m["links"].([]any)
		partial := p.mustEval(`(document.querySelector("#search-results .search-partial") || {}).textContent || ""`)
		if len(links) > 0 && partial != "以下结果只包含部分关键词" {
			t.Errorf("%d partial results without the heading that says so (%q)", len(links), partial)
		}
	})

	t.Run("nothing at all", func(t *testing.T) {
		p := b.newTab(t)
		p.navigate(host + "/search/?q=zzqxw")
		m := p.waitFor("the no-result message", results, func(m map[string]any) bool {
			s, _ := m["status"].(string)
			return strings.Contains(s, "没有找到")
		})
		if links, _ := m["links"].([]any); len(links) != 0 {
			t.Errorf("zzqxw found %v", links)
		}
	})

	t.Run("without JavaScript", func(t *testing.T) {
		p := b.newTab(t)
		p.must("Emulation.setScriptExecutionDisabled", map[string]any{"value": true})
		p.navigate(host + "/search/?q=" + url.QueryEscape("就地过年"))
		m, err := p.state(`({
  nojs: (document.getElementById("search-nojs") || {}).innerText || "",
  links: document.querySelectorAll("#search-nojs a").length
})`)
		if err != nil {
			t.Fatal(err)
		}
		if s, _ := m["nojs"].(string); !strings.Contains(s, "JavaScript") {
			t.Errorf("without JavaScript the page says %q", s)
		}
		if n, _ := m["links"].(float64); n < 3 {
			t.Errorf("without JavaScript the page links %v lists", n)
		}
	})
}
