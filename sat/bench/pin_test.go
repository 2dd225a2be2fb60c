package bench

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestPickCPUs(t *testing.T) {
	smt := func(c int) string { return strconv.Itoa(c % 2) } // 0,2 and 1,3 are siblings
	own := func(c int) string { return strconv.Itoa(c) }
	tests := []struct {
		name    string
		allowed []int
		n       int
		core    func(int) string
		want    []int
		shared  bool
	}{
		{"one per core", []int{0, 1, 2, 3}, 4, own, []int{0, 1, 2, 3}, false},
		{"siblings last", []int{0, 1, 2, 3}, 2, smt, []int{0, 1}, false},
		{"siblings when needed", []int{0, 1, 2, 3}, 3, smt, []int{0, 1, 2}, true},
		{"taskset subset", []int{2, 3, 5}, 2, smt, []int{2, 3}, false},
		{"all on one core", []int{4, 6}, 2, smt, []int{4, 6}, true},
		{"none", []int{0, 1}, 0, own, []int{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, shared := pickCPUs(tc.allowed, tc.n, tc.core)
			if !reflect.DeepEqual(got, tc.want) || shared != tc.shared {
				t.Errorf("got %v shared %v, want %v shared %v", got, shared, tc.want, tc.shared)
			}
		})
	}
}

func TestCPUList(t *testing.T) {
	tests := []struct {
		cpus []int
		want string
	}{{[]int{0}, "0"}, {[]int{0, 1, 2, 3}, "0-3"}, {[]int{0, 2, 3, 4, 7}, "0,2-4,7"}, {nil, ""}}
	for _, tc := range tests {
		if got := cpuList(tc.cpus); got != tc.want {
			t.Errorf("cpuList(%v) = %q, want %q", tc.cpus, got, tc.want)
		}
	}
}

// needCPUs skips a pinning test on a machine where binding cannot be told
// apart from not binding.
func needCPUs(t *testing.T, n int) []int {
	t.Helper()
	cpus, err := AllowedCPUs()
	if err != nil {
		t.Fatal(err)
	}
	if len(cpus) < n {
		t.Skipf("this process may use %d CPU(s) (%s): a child bound to one looks the same as an unbound one", len(cpus), cpuList(cpus))
	}
	return cpus
}

