package cli

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"bulletin/generator/corpus"
)

// The tests below take the site away from under serve and watch, as a
// clerk's file manager, a sync client or a `git checkout` of another branch
// can: the last good site must stay, byte for byte, and say what is wrong;
// it must never be replaced by an empty one. When the folder is back, the
// next rebuild recovers.

// TestServeContentVanishes removes content/ in each way it can go, checks
// that the output keeps the last good site and the overlay names the
// problem, then brings content/ back and checks the site recovers to the
// same bytes.
func TestServeContentVanishes(t *testing.T) {
	tests := []struct {
		name    string
		away    func(s *served, backup string)
		back    func(s *served, backup string)
		message string
	}{
		{
			name: "removed",
			away: func(s *served, backup string) {
				copyTree(s.t, s.full("content"), backup)
				if err := os.RemoveAll(s.full("content")); err != nil {
					s.t.Fatal(err)
				}
			},
			back:    func(s *served, backup string) { copyTree(s.t, backup, s.full("content")) },
			message: "content: folder is missing",
		},
		{
			name: "renamed away",
			away: func(s *served, backup string) {
				if err := os.Rename(s.full("content"), backup); err != nil {
					s.t.Fatal(err)
				}
			},
			back: func(s *served, backup string) {
				if err := os.Rename(backup, s.full("content")); err != nil {
					s.t.Fatal(err)
				}
			},
			message: "content: folder is missing",
		},
		{
			// What a root user sees of an unreadable folder is best
			// approached by a file in its place: no notices can be read
			// from it. (chmod 000 is in TestWatchContentUnreadable.)
			name: "replaced by a file",
			away: func(s *served, backup string) {
				if err := os.Rename(s.full("content"), backup); err != nil {
					s.t.Fatal(err)
				}
				s.write("content", "not a folder\n")
			},
			back: func(s *served, backup string) {
				s.remove("content")
				if err := os.Rename(backup, s.full("content")); err != nil {
					s.t.Fatal(err)
				}
			},
			message: "content: is a file, not a folder",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServe(t)
			good := snapshot(t, s.out(""))
			before := s.rebuilds()
			backup := filepath.Join(t.TempDir(), "content")
			tt.away(s, backup)
			s.waitOutput(&s.stderr, tt.message)
			body := s.waitPage(s.noticeURL, 200, `id="bulletin-error"`)
			if !strings.Contains(body, tt.message) {
				t.Errorf("the overlay does not say %q:\n%s", tt.message, body)
			}
			assertKept(t, s.out(""), good, s.rebuilds() > before)

			tt.back(s, backup)
			s.waitNoOverlay(s.noticeURL)
			eventually(t, settle, "the output is the last good site again", func() (bool, string) {
				return sameTree(s.out(""), good)
			})
		})
	}
}

// TestWatchSiteFolderVanishes takes the whole site folder away from under
// `bulletin watch`, with --dest outside it: the output stays, and when the
// folder is back, edits are seen again (the watcher watches it anew).
func TestWatchSiteFolderVanishes(t *testing.T) {
	for _, how := range []string{"renamed away", "removed"} {
		t.Run(how, func(t *testing.T) {
			dir := serveSite(t)
			dest := filepath.Join(t.TempDir(), "out")
			p := startMain(t, "watch", "--source", dir, "--dest", dest, "--now", corpus.Now)
			p.waitOutput(&p.stdout, "watching ")
			good := snapshot(t, dest)

			away := filepath.Join(t.TempDir(), "site")
			if how == "removed" {
				copyTree(t, dir, away)
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
			} else if err := os.Rename(dir, away); err != nil {
				t.Fatal(err)
			}
			p.waitOutput(&p.stderr, "build failed")
			assertKept(t, dest, good, strings.Count(p.stdout.String(), "\nrebuilt (") > 0)

			if how == "removed" {
				copyTree(t, away, dir)
			} else if err := os.Rename(away, dir); err != nil {
				t.Fatal(err)
			}
			eventually(t, settle, "the output is the last good site again", func() (bool, string) {
				return sameTree(dest, good)
			})
			edit := filepath.Join(dir, "content", "notices", "extra-edit.md")
			src, err := os.ReadFile(edit)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(edit, append(src, "\n文件夹回来后的修改。\n"...), 0o644); err != nil {
				t.Fatal(err)
			}
			page := filepath.Join(dest, "notices", "extra-edit", "index.html")
			eventually(t, settle, "the output shows an edit made after the folder came back", func() (bool, string) {
				data, err := os.ReadFile(page)
				return err == nil && bytes.Contains(data, []byte("文件夹回来后的修改")), p.stderr.String()
			})
		})
	}
}

