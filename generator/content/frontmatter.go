package content

import (
	"reflect"
	"time"
)

// FrontMatter is the YAML block at the top of a content file. The fields and
// their meaning are listed in the README's front-matter reference.
type FrontMatter struct {
	Title         string         `yaml:"title"`
	Date          time.Time      `yaml:"date"`
	Updated       time.Time      `yaml:"updated"`
	Changes       []Change       `yaml:"changes"`
	Summary       string         `yaml:"summary"`
	Department    []string       `yaml:"department"`
	Category      string         `yaml:"category"`
	Tags          []string       `yaml:"tags"`
	DocNumber     string         `yaml:"doc_number"`
	IndexNo       string         `yaml:"index_no"`
	Written       time.Time      `yaml:"written"`
	Effective     time.Time      `yaml:"effective"`
	Expires       time.Time      `yaml:"expires"`
	Status        string         `yaml:"status"`
	Withdrawn     *Withdrawal    `yaml:"withdrawn"`
	Supersedes    []string       `yaml:"supersedes"`
	Repeal        bool           `yaml:"repeal"`    // with supersedes: the old documents are repealed (已废止), not just replaced
	Normative     *bool          `yaml:"normative"` // 规范性文件: shows 有效性; default from the section
	Interprets    string         `yaml:"interprets"`
	Related       []string       `yaml:"related"`
	Consultation  *Consultation  `yaml:"consultation"`
	Pinned        bool           `yaml:"pinned"`
	Urgent        bool           `yaml:"urgent"`
	Attachments   []Attachment   `yaml:"attachments"`
	Lang          string         `yaml:"lang"`
	TranslationOf string         `yaml:"translation_of"`
	Slug          string         `yaml:"slug"`
	Aliases       []string       `yaml:"aliases"`
	AppliesTo     []string       `yaml:"applies_to"`
	Contact       string         `yaml:"contact"`
	Author        string         `yaml:"author"` // news: 作者
	Source        string         `yaml:"source"` // news: 来源, e.g. 示例日报
	Params        map[string]any `yaml:"params"`
}

// Change is one entry of a page's public change history.
type Change struct {
	Date time.Time `yaml:"date"`
	Note string    `yaml:"note"`
}

// Withdrawal says when and why a notice was withdrawn.
type Withdrawal struct {
	Date   time.Time `yaml:"date"`
	Reason string    `yaml:"reason"`
}

// Consultation makes a page a call for public comment (意见征集): when
// comments are taken, how to send them, and later what came of them.
type Consultation struct {
	Opens  time.Time `yaml:"opens"`
	Closes time.Time `yaml:"closes"` // the last day comments are taken, as expires is
	// How to respond: at least one of them.
	Email   string `yaml:"email"`
	Address string `yaml:"address"` // a postal address or an office to visit
	Phone   string `yaml:"phone"`
	URL     string `yaml:"url"` // an online form
	// Outcome is the feedback (反馈/采纳情况), published after closing.
	Outcome *Outcome `yaml:"outcome"`
}

// Outcome is what an office publishes after a consultation: a summary, a
// page with the full report, or both.
type Outcome struct {
	Date    time.Time `yaml:"date"`
	Summary string    `yaml:"summary"`
	Page    string    `yaml:"page"` // content path of the report
}

// Attachment is a file beside the Markdown, offered for download.
type Attachment struct {
	Title string `yaml:"title"`
	File  string `yaml:"file"`
}

// Status values.
const (
	StatusPublished = "published"
	StatusDraft     = "draft"
	StatusWithdrawn = "withdrawn"
)

// SameShape reports whether a and b differ at most in the fields that are
// only shown: title, summary, doc_number, index_no, applies_to, contact,
// author and source. The site graph (URLs, lists, terms, relations,
// lifecycle states) reads none of them, so an edit of these alone (and of
// the body) leaves it valid; a rebuild then only updates the page's text
// (site.ReplaceText). TestDisplayFieldsLeaveTheGraph in package site
// keeps the list honest.
func SameShape(a, b *FrontMatter) bool {
	x, y := *a, *b
	for _, f := range []*FrontMatter{&x, &y} {
		f.Title, f.Summary, f.DocNumber, f.IndexNo = "", "", "", ""
		f.Contact, f.Author, f.Source = "", "", ""
		f.AppliesTo = nil
	}
	return reflect.DeepEqual(x, y)
}
