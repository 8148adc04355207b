package site_test

import (
	"reflect"
	"slices"
	"testing"

	"bulletin/generator/config"
	"bulletin/generator/content"
	"bulletin/generator/markdown"
	"bulletin/generator/site"
)

// TestReplaceBodiesChangesBodyFields: after a body edit, the fields
// ReplaceBodies set are those site.BodyFields names and no others, since
// fingerprints re-read only documents that read a changed page's
// BodyFields (render.Prints).
func TestReplaceBodiesChangesBodyFields(t *testing.T) {
	const front = "---\ntitle: 春节通知\ndate: 2021-01-20\nsummary: \n---\n"
	files := map[string]string{
		"notices/a.md": front + "## 安排\n\n正文第一版。\n",
		"notices/b.md": "---\ntitle: 另一则\ndate: 2021-01-21\n---\n见[通知](a.md)。\n",
	}
	s, _ := buildSite(t, relatedConfig, files)
	var p *site.Page
	for _, pg := range s.Pages {
		if pg.File.Path == "notices/a.md" {
			p = pg
		}
	}
	before := *p
	cfg, err := config.Parse([]byte(relatedConfig))
	if err != nil {
		t.Fatal(err)
	}
	f, diags := content.Parse("notices/a.md", []byte(front+"## 新安排\n\n正文第二版，[链接](b.md)。\n"), cfg)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	changed := s.ReplaceBodies([]*content.File{f}, markdown.New(markdown.Options{}), nil)
	if len(changed) != 1 || changed[0] != p {
		t.Fatalf("ReplaceBodies returned %v, want the page of a.md", changed)
	}
	bv, av := reflect.ValueOf(before), reflect.ValueOf(*p)
	for i := range bv.NumField() {
		name := bv.Type().Field(i).Name
		same := reflect.DeepEqual(bv.Field(i).Interface(), av.Field(i).Interface())
		if listed := slices.Contains(site.BodyFields, name); !listed && !same {
			t.Errorf("ReplaceBodies changed Page.%s, which site.BodyFields does not list", name)
		}
	}
	for _, name := range []string{"Body", "BodyHash", "Headings", "Links", "Summary", "File"} {
		if reflect.DeepEqual(bv.FieldByName(name).Interface(), av.FieldByName(name).Interface()) {
			t.Errorf("Page.%s did not change with the body", name)
		}
	}
}
