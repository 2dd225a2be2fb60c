package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/verify-tools/verify/internal/testcorpus"
	"github.com/verify-tools/verify/sat"
)

func mustRead(tb testing.TB, path string) *sat.CNF {
	tb.Helper()
	f, _, err := sat.ReadFile(path, sat.ReadOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

func solveFile(tb testing.TB, path string, opts Options) Result {
	tb.Helper()
	res, err := Gini(false).Solve(context.Background(), mustRead(tb, path), opts)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return res
}

func TestSolveSATLIB(t *testing.T) {
	for _, path := range satlibFiles(t) {
		want := satlibExpected(path)
		if want == sat.Unknown {
			t.Fatalf("%s: no known answer", path)
		}
		if got := solveFile(t, path, Options{}).Status; got != want {
			t.Errorf("%s: %v, want %v", path, got, want)
		}
	}
}

func TestSolveGophersatKnown(t *testing.T) {
	dir := testcorpus.Path(t, "gophersat")
	for name, want := range gophersatKnown {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := solveFile(t, filepath.Join(dir, name), Options{}).Status; got != want {
				t.Errorf("%v, want %v", got, want)
			}
		})
	}
}

// referenceSolvers are Debian's solvers used to cross-check answers.
var referenceSolvers = []struct{ name, bin string }{{"minisat", "minisat"}, {"cadical", "cadical"}}

// runReference runs a reference solver and returns its answer from the
// SAT-competition exit code.
func runReference(t *testing.T, bin, path string) sat.Status {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := []string{path}
	if bin == "cadical" {
		args = []string{"-q", "-n", path}
	}
	err := exec.CommandContext(ctx, bin, args...).Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		switch ee.ExitCode() {
		case 10:
			return sat.Sat
		case 20:
			return sat.Unsat
		}
	}
	t.Fatalf("%s %s: no answer (%v)", bin, path, err)
	return sat.Unknown
}

// TestCrossCheckReferenceSolvers compares our answers with minisat and
// cadical on the gophersat instances with known answers and on every 25th
// SATLIB file.
func TestCrossCheckReferenceSolvers(t *testing.T) {
	for _, rs := range referenceSolvers {
		if _, err := exec.LookPath(rs.bin); err != nil {
			testcorpus.Missing(t, fmt.Sprintf("%s not installed (apt-get install minisat cadical): %v", rs.bin, err))
		}
	}
	var files []string
	for i, f := range satlibFiles(t) {
		if i%25 == 0 {
			files = append(files, f)
		}
	}
	dir := testcorpus.Path(t, "gophersat")
	for name := range gophersatKnown {
		if name != "hoons-vbmc-lucky7.cnf" { // seconds each; covered above
			files = append(files, filepath.Join(dir, name))
		}
	}
	tmp := t.TempDir()
	for i, path := range files {
		// The reference solvers get our reading of the file in plain
		// DIMACS: minisat rejects the SATLIB '%' trailer, and both would
		// misread dubois100's newline-terminated clauses.
		f := mustRead(t, path)
		plain := filepath.Join(tmp, fmt.Sprintf("%d.cnf", i))
		writeFile(t, plain, f)
		ours := solveFile(t, path, Options{}).Status
		for _, rs := range referenceSolvers {
			if theirs := runReference(t, rs.bin, plain); theirs != ours {
				t.Errorf("%s: verify says %v, %s says %v", path, ours, rs.name, theirs)
			}
		}
	}
}

func writeFile(t *testing.T, path string, f *sat.CNF) {
	t.Helper()
	var buf bytes.Buffer
	if err := sat.WriteDIMACS(&buf, f); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSolveTinyFormulas(t *testing.T) {
	tests := []struct {
		name string
		cnf  string
		want sat.Status
	}{
		{"empty formula", "p cnf 0 0\n", sat.Sat},
		{"empty clause", "p cnf 1 1\n0\n", sat.Unsat},
		{"unit conflict", "p cnf 1 2\n1 0\n-1 0\n", sat.Unsat},
		{"unused variables", "p cnf 10 1\n3 0\n", sat.Sat},
		{"tautology", "p cnf 1 1\n1 -1 0\n", sat.Sat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, err := sat.Read(strings.NewReader(tt.cnf), "t", sat.ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := Gini(false).Solve(context.Background(), f, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != tt.want {
				t.Fatalf("%v, want %v", res.Status, tt.want)
			}
			if res.Status == sat.Sat && len(res.Model) != f.NumVars+1 {
				t.Errorf("model has %d entries, want %d", len(res.Model), f.NumVars+1)
			}
		})
	}
}

func TestSolveTimeoutAndCancel(t *testing.T) {
	// 11 pigeons into 10 holes keeps gini busy far longer than these limits.
	path := filepath.Join(testcorpus.Path(t, "gophersat"), "11-pigeons.cnf")
	f := mustRead(t, path)

	t0 := time.Now()
	res, err := Gini(false).Solve(context.Background(), f, Options{Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != sat.Unknown || !res.Interrupted {
		t.Fatalf("timeout: status %v interrupted %v", res.Status, res.Interrupted)
	}
	if el := time.Since(t0); el > 3*time.Second {
		t.Errorf("timeout of 200ms took %v", el)
	}
	if res.Stats.Conflicts <= 0 || res.Stats.Propagations <= 0 {
		t.Errorf("stats not read from gini: %+v", res.Stats)
	}

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	res, err = Gini(false).Solve(ctx, f, Options{})
	if err != nil || res.Status != sat.Unknown || !res.Interrupted {
		t.Fatalf("cancel: %v %+v", err, res)
	}
}