// allowedList is the Cpus_allowed_list line of a process status.
func allowedList(status string) string {
	for _, l := range strings.Split(status, "\n") {
		if v, ok := strings.CutPrefix(l, "Cpus_allowed_list:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func TestStartBoundChildRunsOnItsCPU(t *testing.T) {
	cpus := needCPUs(t, 2)
	for _, cpu := range []int{cpus[0], cpus[len(cpus)-1]} {
		cmd := exec.Command("sh", "-c", "grep Cpus_allowed_list /proc/self/status")
		var out strings.Builder
		cmd.Stdout = &out
		if err := startBound(cmd, cpu); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
		if got := allowedList(out.String()); got != strconv.Itoa(cpu) {
			t.Errorf("child bound to CPU %d may run on %q", cpu, got)
		}
	}
	// The threads that forked are gone; none of this process stays bound.
	want := cpuList(cpus)
	deadline := time.Now().Add(5 * time.Second)
	for {
		bound := boundThreads(t, want)
		if len(bound) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("threads of the harness left bound: %v", bound)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// boundThreads lists this process's threads whose CPUs are not want.
func boundThreads(t *testing.T, want string) []string {
	t.Helper()
	tasks, err := filepath.Glob("/proc/self/task/*/status")
	if err != nil {
		t.Fatal(err)
	}
	var bound []string
	for _, f := range tasks {
		data, err := os.ReadFile(f)
		if err != nil {
			continue // the thread ended meanwhile
		}
		if got := allowedList(string(data)); got != want {
			bound = append(bound, f+": "+got)
		}
	}
	return bound
}

func TestRunPinnedGivesEachRunItsOwnCPU(t *testing.T) {
	cpus := needCPUs(t, 2)
	dir := t.TempDir()
	inst := Instance{ID: "tiny.cnf", Path: writeFile(t, dir, "tiny.cnf", satCNF, 0o644)}
	// Each run notes its CPUs, sleeps (so that runs overlap), notes its
	// CPUs again from a grandchild, and gives up.
	log := filepath.Join(dir, "cpus")
	s := fakeSolver(t, dir, "where", `a=$(grep Cpus_allowed_list /proc/self/status | cut -f2); sleep 0.2; `+
		`b=$(sh -c 'grep Cpus_allowed_list /proc/self/status' | cut -f2); echo "$$ $a $b" >> `+log+`; echo "s UNKNOWN"`)
	var pairs []Pair
	for i := 0; i < 6; i++ {
		pairs = append(pairs, Pair{Instance{ID: "i" + strconv.Itoa(i), Path: inst.Path}, s})
	}
	var got []Record
	cfg := Config{Timeout: 20 * time.Second, Jobs: 2, Pin: true, WorkDir: filepath.Join(dir, "w")}
	if err := Run(context.Background(), pairs, cfg, func(r Record) error { got = append(got, r); return nil }); err != nil {
		t.Fatal(err)
	}
	pinned := map[string]bool{}
	for _, r := range got {
		if r.Status != StatusUnknown || r.Pinned == "" || !r.HasCPU || r.CPUModel == "" || r.HostCPUs < 1 {
			t.Errorf("record %+v: want an unknown answer, pinned, with CPU time and machine", r)
		}
		pinned[r.Pinned] = true
	}
	if len(got) != 6 || len(pinned) != 2 {
		t.Errorf("%d records on CPUs %v, want 6 on 2 CPUs", len(got), pinned)
	}
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Fields(l)
		if len(f) != 3 || f[1] != f[2] || !pinned[f[1]] {
			t.Errorf("run %q: want the same single pinned CPU for the solver and its children", l)
		}
	}
	// More jobs than CPUs is refused when pinning.
	cfg.Jobs = len(cpus) + 1
	err = Run(context.Background(), pairs, cfg, func(Record) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "--pin=false") {
		t.Errorf("jobs %d > %d CPUs: err = %v, want a refusal naming --pin=false", cfg.Jobs, len(cpus), err)
	}
}

func TestResolvePin(t *testing.T) {
	cpus, err := AllowedCPUs()
	if err != nil {
		t.Fatal(err)
	}
	n := len(cpus)
	tests := []struct {
		name    string
		mode    PinMode
		jobs    int
		pin     bool
		warning string
		err     string
	}{
		{"auto pins when CPUs suffice", PinAuto, n, true, "", ""},
		{"auto shares cores when they do not", PinAuto, n + 1, false, "runs share cores and are not pinned", ""},
		{"on pins", PinOn, 1, true, "", ""},
		{"on refuses more jobs than CPUs", PinOn, n + 1, false, "", "this process may use " + strconv.Itoa(n)},
		{"off", PinOff, n + 1, false, "", ""},
		{"bad mode", PinMode("sometimes"), 1, false, "", "not on, off or auto"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pin, warning, err := ResolvePin(tc.mode, tc.jobs)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			// SMT siblings may add a warning to a pinned batch.
			if pin != tc.pin || (tc.warning == "" && warning != "" && !strings.Contains(warning, "SMT")) || !strings.Contains(warning, tc.warning) {
				t.Errorf("pin %v warning %q, want %v %q", pin, warning, tc.pin, tc.warning)
			}
		})
	}
}

func TestExecuteMeasuresCPUTime(t *testing.T) {
	dir := t.TempDir()
	out, _ := os.Create(filepath.Join(dir, "out"))
	defer out.Close()
	tests := []struct {
		name           string
		script         string
		minCPU, maxCPU float64 // seconds
	}{
		// sleep uses next to no CPU whatever the load
		{"sleeper", "sleep 0.5", 0, 0.2},
		// a busy loop in the child's own child: counted once waited for
		{"busy grandchild", "sh -c 'i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done'", 0.01, 1e9},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex, err := execute(context.Background(), []string{"sh", "-c", tc.script}, limits{Timeout: time.Minute}, out, out)
			if err != nil {
				t.Fatal(err)
			}
			cpu := ex.CPU.Seconds()
			if cpu < tc.minCPU || cpu > tc.maxCPU || cpu > ex.Wall.Seconds()*1.1+0.05 {
				t.Errorf("CPU %.3fs (wall %.3fs), want %g..%g and at most the wall time of a single-threaded run", cpu, ex.Wall.Seconds(), tc.minCPU, tc.maxCPU)
			}
		})
	}
}
