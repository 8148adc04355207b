package check_test

import (
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"

	"bulletin/generator/build"
	"bulletin/generator/check"
	"bulletin/generator/corpus"
	"bulletin/generator/site"
)

// randomText is n characters drawn from 3,000 common Han characters, with
// a full stop every 20.
func randomText(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteRune(rune(0x4E00 + r.IntN(3000)))
		if i%20 == 19 {
			b.WriteString("。")
		}
	}
	return b.String()
}

// edit replaces share of the characters of s at random.
func edit(r *rand.Rand, s string, share float64) string {
	runes := []rune(s)
	for i := range runes {
		if runes[i] != '。' && r.Float64() < share {
			runes[i] = rune(0x4E00 + r.IntN(3000))
		}
	}
	return string(runes)
}

const english = `The city government has decided to arrange the Spring Festival holiday as follows.
Offices close from the eleventh to the seventeenth of February and open again on the eighteenth.
Staff on duty keep the service windows for births, deaths and social security open every morning.
Residents who need help during the holiday can call the service hotline, which answers day and night.
Schools follow the calendar of the education bureau; hospitals keep their emergency departments open.`

func TestSimilar(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	base := randomText(r, 800)
	texts := []string{
		0: base,
		1: edit(r, base, 0.03),        // a few characters changed: ~0.9
		2: randomText(r, 800),         // unrelated
		3: "详见附件。",                    // too short to compare
		4: "详见附件。",                    // too short to compare
		5: base + randomText(r, 1600), // base is a third of it: ~0.33
		6: english + " Contact the office of the city government for details.",
		7: english + " Call the hotline 12345 with any questions.",
	}
	type pair struct{ a, b int }
	matches := func(skip func(a, b int) bool) map[pair]float64 {
		got := map[pair]float64{}
		for _, m := range check.Similar(texts, 0.8, skip) {
			got[pair{m.A, m.B}] = m.Similarity
			if m.Similarity < 0.8 || m.Similarity > 1 {
				t.Errorf("pair %d,%d: similarity %.3f out of range", m.A, m.B, m.Similarity)
			}
		}
		return got
	}
	got := matches(nil)
	if len(got) != 2 || got[pair{0, 1}] == 0 || got[pair{6, 7}] == 0 {
		t.Errorf("matches %v, want 0,1 and 6,7", got)
	}
	got = matches(func(a, b int) bool { return a == 0 && b == 1 })
	if len(got) != 1 || got[pair{6, 7}] == 0 {
		t.Errorf("with 0,1 accepted: matches %v, want only 6,7", got)
	}
}

// TestSimilarRecall compares Similar with comparing every pair on many
// edited copies: nearly every text with an earlier one at or above the
// threshold must get a match, and the match must be the best or close.
func TestSimilarRecall(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var texts []string
	for range 40 {
		base := randomText(r, 300+r.IntN(1500))
		texts = append(texts, base)
		for range 3 {
			texts = append(texts, edit(r, base, r.Float64()*0.12))
		}
	}
	got := map[int]check.Match{}
	for _, m := range check.Similar(texts, 0.8, nil) {
		got[m.B] = m
	}
	jaccard := check.Jaccards(texts)
	want := 0
	for b := range texts {
		best, bestA := 0.0, -1
		for a := range b {
			if sim := jaccard(a, b); sim > best {
				best, bestA = sim, a
			}
		}
		m, ok := got[b]
		switch {
		case best < 0.8 && ok:
			t.Errorf("text %d matched %d at %.3f; its best is %.3f", b, m.A, m.Similarity, best)
		case best < 0.8:
		case !ok:
			want++
			t.Logf("missed %d (best %d at %.3f)", b, bestA, best)
		default:
			want++
			if m.Similarity != jaccard(m.A, b) || m.Similarity < best-0.05 {
				t.Errorf("text %d matched %d at %.3f (exact %.3f); its best is %d at %.3f", b, m.A, m.Similarity, jaccard(m.A, b), bestA, best)
			}
		}
	}
	t.Logf("found %d of %d texts with a match at or above 0.8", len(got), want)
	if want == 0 || float64(len(got)) < 0.97*float64(want) {
		t.Errorf("found %d of %d", len(got), want)
	}
}

func TestContained(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	short := randomText(r, 400)
	long := randomText(r, 1200)       // 3 bytes a character, so long[:1800] is its first 600
	boilerplate := randomText(r, 300) // the office's standard paragraphs
	cases := []struct {
		name  string
		texts []string
		want  map[[2]int]bool // contained → container; others must not be reported
	}{
		{
			name:  "a short text copied whole into a longer one",
			texts: []string{short, long[:1800] + short + long[1800:]},
			want:  map[[2]int]bool{{0, 1}: true},
		},
		{
			name:  "a copy with a few words changed, about 92% inside",
			texts: []string{long + edit(r, short, 0.035), short},
			want:  map[[2]int]bool{{1, 0}: true},
		},
		{
			name:  "half of a text inside another",
			texts: []string{short[:600] + randomText(r, 200), long + short[:600]},
		},
		{
			name:  "equal texts are near-duplicates, not containment",
			texts: []string{short, short, edit(r, short, 0.01)},
		},
		{
			name: "notices sharing their boilerplate",
			texts: func() []string {
				var texts []string
				for range 80 {
					texts = append(texts, boilerplate[:450]+randomText(r, 400)+boilerplate[450:])
				}
				// A stub that is only the boilerplate is in all of them,
				// but a copy of none: it is not looked up.
				return append(texts, boilerplate, long+boilerplate)
			}(),
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			share := check.Shares(c.texts)
			for pair := range c.want {
				if s := share(pair[0], pair[1]); s < 0.9 {
					t.Fatalf("fixture: text %d has only %.3f of text %d", pair[1], s, pair[0])
				}
			}
			got := map[[2]int]bool{}
			for _, m := range check.Contained(c.texts, 0.9, nil) {
				got[[2]int{m.A, m.B}] = true
				if exact := share(m.A, m.B); m.Share != exact || m.Share < 0.9 {
					t.Errorf("%d in %d: share %.3f, exact %.3f", m.A, m.B, m.Share, exact)
				}
			}
			if len(got) != len(c.want) {
				t.Errorf("contained %v, want %v", got, c.want)
			}
			for pair := range c.want {
				if !got[pair] {
					t.Errorf("missed %d in %d; got %v", pair[0], pair[1], got)
				}
			}
		})
	}
	t.Run("accepted pairs are left out", func(t *testing.T) {
		texts := []string{short, long + short}
		if got := check.Contained(texts, 0.9, func(a, b int) bool { return a == 0 && b == 1 }); len(got) != 0 {
			t.Errorf("contained %v with the pair accepted", got)
		}
	})
}

