package build

import (
	"bytes"
	"strings"
	"testing"
)

// A txtar archive (the format of golang.org/x/tools/txtar, which this
// module does not depend on): a comment, then files, each introduced by a
// line "-- name --".
type archive struct {
	Comment []byte
	Files   []archiveFile
}

type archiveFile struct {
	Name string
	Data []byte
}

// parseTxtar splits data into its comment and files. A file's data runs up
// to the next marker line and always ends in a newline when non-empty.
func parseTxtar(data []byte) *archive {
	a := &archive{}
	var cur *[]byte = &a.Comment
	for len(data) > 0 {
		line, rest, _ := bytes.Cut(data, []byte("\n"))
		data = rest
		if name, ok := markerName(line); ok {
			a.Files = append(a.Files, archiveFile{Name: name})
			cur = &a.Files[len(a.Files)-1].Data
			continue
		}
		*cur = append(append(*cur, line...), '\n')
	}
	return a
}

func markerName(line []byte) (string, bool) {
	s := strings.TrimRight(string(line), "\r")
	if !strings.HasPrefix(s, "-- ") || !strings.HasSuffix(s, " --") || len(s) < 7 {
		return "", false
	}
	return strings.TrimSpace(s[3 : len(s)-3]), true
}

// formatTxtar is the inverse of parseTxtar.
func formatTxtar(a *archive) []byte {
	var b bytes.Buffer
	b.Write(a.Comment)
	for _, f := range a.Files {
		b.WriteString("-- " + f.Name + " --\n")
		b.Write(f.Data)
		if len(f.Data) > 0 && f.Data[len(f.Data)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

func TestTxtarRoundTrip(t *testing.T) {
	src := "comment line\n-- a.md --\nhello\n-- empty --\n-- dir/b.txt --\nx\n-- not a marker\n--  spaced  --\ny"
	a := parseTxtar([]byte(src))
	if string(a.Comment) != "comment line\n" {
		t.Errorf("comment = %q", a.Comment)
	}
	want := []archiveFile{
		{"a.md", []byte("hello\n")},
		{"empty", nil},
		{"dir/b.txt", []byte("x\n-- not a marker\n")},
		{"spaced", []byte("y\n")},
	}
	if len(a.Files) != len(want) {
		t.Fatalf("files = %q", a.Files)
	}
	for i, f := range a.Files {
		if f.Name != want[i].Name || string(f.Data) != string(want[i].Data) {
			t.Errorf("file %d = %q %q, want %q %q", i, f.Name, f.Data, want[i].Name, want[i].Data)
		}
	}
	again := parseTxtar(formatTxtar(a))
	if string(formatTxtar(again)) != string(formatTxtar(a)) {
		t.Errorf("format/parse is not a round trip:\n%s", formatTxtar(again))
	}
}
