package render

import (
	"html/template"
	"strings"

	"bulletin/generator/site"
)

// Marking the site's Chinese data inside pages in another language, so a
// screen reader reads 示卫发〔2021〕3号 or 示例市卫生健康委员会 with a
// Chinese voice on an English page (WCAG 3.1.2, language of parts).
//
// Front-matter values and term names carry no language of their own: an
// English translation may keep the Chinese document number and issuer, or
// give them in English. So a value is marked when it has Chinese
// characters, the site's default language is Chinese and the document's
// is not (site.MarkLang). Labels the site gives per language (section
// titles) are marked from the data instead (site.Section.TitleLang), and
// term names carry their mark (site.Term.NameLang).

// LangOf returns the language to mark text with in this document: the
// site's default language for Chinese text on a page in a non-Chinese
// language, else "". {{with $.LangOf .}} lang="{{.}}"{{end}}
func (d *Data) LangOf(text string) string {
	if d.ForeignLang == "" {
		return ""
	}
	return site.MarkLang(text, d.Lang.Code, d.ForeignLang)
}

// TLang is T with one argument that may be in another language: arg is
// wrapped in <span lang="…"> when lang is set ("More in <span
// lang="zh-CN">通知公告</span>"). Both are escaped; the UI string fills
// its first %s.
func (d *Data) TLang(key, arg, lang string) template.HTML {
	a := template.HTMLEscapeString(arg)
	if lang != "" {
		a = `<span lang="` + template.HTMLEscapeString(lang) + `">` + a + `</span>`
	}
	return template.HTML(strings.Replace(template.HTMLEscapeString(d.T(key)), "%s", a, 1))
}
