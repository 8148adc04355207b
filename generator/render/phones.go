package render

import (
	"html/template"
	"strings"
)

// Phones returns text with each telephone number in it made a tel: link,
// the rest escaped: "市医保局窗口 0531-82050018" gives
// `市医保局窗口 <a href="tel:053182050018" class="tel">0531-82050018</a>`,
// so a resident reading the notice on a phone calls with one tap. A
// number is a run of digits and hyphens, not next to other digits, that
// is a Chinese landline with its area code (0 and 9 to 11 more digits),
// a mobile number (1, then 3 to 9, 11 digits), a 400 or 800 service
// number (10 digits) or a 12xxx government hotline (12345, 12315 …).
// Other digits (dates, room numbers, a number without its area code)
// stay text.
func (d *Data) Phones(text string) template.HTML {
	return phoneLinks(text)
}

// Phone is Phones for the value of a field that holds a telephone number
// (a consultation's phone): a value that is only a number (digits, with
// spaces, hyphens or parentheses between them and perhaps a leading +) is
// one tel: link, whatever its kind, since the field says it is a number
// to call: 82050018 without its area code is a local call. Anything else
// ("0531-12340618（工作日）") is as Phones gives it.
func (d *Data) Phone(value string) template.HTML {
	v := strings.TrimSpace(value)
	href := make([]byte, 0, len(v))
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case isDigit(c) || c == '+' && i == 0:
			href = append(href, c)
		case c == ' ' || c == '-' || c == '(' || c == ')':
		default:
			return phoneLinks(value)
		}
	}
	if digits := len(strings.TrimPrefix(string(href), "+")); digits < 3 || digits > 15 {
		return phoneLinks(value)
	}
	return template.HTML(`<a href="tel:` + string(href) + `" class="tel">` + template.HTMLEscapeString(v) + `</a>`)
}

func phoneLinks(text string) template.HTML {
	var b strings.Builder
	last := 0
	for i := 0; i < len(text); {
		if !isDigit(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && (isDigit(text[j]) || text[j] == '-') {
			j++
		}
		if number := strings.TrimRight(text[i:j], "-"); isPhone(number) {
			b.WriteString(template.HTMLEscapeString(text[last:i]))
			b.WriteString(`<a href="tel:`)
			b.WriteString(strings.ReplaceAll(number, "-", ""))
			b.WriteString(`" class="tel">`)
			b.WriteString(number)
			b.WriteString(`</a>`)
			last = i + len(number)
		}
		i = j
	}
	b.WriteString(template.HTMLEscapeString(text[last:]))
	return template.HTML(b.String())
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isPhone reports whether number (digits and single hyphens between
// them) is one of the kinds Phones links.
func isPhone(number string) bool {
	if strings.Contains(number, "--") {
		return false
	}
	digits := strings.ReplaceAll(number, "-", "")
	n := len(digits)
	switch {
	case digits[0] == '0':
		return n >= 10 && n <= 12 && digits[1] != '0'
	case digits[0] == '1' && n == 11:
		return digits[1] >= '3'
	case strings.HasPrefix(digits, "400") || strings.HasPrefix(digits, "800"):
		return n == 10
	case strings.HasPrefix(digits, "12"):
		return n == 5 && number == digits
	}
	return false
}
