// Package config loads a site's config.yaml into a typed Config.
//
// Unknown keys and bad values are errors with their line, so a typo in the
// configuration never passes silently. Defaults fill what is left out; see
// Default.
package config

import (
	"cmp"
	"fmt"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"bulletin/generator/diag"
	"bulletin/generator/strictyaml"
)

// FileName is the configuration file at the root of a site folder.
const FileName = "config.yaml"

// Section kinds: what the pages of a content folder are.
const (
	KindNotice = "notice"
	KindPolicy = "policy"
	KindPage   = "page"
	// KindNews is a news article (新闻动态): an author and a source, no
	// 发文字号 and no validity.
	KindNews = "news"
)

// Config is a site's configuration.
type Config struct {
	Title      string              `yaml:"title"`
	BaseURL    string              `yaml:"base_url"`
	Language   string              `yaml:"language"`
	Timezone   string              `yaml:"timezone"`
	Publisher  string              `yaml:"publisher"`
	Copyright  string              `yaml:"copyright"`
	Paginate   int                 `yaml:"paginate"`
	Sections   map[string]*Section `yaml:"sections"`
	Taxonomies []string            `yaml:"taxonomies"`
	Markdown   Markdown            `yaml:"markdown"`
	Languages  map[string]*Lang    `yaml:"languages"`

	// Trust marks (see trust.go) and free values for templates.
	Logo            *Logo          `yaml:"logo"`
	Favicon         string         `yaml:"favicon"`
	SiteIDCode      string         `yaml:"site_id_code"`
	ICP             string         `yaml:"icp"`
	PoliceFiling    string         `yaml:"police_filing"`
	PoliceFilingURL string         `yaml:"police_filing_url"`
	Params          map[string]any `yaml:"params"`

	// Assets are the files of templates/assets/ the configuration names
	// (logo, favicon), for the build to check against the theme.
	Assets []AssetRef `yaml:"-"`

	// Location is Timezone loaded; dates without an offset are in it.
	Location *time.Location `yaml:"-"`
}

// Section is one content folder: content/<key>/.
type Section struct {
	Title string `yaml:"title"`
	Kind  string `yaml:"kind"`
	// Normative makes the section's documents 规范性文件 by default: their
	// pages show 有效性 (validity). A page's own normative: overrides it;
	// a 解读 never is one unless it says so.
	Normative bool `yaml:"normative"`
	// Weight orders the sections in the navigation and on the home page:
	// lighter first, then by key; all 0 (the default) is by key.
	Weight int `yaml:"weight"`
}

// Markdown holds the Markdown options.
type Markdown struct {
	UnsafeHTML bool `yaml:"unsafe_html"`
}

// Lang is an extra content language. Everything but the title is
// optional and falls back to the site's value.
type Lang struct {
	Title     string `yaml:"title"`
	Publisher string `yaml:"publisher"`
	Copyright string `yaml:"copyright"`
	// Sections maps section keys to their titles in this language.
	Sections map[string]string `yaml:"sections"`
	// Logo overrides the site's logo file or alt text in this language.
	Logo *Logo `yaml:"logo"`
	// Params are merged over the site's params, key by key.
	Params map[string]any `yaml:"params"`
}

// KnownTaxonomies are the front-matter fields that can be listed under
// taxonomies, with the URL folder of each.
var KnownTaxonomies = map[string]string{
	"department": "departments",
	"category":   "categories",
	"tags":       "tags",
}

// Default returns the configuration used for keys a site leaves out.
func Default() *Config {
	return &Config{
		Title:      "Bulletin",
		BaseURL:    "http://localhost:1313/",
		Language:   "zh-CN",
		Timezone:   "Asia/Shanghai",
		Paginate:   20,
		Taxonomies: []string{"department", "category", "tags"},
		Sections: map[string]*Section{
			"notices":  {Title: "通知公告", Kind: KindNotice},
			"policies": {Title: "政策文件", Kind: KindPolicy},
		},
	}
}

// Load reads config.yaml from fsys and validates it. A missing file is an
// error: a site folder is recognised by it.
func Load(fsys fs.FS) (*Config, error) {
	src, err := fs.ReadFile(fsys, FileName)
	if err != nil {
		return nil, &diag.Diagnostic{File: FileName, Err: fmt.Errorf("cannot read the site configuration: %w (is this a site folder? run `bulletin init DIR` to make one)", fs.ErrNotExist)}
	}
	return Parse(src)
}

