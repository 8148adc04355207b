package site

import "testing"

func TestMarkLang(t *testing.T) {
	for _, tc := range []struct {
		text, lang, def, want string
	}{
		{"示例市卫生健康委员会", "en", "zh-CN", "zh-CN"},     // Chinese data on an English page
		{"示卫发〔2021〕3号", "en", "zh-CN", "zh-CN"},    // one Han character is enough
		{"Example City Office", "en", "zh-CN", ""}, // no Chinese characters
		{"2021-3", "en", "zh-CN", ""},              // digits only
		{"示例市卫生健康委员会", "zh-CN", "zh-CN", ""},       // the page's own language
		{"示例市卫生健康委员会", "zh-Hant", "zh-CN", ""},     // a Chinese page reads it with a Chinese voice
		{"示例市卫生健康委员会", "en", "en", ""},             // the site's data is not Chinese
		{"示例市卫生健康委员会", "fr", "zh", "zh"},           // any Chinese default
		{"", "en", "zh-CN", ""},
	} {
		if got := MarkLang(tc.text, tc.lang, tc.def); got != tc.want {
			t.Errorf("MarkLang(%q, %q, %q) = %q, want %q", tc.text, tc.lang, tc.def, got, tc.want)
		}
	}
}
