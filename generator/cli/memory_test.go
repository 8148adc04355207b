package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"testing"

	"bulletin/generator/build"
	"bulletin/generator/corpus"
)

func TestBuildMemoryLimit(t *testing.T) {
	const MiB, GiB = 1 << 20, 1 << 30
	for _, tc := range []struct {
		total uint64
		want  int64
	}{
		{0, 384 * MiB},                 // unknown: the old fixed limit
		{512 * MiB, 256 * MiB},         // small container: half, not more
		{1 * GiB, 384 * MiB},           // a quarter would be 256 MiB: the floor
		{2 * GiB, 512 * MiB},           // a quarter
		{8 * GiB, 2 * GiB},             // a quarter
		{24_683_748 << 10, 2816 * MiB}, // this project's 2-core VM: the cap
		{256 * GiB, 2816 * MiB},        // the cap
		{1<<64 - 1, 2816 * MiB},        // nonsense stays capped
		{3 * MiB, int64(3 * MiB / 2)},  // tiny: half
	} {
		if got := buildMemoryLimit(tc.total); got != tc.want {
			t.Errorf("buildMemoryLimit(%d) = %d MiB, want %d MiB", tc.total, got>>20, tc.want>>20)
		}
	}
}

func TestParseMeminfo(t *testing.T) {
	for _, tc := range []struct {
		text string
		want uint64
	}{
		{"MemTotal:       24683748 kB\nMemFree:          123 kB\n", 24683748 << 10},
		{"MemFree:          123 kB\nMemTotal: 1024 kB\n", 1 << 20},
		{"MemFree:          123 kB\n", 0},
		{"MemTotal: lots kB\n", 0},
		{"MemTotal: 1024 MB\n", 0}, // a unit /proc never writes: unknown, not wrong
		{"MemTotal: 1024\n", 0},
		{"", 0},
	} {
		if got := parseMeminfo([]byte(tc.text)); got != tc.want {
			t.Errorf("parseMeminfo(%q) = %d, want %d", tc.text, got, tc.want)
		}
	}
}

func TestParseCgroupLimit(t *testing.T) {
	for _, tc := range []struct {
		text string
		want uint64
		ok   bool
	}{
		{"max\n", 0, false},
		{"2147483648\n", 2 << 30, true},
		{"9223372036854771712\n", 0, false}, // v1's "no limit"
		{"0\n", 0, false},
		{"", 0, false},
		{"-1\n", 0, false},
	} {
		got, ok := parseCgroupLimit([]byte(tc.text))
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseCgroupLimit(%q) = %d, %v; want %d, %v", tc.text, got, ok, tc.want, tc.ok)
		}
	}
}

func TestCgroupLimitFiles(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"v2", "0::/user.slice/build.scope\n", []string{
			"/sys/fs/cgroup/user.slice/build.scope/memory.max",
			"/sys/fs/cgroup/user.slice/memory.max",
			"/sys/fs/cgroup/memory.max",
		}},
		{"v2 container", "0::/\n", []string{"/sys/fs/cgroup/memory.max"}},
		{"v1 hybrid", "4:memory:/process_api/f3b0\n3:cpuset:/\n0::/\n", []string{
			"/sys/fs/cgroup/memory/process_api/f3b0/memory.limit_in_bytes",
			"/sys/fs/cgroup/memory/process_api/memory.limit_in_bytes",
			"/sys/fs/cgroup/memory/memory.limit_in_bytes",
			"/sys/fs/cgroup/memory.max",
		}},
		{"v1 joined controllers", "5:cpu,memory:/a\n", []string{
			"/sys/fs/cgroup/memory/a/memory.limit_in_bytes",
			"/sys/fs/cgroup/memory/memory.limit_in_bytes",
		}},
		{"no memory controller", "3:cpuset:/\n2:memoryx:/a\n", nil},
		{"garbage", "nonsense\n1:memory:relative\n", nil},
		{"dot dot", "0::/a/../../b\n", []string{"/sys/fs/cgroup/b/memory.max", "/sys/fs/cgroup/memory.max"}},
	} {
		if got := cgroupLimitFiles([]byte(tc.text)); !slices.Equal(got, tc.want) {
			t.Errorf("%s: cgroupLimitFiles = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestMachineMemory(t *testing.T) {
	const GiB = 1 << 30
	meminfo := "MemTotal:       16777216 kB\n" // 16 GiB
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  uint64
	}{
		{"not linux", nil, 0},
		{"machine only", map[string]string{"/proc/meminfo": meminfo}, 16 * GiB},
		{"container limit below the machine", map[string]string{
			"/proc/meminfo":             meminfo,
			"/proc/self/cgroup":         "0::/\n",
			"/sys/fs/cgroup/memory.max": "2147483648\n",
		}, 2 * GiB},
		{"a parent group's limit counts", map[string]string{
			"/proc/meminfo":                    meminfo,
			"/proc/self/cgroup":                "0::/ci/job\n",
			"/sys/fs/cgroup/ci/job/memory.max": "max\n",
			"/sys/fs/cgroup/ci/memory.max":     "4294967296\n",
		}, 4 * GiB},
		{"unlimited v1", map[string]string{
			"/proc/meminfo":     meminfo,
			"/proc/self/cgroup": "4:memory:/p\n",
			"/sys/fs/cgroup/memory/p/memory.limit_in_bytes": "9223372036854771712\n",
		}, 16 * GiB},
		{"limit above the machine", map[string]string{
			"/proc/meminfo":             meminfo,
			"/proc/self/cgroup":         "0::/\n",
			"/sys/fs/cgroup/memory.max": "68719476736\n",
		}, 16 * GiB},
		{"no meminfo, a limit", map[string]string{
			"/proc/self/cgroup":         "0::/\n",
			"/sys/fs/cgroup/memory.max": "1073741824\n",
		}, 1 * GiB},
	} {
		read := func(name string) ([]byte, error) {
			if s, ok := tc.files[name]; ok {
				return []byte(s), nil
			}
			return nil, fs.ErrNotExist
		}
		if got := machineMemory(read); got != tc.want {
			t.Errorf("%s: machineMemory = %d MiB, want %d MiB", tc.name, got>>20, tc.want>>20)
		}
	}
}

// TestPrepareMemoryHonoursGOMEMLIMIT checks that a build sets its own
// limit only when GOMEMLIMIT does not: the runtime has already applied
// the variable, and the user's word wins.
func TestPrepareMemoryHonoursGOMEMLIMIT(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })

	const mine = 5 << 30
	debug.SetMemoryLimit(mine)
	env := map[string]string{"GOMEMLIMIT": "5GiB"}
	prepareMemory(Env{Getenv: func(k string) string { return env[k] }})
	if got := debug.SetMemoryLimit(-1); got != mine {
		t.Errorf("with GOMEMLIMIT set, the limit became %d MiB; want it left at %d MiB", got>>20, mine>>20)
	}

	delete(env, "GOMEMLIMIT")
	prepareMemory(Env{Getenv: func(k string) string { return env[k] }})
	want := buildMemoryLimit(machineMemory(os.ReadFile))
	got := debug.SetMemoryLimit(-1)
	if got != want {
		t.Errorf("without GOMEMLIMIT, the limit is %d MiB; want %d MiB sized from this machine", got>>20, want>>20)
	}
	if got < minBuildMemory/2 || got > maxBuildMemory {
		t.Errorf("without GOMEMLIMIT, the limit is %d MiB, outside what the sizing allows", got>>20)
	}
}

