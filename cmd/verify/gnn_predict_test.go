package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/verify-tools/verify/gnn/phasenet"
	"github.com/verify-tools/verify/sat"
)

// testGNN writes a phase-predictor weights file with seeded random
// weights (trained models come from 'verify gnn train').
func testGNN(t *testing.T, threshold float64) string {
	t.Helper()
	cfg := phasenet.DefaultConfig()
	cfg.Threshold = threshold
	m, err := phasenet.New(cfg, 5)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "gnn.safetensors")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestGnnPredictCLI(t *testing.T) {
	cnf := external(t, "satlib", "sat-flat125-301", "flat125-1.cnf")
	f, _, err := sat.ReadFile(cnf, sat.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	gnn := testGNN(t, 0.5)
	phases := filepath.Join(t.TempDir(), "seeds.txt")
	// Kept past the gates, as verify solve --gnn-keep-* would seed them.
	r := runCLI(t, nil, "gnn", "predict", "--model", gnn, "--keep-inconsistent", "--keep-unconfident", "--phases-out", phases, cnf)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		if strings.HasPrefix(line, "c ") {
			continue
		}
		fields := strings.Fields(line)
		p, err := strconv.ParseFloat(fields[1], 64)
		if len(fields) != 2 || err != nil || p <= 0 || p >= 1 {
			t.Fatalf("bad line %q", line)
		}
		n++
	}
	if n != f.NumVars {
		t.Errorf("%d probabilities for %d variables", n, f.NumVars)
	}
	// At threshold 0.5 every variable is seeded.
	seeds, err := sat.ReadPhases(phases)
	if err != nil || len(seeds) != f.NumVars {
		t.Fatalf("phase file: %d seeds, %v", len(seeds), err)
	}
	if r := runCLI(t, nil, "gnn", "predict", cnf); r.code != 0 || !strings.Contains(r.stdout, "inference") {
		t.Errorf("embedded model: exit %d %q", r.code, r.stderr)
	}
}

func TestSolveWithGnn(t *testing.T) {
	gnn := testGNN(t, 0.5)
	for _, tc := range []struct {
		file string
		code int
	}{
		{external(t, "satlib", "sat-flat125-301", "flat125-2.cnf"), 10},
		{external(t, "satlib", "unsat-uniform-50-218", "uuf50-02.cnf"), 20},
	} {
		r := runCLI(t, nil, "solve", "--gnn", gnn, "--gnn-uniform", tc.file)
		if r.code != tc.code || !gnnReported(r.stdout) {
			t.Fatalf("%s: exit %d\n%s", tc.file, r.code, r.stdout)
		}
		if tc.code == 10 {
			checkPrintedModel(t, tc.file, r.stdout)
		}
	}
	r := runCLI(t, nil, "solve", "--gnn", gnn, "--gnn-max-literals", "10", external(t, "satlib", "sat-uniform-20-91", "uf20-01.cnf"))
	if r.code != 10 || !strings.Contains(r.stdout, "inference skipped") {
		t.Fatalf("size limit: exit %d\n%s", r.code, r.stdout)
	}
	r = runCLI(t, nil, "solve", "--gnn", filepath.Join(t.TempDir(), "none"), external(t, "satlib", "sat-uniform-20-91", "uf20-01.cnf"))
	if r.code != 1 {
		t.Fatalf("missing model: exit %d", r.code)
	}
	// uf20 is uniform random 3-SAT: no inference unless --gnn-uniform.
	r = runCLI(t, nil, "solve", "--gnn-phases", external(t, "satlib", "sat-uniform-20-91", "uf20-01.cnf"))
	if r.code != 10 || !strings.Contains(r.stdout, "c gnn: every clause has 3 literals (uniform random 3-SAT or alike): inference skipped") {
		t.Fatalf("uniform 3-SAT: exit %d\n%s", r.code, r.stdout)
	}
	// Prediction is off by default; --gnn-phases turns the embedded model
	// on, and --no-gnn wins over both ways of turning it on.
	uf := external(t, "satlib", "sat-uniform-20-91", "uf20-01.cnf")
	for _, tc := range []struct {
		name string
		args []string
		gnn  bool
	}{
		{"default", nil, false},
		{"embedded model", []string{"--gnn-phases", "--gnn-uniform"}, true},
		{"no-gnn wins", []string{"--gnn-phases", "--no-gnn"}, false},
		{"no-gnn wins over a file", []string{"--gnn", gnn, "--no-gnn"}, false},
	} {
		r := runCLI(t, nil, append(append([]string{"solve"}, tc.args...), uf)...)
		if r.code != 10 || gnnReported(r.stdout) != tc.gnn || !tc.gnn && strings.Contains(r.stdout, "c gnn") {
			t.Errorf("%s: exit %d, gnn reported %v, want %v\n%s", tc.name, r.code, gnnReported(r.stdout), tc.gnn, r.stdout)
		}
	}
}

// gnnReported says whether solve's output tells what became of inference,
// which runs next to the search: its predictions, or that the search
// answered first (usual for formulas this small).
func gnnReported(out string) bool {
	return strings.Contains(out, "c gnn: search ended before inference") ||
		strings.Contains(out, "c gnn: inference") && strings.Contains(out, "predicted backbone size")
}
