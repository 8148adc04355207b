package htmlexec

// The escapers below do what html/template's escaper functions of the same
// names do (html.go, url.go and content.go in Go's html/template, BSD
// licence, Copyright 2011 The Go Authors), for the cases themes meet; the
// rest bail to html/template: content of type HTML in an attribute would
// need html/template's tag stripper.

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
	"strings"
)

// escaper is one of html/template's escaper functions, applied to the
// value piped into it.
type escaper interface {
	escape(v reflect.Value) string
	write(buf *bytes.Buffer, v reflect.Value)
}

var escapers = map[string]escaper{
	"_html_template_htmlescaper":   replacer{html: passHTML},
	"_html_template_attrescaper":   replacer{html: bailHTML},
	"_html_template_rcdataescaper": replacer{html: normHTML},
	"_html_template_urlfilter":     urlFilter{},
	"_html_template_urlnormalizer": urlProcessor{norm: true},
	"_html_template_urlescaper":    urlProcessor{norm: false},
}

type contentType uint8

const (
	contentPlain contentType = iota
	contentCSS
	contentHTML
	contentHTMLAttr
	contentJS
	contentJSStr
	contentURL
	contentSrcset
)

var (
	stringType = reflect.TypeFor[string]()
	contentOf  = map[reflect.Type]contentType{
		stringType:                           contentPlain,
		reflect.TypeFor[template.CSS]():      contentCSS,
		reflect.TypeFor[template.HTML]():     contentHTML,
		reflect.TypeFor[template.HTMLAttr](): contentHTMLAttr,
		reflect.TypeFor[template.JS]():       contentJS,
		reflect.TypeFor[template.JSStr]():    contentJSStr,
		reflect.TypeFor[template.URL]():      contentURL,
		reflect.TypeFor[template.Srcset]():   contentSrcset,
	}
)

// stringify is html/template's stringify for the one value an escaper
// receives: a string with its content type.
func stringify(v reflect.Value) (string, contentType) {
	if !v.IsValid() {
		return "", contentPlain
	}
	if v.Kind() == reflect.String {
		if v.Type() == stringType {
			return v.String(), contentPlain
		}
		if t, ok := contentOf[v.Type()]; ok {
			return v.String(), t
		}
	}
	if !v.CanInterface() {
		panic(bail{})
	}
	a := v.Interface()
	if a == nil {
		return "", contentPlain
	}
	switch s := indirectAny(a).(type) {
	case string:
		return s, contentPlain
	case template.CSS:
		return string(s), contentCSS
	case template.HTML:
		return string(s), contentHTML
	case template.HTMLAttr:
		return string(s), contentHTMLAttr
	case template.JS:
		return string(s), contentJS
	case template.JSStr:
		return string(s), contentJSStr
	case template.URL:
		return string(s), contentURL
	case template.Srcset:
		return string(s), contentSrcset
	}
	return fmt.Sprint(indirectToStringerOrError(a)), contentPlain
}

// indirectAny follows pointers to the value they point at (content.go's
// indirect).
func indirectAny(a any) any {
	if t := reflect.TypeOf(a); t.Kind() != reflect.Pointer {
		return a
	}
	v := reflect.ValueOf(a)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	return v.Interface()
}

func indirectToStringerOrError(a any) any {
	v := reflect.ValueOf(a)
	for !v.Type().Implements(fmtStringerType) && !v.Type().Implements(errorType) && v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	return v.Interface()
}

// htmlMode is what an HTML escaper does with content of type HTML.
type htmlMode uint8

const (
	passHTML htmlMode = iota // htmlEscaper: keep it
	normHTML                 // rcdataEscaper: escape all but entities
	bailHTML                 // attrEscaper: strip tags (html/template does that)
)

// replacer is htmlEscaper, attrEscaper or rcdataEscaper.
type replacer struct{ html htmlMode }

func (r replacer) table(v reflect.Value) (string, *[256]string, bool) {
	s, t := stringify(v)
	if t != contentHTML {
		return s, &htmlTable, true
	}
	switch r.html {
	case passHTML:
		return s, nil, false
	case normHTML:
		return s, &htmlNormTable, true
	}
	panic(bail{})
}

func (r replacer) escape(v reflect.Value) string {
	s, table, ok := r.table(v)
	if !ok || !needsReplacing(s, table) {
		return s
	}
	var b bytes.Buffer
	b.Grow(len(s) + 16)
	replace(&b, s, table)
	return b.String()
}

func (r replacer) write(buf *bytes.Buffer, v reflect.Value) {
	s, table, ok := r.table(v)
	if !ok {
		buf.WriteString(s)
		return
	}
	replace(buf, s, table)
}

// The replacement tables of html.go, indexed by byte. Every entry is for
// an ASCII character, and no byte of a multi-byte UTF-8 sequence (nor of
// an invalid one, which html.go leaves alone) is ASCII, so replacing
// byte by byte gives html.go's rune-by-rune result.
var htmlTable, htmlNormTable [256]string

func init() {
	for _, t := range []*[256]string{&htmlTable, &htmlNormTable} {
		t[0] = "\uFFFD"
		t['"'] = "&#34;"
		t['\''] = "&#39;"
		t['+'] = "&#43;"
		t['<'] = "&lt;"
		t['>'] = "&gt;"
	}
	htmlTable['&'] = "&amp;"
}

func needsReplacing(s string, table *[256]string) bool {
	for i := 0; i < len(s); i++ {
		if table[s[i]] != "" {
			return true
		}
	}
	return false
}

func replace(buf *bytes.Buffer, s string, table *[256]string) {
	written := 0
	for i := 0; i < len(s); i++ {
		if repl := table[s[i]]; repl != "" {
			buf.WriteString(s[written:i])
			buf.WriteString(repl)
			written = i + 1
		}
	}
	buf.WriteString(s[written:])
}

// filterFailsafe replaces an unsafe value, as in html/template.
const filterFailsafe = "ZgotmplZ"

type urlFilter struct{}

func (urlFilter) escape(v reflect.Value) string {
	s, t := stringify(v)
	if t == contentURL || isSafeURL(s) {
		return s
	}
	return "#" + filterFailsafe
}

func (u urlFilter) write(buf *bytes.Buffer, v reflect.Value) { buf.WriteString(u.escape(v)) }

func isSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}

// urlProcessor is urlNormalizer (norm) or urlEscaper.
type urlProcessor struct{ norm bool }

func (u urlProcessor) escape(v reflect.Value) string {
	var b bytes.Buffer
	u.write(&b, v)
	return b.String()
}

func (u urlProcessor) write(buf *bytes.Buffer, v reflect.Value) {
	s, t := stringify(v)
	processURL(buf, s, u.norm || t == contentURL)
}

// processURL is url.go's processURLOnto.
func processURL(b *bytes.Buffer, s string, norm bool) {
	const hex = "0123456789abcdef"
	written := 0
	for i, n := 0, len(s); i < n; i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
		written = i + 1
	}
	b.WriteString(s[written:])
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