// TestContainedRecall compares Contained with comparing every pair: short
// texts, edited a little, copied into longer ones among unrelated texts;
// nearly every text with a container at or above the threshold must get
// one, and nothing below it.
func TestContainedRecall(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	var texts []string
	for range 60 {
		short := randomText(r, 100+r.IntN(600))
		texts = append(texts, short)
		for range 2 {
			long := randomText(r, 500+r.IntN(3000))
			at := r.IntN(len([]rune(long)))
			texts = append(texts, string([]rune(long)[:at])+edit(r, short, r.Float64()*0.06)+string([]rune(long)[at:]))
		}
		texts = append(texts, randomText(r, 300+r.IntN(1500)))
	}
	share, jaccard := check.Shares(texts), check.Jaccards(texts)
	got := map[int]check.Containment{}
	for _, m := range check.Contained(texts, 0.9, nil) {
		got[m.A] = m
	}
	want := 0
	for a := range texts {
		best, bestB := 0.0, -1
		for b := range texts {
			if b != a && len(texts[b]) > len(texts[a]) && jaccard(a, b) < check.NearDuplicate && share(a, b) > best {
				best, bestB = share(a, b), b
			}
		}
		m, ok := got[a]
		switch {
		case best < 0.9 && ok:
			t.Errorf("text %d contained in %d at %.3f; its best is %.3f", a, m.B, m.Share, best)
		case best < 0.9:
		case !ok:
			want++
			t.Logf("missed %d (best %d at %.3f)", a, bestB, best)
		default:
			want++
			if m.Share != share(a, m.B) || m.Share < best-0.05 {
				t.Errorf("text %d contained in %d at %.3f (exact %.3f); its best is %d at %.3f", a, m.B, m.Share, share(a, m.B), bestB, best)
			}
		}
	}
	t.Logf("found %d of %d texts with a container at or above 0.9", len(got), want)
	if want < 50 || float64(len(got)) < 0.97*float64(want) {
		t.Errorf("found %d of %d", len(got), want)
	}
}

var (
	bigOnce sync.Once
	bigSite *site.Site
)

// bigCorpus is a generated site of 10,000 notices, 20% of them with an
// English translation, and 500 policies, built once.
func bigCorpus(b testing.TB) *site.Site {
	bigOnce.Do(func() {
		fsys := corpus.Generate(corpus.Options{Notices: 10000, Seed: 1, EnglishShare: 0.2, Policies: 500})
		res := build.Run(build.Options{Site: fsys, Theme: os.DirFS("../../templates"), Now: corpus.Now})
		bigSite = res.Site
	})
	return bigSite
}

// BenchmarkNearDuplicates10k finds the near-duplicate bodies among the
// 12,125 notices, translations and policies of the 10k corpus.
func BenchmarkNearDuplicates10k(b *testing.B) {
	s := bigCorpus(b)
	texts := check.BodyTexts(s.Pages)
	b.ResetTimer()
	var matches []check.Match
	for b.Loop() {
		matches = check.Similar(texts, check.NearDuplicate, nil)
	}
	b.ReportMetric(float64(len(texts)), "docs")
	b.ReportMetric(float64(len(matches)), "matches")
}

// BenchmarkNearDuplicatesSynthetic10k finds 100 planted near-duplicates
// among 10,000 bodies of 400 to 2,500 characters drawn from 3,000 Han
// characters with a Zipf distribution, like running text: the case of a
// real bulletin, where most notices share little beyond common words.
func BenchmarkNearDuplicatesSynthetic10k(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	zipf := rand.NewZipf(r, 1.1, 1, 2999)
	texts := make([]string, 10000)
	for i := range texts {
		if i%100 == 99 {
			texts[i] = edit(r, texts[i-1-r.IntN(50)], 0.02)
			continue
		}
		var sb strings.Builder
		for range 400 + r.IntN(2100) {
			sb.WriteRune(rune(0x4E00 + zipf.Uint64()))
		}
		texts[i] = sb.String()
	}
	b.ResetTimer()
	var matches []check.Match
	for b.Loop() {
		matches = check.Similar(texts, check.NearDuplicate, nil)
	}
	b.ReportMetric(float64(len(matches)), "matches")
}

// BenchmarkRun10k runs every check over the 10k corpus's site graph.
func BenchmarkRun10k(b *testing.B) {
	s := bigCorpus(b)
	b.ResetTimer()
	var n int
	for b.Loop() {
		n = len(check.Run(s, check.Options{}))
	}
	b.ReportMetric(float64(n), "findings")
}
