package main

import (
	"bytes"
	"compress/gzip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/verify-tools/verify/sat"
)

// sLine returns the single 's' line of solver output, failing on zero or
// several.
func sLine(t *testing.T, out string) string {
	t.Helper()
	var found []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "s ") {
			found = append(found, l)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want one 's' line, got %q in:\n%s", found, out)
	}
	return found[0]
}

func TestSolveCLI(t *testing.T) {
	satFile := external(t, "satlib", "sat-uniform-20-91", "uf20-01.cnf")
	unsatFile := external(t, "satlib", "unsat-uniform-50-218", "uuf50-01.cnf")
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.cnf")
	os.WriteFile(bad, []byte("p cnf 3 1\n1 2 x 0\n"), 0o644)
	huge := filepath.Join(dir, "huge.cnf")
	os.WriteFile(huge, []byte("p cnf 5 1\n2147483647 0\n"), 0o644)
	extra := filepath.Join(dir, "extra.cnf")
	os.WriteFile(extra, []byte("p cnf 2 1\n1 0\n2 0\n"), 0o644)

	tests := []struct {
		name   string
		args   []string
		code   int
		s      string
		stderr string
	}{
		{"sat", []string{"solve", satFile}, 10, "s SATISFIABLE", ""},
		{"unsat", []string{"solve", unsatFile}, 20, "s UNSATISFIABLE", ""},
		{"stats", []string{"solve", "--stats", unsatFile}, 20, "s UNSATISFIABLE", ""},
		{"no model", []string{"solve", "--no-model", satFile}, 10, "s SATISFIABLE", ""},
		{"random phases sat", []string{"solve", "--random-phases", "3", satFile}, 10, "s SATISFIABLE", ""},
		{"random phases unsat", []string{"solve", "--random-phases", "3", unsatFile}, 20, "s UNSATISFIABLE", ""},
		{"lenient extra clause", []string{"solve", extra}, 10, "s SATISFIABLE", "extra.cnf:3: warning: more clauses"},
		{"strict extra clause", []string{"solve", "--strict", extra}, 1, "", "extra.cnf:3: more clauses than the 1"},
		{"bad token", []string{"solve", bad}, 1, "", "bad.cnf:2: bad token \"x\""},
		{"missing file", []string{"solve", filepath.Join(dir, "none.cnf")}, 1, "", "no such file"},
		{"directory", []string{"solve", dir}, 1, "", dir + " is a directory, not a CNF file"},
		{"no argument", []string{"solve"}, exitUsage, "", "want exactly one FILE"},
		{"absurd variable count", []string{"solve", huge}, 1, "", "2147483647 variables; at most 268435456 are supported"},
		{"bad timeout", []string{"solve", "--timeout", "soon", satFile}, exitUsage, "", "bad duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, r.stdout, r.stderr)
			}
			if tt.s != "" && sLine(t, r.stdout) != tt.s {
				t.Errorf("got %q, want %q", sLine(t, r.stdout), tt.s)
			}
			if tt.stderr != "" && !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("stderr %q lacks %q", r.stderr, tt.stderr)
			}
			if tt.name == "no model" && strings.Contains(r.stdout, "\nv ") {
				t.Error("--no-model printed v lines")
			}
			if tt.name == "stats" && !strings.Contains(r.stdout, "c conflicts:") {
				t.Error("--stats printed no conflicts line")
			}
			if tt.code == 10 && tt.name != "no model" {
				checkPrintedModel(t, tt.args[len(tt.args)-1], r.stdout)
			}
		})
	}
}

// checkPrintedModel verifies the 'v' lines against the formula.
func checkPrintedModel(t *testing.T, path, out string) {
	t.Helper()
	f, _, err := sat.ReadFile(path, sat.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	model, ok := sat.ParseModel([]byte(out), f.NumVars)
	if !ok {
		t.Fatalf("no complete v-line model in:\n%s", out)
	}
	if err := sat.CheckModel(f, model); err != nil {
		t.Fatalf("printed model is wrong: %v", err)
	}
}

func TestSolveStdinCompressed(t *testing.T) {
	data, err := os.ReadFile(external(t, "satlib", "sat-flat125-301", "flat125-1.cnf"))
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(data)
	w.Close()
	r := runCLI(t, gz.Bytes(), "solve", "-")
	if r.code != 10 || sLine(t, r.stdout) != "s SATISFIABLE" {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}

func TestSolveTimeoutCLI(t *testing.T) {
	hard := external(t, "gophersat", "11-pigeons.cnf")
	t0 := time.Now()
	r := runCLI(t, nil, "solve", "--timeout", "0.3", hard)
	if r.code != 0 || sLine(t, r.stdout) != "s UNKNOWN" || !strings.Contains(r.stdout, "c timeout") {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if el := time.Since(t0); el > 5*time.Second {
		t.Errorf("0.3s timeout took %v", el)
	}
}

// TestSolveSignals: SIGINT and SIGTERM end the search with "s UNKNOWN" and
// statistics, not a dead process.
func TestSolveSignals(t *testing.T) {
	hard := external(t, "gophersat", "11-pigeons.cnf")
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(verifyBin, "solve", hard)
			var out bytes.Buffer
			cmd.Stdout = &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(500 * time.Millisecond)
			cmd.Process.Signal(sig)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("exit: %v\n%s", err, out.String())
				}
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				t.Fatal("solver did not stop within 10s of the signal")
			}
			s := out.String()
			if sLine(t, s) != "s UNKNOWN" || !strings.Contains(s, "c interrupted by signal") || !strings.Contains(s, "c conflicts:") {
				t.Errorf("output:\n%s", s)
			}
		})
	}
}
