package sitemap

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"bulletin/generator/config"
	"bulletin/generator/content"
	"bulletin/generator/corpus"
	"bulletin/generator/markdown"
	"bulletin/generator/site"
)

// TestGeneratedSitePastFiftyThousandURLs builds the site graph of a
// generated corpus with more than 50,000 URLs and writes its sitemap: an
// index of parts that hold every page and list exactly once, each part
// within the protocol's limits, each page with its lastmod.
//
// A full build (rendering every page) of such a site takes far too long
// for the test suite, so this stops at the graph, which is all the sitemap
// reads: site.Build, then Entries and Write as the build calls them. The
// corpus's 5,000 notices are listed one per page (paginate: 1), which gives
// every term, section and year one list page per notice and the site about
// ten URLs per notice; at the default of 20 a site needs about 30,000
// notices for that, and building its graph alone takes too long here.
func TestGeneratedSitePastFiftyThousandURLs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 50,000-URL site graph")
	}
	fsys := corpus.Generate(corpus.Options{Notices: 5000, Seed: 5, EnglishShare: 0.2, Policies: 250})
	cfgFile := fsys["config.yaml"]
	cfgFile.Data = []byte(strings.Replace(string(cfgFile.Data), "paginate: 20", "paginate: 1", 1))
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Paginate != 1 {
		t.Fatalf("paginate = %d: the corpus's config.yaml changed; update this test", cfg.Paginate)
	}
	tree, l := content.Read(fsys, cfg)
	if l.Err() != nil {
		t.Fatal(l.Err())
	}
	now, err := time.ParseInLocation("2006-01-02", corpus.Now, cfg.Location)
	if err != nil {
		t.Fatal(err)
	}
	s, l := site.Build(cfg, tree, markdown.New(markdown.Options{}), site.Options{Now: now})
	if l.Err() != nil {
		t.Fatal(l.Err())
	}

	entries := Entries(s)
	if len(entries) <= MaxURLs {
		t.Fatalf("the site has %d URLs; the test needs more than %d", len(entries), MaxURLs)
	}
	w := &memWriter{}
	if err := Write(w, s.Config.BaseURL, entries); err != nil {
		t.Fatal(err)
	}
	var index sitemapIndex
	mustParse(t, FileName, w.files[FileName], &index)
	parts := (len(entries) + MaxURLs - 1) / MaxURLs
	if len(index.Sitemaps) != parts || len(w.files) != parts+1 {
		t.Fatalf("the index lists %d parts and %d files were written; want %d parts", len(index.Sitemaps), len(w.files), parts)
	}
	lastmod := map[string]string{} // absolute URL → lastmod
	for i, sm := range index.Sitemaps {
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		if sm.Loc != base+name || sm.LastMod == "" {
			t.Errorf("index entry %d: loc %q lastmod %q, want %s with a lastmod", i, sm.Loc, sm.LastMod, base+name)
		}
		if len(w.files[name]) > MaxBytes {
			t.Errorf("%s is %d bytes, over %d", name, len(w.files[name]), MaxBytes)
		}
		var set urlset
		mustParse(t, name, w.files[name], &set)
		if len(set.URLs) > MaxURLs {
			t.Errorf("%s holds %d URLs, over %d", name, len(set.URLs), MaxURLs)
		}
		for _, u := range set.URLs {
			if _, dup := lastmod[u.Loc]; dup {
				t.Errorf("%s is listed twice", u.Loc)
			}
			lastmod[u.Loc] = u.LastMod
		}
	}
	if len(lastmod) != len(entries) {
		t.Errorf("the parts list %d URLs, want %d", len(lastmod), len(entries))
	}
	abs := func(rel string) string { return base[:len(base)-1] + (&url.URL{Path: rel}).EscapedPath() }
	for _, p := range s.Pages {
		want := p.Updated.In(cfg.Location).Format(time.RFC3339)
		if got, ok := lastmod[abs(p.URL)]; !ok {
			t.Fatalf("page %s is not in the sitemap", p.URL)
		} else if got != want {
			t.Fatalf("page %s: lastmod %q, want %q", p.URL, got, want)
		}
	}
	for _, lg := range s.Langs {
		for _, tax := range lg.Taxonomies {
			for _, term := range tax.Terms {
				for _, pg := range term.Pagers {
					if _, ok := lastmod[abs(pg.URL)]; !ok {
						t.Fatalf("list page %s is not in the sitemap", pg.URL)
					}
				}
			}
		}
	}
}
