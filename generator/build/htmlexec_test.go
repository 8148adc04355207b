package build

import (
	"os"
	"path/filepath"
	"testing"

	"bulletin/generator/corpus"
	"bulletin/generator/render"
)

// TestFastTemplatesMatchHTMLTemplate renders the example site and a
// corpus (both languages, every page kind and lifecycle state) with the
// default theme twice, once through htmlexec and once in html/template
// alone, and compares every output byte. It also checks that the fast
// path really ran: after each template's first run, html/template may
// only be asked again when htmlexec had to hand a document back.
func TestFastTemplatesMatchHTMLTemplate(t *testing.T) {
	sites := map[string]Options{
		"example": {Site: os.DirFS("../.."), SourceDir: "../..", Now: "2021-02-10T12:00:00+08:00"},
		"corpus":  {Site: corpus.Generate(corpus.Options{Notices: 300, Seed: 11, EnglishShare: 0.3, Policies: 20}), Now: corpus.Now},
	}
	for name, opt := range sites {
		t.Run(name, func(t *testing.T) {
			opt.Theme = defaultTheme
			var snaps [2]map[string][]byte
			for i, exact := range []string{"", "1"} {
				t.Setenv(render.HTMLTemplateEnv, exact)
				o := opt
				o.Dest = filepath.Join(t.TempDir(), "public")
				b := NewBuilder(o)
				res := b.Rebuild(nil)
				if res.Failed || len(res.Diagnostics) > 0 {
					t.Fatalf("build failed: %v", res.Diagnostics)
				}
				snaps[i] = snapshot(t, o.Dest)
				st := b.theme.TemplateStats()
				if exact == "" {
					if st.Bailed > 0 || st.Unsupported > 0 || st.Fast < int64(res.Pages)/2 {
						t.Errorf("%d pages; executions: %+v; want the fast path for all after each template's first runs", res.Pages, st)
					}
				} else if st.Fast != 0 {
					t.Errorf("with %s=1, htmlexec still ran %d times", render.HTMLTemplateEnv, st.Fast)
				}
			}
			if err := sameTree(snaps[0], snaps[1]); err != nil {
				t.Errorf("htmlexec and html/template output differ: %v", err)
			}
		})
	}
}
