package site

import (
	"html/template"
	"time"

	"bulletin/generator/content"
	"bulletin/generator/markdown"
)

// State is where a page stands in its lifecycle at the build's "now".
type State int

// Lifecycle states, from the SPEC's table. A draft or scheduled page is
// only in a build made with --drafts or --future.
const (
	InForce State = iota
	Expired
	Withdrawn
	Superseded
)

func (s State) String() string {
	return [...]string{"in-force", "expired", "withdrawn", "superseded"}[s]
}

// Page is one content file as it appears on the site.
type Page struct {
	// The fields templates read most come first: text/template finds a
	// field by its name, going through the fields in order, on every
	// read (see render.Data).
	Title string
	URL   string               // site-relative, e.g. "/notices/spring/" or "/en/notices/spring/"
	Front *content.FrontMatter // the file's front matter, for templates
	Date  time.Time            // publication time (Front.Date)
	// Terms holds the page's taxonomy terms by taxonomy name, in
	// front-matter order ("department" → lead issuer first).
	Terms map[string][]*Term
	// Consultation is set when the page calls for public comment.
	Consultation *Consultation

	File *content.File

	Kind    string   // notice, policy or page
	Section *Section // nil for pages at the top of content/
	Lang    string
	Slug    string
	OutPath string // e.g. "notices/spring/index.html"

	Summary string // plain text
	Body    template.HTML
	// BodyHash identifies Body's bytes (seeded with content.HashSeed), so
	// a rebuild can tell whether a body changed without reading it.
	BodyHash uint64
	Headings []markdown.Heading
	Links    []markdown.Link

	State State
	// Flags and dates derived from State, Kind and Front, set with them.
	// They are fields rather than methods because templates read them on
	// every page and list entry, and text/template looks a method up and
	// calls it through reflection each time, several times the cost of
	// reading a field.
	InForce      bool // current: not expired, withdrawn or superseded
	IsExpired    bool // the expiry date has passed
	IsWithdrawn  bool // withdrawn by its issuer
	IsSuperseded bool // another notice replaces it
	// Repealed is set with IsSuperseded when the successor repeals the
	// page (its repeal: true): 已废止 rather than 已被替代.
	Repealed bool
	// Normative marks a 规范性文件, whose page shows 有效性: the page's
	// normative:, else its section's, never a 解读 by default.
	Normative bool
	IsNotice  bool // Kind is notice
	IsPolicy  bool // Kind is policy (a policy document)
	IsNews    bool // Kind is news (新闻动态)
	// Updated is the last update, or the publication time when never
	// updated.
	Updated time.Time

	Draft     bool // status: draft, in a --drafts build
	Scheduled bool // date in the future, in a --future build

	Supersedes      []*Page // the notices this one replaces
	SupersededBy    *Page   // the notice that replaces this one
	Interprets      *Page   // the policy this page explains (解读)
	Interpretations []*Page // pages that explain this policy
	Translations    []*Page // the same page in other languages, by language
	Prev, Next      *Page   // older and newer page of the same section and language

	// Related pages ("相关阅读"): those picked by hand (Picked, in the
	// order of related:), then up to RelatedMax found by shared terms,
	// best first.
	Related []*Page
	Picked  []*Page

	Attachments []*Attachment
	Aliases     []*Alias
}

// TermsOf returns the page's terms of one taxonomy (nil when the site has no
// such taxonomy).
func (p *Page) TermsOf(taxonomy string) []*Term { return p.Terms[taxonomy] }

// Path returns the content path ("notices/a.md").
func (p *Page) Path() string { return p.File.Path }

// setState records the page's lifecycle state and the flags derived from it.
func (p *Page) setState(s State) {
	p.State = s
	p.InForce, p.IsExpired = s == InForce, s == Expired
	p.IsWithdrawn, p.IsSuperseded = s == Withdrawn, s == Superseded
}

// setKind records the page's kind and the flags derived from it.
func (p *Page) setKind(kind string) {
	p.Kind = kind
	p.IsNotice, p.IsPolicy, p.IsNews = kind == "notice", kind == "policy", kind == "news"
}

// Translation returns the version of the page in lang, or nil.
func (p *Page) Translation(lang string) *Page {
	for _, t := range p.Translations {
		if t.Lang == lang {
			return t
		}
	}
	return nil
}

// Section is the list of one content folder in one language.
type Section struct {
	Key   string
	Title string
	Kind  string
	Lang  string
	URL   string // "/notices/" or "/en/notices/"
	// TitleLang is the language of Title when it is not the section's
	// (a language without its own title for the section shows the
	// default language's), else "".
	TitleLang string
	// Pages holds the section's current pages, newest first; Archived the
	// expired, withdrawn and superseded ones, newest first.
	Pages    []*Page
	Archived []*Page
	// Pagers are the list pages, the first at URL.
	Pagers []*Pager
	// InForceURL and InForcePagers are the list's in-force view (see
	// InForceFolder); empty for a section of plain pages.
	InForceURL    string
	InForcePagers []*Pager
}

// Pager is one page of a paginated list.
type Pager struct {
	Number  int // from 1
	Total   int // number of pagers in the list
	URL     string
	OutPath string
	Pages   []*Page
	First   *Pager
	Prev    *Pager
	Next    *Pager
	All     []*Pager
}

// Taxonomy is one way of classifying pages (department, category, tags) in
// one language.
type Taxonomy struct {
	Name   string // the front-matter field: "department", "category", "tags"
	Folder string // the URL folder: "departments", "categories", "tags"
	Lang   string
	URL    string // "/departments/" or "/en/departments/"
	// Terms are sorted by page count (most first), then name.
	Terms []*Term
}

// Term is one value of a taxonomy ("示例市卫生健康委员会") and its pages.
type Term struct {
	Taxonomy *Taxonomy
	Name     string // as first written (by content path order)
	Slug     string // the URL segment; Chinese characters are kept
	URL      string // "/departments/示例市卫生健康委员会/"
	// NameLang is the language to mark Name with on the pages of its
	// taxonomy's language (see MarkLang), else "".
	NameLang string
	// Pages are all pages with the term, newest first, archived ones
	// included (shown with their state).
	Pages  []*Page
	Pagers []*Pager
	// InForceURL and InForcePagers are the term's in-force view (see
	// InForceFolder).
	InForceURL    string
	InForcePagers []*Pager
}

// Year is one year of the archive.
type Year struct {
	Year   int
	URL    string // "/archive/2021/"
	Pages  []*Page
	Pagers []*Pager
}

// Attachment is a file published beside a page.
type Attachment struct {
	Title   string
	Src     string // path in the site folder: "content/notices/a.pdf"
	Name    string // file name, also the link relative to the page
	URL     string // "/notices/spring/a.pdf"
	OutPath string
	Type    string // "PDF", "XLSX"
	Size    int64
	// field is the attachment's front-matter field ("attachments.2.file"),
	// for positions: attachments that were not found are left out, so
	// the index in Page.Attachments may differ.
	field string
}

// SizeText is the size for people: "900 B", "128 KB", "1.2 MB".
func (a *Attachment) SizeText() string { return HumanSize(a.Size) }

// Alias is an old URL that redirects to a page.
type Alias struct {
	Given   string // as written in front matter: "old/notice-1"
	URL     string // "/old/notice-1/"
	OutPath string // "old/notice-1/index.html"
	Page    *Page
}
