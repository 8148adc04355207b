// Package content reads a site's content folder: every Markdown file's front
// matter decoded into a typed FrontMatter, and its body kept with the line
// it starts on, so later stages report positions counted in the file.
//
// It checks what a single file can tell: the front matter's shape, required
// fields, known values and safe paths. Checks that need the whole site
// (relations, links, duplicate URLs) belong to package site.
package content

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"bulletin/generator/config"
	"bulletin/generator/diag"
	"bulletin/generator/parallel"
	"bulletin/generator/strictyaml"
)

// Dir is the content folder inside a site folder.
const Dir = "content"

// File is one parsed content file.
type File struct {
	// Path is relative to the content folder, slash-separated:
	// "notices/2021-01-20-spring.md". Relations in front matter use it.
	Path string
	// Section is the first folder of Path ("notices"), or "" for pages at
	// the top of content/.
	Section string
	Front   FrontMatter
	// Pos maps front-matter field paths to their positions in the file.
	Pos *strictyaml.Positions
	// Body is the Markdown after the front matter; BodyLine is the line of
	// the file its first line is on.
	Body     []byte
	BodyLine int
	// Hash identifies the file's bytes, so later stages can tell whether
	// what a page shows has changed since the last build. Hashes are
	// seeded per process (HashSeed): compare them only within one run.
	Hash uint64
	// FrontHash identifies the front matter alone (and where the body
	// starts): equal FrontHash, only the body changed.
	FrontHash uint64
}

// SourcePath is the file's path relative to the site folder, as diagnostics
// name it: "content/notices/a.md".
func (f *File) SourcePath() string { return Dir + "/" + f.Path }

// At returns the position of a front-matter field, or of the top of the file
// when the field is absent.
func (f *File) At(field string) diag.Pos {
	if p, ok := f.Pos.Get(field); ok {
		return p
	}
	return diag.Pos{File: f.SourcePath(), Line: 1, Col: 1}
}

// Other is a non-Markdown file in the content folder (an attachment, an
// image), listed so later stages can copy or check it.
type Other struct {
	Path string // relative to the content folder
	Size int64
}

// Tree is everything read from the content folder.
type Tree struct {
	Files  []*File  // sorted by Path
	Others []*Other // sorted by Path
}

// Read walks content/ in site (a site folder), parses every Markdown file in
// parallel and returns them with all problems found. Files with errors are
// left out of the tree; the build fails on the diagnostics anyway.
func Read(site fs.FS, cfg *config.Config) (*Tree, *diag.List) {
	var l diag.List
	paths, others, walkDiags := Walk(site, Dir)
	tree := &Tree{Others: others}
	for _, d := range walkDiags {
		l.Add(d)
	}
	files := make([]*File, len(paths))
	parallel.For(len(paths), func(i int) {
		f, diags := ReadFile(site, paths[i], cfg)
		for _, d := range diags {
			l.Add(d)
		}
		files[i] = f
	})
	for _, f := range files {
		if f != nil {
			tree.Files = append(tree.Files, f)
		}
	}
	return tree, &l
}

// Walk lists the Markdown files (as content paths, sorted) and the other
// files below dir, a folder of site at or inside content/, skipping editor
// litter. Files that must not be read (see Stat) are left out and
// reported in diags, with anything else the walk could not read; a dir
// that is missing or cannot be listed (see CheckDir) is one diagnostic.
//
// Walk relies on site to refuse symbolic links that leave the site
// folder, as the FS of an os.Root does: it only names the problem.
func Walk(site fs.FS, dir string) (md []string, others []*Other, diags []*diag.Diagnostic) {
	if d := linkedRoot(site, dir); d != nil {
		return nil, nil, []*diag.Diagnostic{d}
	}
	if err := CheckDir(site, dir); err != nil {
		return nil, nil, []*diag.Diagnostic{err.(*diag.Diagnostic)}
	}
	var l diag.List
	werr := fs.WalkDir(site, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			l.Add(&diag.Diagnostic{File: p, Err: err})
			return nil
		}
		name := d.Name()
		if p != dir && Ignored(name) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		// A regular file's entry says all; anything else (a symbolic
		// link, a pipe) is looked at through Stat, so a link is judged
		// by where it leads and sized by its target.
		var info fs.FileInfo
		if d.Type() != 0 {
			var err error
			if info, err = Stat(site, p); err != nil {
				l.Add(err)
				return nil
			}
			if info.IsDir() {
				l.Add(linkedFolder(p))
				return nil
			}
		}
		rel := strings.TrimPrefix(p, Dir+"/")
		if strings.HasSuffix(name, ".md") {
			md = append(md, rel)
			return nil
		}
		if info == nil {
			var err error
			if info, err = d.Info(); err != nil {
				l.Add(&diag.Diagnostic{File: p, Err: err})
				return nil
			}
		}
		others = append(others, &Other{Path: rel, Size: info.Size()})
		return nil
	})
	if werr != nil {
		l.Add(&diag.Diagnostic{File: dir, Err: fmt.Errorf("cannot read the content folder: %w", werr)})
	}
	sort.Strings(md)
	sort.Slice(others, func(i, j int) bool { return others[i].Path < others[j].Path })
	return md, others, l.Items()
}

