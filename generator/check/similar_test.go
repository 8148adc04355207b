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
	got := check.Similar(texts, 0.8)
	want := map[[2]int]bool{{0, 1}: true, {6, 7}: true}
	for _, p := range got {
		if !want[[2]int{p.A, p.B}] {
			t.Errorf("unexpected pair %d,%d (%.2f)", p.A, p.B, p.Similarity)
		}
		delete(want, [2]int{p.A, p.B})
		if p.Similarity < 0.8 || p.Similarity > 1 {
			t.Errorf("pair %d,%d: similarity %.3f out of range", p.A, p.B, p.Similarity)
		}
	}
	for p := range want {
		t.Errorf("pair %v not found", p)
	}
}

// TestSimilarRecall compares Similar with comparing every pair on many
// edited copies: it must find nearly every pair above the threshold.
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
	got := map[[2]int]bool{}
	for _, p := range check.Similar(texts, 0.8) {
		got[[2]int{p.A, p.B}] = true
	}
	want := 0
	jaccard := check.Jaccards(texts)
	for i := range texts {
		for j := i + 1; j < len(texts); j++ {
			if sim := jaccard(i, j); sim >= 0.8 {
				want++
				if !got[[2]int{i, j}] {
					t.Logf("missed %d,%d at %.3f", i, j, sim)
				}
			}
		}
	}
	t.Logf("found %d of %d pairs at or above 0.8", len(got), want)
	if want == 0 || float64(len(got)) < 0.97*float64(want) {
		t.Errorf("found %d of %d pairs at or above 0.8", len(got), want)
	}
	if len(got) > want {
		t.Errorf("found %d pairs, only %d are at or above 0.8", len(got), want)
	}
}

var (
	bigOnce sync.Once
	bigSite *site.Site
)

// bigCorpus is a generated site of 10,000 notices, 20% of them with an
// English translation, and 500 policies, built once.
func bigCorpus(b *testing.B) *site.Site {
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
	var pairs []check.Pair
	for b.Loop() {
		pairs = check.Similar(texts, check.NearDuplicate)
	}
	b.ReportMetric(float64(len(texts)), "docs")
	b.ReportMetric(float64(len(pairs)), "pairs")
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
