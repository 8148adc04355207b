package site

import (
	"strings"
	"unicode"
)

// MarkLang returns the language to mark text with on a page in language
// lang of a site whose default language is def: def for text with Chinese
// characters when def is Chinese and lang is not, else "". The site's own
// data (issuers, document numbers, term names) is written in the default
// language, and a screen reader must read it with a Chinese voice on an
// English page (WCAG 3.1.2, language of parts).
func MarkLang(text, lang, def string) string {
	if lang == def || !isChinese(def) || isChinese(lang) {
		return ""
	}
	for _, r := range text {
		if unicode.Is(unicode.Han, r) {
			return def
		}
	}
	return ""
}

// isChinese reports whether a BCP 47 language code is Chinese (zh, zh-CN,
// zh-Hant, …).
func isChinese(code string) bool { return code == "zh" || strings.HasPrefix(code, "zh-") }