// linkedRoot reports a walk's folder that is a symbolic link: the content
// folder itself may be one, if it stays inside the site, but a linked
// folder further down is not followed, as fs.WalkDir does not follow it
// in a full walk either (a link to a parent would never end).
func linkedRoot(site fs.FS, dir string) *diag.Diagnostic {
	info, err := fs.Lstat(site, dir)
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return nil // a missing folder is the walk's to report
	}
	if _, err := Stat(site, dir); err != nil {
		return err.(*diag.Diagnostic)
	}
	if dir != Dir {
		return linkedFolder(dir)
	}
	return nil
}

// Stat describes the file at p, a slash path in site, as a build reads
// it. A symbolic link is followed, so the size is its target's; a link
// that cannot be followed inside the site folder, and anything that is
// neither a file nor a folder (a pipe, whose reading would never end), is
// an error naming p that says what to do. Every error is a
// *diag.Diagnostic naming p; errors.Is(err, fs.ErrNotExist) means p is
// gone.
func Stat(site fs.FS, p string) (fs.FileInfo, error) {
	info, err := fs.Lstat(site, p)
	if err != nil {
		return nil, &diag.Diagnostic{File: p, Err: err}
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		if info, err = fs.Stat(site, p); err != nil {
			return nil, linkError(p, err)
		}
	}
	if !info.IsDir() && !info.Mode().IsRegular() {
		return nil, &diag.Diagnostic{File: p, Err: errors.New("is not a regular file (a pipe, socket or device): bulletin publishes only files; remove it from the site folder")}
	}
	return info, nil
}

// linkError explains a symbolic link that site would not follow. os.Root
// refuses a link that leaves the root with an error of its own that is
// not exported; what is not a missing target is taken to be that.
func linkError(p string, err error) *diag.Diagnostic {
	if errors.Is(err, fs.ErrNotExist) {
		return &diag.Diagnostic{File: p, Err: errors.New("is a symbolic link to a file that does not exist: remove the link, or copy the file into the site folder")}
	}
	return &diag.Diagnostic{File: p, Err: errors.New("is a symbolic link that points outside the site folder; copy the file into the site instead")}
}

func linkedFolder(p string) *diag.Diagnostic {
	return diag.Pos{File: p}.Warnf("is a symbolic link to a folder, which bulletin does not follow: nothing in it is published; move the folder here instead")
}

// CheckLinks reports every file below dir, a folder of site, that a build
// must not read: a symbolic link out of the site folder, a pipe (see
// Stat). The theme's templates/ folder is read by fs.Glob and fs.WalkDir
// in package render, which would take an unreadable link for an absent
// file and fall back to the default theme without a word.
func CheckLinks(site fs.FS, dir string) error {
	var l diag.List
	if info, err := fs.Lstat(site, dir); err != nil {
		return nil // no folder, nothing to check
	} else if info.Mode()&fs.ModeSymlink != 0 {
		if _, err := Stat(site, dir); err != nil {
			return err
		}
	}
	err := fs.WalkDir(site, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			l.Add(&diag.Diagnostic{File: p, Err: err})
			return nil
		}
		if !d.IsDir() && d.Type() != 0 {
			if _, err := Stat(site, p); err != nil {
				l.Add(err)
			}
		}
		return nil
	})
	l.Add(err)
	return l.Err()
}

