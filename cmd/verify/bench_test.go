package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/verify-tools/verify/internal/testcorpus"
	"github.com/verify-tools/verify/sat/bench"
)

// externalSolvers returns the presets of the installed external solvers;
// in CI they must be installed.
func externalSolvers(t *testing.T) []string {
	t.Helper()
	var names []string
	for _, name := range []string{"minisat", "cadical"} {
		if _, err := exec.LookPath(name); err != nil {
			if testcorpus.InCI() {
				t.Fatalf("%s missing in CI: .ci/run must install the Debian packages minisat and cadical", name)
			}
			t.Logf("%s not installed: comparing without it", name)
			continue
		}
		names = append(names, name)
	}
	return names
}

func TestBenchCLI(t *testing.T) {
	satlib := external(t, "satlib")
	dir := t.TempDir()
	abs, _ := filepath.Abs(satlib)
	suite := filepath.Join(dir, "three.suite")
	manifest := abs + "/sat-uniform-20-91/uf20-01.cnf sat uf20\n" +
		abs + "/unsat-uniform-50-218/uuf50-01.cnf unsat uuf50\n" +
		abs + "/unsat-dimacs-dubois/dubois100.cnf unsat dubois\n" // clauses end at newlines: normalized for the solvers
	if err := os.WriteFile(suite, []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	solvers := append([]string{"verify"}, externalSolvers(t)...)
	out := filepath.Join(dir, "out")
	args := []string{"bench", "-q", "--suite", suite, "--timeout", "60s", "--mem", "2GiB", "--jobs", "2", "--out", out}
	for _, s := range solvers {
		args = append(args, "--solver", s)
	}
	r := runCLI(t, nil, args...)
	if r.code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	recs, err := bench.ReadResults(filepath.Join(out, bench.ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3*len(solvers) {
		t.Fatalf("%d records, want %d", len(recs), 3*len(solvers))
	}
	for _, rec := range recs {
		if string(rec.Status) != string(rec.Expected) {
			t.Errorf("%s on %s: %s (%s), want %s", rec.Solver, rec.Instance, rec.Status, rec.Note, rec.Expected)
		}
	}
	files := []string{bench.SummaryText, bench.SummaryMarkdown, bench.CactusFile}
	sort.Strings(solvers) // plots name solver pairs in name order
	for i, a := range solvers {
		for _, b := range solvers[i+1:] {
			files = append(files, bench.ScatterFile(a, b))
		}
	}
	for _, f := range files {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing output: %v", err)
		}
	}
	if !strings.Contains(r.stdout, "VBS") || !strings.Contains(r.stdout, "No disagreements") {
		t.Errorf("summary:\n%s", r.stdout)
	}

	// The same command again resumes: nothing left to run.
	r = runCLI(t, nil, args...)
	if r.code != 0 || !strings.Contains(r.stderr, " 0 runs to do") {
		t.Errorf("rerun: exit %d, stderr %s", r.code, r.stderr)
	}
	if again, _ := bench.ReadResults(filepath.Join(out, bench.ResultsFile)); len(again) != len(recs) {
		t.Errorf("rerun changed results: %d rows, had %d", len(again), len(recs))
	}

	os.Remove(filepath.Join(out, bench.CactusFile))
	r = runCLI(t, nil, "bench", "report", out)
	if r.code != 0 || !strings.Contains(r.stdout, "VBS") {
		t.Errorf("report: exit %d, %s %s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(out, bench.CactusFile)); err != nil {
		t.Errorf("report did not redraw the cactus plot: %v", err)
	}
}

func TestBenchCLIFlagsDisagreement(t *testing.T) {
	satlib := external(t, "satlib")
	dir := t.TempDir()
	liar := filepath.Join(dir, "liar.sh")
	if err := os.WriteFile(liar, []byte("#!/bin/sh\necho 's UNSATISFIABLE'\nexit 20\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	inst := filepath.Join(satlib, "sat-uniform-20-91", "uf20-01.cnf")
	out := filepath.Join(dir, "out")
	r := runCLI(t, nil, "bench", "-q", "--suite", inst, "--solver", "verify", "--solver", "liar="+liar+" {file}",
		"--timeout", "30", "--out", out)
	if r.code != exitFlagged {
		t.Fatalf("exit %d, want %d\n%s\n%s", r.code, exitFlagged, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "DISAGREEMENT") || !strings.Contains(r.stderr, "problems flagged") {
		t.Errorf("disagreement not flagged:\n%s\n%s", r.stdout, r.stderr)
	}
}

func TestBenchCLIErrors(t *testing.T) {
	dir := t.TempDir()
	suite := filepath.Join(dir, "s.suite")
	os.WriteFile(suite, []byte("# x\nmissing/file.cnf sat\n"), 0o644)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no-out", []string{"bench", "--suite", suite, "--solver", "verify"}, exitUsage, "--out DIR is required"},
		{"no-solver", []string{"bench", "--suite", suite, "--out", dir}, exitUsage, "at least one --suite and one --solver"},
		{"bad-solver", []string{"bench", "--suite", suite, "--solver", "x=nosuchsolver-xyz {file}", "--out", dir}, exitUsage, "nosuchsolver-xyz"},
		{"bad-mem", []string{"bench", "--suite", suite, "--solver", "verify", "--mem", "lots", "--out", dir}, exitUsage, "--mem"},
		{"bad-timeout", []string{"bench", "--suite", suite, "--solver", "verify", "--timeout", "0", "--out", dir}, exitUsage, "--timeout"},
		{"missing-instance", []string{"bench", "--suite", suite, "--solver", "verify", "--out", dir}, exitError, "s.suite:2: instance missing/file.cnf not found"},
		{"report-empty", []string{"bench", "report", dir}, exitError, "no results"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, nil, tc.args...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", r.code, r.stderr, tc.code, tc.want)
			}
		})
	}
}
