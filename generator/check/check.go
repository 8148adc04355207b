// Package check finds what a build accepts but a reader would trip over:
// links and anchors that point nowhere, images without alt text, notices
// published twice, dates that contradict each other, document numbers used
// twice, headings that skip levels or head nothing, notices without an
// issuer. It is the extra work of `bulletin check`; the build's own
// validation runs first and is not repeated here.
//
// Every finding names its file, line and column, except links the theme
// writes, which are reported once with the number of documents they are on.
// Errors break what a resident sees (a dead link, a notice shown as expired
// before it takes effect, two documents with one number); warnings are
// matters of style and care, and fail only under --strict:
//
//	finding                                                       severity
//	Markdown link or image to a URL the site does not have        error
//	Markdown link to an #anchor the target does not have          error
//	link in the theme's output to a missing file or #anchor       error
//	image without alt text                                        warning
//	same title as another notice or policy, same language         warning
//	body sharing most of its text with an older notice or policy  warning
//	body (nearly) all inside a longer notice or policy, any title  warning
//	params.duplicate_of naming no page of the build               warning
//	params.duplicate_of that is not a content path or a list      error
//	expires not after effective                                   error
//	expires before the publication date                           warning
//	written (成文日期) after the publication date                 warning
//	updated before the publication date                           warning
//	updated without a changes note for that update                warning
//	supersedes naming a page of another kind (notice → policy)    error
//	doc_number used by another document of the same lead issuer   error
//	level-1 heading in the body (the title is the page's h1)      warning
//	heading level that skips (## then ####)                       warning
//	empty section (a heading followed by no text)                 warning
//	notice or policy without a department                         warning
//	consultation closed OutcomeDays (30) ago without an outcome   warning
//
// Near-duplicates are found without comparing every pair (see Similar):
// bodies become sets of shingles, CJK character bigrams and Latin word
// pairs; MinHash signatures banded for locality-sensitive hashing propose
// candidates; the best candidates are compared exactly. A notice whose body
// shares at least NearDuplicate of its shingles (Jaccard) with an older
// one is reported once, on the newer notice, against the most similar:
//
//	content/notices/b.md:1:1: warning: near-duplicate of content/notices/a.md (87% similar); …
//
// Jaccard misses a short body copied into a much longer one. A body at
// least Contains (90%) of whose shingles are in a longer one is reported
// too, whatever the titles, on the newer of the two (see Contained for how
// candidates are found without comparing every pair, and how the
// boilerplate templated notices share is left out):
//
//	content/notices/b.md:1:1: warning: text contained in content/notices/a.md (96% of its text appears there); …
//	content/notices/c.md:1:1: warning: contains the text of content/notices/a.md (100% of that text appears here); …
//
// A known pair is accepted with params.duplicate_of on either page:
//
//	params:
//	  duplicate_of: notices/2021-01-20-spring.md   # or a list of content paths
//
// Pages related by supersedes, interprets or translation_of are never
// reported as duplicates of each other, nor for sharing a doc_number.
//
// Upcoming is not a check but the offices' reminders: the notices that
// expire within some days, as notes that fail nothing.
package check

import (
	"bulletin/generator/diag"
	"bulletin/generator/site"
)

// Options tune Run.
type Options struct {
	// Output is the site rendered in memory by the build. With it, links
	// are checked against every file the build writes and links in the
	// theme's output are checked too; without it, only against the pages
	// and lists of the site graph.
	Output *Output
}

// Run checks a built site graph and returns its findings, sorted.
func Run(s *site.Site, opt Options) []*diag.Diagnostic {
	var l diag.List
	if s == nil {
		return nil
	}
	rel := newRelations(s, &l)
	idx := newIndex(s, opt.Output)
	checkLinks(s, idx, &l)
	if opt.Output != nil {
		checkOutputLinks(idx, opt.Output, &l)
	}
	checkDuplicates(s, rel, &l)
	checkLifecycle(s, &l)
	checkConsultations(s, &l)
	checkDocNumbers(s, rel, &l)
	checkStructure(s, &l)
	return l.Items()
}