// CheckDir reports dir, a folder of site at or inside content/, as an
// error when it is missing, is a file, or cannot be listed. A folder that
// cannot be read is not a folder without notices: a build that took it for
// one would publish a site with its pages gone.
func CheckDir(site fs.FS, dir string) error {
	info, err := fs.Stat(site, dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &diag.Diagnostic{File: dir, Err: errors.New("folder is missing (deleted or renamed away?); nothing is published until it is back")}
	case err != nil:
		return &diag.Diagnostic{File: dir, Err: fmt.Errorf("cannot read the folder: %w", err)}
	case !info.IsDir():
		return &diag.Diagnostic{File: dir, Err: errors.New("is a file, not a folder; nothing is published until the folder is back")}
	}
	// Stat succeeds on a folder whose entries cannot be listed (chmod 000).
	if _, err := fs.ReadDir(site, dir); err != nil {
		return &diag.Diagnostic{File: dir, Err: fmt.Errorf("cannot read the folder: %w", err)}
	}
	return nil
}

// ReadFile reads and parses one content file; p is its content path
// ("notices/a.md"). The file is nil when it has errors.
func ReadFile(site fs.FS, p string, cfg *config.Config) (*File, []*diag.Diagnostic) {
	src, err := fs.ReadFile(site, Dir+"/"+p)
	if err != nil {
		return nil, []*diag.Diagnostic{{File: Dir + "/" + p, Err: err}}
	}
	f, diags := Parse(p, src, cfg)
	if hasError(diags) {
		return nil, diags
	}
	return f, diags
}

func hasError(diags []*diag.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == diag.Error {
			return true
		}
	}
	return false
}

// Ignored reports whether a file or folder name is editor or system litter
// (dot files, vim swap files, emacs and JetBrains backups) rather than
// content.
func Ignored(name string) bool {
	switch {
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, "#"),
		strings.HasSuffix(name, "~"), strings.HasSuffix(name, ".swp"),
		strings.HasSuffix(name, ".swx"), strings.HasSuffix(name, ".tmp"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"),
		name == "4913": // vim's write-permission probe
		return true
	}
	return false
}

var bom = []byte("\xef\xbb\xbf")

// HashSeed seeds File.Hash and FrontHash, and other in-process hashes of
// content (the site's body hashes). Nothing hashed with it is written
// out, so a fast hash seeded once per process serves.
var HashSeed = maphash.MakeSeed()

// Parse splits one content file into front matter and body and decodes the
// front matter. p is the path relative to content/.
func Parse(p string, src []byte, cfg *config.Config) (*File, []*diag.Diagnostic) {
	f := &File{Path: p, Hash: maphash.Bytes(HashSeed, src)}
	if i := strings.IndexByte(p, '/'); i >= 0 {
		f.Section = p[:i]
	}
	file := f.SourcePath()
	top := diag.Pos{File: file, Line: 1, Col: 1}

	src = bytes.TrimPrefix(src, bom)
	if !utf8.Valid(src) {
		return nil, []*diag.Diagnostic{invalidUTF8(file, src)}
	}
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	if len(bytes.TrimSpace(src)) == 0 {
		return nil, []*diag.Diagnostic{top.Errorf("empty file: a notice starts with front matter between two '---' lines, with at least title and date")}
	}
	yml, body, bodyLine, d := split(src, top)
	if d != nil {
		return nil, []*diag.Diagnostic{d}
	}
	f.Body, f.BodyLine = body, bodyLine
	f.FrontHash = maphash.Bytes(HashSeed, yml) ^ uint64(bodyLine)
	pos, diags := strictyaml.Decode(yml, &f.Front, strictyaml.Options{File: file, LineOffset: 1, Location: cfg.Location})
	f.Pos = pos
	if pos == nil { // the YAML itself is broken: nothing to validate
		return f, diags
	}
	// Validate even when some fields failed to decode, so every problem of
	// the file is reported at once.
	return f, append(diags, validateAndDefault(f, cfg, diags)...)
}

// decodeFailed reports whether a decode problem sits at field's value, so
// a malformed field is not also reported as missing.
func decodeFailed(f *File, decodeErrs []*diag.Diagnostic, field string) bool {
	p, ok := f.Pos.Get(field)
	if !ok {
		return false
	}
	for _, d := range decodeErrs {
		if d.Line == p.Line && d.Col == p.Col {
			return true
		}
	}
	return false
}

// split finds the front matter between a first line "---" and the next line
// "---" (or "...").
func split(src []byte, top diag.Pos) (yml, body []byte, bodyLine int, d *diag.Diagnostic) {
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	if string(bytes.TrimRight(first, " \t")) != "---" {
		return nil, nil, 0, top.Errorf("missing front matter: the file must start with a line '---', then YAML with at least title and date, then a line '---'")
	}
	line := 2
	for off := 0; off <= len(rest); line++ {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		next := len(rest) + 1
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
			next = off + end + 1
		}
		if t := string(bytes.TrimRight(l, " \t")); t == "---" || t == "..." {
			if next > len(rest) {
				return rest[:off], nil, line + 1, nil
			}
			return rest[:off], rest[next:], line + 1, nil
		}
		off = next
	}
	return nil, nil, 0, top.Errorf("front matter is not closed: add a line '---' after the last YAML line")
}

