package markdown

import (
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// ordinaryBody is a notice's body as offices write them: headings, Chinese
// paragraphs, lists, a table, links, emphasis and a footnote.
func ordinaryBody(size int) []byte {
	var b strings.Builder
	b.Grow(size + 4096)
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "## 第%d条 适用范围\n\n", i)
		b.WriteString("为做好春节期间疫情防控工作，保障人民群众生命安全和身体健康，根据**国家和省**有关规定，结合本市实际，制定本通知。")
		b.WriteString("详见[防控指南](../policies/x.md)和<https://example.gov.cn/a>。[^1]\n\n")
		b.WriteString("- 减少聚集，*提倡*就地过年；\n- 外出佩戴口罩；\n  1. 保持社交距离；\n  2. 勤洗手。\n\n")
		b.WriteString("| 项目 | 标准 | 备注 |\n| --- | :-: | --- |\n| 补贴 | 500元 | `按人计` |\n| 慰问 | 300元 | ~~无~~ |\n\n")
		b.WriteString("> 咨询电话：12345\n\n")
	}
	b.WriteString("[^1]: 以最新通知为准。\n")
	return []byte(b.String())
}

// TestMemory50MB converts a 50 MB ordinary body and bounds the memory it
// takes. goldmark keeps a node of some hundred bytes for every few bytes
// of Markdown (text segments, delimiters, table cells), so the whole tree
// is held at once: measured, 42× the input allocated and a peak of 36×
// in use, about three quarters of it goldmark's tree and the rest our
// HTML buffer, table wrapping and line index. The bounds sit a little
// above that, to catch a pass that starts copying the body per node or
// per line, which would multiply it again.
func TestMemory50MB(t *testing.T) {
	if testing.Short() {
		t.Skip("converts 50 MB")
	}
	src := ordinaryBody(50 << 20)
	r := New(Options{})

	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res, diags := r.Render(src, Doc{File: "content/notices/a.md", BodyLine: 5, Path: "notices/a.md", Resolve: resolve})
	runtime.ReadMemStats(&after)
	close(done)
	if len(diags) > 0 {
		t.Fatalf("%d diagnostics, first: %v", len(diags), diags[0])
	}
	runtime.KeepAlive(res)
	in := uint64(len(src))
	alloc := after.TotalAlloc - before.TotalAlloc
	held := peak.Load() - min(peak.Load(), before.HeapInuse)
	t.Logf("input %d MB: allocated %d MB (%.1f×), peak heap in use %d MB above the start (%.1f×)",
		in>>20, alloc>>20, float64(alloc)/float64(in), held>>20, float64(held)/float64(in))
	if alloc > maxAllocRatio*in {
		t.Errorf("allocated %.1f× the input, want at most %d×", float64(alloc)/float64(in), maxAllocRatio)
	}
	if held > maxHeldRatio*in {
		t.Errorf("peak heap %.1f× the input, want at most %d×", float64(held)/float64(in), maxHeldRatio)
	}
}

const (
	maxAllocRatio = 60
	maxHeldRatio  = 50
)