// TestPrepareMemoryHonoursGOGC: a build collects at readGCPercent while
// it reads, graphGCPercent while it converts, buildGCPercent from
// rendering on, unless GOGC says otherwise.
func TestPrepareMemoryHonoursGOGC(t *testing.T) {
	before := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(before) })
	limit := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(limit) })

	env := map[string]string{"GOGC": "200", "GOMEMLIMIT": "1GiB"}
	if step := prepareMemory(Env{Getenv: func(k string) string { return env[k] }}); step != nil {
		t.Error("with GOGC set, the build is given a pace")
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set, the GC percentage became %d; want it left alone", got)
	}
	delete(env, "GOGC")
	step := prepareMemory(Env{Getenv: func(k string) string { return env[k] }})
	if got := debug.SetGCPercent(100); got != buildGCPercent {
		t.Errorf("without GOGC, the GC percentage is %d; want %d", got, buildGCPercent)
	}
	for _, tc := range []struct {
		step string
		want int
	}{
		{build.StepRead, readGCPercent},
		{build.StepGraph, graphGCPercent},
		{build.StepRender, buildGCPercent},
		{build.StepExtras, buildGCPercent},
	} {
		step(tc.step)
		if got := debug.SetGCPercent(1); got != tc.want {
			t.Errorf("at %q the GC percentage is %d; want %d", tc.step, got, tc.want)
		}
	}
}

// TestBuildPacesGC: a real build calls its pace as it begins each step,
// in order, so the collector runs at readGCPercent while reading,
// graphGCPercent while converting and buildGCPercent from then on.
func TestBuildPacesGC(t *testing.T) {
	before := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(before) })
	limit := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(limit) })

	pace := prepareMemory(Env{Getenv: func(string) string { return "" }})
	var seen []string
	res := build.Run(build.Options{
		Site:  corpus.Generate(corpus.Options{Notices: 20, Seed: 1}),
		Theme: os.DirFS("../../templates"),
		Dest:  filepath.Join(t.TempDir(), "public"),
		Now:   corpus.Now,
		Step: func(step string) {
			pace(step)
			p := debug.SetGCPercent(100)
			debug.SetGCPercent(p)
			seen = append(seen, fmt.Sprintf("%s: %d", step, p))
		},
	})
	if res.Failed {
		t.Fatalf("build failed: %v", res.Diagnostics)
	}
	want := []string{
		fmt.Sprintf("%s: %d", build.StepRead, readGCPercent),
		fmt.Sprintf("%s: %d", build.StepGraph, graphGCPercent),
		fmt.Sprintf("%s: %d", build.StepRender, buildGCPercent),
		fmt.Sprintf("%s: %d", build.StepExtras, buildGCPercent),
	}
	if !slices.Equal(seen, want) {
		t.Errorf("steps and GC percentages\n got %q\nwant %q", seen, want)
	}
}