func invalidUTF8(file string, src []byte) *diag.Diagnostic {
	line, col := 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return diag.Pos{File: file, Line: line, Col: col}.Errorf("invalid UTF-8: save the file as UTF-8 (it may be GBK or GB 18030)")
}

var (
	langTag  = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
	slugRule = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}._-]*$`)
)

// validateAndDefault checks what the front matter of one file must
// satisfy on its own, and fills in the defaults of fields left out:
// status published, lang the site's language; a malformed withdrawn is
// dropped (and reported).
func validateAndDefault(f *File, cfg *config.Config, decodeErrs []*diag.Diagnostic) []*diag.Diagnostic {
	var out []*diag.Diagnostic
	fm := &f.Front
	top := f.At("")
	if decodeFailed(f, decodeErrs, "withdrawn") {
		fm.Withdrawn = nil // malformed, and reported as such
	}
	if strings.TrimSpace(fm.Title) == "" && !decodeFailed(f, decodeErrs, "title") {
		out = append(out, top.Errorf("missing required field \"title\""))
	}
	if fm.Date.IsZero() && !decodeFailed(f, decodeErrs, "date") {
		out = append(out, top.Errorf("missing required field \"date\" (the publication date, e.g. date: 2021-01-20)"))
	}
	if f.Section != "" {
		if _, ok := cfg.Sections[f.Section]; !ok {
			out = append(out, top.Errorf("folder %q is not a section: add it under sections in config.yaml, or move the file (sections: %s)", f.Section, strings.Join(cfg.SectionKeys(), ", ")))
		}
	}
	switch fm.Status {
	case "":
		fm.Status = StatusPublished
	case StatusPublished, StatusDraft:
	case StatusWithdrawn:
		if fm.Withdrawn == nil || strings.TrimSpace(fm.Withdrawn.Reason) == "" {
			out = append(out, f.At("status").Errorf("a withdrawn notice needs a reason: add withdrawn: {date: 2021-01-25, reason: \"…\"}"))
		}
	default:
		out = append(out, f.At("status").Errorf("unknown status %q: use draft, published or withdrawn", fm.Status))
	}
	if fm.Withdrawn != nil && fm.Status != StatusWithdrawn {
		out = append(out, f.At("withdrawn").Errorf("withdrawn is set but status is %q: set status: withdrawn, or remove withdrawn", fm.Status))
	}
	if fm.Withdrawn != nil && fm.Withdrawn.Date.IsZero() {
		out = append(out, f.At("withdrawn").Errorf("withdrawn needs a date"))
	}
	for i, c := range fm.Changes {
		at := f.At(fmt.Sprintf("changes.%d", i))
		if c.Date.IsZero() {
			out = append(out, at.Errorf("change %d needs a date", i+1))
		}
		if strings.TrimSpace(c.Note) == "" {
			out = append(out, at.Errorf("change %d needs a note saying what changed", i+1))
		}
	}
	if fm.Lang != "" {
		if !langTag.MatchString(fm.Lang) {
			out = append(out, f.At("lang").Errorf("lang %q is not a BCP 47 tag such as zh-CN or en", fm.Lang))
		} else if _, ok := cfg.Languages[fm.Lang]; !ok && fm.Lang != cfg.Language {
			out = append(out, f.At("lang").Errorf("lang %q is not a language of this site: add it under languages in config.yaml (site languages: %s)", fm.Lang, strings.Join(cfg.LanguageKeys(), ", ")))
		}
	} else {
		fm.Lang = cfg.Language
	}
	if fm.Slug != "" && !ValidSlug(fm.Slug) {
		out = append(out, f.At("slug").Errorf("slug %q must be one URL segment of letters, digits, '-', '_' or '.', without '/' or '..'", fm.Slug))
	}
	// Without slug, the file name is the URL segment and obeys the same
	// rule: a '?', '#' or '%' in it would make a link that finds nothing
	// on a static host, and a control character a broken one.
	if fm.Slug == "" && !ValidSlug(f.Name()) {
		out = append(out, top.Errorf("file name %q cannot be the page's URL segment: rename the file to letters, digits, '-', '_' or '.' (starting with a letter or digit), or set slug", f.Name()))
	}
	for i, a := range fm.Aliases {
		if err := CheckAlias(a); err != nil {
			out = append(out, f.At(fmt.Sprintf("aliases.%d", i)).Errorf("alias %q must be a URL path on this site such as /old/notice-1/: %v", a, err))
		}
	}
	if fm.Repeal && len(fm.Supersedes) == 0 {
		out = append(out, f.At("repeal").Errorf("repeal: true needs supersedes: the documents this one repeals (废止), e.g. supersedes: [policies/2019-old-measures.md]"))
	}
	for i, s := range fm.Supersedes {
		if d := checkContentPath(s, f.At(fmt.Sprintf("supersedes.%d", i)), "supersedes"); d != nil {
			out = append(out, d)
		}
	}
	if sec, ok := cfg.Sections[f.Section]; ok && sec.Kind == config.KindNews {
		if fm.DocNumber != "" {
			out = append(out, f.At("doc_number").Errorf("a news article has no 发文字号 (doc_number): remove it, or move the file to a notice or policy section if it is an official document"))
		}
	} else {
		for _, field := range []struct{ name, value string }{{"author", fm.Author}, {"source", fm.Source}} {
			if field.value != "" {
				out = append(out, f.At(field.name).Errorf("%s is for news articles: this file is in %s, not in a section of kind news", field.name, sectionName(f.Section)))
			}
		}
	}
	if decodeFailed(f, decodeErrs, "consultation") {
		fm.Consultation = nil // malformed, and reported as such
	}
	out = append(out, checkConsultation(f)...)
	for i, r := range fm.Related {
		if d := checkContentPath(r, f.At(fmt.Sprintf("related.%d", i)), "related"); d != nil {
			out = append(out, d)
		}
	}
	for _, field := range []struct{ name, value string }{{"interprets", fm.Interprets}, {"translation_of", fm.TranslationOf}} {
		if field.value != "" {
			if d := checkContentPath(field.value, f.At(field.name), field.name); d != nil {
				out = append(out, d)
			}
		}
	}
	for i, a := range fm.Attachments {
		at := f.At(fmt.Sprintf("attachments.%d", i))
		if a.File == "" {
			out = append(out, at.Errorf("attachment %d needs a file", i+1))
		} else if !SafeRelative(a.File) {
			out = append(out, f.At(fmt.Sprintf("attachments.%d.file", i)).Errorf("attachment %q must be a file beside the Markdown or below it, without '..' or a leading '/'", a.File))
		} else if Active(a.File) && !cfg.Markdown.UnsafeHTML {
			out = append(out, f.At(fmt.Sprintf("attachments.%d.file", i)).Errorf("attachment %q is of an active type (%s): browsers run it as a page of this site, so a script in it would act for every reader; publish it as PDF instead, or set markdown.unsafe_html: true in config.yaml if every author is trusted", a.File, strings.ToUpper(strings.TrimPrefix(path.Ext(a.File), "."))))
		}
	}
	return out
}

// activeTypes are the extensions a static host serves as a type browsers
// run or render with scripts, in the site's own origin: HTML, SVG, script,
// XML (whose stylesheets may make HTML), Flash.
var activeTypes = map[string]bool{
	".html": true, ".htm": true, ".shtml": true, ".xhtml": true, ".xht": true, ".mht": true, ".mhtml": true,
	".svg": true, ".svgz": true,
	".js": true, ".mjs": true, ".cjs": true,
	".xml": true, ".xsl": true, ".xslt": true, ".rdf": true, ".rss": true, ".atom": true,
	".swf": true,
}

// Active reports whether an attachment's file name is of a type a browser
// runs as part of the site (see activeTypes). Such an attachment needs
// markdown.unsafe_html, the site's one statement that its authors are
// trusted with HTML.
func Active(name string) bool { return activeTypes[strings.ToLower(path.Ext(name))] }

// SafeRelative reports whether p is a relative slash path that stays inside
// its folder.
func SafeRelative(p string) bool {
	return p != "" && fs.ValidPath(p) && !strings.Contains(p, "\\")
}

// sectionName names a file's section for a message.
func sectionName(key string) string {
	if key == "" {
		return "no section"
	}
	return "section " + key
}

// checkConsultation checks a consultation block on its own.
func checkConsultation(f *File) []*diag.Diagnostic {
	c := f.Front.Consultation
	if c == nil {
		return nil
	}
	var out []*diag.Diagnostic
	at := f.At("consultation")
	if c.Opens.IsZero() || c.Closes.IsZero() {
		out = append(out, at.Errorf("a consultation needs opens and closes dates: add opens: 2021-01-10 and closes: 2021-01-24 (the last day comments are taken)"))
	} else if c.Closes.Before(c.Opens) {
		out = append(out, f.At("consultation.closes").Errorf("consultation closes (%s) before it opens (%s)", c.Closes.Format(time.DateOnly), c.Opens.Format(time.DateOnly)))
	}
	if c.Email == "" && c.Address == "" && c.Phone == "" && c.URL == "" {
		out = append(out, at.Errorf("a consultation needs a way to respond: add email, address, phone or url (an online form)"))
	}
	if c.Email != "" && (strings.Count(c.Email, "@") != 1 || strings.HasPrefix(c.Email, "@") || strings.HasSuffix(c.Email, "@") || strings.ContainsAny(c.Email, " <>\"\t\n")) {
		out = append(out, f.At("consultation.email").Errorf("consultation email %q is not an address such as yijian@example.gov.cn", c.Email))
	}
	if c.URL != "" && !strings.HasPrefix(c.URL, "https://") && !strings.HasPrefix(c.URL, "http://") {
		out = append(out, f.At("consultation.url").Errorf("consultation url %q must start with https:// (the address of the online form)", c.URL))
	}
	if o := c.Outcome; o != nil {
		oat := f.At("consultation.outcome")
		if o.Date.IsZero() {
			out = append(out, oat.Errorf("a consultation outcome needs a date (when the feedback was published)"))
		} else if !c.Closes.IsZero() && o.Date.Before(c.Closes) {
			out = append(out, f.At("consultation.outcome.date").Errorf("consultation outcome dated %s, before comments close on %s", o.Date.Format(time.DateOnly), c.Closes.Format(time.DateOnly)))
		}
		if strings.TrimSpace(o.Summary) == "" && o.Page == "" {
			out = append(out, oat.Errorf("a consultation outcome needs a summary of the comments and what was adopted, or page: the content path of the report"))
		}
		if o.Page != "" {
			if d := checkContentPath(o.Page, f.At("consultation.outcome.page"), "consultation outcome page"); d != nil {
				out = append(out, d)
			}
		}
	}
	return out
}

func checkContentPath(p string, at diag.Pos, field string) *diag.Diagnostic {
	if !SafeRelative(p) || !strings.HasSuffix(p, ".md") {
		return at.Errorf("%s: %q must be a content path relative to content/, such as notices/2021-01-20-spring.md", field, p)
	}
	return nil
}

// ValidSlug reports whether s may be a page's last URL segment: letters,
// digits, '-', '_' and '.', starting with a letter or digit, so it is one
// segment that a static host serves under the same name.
func ValidSlug(s string) bool { return slugRule.MatchString(s) }

// CheckAlias says what is wrong with an alias, or returns nil: an alias
// is written as a folder (or .html file) of the output, so it must be a
// path that names one, below the site's root and outside the hidden
// files where bulletin keeps its own (.bulletin-output).
func CheckAlias(a string) error {
	rest, ok := strings.CutPrefix(a, "/")
	rest = strings.TrimSuffix(rest, "/")
	switch {
	case !ok:
		return errors.New("start it with '/'")
	case rest == "":
		return errors.New("'/' is the home page itself")
	case strings.IndexFunc(a, unicode.IsControl) >= 0:
		return errors.New("remove the control character")
	case strings.ContainsAny(a, "?#"):
		return errors.New("'?' and '#' are not part of a path")
	case strings.Contains(a, "%"):
		return errors.New("write the characters themselves, not %-escapes (/通知/, not /%E9%80%9A%E7%9F%A5/)")
	case strings.Contains(a, "\\"):
		return errors.New("separate folders with '/', not '\\'")
	}
	for _, seg := range strings.Split(rest, "/") {
		switch {
		case seg == "":
			return errors.New("remove the empty segment ('//')")
		case seg == "." || seg == "..":
			return errors.New("remove the '.' and '..' segments")
		case strings.HasPrefix(seg, "."):
			return fmt.Errorf("%q names a hidden file, where bulletin keeps its own (such as .bulletin-output)", seg)
		}
	}
	return nil
}

// Name returns the file name without folder and ".md".
func (f *File) Name() string { return strings.TrimSuffix(path.Base(f.Path), ".md") }