var langTag = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
var sectionKey = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Parse decodes and validates config.yaml's bytes.
func Parse(src []byte) (*Config, error) {
	c := Default()
	fileSections := c.Sections
	c.Sections = nil
	pos, diags := strictyaml.Decode(src, c, strictyaml.Options{File: FileName})
	var l diag.List
	for _, d := range diags {
		l.Add(d)
	}
	if c.Sections == nil {
		c.Sections = fileSections
	}
	at := func(path string) diag.Pos {
		if p, ok := pos.Get(path); ok {
			return p
		}
		return diag.Pos{File: FileName, Line: 1}
	}

	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		l.Add(at("timezone").Errorf("unknown time zone %q: use an IANA name such as Asia/Shanghai", c.Timezone))
		loc = time.UTC
	}
	c.Location = loc

	if err := CheckBaseURL(c.BaseURL); err != nil {
		l.Add(at("base_url").Errorf("base_url %w", err))
	} else if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	if !langTag.MatchString(c.Language) {
		l.Add(at("language").Errorf("language %q is not a BCP 47 tag such as zh-CN or en", c.Language))
	}
	if c.Paginate < 1 {
		l.Add(at("paginate").Errorf("paginate must be at least 1, got %d", c.Paginate))
	}
	for _, key := range sortedKeys(c.Sections) {
		s := c.Sections[key]
		p := at("sections." + key)
		switch {
		case s == nil:
			l.Add(p.Errorf("section %q needs a title and a kind", key))
			continue
		case !sectionKey.MatchString(key):
			l.Add(p.Errorf("section %q: a section key is a folder name of lowercase letters, digits and dashes", key))
		case reservedFolders[key]:
			l.Add(p.Errorf("section %q: the name is used by the site's own pages; choose another folder name", key))
		}
		switch s.Kind {
		case KindNotice, KindPolicy, KindNews, KindPage:
		case "":
			l.Add(p.Errorf("section %q: kind is missing: use notice, policy, news or page", key))
		default:
			l.Add(at("sections."+key+".kind").Errorf("section %q: unknown kind %q: use notice, policy, news or page", key, s.Kind))
		}
		if s.Title == "" {
			s.Title = key
		}
	}
	for i, t := range c.Taxonomies {
		if _, ok := KnownTaxonomies[t]; !ok {
			l.Add(at(fmt.Sprintf("taxonomies.%d", i)).Errorf("unknown taxonomy %q: choose from department, category, tags", t))
		}
	}
	for _, key := range sortedKeys(c.Languages) {
		if !langTag.MatchString(key) {
			l.Add(at("languages."+key).Errorf("language %q is not a BCP 47 tag such as en", key))
		}
		if key == c.Language {
			l.Add(at("languages."+key).Errorf("language %q is the site's default language; list only extra languages here", key))
		}
		if c.Languages[key] == nil {
			c.Languages[key] = &Lang{}
		}
		for _, sec := range sortedKeys(c.Languages[key].Sections) {
			if _, ok := c.Sections[sec]; !ok {
				l.Add(at("languages."+key+".sections."+sec).Errorf("languages.%s.sections: %q is not a section (sections: %s)", key, sec, strings.Join(sortedKeys(c.Sections), ", ")))
			}
		}
	}
	c.checkTrust(at, &l)
	if err := l.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// reservedFolders are URL folders the generator writes itself.
var reservedFolders = map[string]bool{
	"assets": true, "archive": true, "departments": true, "categories": true,
	"tags": true, "search": true, "page": true, "consultations": true,
}

// SectionOrder returns the section keys in the order readers see them:
// by weight, then by key.
func (c *Config) SectionOrder() []string {
	keys := c.SectionKeys()
	slices.SortStableFunc(keys, func(a, b string) int { return cmp.Compare(c.Sections[a].Weight, c.Sections[b].Weight) })
	return keys
}

// SectionKeys returns the section keys, sorted.
func (c *Config) SectionKeys() []string { return sortedKeys(c.Sections) }

// LanguageKeys returns the default language followed by the extra ones,
// sorted.
func (c *Config) LanguageKeys() []string {
	return append([]string{c.Language}, sortedKeys(c.Languages)...)
}

// HasTaxonomy reports whether name is one of the site's taxonomies.
func (c *Config) HasTaxonomy(name string) bool {
	for _, t := range c.Taxonomies {
		if t == name {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
