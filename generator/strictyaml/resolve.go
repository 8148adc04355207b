package strictyaml

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// resolvePlain returns the tag yaml.v3 gives an untagged plain scalar with
// value in: "!!str", "!!int", "!!float", "!!bool", "!!null" or
// "!!timestamp". It follows resolve and parseTimestamp in yaml.v3's
// resolve.go (v3.0.1) step by step, calling the same strconv and time
// functions, so that the two cannot disagree; only the tag is kept.
func resolvePlain(in string) string {
	if in == "" {
		return "!!null"
	}
	// yaml.v3 looks closer only at scalars whose first byte hints at a
	// non-string; that is what keeps Chinese text cheap.
	hint := in[0]
	switch {
	case hint == '+' || hint == '-' || '0' <= hint && hint <= '9':
	case hint == '.':
	case strings.IndexByte("yYnNtTfFoO~", hint) >= 0:
	default:
		return "!!str"
	}
	if tag, ok := resolveWords[in]; ok {
		return tag
	}
	switch {
	case hint == '.':
		if _, err := strconv.ParseFloat(in, 64); err == nil {
			return "!!float"
		}
	case hint == '+' || hint == '-' || '0' <= hint && hint <= '9':
		return resolveNumber(in)
	}
	return "!!str"
}

// resolveWords are the scalars yaml.v3 looks up by their whole text.
var resolveWords = map[string]string{
	"true": "!!bool", "True": "!!bool", "TRUE": "!!bool",
	"false": "!!bool", "False": "!!bool", "FALSE": "!!bool",
	"~": "!!null", "null": "!!null", "Null": "!!null", "NULL": "!!null",
	".nan": "!!float", ".NaN": "!!float", ".NAN": "!!float",
	".inf": "!!float", ".Inf": "!!float", ".INF": "!!float",
	"+.inf": "!!float", "+.Inf": "!!float", "+.INF": "!!float",
	"-.inf": "!!float", "-.Inf": "!!float", "-.INF": "!!float",
}

var yamlStyleFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// resolveNumber is yaml.v3's case for scalars starting with a sign or a
// digit: a timestamp, an int (with '_' separators, 0x, 0o, 0b, or 0777
// octal), a float, or else a string.
func resolveNumber(in string) string {
	if isTimestamp(in) {
		return "!!timestamp"
	}
	plain := strings.ReplaceAll(in, "_", "")
	if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return "!!int"
	}
	if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return "!!int"
	}
	if yamlStyleFloat.MatchString(plain) {
		if _, err := strconv.ParseFloat(plain, 64); err == nil {
			return "!!float"
		}
	}
	switch {
	case strings.HasPrefix(plain, "0b"):
		if _, err := strconv.ParseInt(plain[2:], 2, 64); err == nil {
			return "!!int"
		}
		if _, err := strconv.ParseUint(plain[2:], 2, 64); err == nil {
			return "!!int"
		}
	case strings.HasPrefix(plain, "-0b"):
		if _, err := strconv.ParseInt("-"+plain[3:], 2, 64); err == nil {
			return "!!int"
		}
	case strings.HasPrefix(plain, "0o"):
		if _, err := strconv.ParseInt(plain[2:], 8, 64); err == nil {
			return "!!int"
		}
		if _, err := strconv.ParseUint(plain[2:], 8, 64); err == nil {
			return "!!int"
		}
	case strings.HasPrefix(plain, "-0o"):
		if _, err := strconv.ParseInt("-"+plain[3:], 8, 64); err == nil {
			return "!!int"
		}
	}
	return "!!str"
}

// timestampLayouts are yaml.v3's allowedTimestampFormats, in its order,
// each with the separator a value must contain to match it.
var timestampLayouts = []struct {
	layout string
	sep    byte
}{
	{"2006-1-2T15:4:5.999999999Z07:00", 'T'},
	{"2006-1-2t15:4:5.999999999Z07:00", 't'},
	{"2006-1-2 15:4:5.999999999", ' '},
	{"2006-1-2", 0},
}

// isTimestamp is yaml.v3's parseTimestamp, without the time.
func isTimestamp(s string) bool {
	i := 0
	for ; i < len(s); i++ {
		if c := s[i]; c < '0' || c > '9' {
			break
		}
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return false
	}
	for _, l := range timestampLayouts {
		// Skipping layouts that cannot match saves time.Parse building
		// errors for the common "2021-01-20".
		if l.sep != 0 && strings.IndexByte(s, l.sep) < 0 {
			continue
		}
		if _, err := time.Parse(l.layout, s); err == nil {
			return true
		}
	}
	return false
}
