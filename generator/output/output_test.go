package output_test

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"bulletin/generator/output"
)

const markerText = "This folder is written by bulletin; each build replaces it whole.\n"

// writeTree writes files (slash path → content) below dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readTree reads every file below dir; a missing dir reads as nil.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// besideDest lists the names beside dest that start like bulletin's
// staging and set-aside folders.
func besideDest(t *testing.T, dest string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(dest))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "."+filepath.Base(dest)+".") {
			out = append(out, e.Name())
		}
	}
	return out
}

// build writes files through a stage for dest and commits it.
func build(t *testing.T, dest string, files map[string]string) {
	t.Helper()
	s, err := output.NewStage(dest)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := s.WriteFile(name, []byte(files[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
}

// withMarker returns files plus the output marker.
func withMarker(files map[string]string) map[string]string {
	out := maps.Clone(files)
	out[output.Marker] = markerText
	return out
}

// needExchange skips a test of the one-step exchange where the system or
// the file system of the test's temporary folders lacks it (then builds
// take the two renames, tested on their own).
func needExchange(t *testing.T) {
	t.Helper()
	a, b := t.TempDir(), t.TempDir()
	if err := output.ExchangeFolders(a, b); errors.Is(err, errors.ErrUnsupported) {
		t.Skip("no one-step exchange of folders here; builds use two renames")
	} else if err != nil {
		t.Fatal(err)
	}
}

func setHook(t *testing.T, f func(string)) {
	output.SetTestHook(f)
	t.Cleanup(func() { output.SetTestHook(nil) })
}

func TestCheckDest(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "site")
	writeTree(t, src, map[string]string{
		"config.yaml":             "title: x\n",
		"content/notices/a.md":    "---\n",
		"templates/base.html":     "",
		"ours/" + output.Marker:   markerText,
		"ours/index.html":         "old",
		"theirs/report.docx":      "keep me",
		"afile":                   "",
		"elsewhere/empty/.keep":   "",
		"elsewhere/marked/x.html": "",
	})
	must(t, os.Remove(filepath.Join(src, "elsewhere/empty/.keep")))
	writeTree(t, src, map[string]string{"elsewhere/marked/" + output.Marker: markerText})
	must(t, os.Symlink(filepath.Join(src, "content"), filepath.Join(root, "to-content")))
	must(t, os.Symlink(filepath.Join(src, "elsewhere/marked"), filepath.Join(root, "to-marked")))
	must(t, os.Symlink(filepath.Join(src, "theirs"), filepath.Join(root, "to-theirs")))
	must(t, os.Symlink(filepath.Join(root, "nowhere/public"), filepath.Join(root, "dangling")))
	must(t, os.Symlink(filepath.Join(src, "content/new"), filepath.Join(root, "dangling-into-content")))

	for _, tc := range []struct {
		name, dest, want string // want: a part of the error, "" for none
	}{
		{"default public/", filepath.Join(src, "public"), ""},
		{"missing, elsewhere", filepath.Join(root, "out/public"), ""},
		{"empty folder", filepath.Join(src, "elsewhere/empty"), ""},
		{"bulletin's output", filepath.Join(src, "ours"), ""},
		{"link to bulletin's output", filepath.Join(root, "to-marked"), ""},
		{"root", "/", "file system root"},
		{"the source", src, "is the source folder"},
		{"the source, another spelling", src + "/content/..", "is the source folder"},
		{"an ancestor of the source", root, "contains the source folder"},
		{"content/", filepath.Join(src, "content"), "inside the site's content/"},
		{"inside content/", filepath.Join(src, "content/notices/out"), "inside the site's content/"},
		{"templates/", filepath.Join(src, "templates"), "inside the site's templates/"},
		{"link to content/", filepath.Join(root, "to-content"), "inside the site's content/"},
		{"a file", filepath.Join(src, "afile"), "is a file"},
		{"someone else's folder", filepath.Join(src, "theirs"), "bulletin did not write"},
		{"link to someone else's folder", filepath.Join(root, "to-theirs"), "bulletin did not write"},
		{"dangling link", filepath.Join(root, "dangling"), "symbolic link to " + filepath.Join(root, "nowhere/public") + ", which does not exist"},
		{"dangling link into content/", filepath.Join(root, "dangling-into-content"), "which does not exist"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := output.CheckDest(src, tc.dest)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("CheckDest(%s) = %v, want no error", tc.dest, err)
			case tc.want != "" && err == nil:
				t.Errorf("CheckDest(%s) = nil, want an error with %q", tc.dest, tc.want)
			case tc.want != "" && !strings.Contains(err.Error(), tc.want):
				t.Errorf("CheckDest(%s) = %v, want %q in it", tc.dest, err, tc.want)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestWriteFileStaysInside(t *testing.T) {
	s, err := output.NewStage(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	for _, name := range []string{"../x", "/etc/x", "a/../../x", ".", "", `a\b`} {
		if err := s.WriteFile(name, nil); err == nil {
			t.Errorf("WriteFile(%q) wrote", name)
		}
	}
}

// TestCommitNewDest: without a previous output (not even its parent
// folder) the new one is renamed into place.
func TestCommitNewDest(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "out", "public")
	files := map[string]string{"index.html": "home", "notices/a/index.html": "a"}
	build(t, dest, files)
	if got := readTree(t, dest); !maps.Equal(got, withMarker(files)) {
		t.Errorf("dest holds %v, want %v", got, withMarker(files))
	}
	if info, err := os.Stat(dest); err != nil || info.Mode().Perm() != 0o755 {
		t.Errorf("dest: %v, %v; want a folder with mode 0755", info, err)
	}
	if left := besideDest(t, dest); len(left) > 0 {
		t.Errorf("left beside dest: %v", left)
	}
}

// TestCommitReplacesDest: an existing output is exchanged with the new
// one, so dest is the new site the moment it stops being the old one; the
// old one is then in the staging folder, and removed with it. The
// two-rename fallback ends the same.
func TestCommitReplacesDest(t *testing.T) {
	for _, fallback := range []bool{false, true} {
		name := "exchange"
		if fallback {
			name = "two renames"
		}
		t.Run(name, func(t *testing.T) {
			if fallback {
				output.SetExchange(func(a, b string) error { return errors.ErrUnsupported })
				t.Cleanup(func() { output.SetExchange(nil) })
			} else {
				needExchange(t)
			}
			dest := filepath.Join(t.TempDir(), "public")
			oldFiles := map[string]string{"index.html": "old home", "notices/gone/index.html": "deleted page"}
			newFiles := map[string]string{"index.html": "new home", "notices/b/index.html": "b"}
			build(t, dest, oldFiles)

			var atSwap, asideDest map[string]string
			var asideOld map[string]string
			var moments []string
			setHook(t, func(m string) {
				moments = append(moments, m)
				switch m {
				case "swapped":
					atSwap = readTree(t, dest)
					// The staging folder now holds the previous output.
					left := besideDest(t, dest)
					if len(left) != 1 {
						t.Errorf("at the swap, beside dest: %v, want the one staging folder", left)
						return
					}
					asideOld = readTree(t, filepath.Join(filepath.Dir(dest), left[0], "site"))
					if fallback {
						asideOld = readTree(t, filepath.Join(filepath.Dir(dest), left[0], "old"))
					}
				case "aside":
					asideDest = readTree(t, dest)
				}
			})
			build(t, dest, newFiles)

			want := []string{"staged", "commit", "swapped"}
			if fallback {
				want = []string{"staged", "commit", "aside", "swapped"}
			}
			if !slices.Equal(moments, want) {
				t.Errorf("moments %v, want %v", moments, want)
			}
			if !maps.Equal(atSwap, withMarker(newFiles)) {
				t.Errorf("right after the swap dest holds %v, want the new output", atSwap)
			}
			if !maps.Equal(asideOld, withMarker(oldFiles)) {
				t.Errorf("right after the swap the staging folder holds %v, want the previous output", asideOld)
			}
			if fallback && asideDest != nil {
				t.Errorf("between the two renames dest holds %v; the fallback is expected to have it aside", asideDest)
			}
			if got := readTree(t, dest); !maps.Equal(got, withMarker(newFiles)) {
				t.Errorf("dest holds %v, want %v", got, withMarker(newFiles))
			}
			if left := besideDest(t, dest); len(left) > 0 {
				t.Errorf("left beside dest: %v", left)
			}
		})
	}
}

// TestDestNeverMissing watches dest while builds replace it: with the
// exchange there is no moment without it (two renames leave one).
func TestDestNeverMissing(t *testing.T) {
	needExchange(t)
	dest := filepath.Join(t.TempDir(), "public")
	build(t, dest, map[string]string{"index.html": "0"})
	var missing, looks atomic.Int64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			select {
			case <-done:
				return
			default:
			}
			looks.Add(1)
			if _, err := os.Stat(filepath.Join(dest, "index.html")); err != nil {
				missing.Add(1)
			}
		}
	}()
	for i := range 300 {
		build(t, dest, map[string]string{"index.html": string(rune('a' + i%26))})
	}
	close(done)
	<-stopped
	if n := missing.Load(); n > 0 {
		t.Errorf("dest/index.html was missing %d times out of %d looks during 300 builds", n, looks.Load())
	}
}

// TestStaleFoldersRemoved: a build removes what killed builds left beside
// dest, and nothing else.
func TestStaleFoldersRemoved(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	build(t, dest, map[string]string{"index.html": "current"})
	at := func(name string) string { return filepath.Join(parent, name) }
	// What killed builds leave.
	writeTree(t, at(".public.staging-111"), map[string]string{output.Marker: markerText, "site/index.html": "half", "site/" + output.Marker: markerText})
	writeTree(t, at(".public.staging-222"), map[string]string{output.Marker: markerText}) // killed while removing
	must(t, os.Mkdir(at(".public.staging-333"), 0o700))                                   // killed just after creating it
	// What earlier versions left: the site itself as staging folder, and
	// the previous output set aside in site/, perhaps half removed.
	writeTree(t, at(".public.staging-444"), map[string]string{output.Marker: markerText, "index.html": "old version"})
	writeTree(t, at(".public.old-555"), map[string]string{"site/notices/a/index.html": "half removed"})
	must(t, os.Mkdir(at(".public.old-666"), 0o700))
	// Not bulletin's, or not this dest's: kept.
	keep := map[string]map[string]string{
		".public.staging-mine":     {"notes.txt": "someone's"},           // no marker
		".public.old-mine":         {"site/x": "a", "other": "b"},        // more than site/
		".public.stagingX":         {output.Marker: markerText},          // not the name
		".publicx.staging-1":       {output.Marker: markerText},          // another dest
		".other.staging-1":         {output.Marker: markerText},          // another dest
		"public-old":               {output.Marker: markerText},          // not the name
		"linked-target":            {output.Marker: markerText, "a": ""}, // reached through a link
		".public.staging-nested/a": {output.Marker: markerText},          // marker not at the top
	}
	for name, files := range keep {
		writeTree(t, at(name), files)
	}
	must(t, os.WriteFile(at(".public.staging-file"), []byte("a file"), 0o644))
	must(t, os.Symlink(at("linked-target"), at(".public.staging-link")))
	before := map[string]map[string]string{}
	for _, name := range []string{".public.staging-mine", ".public.old-mine", ".public.stagingX", ".publicx.staging-1", ".other.staging-1", "public-old", "linked-target", ".public.staging-nested"} {
		before[name] = readTree(t, at(name))
	}

	s, err := output.NewStage(dest)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{".public.staging-111", ".public.staging-222", ".public.staging-333", ".public.staging-444", ".public.old-555", ".public.old-666"} {
		if _, err := os.Lstat(at(name)); err == nil {
			t.Errorf("%s, left by a killed build, is still there", name)
		}
	}
	for name, files := range before {
		if got := readTree(t, at(name)); !maps.Equal(got, files) {
			t.Errorf("%s changed: %v, was %v", name, got, files)
		}
	}
	for _, name := range []string{".public.staging-file", ".public.staging-link"} {
		if _, err := os.Lstat(at(name)); err != nil {
			t.Errorf("%s is gone: %v", name, err)
		}
	}
	if got := readTree(t, dest); got["index.html"] != "current" {
		t.Errorf("dest changed before the commit: %v", got)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestLiveStagingKept: a build running beside dest keeps its staging
// folder while another build starts; once no build runs, the next one
// removes what is left.
func TestLiveStagingKept(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	running, err := output.NewStage(dest)
	if err != nil {
		t.Fatal(err)
	}
	live := besideDest(t, dest)
	if len(live) != 1 {
		t.Fatalf("beside dest: %v, want one staging folder", live)
	}
	dead := filepath.Join(parent, ".public.staging-dead")
	writeTree(t, dead, map[string]string{output.Marker: markerText})

	second, err := output.NewStage(dest)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(parent, live[0])); err != nil {
		t.Fatalf("a second build removed the running build's staging folder: %v", err)
	}
	if _, err := os.Stat(dead); err != nil {
		t.Errorf("with another build running, the dead folder was removed too: a build cannot tell them apart then (%v)", err)
	}
	if err := running.WriteFile("index.html", []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := running.Commit(); err != nil {
		t.Fatal(err)
	}
	second.Abort()
	if got := readTree(t, dest)["index.html"]; got != "first" {
		t.Errorf("dest/index.html = %q, want the running build's", got)
	}

	build(t, dest, map[string]string{"index.html": "third"})
	if left := besideDest(t, dest); len(left) > 0 {
		t.Errorf("left beside dest after a build alone: %v", left)
	}
}

// TestRestoreAfterKilledRenames: a build killed between the two renames
// of the fallback leaves no dest and the previous output set aside; the
// next build puts it back before anything else, so even a build that then
// fails leaves the previous site.
func TestRestoreAfterKilledRenames(t *testing.T) {
	prev := map[string]string{output.Marker: markerText, "index.html": "previous"}
	for _, tc := range []struct{ name, folder, aside string }{
		{"staging folder", ".public.staging-k1", "old"},
		{"earlier version's .old-", ".public.old-k2", "site"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			dest := filepath.Join(parent, "public")
			files := map[string]string{tc.aside + "/index.html": "previous", tc.aside + "/" + output.Marker: markerText}
			if tc.aside == "old" {
				files[output.Marker] = markerText
				files["site/index.html"] = "the new build, complete or not"
				files["site/"+output.Marker] = markerText
			}
			writeTree(t, filepath.Join(parent, tc.folder), files)

			s, err := output.NewStage(dest)
			if err != nil {
				t.Fatal(err)
			}
			s.Abort() // a build that failed
			if got := readTree(t, dest); !maps.Equal(got, prev) {
				t.Errorf("dest holds %v, want the previous output %v", got, prev)
			}
			if left := besideDest(t, dest); len(left) > 0 {
				t.Errorf("left beside dest: %v", left)
			}
		})
	}
}

// TestSymlinkedDest: a --dest that links to a folder is updated at the
// folder; the link stays, pointing where it did, and the staging happens
// beside the folder, on its file system.
func TestSymlinkedDest(t *testing.T) {
	root := t.TempDir()
	target := filepath.Join(root, "srv", "www", "notices")
	dest := filepath.Join(root, "site", "public")
	build(t, target, map[string]string{"index.html": "old"})
	must(t, os.MkdirAll(filepath.Dir(dest), 0o755))
	must(t, os.Symlink(target, dest))
	// A killed build left this beside the folder.
	writeTree(t, filepath.Join(root, "srv", "www", ".notices.staging-dead"), map[string]string{output.Marker: markerText})

	var stagedBeside []string
	setHook(t, func(m string) {
		if m == "commit" {
			stagedBeside = besideDest(t, target)
		}
	})
	build(t, dest, map[string]string{"index.html": "new"})

	info, err := os.Lstat(dest)
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("dest is no longer a symbolic link: %v, %v", info, err)
	}
	if to, _ := os.Readlink(dest); to != target {
		t.Errorf("dest links to %s, want %s", to, target)
	}
	if got := readTree(t, target); !maps.Equal(got, withMarker(map[string]string{"index.html": "new"})) {
		t.Errorf("the linked folder holds %v, want the new output", got)
	}
	if len(stagedBeside) != 1 || !strings.HasPrefix(stagedBeside[0], ".notices.staging-") {
		t.Errorf("while committing, beside the linked folder: %v, want this build's staging folder alone", stagedBeside)
	}
	if left := slices.Concat(besideDest(t, target), besideDest(t, dest)); len(left) > 0 {
		t.Errorf("left beside dest or its folder: %v", left)
	}

	// A link to nothing is refused: it could point anywhere.
	dangling := filepath.Join(root, "dangling")
	must(t, os.Symlink(filepath.Join(root, "nowhere"), dangling))
	if s, err := output.NewStage(dangling); err == nil {
		s.Abort()
		t.Errorf("NewStage accepted a link to nothing")
	} else if !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("NewStage: %v, want it to say the link's target does not exist", err)
	}
}

// TestStaleByAge: where no lock tells live builds from dead ones, only
// staging folders a day old are removed.
func TestStaleByAge(t *testing.T) {
	parent := t.TempDir()
	for _, name := range []string{".public.staging-old", ".public.staging-young"} {
		writeTree(t, filepath.Join(parent, name), map[string]string{output.Marker: markerText})
	}
	old := time.Now().Add(-25 * time.Hour)
	must(t, os.Chtimes(filepath.Join(parent, ".public.staging-old"), old, old))
	output.RemoveStale(parent, "public", 24*time.Hour)
	if left := besideDest(t, filepath.Join(parent, "public")); !slices.Equal(left, []string{".public.staging-young"}) {
		t.Errorf("beside dest: %v, want only the young folder", left)
	}
}
