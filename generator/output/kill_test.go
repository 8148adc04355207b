package output_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"bulletin/generator/cli"
	"bulletin/generator/corpus"
	"bulletin/generator/output"
)

// The fault test runs real builds in child processes — this test binary
// again, running `bulletin build` through package cli — and kills them with
// SIGKILL. These variables pass a child what to build.
const (
	envHelper  = "BULLETIN_KILL_TEST_BUILD" // source folder; set only in a child
	envDest    = "BULLETIN_KILL_TEST_DEST"
	envBaseURL = "BULLETIN_KILL_TEST_BASE_URL"
	envPauseAt = "BULLETIN_KILL_TEST_PAUSE" // a moment of output's test hook
)

func TestMain(m *testing.M) {
	if src := os.Getenv(envHelper); src != "" {
		os.Exit(helperBuild(src))
	}
	os.Exit(m.Run())
}

// helperBuild is the child: one build, as the bulletin command runs it.
// With envPauseAt it says so on stdout when the build reaches that moment,
// and waits there to be killed.
func helperBuild(src string) int {
	if at := os.Getenv(envPauseAt); at != "" {
		output.SetTestHook(func(moment string) {
			if moment == at {
				fmt.Println("at", moment)
				time.Sleep(time.Hour) // a sleep, not select{}: no deadlock panic
			}
		})
	}
	return cli.Main(cli.Env{
		Args: []string{"build", "--source", src, "--dest", os.Getenv(envDest),
			"--base-url", os.Getenv(envBaseURL), "--now", corpus.Now, "--strict", "--quiet"},
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Theme:  os.DirFS("../../templates"),
	})
}

// killSite is a corpus on disk and the folder it builds into. Its two
// variants differ in base_url, which shows on nearly every page, so a
// mixture of the two is caught.
type killSite struct {
	t         *testing.T
	src, dest string
	want      [2]string // tree hashes of a complete build of each variant
}

func (k *killSite) command(variant int, pauseAt string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(),
		envHelper+"="+k.src,
		envDest+"="+k.dest,
		envBaseURL+"="+fmt.Sprintf("https://v%d.example.gov.cn/", variant),
		envPauseAt+"="+pauseAt,
	)
	cmd.Stderr = os.Stderr
	return cmd
}

// build runs a whole build of variant and reports its time.
func (k *killSite) build(variant int) time.Duration {
	k.t.Helper()
	start := time.Now()
	cmd := k.command(variant, "")
	cmd.Stdout = os.Stderr
	if err := cmd.Run(); err != nil {
		k.t.Fatalf("build of variant %d: %v", variant, err)
	}
	return time.Since(start)
}

// killAfter starts a build of variant and kills it after d. It reports
// whether the build ended by itself first.
func (k *killSite) killAfter(variant int, d time.Duration) (finished bool) {
	k.t.Helper()
	cmd := k.command(variant, "")
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		k.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			k.t.Fatalf("build of variant %d failed: %v", variant, err)
		}
		return true
	case <-time.After(d):
	}
	_ = cmd.Process.Kill()
	return <-done == nil
}

// start starts a build of variant that stops at moment; it returns once
// the build is there.
func (k *killSite) start(variant int, moment string) *exec.Cmd {
	k.t.Helper()
	cmd := k.command(variant, moment)
	out, err := cmd.StdoutPipe()
	if err != nil {
		k.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		k.t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if strings.TrimSpace(line) != "at "+moment {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		k.t.Fatalf("the build never reached %q: %q, %v", moment, line, err)
	}
	return cmd
}

// staged describes the staging folders beside dest: how many files each
// holds, for the log, to show where in a build the kills landed.
func (k *killSite) staged() string {
	var parts []string
	for _, name := range besideDest(k.t, k.dest) {
		n := 0
		_ = filepath.WalkDir(filepath.Join(filepath.Dir(k.dest), name), func(_ string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				n++
			}
			return nil
		})
		parts = append(parts, fmt.Sprintf("%s (%d files)", name, n))
	}
	return strings.Join(parts, ", ")
}

