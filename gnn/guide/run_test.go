package guide

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/verify-tools/verify/internal/testcorpus"
	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/solve"
)

// write puts content into a file of a fresh folder and returns its path.
func write(t *testing.T, name, content string) string {
	t.Helper()
	return testcorpus.WriteTemp(t, name, content)
}

// TestRunWithSeeder: `verify solve --gnn-phases` as the command wires it,
// the Seeder in solve.Options: the screens' c lines, and answers.
func TestRunWithSeeder(t *testing.T) {
	cycle := write(t, "cycle.cnf", "p cnf 3 3\n1 -2 0\n2 -3 0\n3 -1 0\n")
	uniform := write(t, "uniform.cnf", "p cnf 3 2\n1 2 3 0\n-1 -2 -3 0\n")
	tests := []struct {
		name  string
		file  string
		opts  Options
		lines []string // lines out must hold
		not   string   // a prefix no line may have
	}{
		{"embedded model", cycle, Options{}, []string{"s SATISFIABLE"}, ""},
		{"skipped on uniform k-SAT", uniform, Options{},
			[]string{"c gnn: every clause has 3 literals (uniform random 3-SAT or alike): inference skipped, default phases (--gnn-uniform predicts all the same)"}, ""},
		{"on uniform k-SAT when told", uniform, Options{Uniform: true}, []string{"s SATISFIABLE"}, "c gnn: every clause"},
		{"skipped above the limit", cycle, Options{MaxLiterals: 1},
			[]string{"c gnn: 6 literals exceed --gnn-max-literals 1: inference skipped, default phases"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			res, err := solve.Run(context.Background(), solve.Options{File: tc.file, Seeder: NewSeeder(tc.opts)}, &out)
			if err != nil {
				t.Fatal(err)
			}
			if res.ExitCode() != 10 {
				t.Errorf("exit code %d, want 10", res.ExitCode())
			}
			lines := strings.Split(out.String(), "\n")
			for _, l := range tc.lines {
				if !slices.Contains(lines, l) {
					t.Errorf("no line %q in\n%s", l, out.String())
				}
			}
			for _, l := range lines {
				if tc.not != "" && strings.HasPrefix(l, tc.not) {
					t.Errorf("line %q starts with %q", l, tc.not)
				}
			}
		})
	}
	_, err := solve.Run(context.Background(), solve.Options{File: cycle, Seeder: NewSeeder(Options{Model: filepath.Join(t.TempDir(), "none")})}, new(bytes.Buffer))
	if err == nil || !strings.Contains(err.Error(), "solve: --gnn:") {
		t.Errorf("missing model file: %v, want an error naming --gnn", err)
	}
}

// TestRunNextToSearch: inference runs in its own goroutine while the
// search runs and reports through the same writer; whichever finishes
// first, the run answers, its output is whole, and the gnn line says what
// became of the predictions. Repeated to meet both orders (run with -race).
func TestRunNextToSearch(t *testing.T) {
	// uf20-style: small enough that search and inference race.
	var cnf strings.Builder
	cnf.WriteString("p cnf 20 60\n")
	for i := 0; i < 60; i++ {
		a, b, c := i%20+1, (i*7+3)%20+1, (i*13+5)%20+1
		cnf.WriteString(fmt.Sprintf("%d %d %d 0\n", a, -b, c))
	}
	f := write(t, "small.cnf", cnf.String())
	gnnLine := regexp.MustCompile(`(?m)^c gnn: (inference .* (handed to the engine|none seeded, default phases)|search ended before inference .*)$`)
	for i := 0; i < 30; i++ {
		var out bytes.Buffer
		res, err := solve.Run(context.Background(), solve.Options{File: f, Seeder: NewSeeder(Options{Uniform: true})}, &out)
		if err != nil {
			t.Fatalf("run %d: %v\n%s", i, err, out.String())
		}
		if res.Status != sat.Sat || !strings.HasSuffix(out.String(), " 0\n") {
			t.Fatalf("run %d: %v, output\n%s", i, res.Status, out.String())
		}
		if !gnnLine.MatchString(out.String()) {
			t.Fatalf("run %d: no gnn line in\n%s", i, out.String())
		}
	}
}
