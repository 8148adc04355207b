package check

import "bulletin/generator/site"

// Jaccards returns the exact similarity of two of texts' shingle sets,
// for tests that compare every pair.
func Jaccards(texts []string) func(i, j int) float64 {
	sets := make([][]uint32, len(texts))
	for i, t := range texts {
		sets[i] = shingleSet(t)
	}
	return func(i, j int) float64 { return jaccard(sets[i], sets[j]) }
}

// BodyTexts returns the readable text of each page's body, for benchmarks.
func BodyTexts(pages []*site.Page) []string { return bodyTexts(pages) }

// Shares returns the exact share of text i's shingles that text j has,
// for tests that compare every pair.
func Shares(texts []string) func(i, j int) float64 {
	sets := make([][]uint32, len(texts))
	for i, t := range texts {
		sets[i] = shingleSet(t)
	}
	return func(i, j int) float64 { return float64(intersection(sets[i], sets[j])) / float64(len(sets[i])) }
}
