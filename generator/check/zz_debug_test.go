package check

import (
	"os"
	"testing"

	"bulletin/generator/build"
	"bulletin/generator/corpus"
)

func BenchmarkDebug3k(b *testing.B) {
	r := build.Run(build.Options{Site: corpus.Generate(corpus.Options{Notices: 3000, Seed: 1, EnglishShare: 0.2, Policies: 150}), Theme: os.DirFS("../../templates"), Now: corpus.Now})
	docs := documents(r.Site)
	texts := make([]string, len(docs))
	for i, p := range docs {
		texts[i] = bodyText(string(p.Body))
	}
	b.Run("shingles", func(b *testing.B) {
		for b.Loop() {
			for _, t := range texts {
				shingles(t)
			}
		}
	})
	b.Run("similar", func(b *testing.B) {
		for b.Loop() {
			Similar(texts, 0.8)
		}
	})
}

func TestDebugCounts(t *testing.T) {
	r := build.Run(build.Options{Site: corpus.Generate(corpus.Options{Notices: 3000, Seed: 1, EnglishShare: 0.2, Policies: 150}), Theme: os.DirFS("../../templates"), Now: corpus.Now})
	docs := documents(r.Site)
	sigs := make([]*signature, len(docs))
	sets := make([][]uint64, len(docs))
	for i, p := range docs {
		sets[i] = shingles(bodyText(string(p.Body)))
		sigs[i] = sign(sets[i])
	}
	c := candidates(sigs)
	hist := map[int]int{}
	bad := 0
	for _, p := range c {
		e := estimate(sigs[p[0]], sigs[p[1]])
		hist[int(e*20)]++
		if e >= 0.74 {
			j := jaccard(sets[p[0]], sets[p[1]])
			if (j >= 0.8) != (e >= 0.8) { bad++ }
		}
	}
	t.Log(len(c), hist, "disagree", bad)
}
