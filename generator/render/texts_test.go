package render

import (
	"testing"

	"bulletin/generator/config"
	"bulletin/generator/site"
)

// TestTextsMatchT: {{.L.key}} must show what {{.T "key"}} shows, for a
// key in the language, one only in the default language, and one only in
// a third language (T gives the key itself).
func TestTextsMatchT(t *testing.T) {
	th := &Theme{strings: map[string]map[string]string{
		"zh-CN": {"home": "首页", "only_zh": "仅中文", "date_format": "2006年1月2日"},
		"en":    {"home": "Home"},
		"fr":    {"only_fr": "Seulement"},
	}}
	d := &Data{Lang: &site.Lang{Code: "en"}, Config: &config.Config{Language: "zh-CN"}, theme: th}
	d.derive(false)
	for _, key := range []string{"home", "only_zh", "only_fr", "date_format"} {
		if got, want := d.L[key], d.T(key); got != want {
			t.Errorf("L[%q] = %q, T gives %q", key, got, want)
		}
	}
	if d.L["home"] != "Home" || d.L["only_zh"] != "仅中文" || d.L["only_fr"] != "only_fr" {
		t.Errorf("L = %v", d.L)
	}
	zh := &Data{Lang: &site.Lang{Code: "zh-CN"}, Config: d.Config, theme: th}
	zh.derive(false)
	if zh.L["home"] != "首页" {
		t.Errorf("the default language's L[home] = %q", zh.L["home"])
	}
}
