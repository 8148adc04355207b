package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestURLChanges: the command line compares with the list of page URLs in
// the output folder (or --urls-from), in build and in check, and
// --accept-url-changes lets a change through and says so.
func TestURLChanges(t *testing.T) {
	dir := site(t, nil)
	if code, _, stderr := run(t, nil, "build", "--source", dir, "--now", "2021-02-20"); code != ExitOK {
		t.Fatalf("first build: exit %d: %s", code, stderr)
	}
	list := filepath.Join(dir, "public", "bulletin-urls.json")
	saved, err := os.ReadFile(list)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "content/notices/b.md")); err != nil {
		t.Fatal(err)
	}
	const removed = "content/notices/b.md: page removed, so /notices/b/ no longer opens"
	for _, cmd := range []string{"build", "check"} {
		code, _, stderr := run(t, nil, cmd, "--source", dir, "--now", "2021-02-20")
		if code != ExitError || !strings.Contains(stderr, removed) {
			t.Errorf("%s after a notice was deleted: exit %d, stderr %q", cmd, code, stderr)
		}
	}
	// A CI job with a clean checkout compares with the live site's list.
	elsewhere := filepath.Join(t.TempDir(), "live-urls.json")
	if err := os.WriteFile(elsewhere, saved, 0o644); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(t.TempDir(), "public")
	code, _, stderr := run(t, nil, "build", "--source", dir, "--dest", fresh, "--now", "2021-02-20", "--urls-from", elsewhere)
	if code != ExitError || !strings.Contains(stderr, removed) {
		t.Errorf("build --urls-from: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := run(t, nil, "build", "--source", dir, "--dest", fresh, "--now", "2021-02-20", "--urls-from", filepath.Join(dir, "missing.json")); code != ExitError || !strings.Contains(stderr, "missing.json") {
		t.Errorf("build --urls-from a missing file: exit %d, stderr %q", code, stderr)
	}
	code, stdout, stderr := run(t, nil, "build", "--source", dir, "--now", "2021-02-20", "--accept-url-changes")
	if code != ExitOK || !strings.Contains(stdout, "accepted URL change: content/notices/b.md: /notices/b/ removed") {
		t.Fatalf("build --accept-url-changes: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if code, _, stderr := run(t, nil, "build", "--source", dir, "--now", "2021-02-20"); code != ExitOK {
		t.Errorf("the build after the accepted change: exit %d: %s", code, stderr)
	}
	if err := os.WriteFile(list, []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, nil, "build", "--source", dir, "--now", "2021-02-20"); code != ExitError || !strings.Contains(stderr, "bulletin-urls.json: not a list of page URLs written by bulletin") {
		t.Errorf("a damaged list: exit %d, stderr %q", code, stderr)
	}
}
