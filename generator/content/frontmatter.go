package content

import (
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
	Interprets    string         `yaml:"interprets"`
	Related       []string       `yaml:"related"`
	Pinned        bool           `yaml:"pinned"`
	Urgent        bool           `yaml:"urgent"`
	Attachments   []Attachment   `yaml:"attachments"`
	Lang          string         `yaml:"lang"`
	TranslationOf string         `yaml:"translation_of"`
	Slug          string         `yaml:"slug"`
	Aliases       []string       `yaml:"aliases"`
	AppliesTo     []string       `yaml:"applies_to"`
	Contact       string         `yaml:"contact"`
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
