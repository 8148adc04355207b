package site_test

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"bulletin/generator/config"
	"bulletin/generator/content"
	"bulletin/generator/corpus"
	"bulletin/generator/markdown"
	"bulletin/generator/site"
)

// TestReplaceTextChangesTextFields: after an edit of a body and a title,
// the fields ReplaceText set are those site.TextFields names and no
// others, since fingerprints re-read only documents that read a changed
// page's TextFields (render.Prints).
func TestReplaceTextChangesTextFields(t *testing.T) {
	files := map[string]string{
		"notices/a.md": "---\ntitle: 春节通知\ndate: 2021-01-20\nsummary: \n---\n## 安排\n\n正文第一版。\n",
		"notices/b.md": "---\ntitle: 另一则\ndate: 2021-01-21\n---\n见[通知](a.md)。\n",
	}
	s, _ := buildSite(t, relatedConfig, files)
	p := pageAt(t, s, "notices/a.md")
	before := *p
	f := parse(t, "notices/a.md", "---\ntitle: 春节期间有关安排的通知\ndate: 2021-01-20\nsummary: \ncontact: 社区服务站 0531-12345678\n---\n## 新安排\n\n正文第二版，[链接](b.md)。\n")
	edit := s.ReplaceText([]*content.File{f}, markdown.New(markdown.Options{}), nil)
	if edit == nil || len(edit.Pages) != 1 || edit.Pages[0] != p || !edit.Retitled {
		t.Fatalf("ReplaceText returned %+v, want the page of a.md, retitled", edit)
	}
	bv, av := reflect.ValueOf(before), reflect.ValueOf(*p)
	for i := range bv.NumField() {
		name := bv.Type().Field(i).Name
		same := reflect.DeepEqual(bv.Field(i).Interface(), av.Field(i).Interface())
		if listed := slices.Contains(site.TextFields, name); !listed && !same {
			t.Errorf("ReplaceText changed Page.%s, which site.TextFields does not list", name)
		}
	}
	for _, name := range []string{"Title", "Body", "BodyHash", "Headings", "Links", "Summary", "File", "Front"} {
		if reflect.DeepEqual(bv.FieldByName(name).Interface(), av.FieldByName(name).Interface()) {
			t.Errorf("Page.%s did not change with the text", name)
		}
	}
	if p.Title != "春节期间有关安排的通知" || p.Front.Contact == "" {
		t.Errorf("title %q, contact %q: the new front matter was not taken", p.Title, p.Front.Contact)
	}
	f = parse(t, "notices/a.md", "---\ntitle: 春节期间有关安排的通知\ndate: 2021-01-20\n---\n正文第三版。\n")
	if edit := s.ReplaceText([]*content.File{f}, markdown.New(markdown.Options{}), nil); edit == nil || edit.Retitled {
		t.Errorf("a body edit: ReplaceText returned %+v, want the page, not retitled", edit)
	}
}

// TestReplaceTextRefusesShapeChanges: a front-matter edit the graph reads
// (a date, which orders lists; tags, which make terms) is not taken as
// text: ReplaceText returns nil and leaves the page as it was, and the
// caller builds the graph again.
func TestReplaceTextRefusesShapeChanges(t *testing.T) {
	const a = "---\ntitle: 春节通知\ndate: 2021-01-20\ntags: [春节]\n---\n正文。\n"
	for name, src := range map[string]string{
		"date": strings.Replace(a, "2021-01-20", "2021-01-22", 1),
		"tags": strings.Replace(a, "[春节]", "[春节, 防疫]", 1),
		"slug": strings.Replace(a, "date:", "slug: spring\ndate:", 1),
	} {
		t.Run(name, func(t *testing.T) {
			s, _ := buildSite(t, relatedConfig, map[string]string{"notices/a.md": a})
			p := pageAt(t, s, "notices/a.md")
			before := *p
			if got := s.ReplaceText([]*content.File{parse(t, "notices/a.md", src)}, markdown.New(markdown.Options{}), nil); got != nil {
				t.Fatalf("ReplaceText took a %s edit as text", name)
			}
			if !reflect.DeepEqual(before, *p) {
				t.Errorf("ReplaceText refused the %s edit but changed the page", name)
			}
		})
	}
}

