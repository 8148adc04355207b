package feeds

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"testing"
)

// escapeCases are strings whose escaping is easy to get wrong: markup,
// every kind of white space, controls, characters XML does not allow,
// the JavaScript line separators and broken UTF-8.
var escapeCases = []string{
	"", "plain", "示例市 & <通知> \"引号\" 'apos'",
	"tab\tnl\nret\rff\fbs\bnul\x00esc\x1bdel\x7f",
	"\u2028line\u2029para\u2027\u202a", "\ufffe\uffff\ufffd\ufffc\U0010FFFF\U0001F600",
	"bad \xff byte", "cut \xe4\xb8", "\xed\xa0\x80 surrogate", "\xef\xbf", "\xe2\x80",
	"\xf4\x90\x80\x80 beyond", "\xc0\xaf overlong", "mixed \xff & \u2028 \ufffe <",
}

// TestEscapeLikeEncoders holds the hand-written escaping to
// encoding/xml's and encoding/json's.
func TestEscapeLikeEncoders(t *testing.T) {
	for _, s := range escapeCases {
		checkEscape(t, s)
	}
}

func FuzzEscape(f *testing.F) {
	for _, s := range escapeCases {
		f.Add(s)
	}
	f.Fuzz(checkEscape)
}

func checkEscape(t *testing.T, s string) {
	var x bytes.Buffer
	if err := xml.EscapeText(&x, []byte(s)); err != nil {
		t.Fatal(err)
	}
	if got := appendXMLText(nil, s); !bytes.Equal(got, x.Bytes()) {
		t.Errorf("XML of %q:\n got %q\nwant %q", s, got, x.Bytes())
	}
	var j bytes.Buffer
	enc := json.NewEncoder(&j)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	if got := appendJSONString(nil, s); !bytes.Equal(got, bytes.TrimSuffix(j.Bytes(), []byte("\n"))) {
		t.Errorf("JSON of %q:\n got %q\nwant %q", s, got, j.Bytes())
	}
}