func kill(cmd *exec.Cmd) {
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
}

// treeHash hashes every name, kind and file's bytes below dir.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(h, "%q %v\n", filepath.ToSlash(rel), d.Type())
		if d.Type().IsRegular() {
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = io.Copy(h, f)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading the output: %v", err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestKilledBuilds kills real builds of a 1,000-notice site at moments
// spread over the build and exactly around the swap. After every kill dest
// is complete and the same as before, or — when the kill came after the
// swap — the new build's; and the next build succeeds, gives the right
// output and leaves nothing beside dest, while folders that are not
// bulletin's stay. A build running beside another keeps its staging
// folder.
func TestKilledBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 1,000-notice site about twenty times")
	}
	root := t.TempDir()
	k := &killSite{t: t, src: filepath.Join(root, "site"), dest: filepath.Join(root, "www", "public")}
	if err := corpus.WriteDir(k.src, corpus.Options{Notices: 1000, Seed: 3, EnglishShare: 0.1, Policies: 20}); err != nil {
		t.Fatal(err)
	}
	// Someone else's things beside dest, named like ours but not ours.
	foreign := filepath.Join(root, "www", ".public.staging-notes")
	writeTree(t, foreign, map[string]string{"todo.txt": "not bulletin's"})

	var took time.Duration
	for v := range 2 {
		took = max(took, k.build(v))
		k.want[v] = treeHash(t, k.dest)
	}
	if k.want[0] == k.want[1] {
		t.Fatal("the two variants build the same output")
	}
	cur := 1 // the variant in dest
	t.Logf("a whole build takes %v", took)

	// check asserts what a kill left: dest as it was (or, when the build
	// got past the swap, the new output), then a good next build.
	check := func(what string, newIsFine bool) {
		t.Helper()
		next := 1 - cur
		switch got := treeHash(t, k.dest); {
		case got == k.want[cur]:
		case got == k.want[next] && newIsFine:
			cur = next
		default:
			t.Fatalf("%s: dest is neither the previous output nor the new one", what)
		}
		t.Logf("%s: left beside dest %s", what, k.staged())
		next = 1 - cur
		k.build(next)
		if got := treeHash(t, k.dest); got != k.want[next] {
			t.Fatalf("%s: the next build's output differs from a clean build's", what)
		}
		cur = next
		if left := besideDest(t, k.dest); len(left) != 1 || left[0] != filepath.Base(foreign) {
			t.Fatalf("%s: after the next build, beside dest: %v; want only %s", what, left, filepath.Base(foreign))
		}
	}

	// A live build's staging folder survives another build; once it is
	// killed, the next build removes it (checked by the first check).
	paused := k.start(1-cur, "commit")
	cur = 1 - cur
	k.build(cur)
	if left := besideDest(t, k.dest); len(left) != 2 {
		kill(paused)
		t.Fatalf("a build removed the staging folder of a build still running: beside dest %v", left)
	}
	kill(paused)

	for _, moment := range []string{"staged", "commit"} {
		kill(k.start(1-cur, moment))
		check("killed at "+moment, false)
	}
	kill(k.start(1-cur, "swapped"))
	if got := treeHash(t, k.dest); got != k.want[1-cur] {
		t.Fatal("killed right after the swap: dest is not the new output")
	}
	cur = 1 - cur
	check("killed right after the swap", false)

	for _, share := range []float64{0.2, 0.55, 0.7, 0.85, 0.95} {
		d := time.Duration(share * float64(took))
		finished := k.killAfter(1-cur, d)
		check(fmt.Sprintf("killed after %v (%.0f%% of a build; finished first: %v)", d, share*100, finished), true)
	}

	if got := readTree(t, foreign); got["todo.txt"] != "not bulletin's" {
		t.Errorf("%s changed: %v", foreign, got)
	}
	if _, err := os.Stat(k.dest); errors.Is(err, fs.ErrNotExist) {
		t.Error("dest is gone")
	}
}
