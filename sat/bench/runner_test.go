package bench

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// writeFile writes content to dir/name with the given mode and returns the path.
func writeFile(t *testing.T, dir, name, content string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	return p
}

// fakeSolver writes a shell script that behaves like a (mis)behaving
// solver and returns it as a Solver.
func fakeSolver(t *testing.T, dir, name, body string) Solver {
	t.Helper()
	script := writeFile(t, dir, name+".sh", "#!/bin/sh\n"+body+"\n", 0o755)
	s, err := ParseSolver(name+"="+script+" {file} {model}", "")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// satCNF has the single model -1 2.
const satCNF = "p cnf 2 2\n1 2 0\n-1 0\n"

func TestRunRecordsEveryOutcome(t *testing.T) {
	dir := t.TempDir()
	inst := Instance{ID: "tiny.cnf", Path: writeFile(t, dir, "tiny.cnf", satCNF, 0o644), Expected: AnswerSat, Family: "tiny"}
	pidFile := filepath.Join(dir, "sleeper.pid")
	tests := []struct {
		name, body string
		status     Status
		answer     Answer
		note       string
	}{
		{"good", `echo "s SATISFIABLE"; echo "v -1 2 0"; exit 10`, StatusSat, AnswerSat, ""},
		{"minisat-style", `printf 'SAT\n-1 2 0\n' > "$2"; echo SATISFIABLE; exit 10`, StatusSat, AnswerSat, ""},
		{"wrong-model", `echo "s SATISFIABLE"; echo "v 1 2 0"; exit 10`, StatusWrong, AnswerSat, "falsifies clause 1"},
		{"no-model", `echo "s SATISFIABLE"; exit 10`, StatusUnverified, AnswerSat, "without a complete model"},
		{"wrong-unsat", `echo "s UNSATISFIABLE"; exit 20`, StatusUnsat, AnswerUnsat, ""},
		{"exit-mismatch", `echo "s UNSATISFIABLE"; exit 10`, StatusCrash, AnswerUnsat, "exit code 10"},
		{"segfault", `kill -SEGV $$`, StatusCrash, AnswerNone, "signal 11"},
		{"error-exit", `echo "cannot parse" >&2; exit 3`, StatusCrash, AnswerNone, "cannot parse"},
		{"gives-up", `echo "s UNKNOWN"; exit 0`, StatusUnknown, AnswerNone, ""},
		{"sleeper", `sleep 30 & echo $! > ` + pidFile + `; wait`, StatusTimeout, AnswerNone, "killed after"},
		{"memory-hog", `sleep 0.5; head -c 2000000000 /dev/zero | tail`, StatusMemout, AnswerNone, "out of memory"},
		{"uses-100MB", `head -c 100000000 /dev/zero | tail >/dev/null; echo "s UNKNOWN"`, StatusUnknown, AnswerNone, ""},
	}
	var pairs []Pair
	for _, tc := range tests {
		pairs = append(pairs, Pair{inst, fakeSolver(t, dir, tc.name, tc.body)})
	}
	cfg := Config{Timeout: 4 * time.Second, MemBytes: 256 << 20, Jobs: 3,
		WorkDir: filepath.Join(dir, "work"), LogDir: filepath.Join(dir, "logs")}
	got := make(map[string]Record)
	start := time.Now()
	err := Run(context.Background(), pairs, cfg, func(r Record) error {
		got[r.Solver] = r
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 20*time.Second {
		t.Errorf("batch took %s; the sleeper should be killed at 4s", el)
	}
	for _, tc := range tests {
		r, ok := got[tc.name]
		if !ok {
			t.Errorf("%s: no record", tc.name)
			continue
		}
		if r.Status != tc.status || r.Answer != tc.answer || !strings.Contains(r.Note, tc.note) {
			t.Errorf("%s: got status %s answer %s note %q, want %s %s %q", tc.name, r.Status, r.Answer, r.Note, tc.status, tc.answer, tc.note)
		}
		if r.Expected != AnswerSat || r.Timeout != 4 || r.Instance != "tiny.cnf" {
			t.Errorf("%s: record fields %+v", tc.name, r)
		}
	}
	if r := got["sleeper"]; r.Time < 3.9 || r.Time > 15 {
		t.Errorf("sleeper time %.2fs, want about the 4s limit", r.Time)
	}
	if m := got["uses-100MB"].MemMiB; m < 90 || m > 250 {
		t.Errorf("peak memory of a 100 MB run: %.1f MiB", m)
	}
	if _, err := os.Stat(filepath.Join(dir, "logs", "wrong-model", "tiny.cnf.log")); err != nil {
		t.Errorf("log of the wrong model not kept: %v", err)
	}
	assertGone(t, pidFile)
}

// assertGone checks that the process whose pid is in pidFile no longer
// runs: killing the solver must kill its whole process group.
func assertGone(t *testing.T, pidFile string) {
	t.Helper()
	data, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatalf("sleeper pid: %v", err)
	}
	pid := strings.TrimSpace(string(data))
	if _, err := strconv.Atoi(pid); err != nil {
		t.Fatalf("sleeper pid %q", pid)
	}
	for i := 0; i < 50; i++ {
		stat, err := os.ReadFile("/proc/" + pid + "/stat")
		if err != nil || strings.Contains(string(stat), ") Z ") {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Errorf("process %s of the killed solver still runs", pid)
}

func TestRunUnreadableInstance(t *testing.T) {
	dir := t.TempDir()
	bad := Instance{ID: "bad.cnf", Path: writeFile(t, dir, "bad.cnf", "p cnf 2 1\n1 x 0\n", 0o644)}
	s := fakeSolver(t, dir, "never", `echo ran > `+filepath.Join(dir, "ran"))
	var got []Record
	err := Run(context.Background(), []Pair{{bad, s}}, Config{Timeout: time.Second, WorkDir: filepath.Join(dir, "w")},
		func(r Record) error { got = append(got, r); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Status != StatusError || !strings.Contains(got[0].Note, "bad.cnf") {
		t.Fatalf("got %+v, want one error record naming the file", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "ran")); err == nil {
		t.Error("solver ran on an unreadable instance")
	}
}

func TestRunNormalizesQuirkyInstances(t *testing.T) {
	dir := t.TempDir()
	// SATLIB's trailer: cadical and minisat reject the '%' line.
	inst := Instance{ID: "q.cnf", Path: writeFile(t, dir, "q.cnf", satCNF+"%\n0\n", 0o644)}
	s := fakeSolver(t, dir, "strict", `if grep -q '%' "$1"; then exit 1; fi; echo "s SATISFIABLE"; echo "v -1 2 0"; exit 10`)
	var got Record
	err := Run(context.Background(), []Pair{{inst, s}}, Config{Timeout: 5 * time.Second, WorkDir: filepath.Join(dir, "w")},
		func(r Record) error { got = r; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != StatusSat || !strings.Contains(got.Note, "normalized") {
		t.Fatalf("got %+v, want a verified SAT on the normalized copy", got)
	}
}

func TestRunCancelKillsAndDropsRunning(t *testing.T) {
	dir := t.TempDir()
	inst := Instance{ID: "tiny.cnf", Path: writeFile(t, dir, "tiny.cnf", satCNF, 0o644)}
	fast := fakeSolver(t, dir, "fast", `echo "s UNKNOWN"`)
	slow := fakeSolver(t, dir, "slow", `sleep 30`)
	ctx, cancel := context.WithCancel(context.Background())
	var got []Record
	start := time.Now()
	err := Run(ctx, []Pair{{inst, fast}, {inst, slow}, {inst, fast}}, Config{Timeout: time.Minute, WorkDir: filepath.Join(dir, "w")},
		func(r Record) error {
			got = append(got, r)
			cancel() // as Ctrl-C after the first result
			return nil
		})
	if err != context.Canceled {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("cancel took %s", time.Since(start))
	}
	if len(got) != 1 || got[0].Solver != "fast" {
		t.Errorf("records %+v, want only the finished fast run", got)
	}
}