// TestServeConfigVanishes removes config.yaml: the site stays as it was
// and the overlay says so; the file back, the site recovers.
func TestServeConfigVanishes(t *testing.T) {
	s := startServe(t)
	good := snapshot(t, s.out(""))
	cfg := s.read("config.yaml")
	s.remove("config.yaml")
	s.waitOutput(&s.stderr, "config.yaml: cannot read the site configuration")
	s.waitPage(s.noticeURL, 200, `id="bulletin-error"`)
	assertSameTree(t, s.out(""), good)
	s.write("config.yaml", cfg)
	s.waitNoOverlay(s.noticeURL)
	eventually(t, settle, "the output is the last good site again", func() (bool, string) {
		return sameTree(s.out(""), good)
	})
}

// TestWatchContentUnreadable makes content/ unreadable with chmod 000,
// which stops only users other than root; as root the same case is
// covered in memory (package build) and by a file in place of the folder.
func TestWatchContentUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads folders whatever their mode")
	}
	dir := serveSite(t)
	dest := filepath.Join(t.TempDir(), "out")
	p := startMain(t, "watch", "--source", dir, "--dest", dest, "--now", corpus.Now)
	p.waitOutput(&p.stdout, "watching ")
	good := snapshot(t, dest)
	content := filepath.Join(dir, "content")
	if err := os.Chmod(content, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(content, 0o755) })
	p.waitOutput(&p.stderr, "content: cannot read the folder")
	assertSameTree(t, dest, good)
	if err := os.Chmod(content, 0o755); err != nil {
		t.Fatal(err)
	}
	p.waitOutput(&p.stdout, "rebuilt")
	eventually(t, settle, "the output is the last good site again", func() (bool, string) {
		return sameTree(dest, good)
	})
}

// waitNoOverlay waits until url is served without the error overlay.
func (s *served) waitNoOverlay(url string) {
	s.t.Helper()
	eventually(s.t, settle, "the overlay on "+url+" goes", func() (bool, string) {
		code, body, err := s.fetch(url)
		return err == nil && code == 200 && !strings.Contains(body, `id="bulletin-error"`), body + "\nstderr:\n" + s.stderr.String()
	})
}

// snapshot reads every file below dir.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files, err := readTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 50 {
		t.Fatalf("only %d files in %s: the site was not built", len(files), dir)
	}
	return files
}

func readTree(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		files[p[len(dir):]] = data
		return err
	})
	return files, err
}

// sameTree reports whether dir holds exactly the files of want, and if
// not, what differs.
func sameTree(dir string, want map[string][]byte) (bool, string) {
	got, err := readTree(dir)
	if err != nil {
		return false, err.Error()
	}
	var diff []string
	for _, name := range slices.Sorted(maps.Keys(want)) {
		if data, ok := got[name]; !ok {
			diff = append(diff, "missing "+name)
		} else if !bytes.Equal(data, want[name]) {
			diff = append(diff, "changed "+name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[name]; !ok {
			diff = append(diff, "extra "+name)
		}
	}
	if len(diff) > 10 {
		diff = append(diff[:10], "…")
	}
	return len(diff) == 0, strings.Join(diff, "\n")
}

func assertSameTree(t *testing.T, dir string, want map[string][]byte) {
	t.Helper()
	if ok, diff := sameTree(dir, want); !ok {
		t.Fatalf("the output folder is not the last good site:\n%s", diff)
	}
}

// assertKept checks that the output folder still holds the last good site
// after the source went away. os.RemoveAll deletes file by file, so a
// stalled machine may let a rebuild see a few notices deleted before the
// folder is gone; that build is legitimate (rebuilt says so), and then
// only a complete site, not an empty one, is required.
func assertKept(t *testing.T, dir string, good map[string][]byte, rebuilt bool) {
	t.Helper()
	if !rebuilt {
		assertSameTree(t, dir, good)
		return
	}
	got, err := readTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("a rebuild ran while the folder was being removed; %d of %d files left", len(got), len(good))
	if _, ok := got[string(filepath.Separator)+"index.html"]; !ok || len(got) < len(good)/2 {
		t.Fatalf("the output folder lost the site: %d of %d files left", len(got), len(good))
	}
}

// copyTree copies the folder from to a new folder to.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}