// TestDisplayFieldsLeaveTheGraph holds content.SameShape to its promise:
// the corpus built with every page's title, summary, doc_number,
// index_no, applies_to, contact, author and source changed has the same
// graph as the corpus itself (every URL, state, list, term, relation and
// the next change of state), apart from those fields. A field the site
// graph starts to read must leave SameShape's list.
func TestDisplayFieldsLeaveTheGraph(t *testing.T) {
	src := corpus.Generate(corpus.Options{Notices: 300, Seed: 3, EnglishShare: 0.2, Policies: 30})
	build := func(edit func(*content.FrontMatter)) string {
		cfg, err := config.Parse(src["config.yaml"].Data)
		if err != nil {
			t.Fatal(err)
		}
		tree, l := content.Read(src, cfg)
		if err := l.Err(); err != nil {
			t.Fatal(err)
		}
		for _, f := range tree.Files {
			edit(&f.Front)
		}
		now, _ := time.ParseInLocation("2006-01-02", corpus.Now, cfg.Location)
		s, _ := site.Build(cfg, tree, markdown.New(markdown.Options{}), site.Options{Now: now})
		return graphShape(s)
	}
	plain := build(func(*content.FrontMatter) {})
	n := 0
	shown := build(func(f *content.FrontMatter) {
		n++
		before := *f
		f.Title = fmt.Sprintf("改过的标题%d", n)
		f.Summary = fmt.Sprintf("改过的摘要%d", n)
		f.DocNumber = fmt.Sprintf("示改字〔2021〕%d号", n)
		f.IndexNo = fmt.Sprintf("000-%d", n)
		f.AppliesTo = []string{fmt.Sprintf("第%d类人员", n)}
		f.Contact, f.Author, f.Source = "热线 12345", "记者", "示例日报"
		if !content.SameShape(&before, f) {
			t.Fatalf("SameShape says an edit of the shown fields changed the shape")
		}
	})
	if plain != shown {
		a, b := strings.Split(plain, "\n"), strings.Split(shown, "\n")
		for i := range min(len(a), len(b)) {
			if a[i] != b[i] {
				t.Fatalf("the graph changed with fields SameShape ignores; first difference, line %d:\n%s\n%s", i+1, a[i], b[i])
			}
		}
		t.Fatalf("the graph changed with fields SameShape ignores: %d lines against %d", len(a), len(b))
	}
	if !strings.Contains(plain, "Related") || !strings.Contains(plain, "Terms") {
		t.Fatalf("the shape misses the relations:\n%.2000s", plain)
	}
}

// graphShape prints the exported parts of a site graph apart from the
// pages' TextFields: pages, sections, terms and languages met inside
// others by their URL, everything else in full.
func graphShape(s *site.Site) string {
	var b strings.Builder
	text := map[string]bool{}
	for _, f := range site.TextFields {
		text[f] = true
	}
	seen := map[uintptr]bool{}
	var walk func(v reflect.Value, path string, top bool)
	walk = func(v reflect.Value, path string, top bool) {
		if v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
			if v.IsNil() {
				fmt.Fprintf(&b, "%s nil\n", path)
				return
			}
			if v.Kind() == reflect.Pointer {
				if u := v.Elem().FieldByName("URL"); !top && v.Elem().Kind() == reflect.Struct && u.IsValid() {
					fmt.Fprintf(&b, "%s → %s\n", path, u.String())
					return
				}
				if seen[v.Pointer()] {
					fmt.Fprintf(&b, "%s seen\n", path)
					return
				}
				seen[v.Pointer()] = true
			}
			walk(v.Elem(), path, top)
			return
		}
		switch v.Kind() {
		case reflect.Struct:
			if t, ok := v.Interface().(time.Time); ok {
				fmt.Fprintf(&b, "%s %s\n", path, t.Format(time.RFC3339Nano))
				return
			}
			page := v.Type() == reflect.TypeFor[site.Page]()
			for i := range v.NumField() {
				f := v.Type().Field(i)
				if !f.IsExported() || (page && text[f.Name]) {
					continue
				}
				walk(v.Field(i), path+"."+f.Name, false)
			}
		case reflect.Slice, reflect.Array:
			fmt.Fprintf(&b, "%s len %d\n", path, v.Len())
			for i := range v.Len() {
				walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i), top)
			}
		case reflect.Map:
			keys := v.MapKeys()
			sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
			for _, k := range keys {
				walk(v.MapIndex(k), fmt.Sprintf("%s[%v]", path, k), false)
			}
		case reflect.Func, reflect.Chan:
		default:
			fmt.Fprintf(&b, "%s %v\n", path, v)
		}
	}
	walk(reflect.ValueOf(s.Pages), "Pages", true)
	walk(reflect.ValueOf(s.Langs), "Langs", true)
	fmt.Fprintf(&b, "Until %s\n", s.Until)
	return b.String()
}

func parse(t *testing.T, path, src string) *content.File {
	t.Helper()
	cfg, err := config.Parse([]byte(relatedConfig))
	if err != nil {
		t.Fatal(err)
	}
	f, diags := content.Parse(path, []byte(src), cfg)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return f
}
