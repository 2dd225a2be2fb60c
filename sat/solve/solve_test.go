package solve

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/verify-tools/verify/internal/lit"
	"github.com/verify-tools/verify/internal/testcorpus"
	"github.com/verify-tools/verify/sat"
)

// write puts content into a file of a fresh folder and returns its path.
func write(t *testing.T, name, content string) string {
	t.Helper()
	return testcorpus.WriteTemp(t, name, content)
}

// cycleCNF's only models are all-true and all-false.
const cycleCNF = "p cnf 3 3\n1 -2 0\n2 -3 0\n3 -1 0\n"

func TestRun(t *testing.T) {
	// The only models of the cycle are all-true and all-false: with gini
	// the seeds decide which one is reported (CaDiCaL's lucky search finds
	// all-false before any seed counts).
	cycle := write(t, "cycle.cnf", cycleCNF)
	unsat := write(t, "unsat.cnf", "p cnf 1 2\n1 0\n-1 0\n")
	allTrue := write(t, "true.txt", "1 2 3\n")
	allFalse := write(t, "false.txt", "-1 -2 -3\n")
	tests := []struct {
		name  string
		opts  Options
		code  int
		lines []string // lines out must hold
		not   string   // a prefix no line may have
	}{
		{"seeded true", Options{File: cycle, Engine: "gini", Seeds: SeedOptions{PhasesFile: allTrue}}, 10,
			[]string{"c phases: 3 seed literals from " + allTrue, "s SATISFIABLE", "v 1 2 3 0"}, ""},
		{"seeded false", Options{File: cycle, Engine: "gini", Seeds: SeedOptions{PhasesFile: allFalse}}, 10,
			[]string{"s SATISFIABLE", "v -1 -2 -3 0"}, ""},
		{"quiet no model", Options{File: cycle, Quiet: true, NoModel: true}, 10,
			[]string{"s SATISFIABLE"}, "c "},
		{"unsat with stats", Options{File: unsat, Stats: true}, 20,
			[]string{"s UNSATISFIABLE"}, "v "},
		{"no seeder by default", Options{File: cycle}, 10, []string{"s SATISFIABLE"}, "c gnn"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			res, err := Run(context.Background(), tc.opts, &out)
			if err != nil {
				t.Fatal(err)
			}
			if res.ExitCode() != tc.code {
				t.Errorf("exit code %d, want %d", res.ExitCode(), tc.code)
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
			if tc.opts.Stats && !strings.Contains(out.String(), "c conflicts:") {
				t.Errorf("no statistics in\n%s", out.String())
			}
		})
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	bad := write(t, "bad.cnf", "p cnf 3 1\n1 2 x 0\n")
	cycle := write(t, "cycle.cnf", cycleCNF)
	tests := []struct {
		name    string
		opts    Options
		want    string
		options bool // an OptionsError
	}{
		{"bad token", Options{File: bad}, `bad.cnf:2: bad token "x"`, false},
		{"missing file", Options{File: filepath.Join(dir, "none.cnf")}, "no such file", false},
		{"unknown engine", Options{File: cycle, Engine: "nosuch"}, `unknown engine "nosuch"`, true},
		{"gini proof", Options{File: cycle, Engine: "gini", Proof: filepath.Join(dir, "p")}, "cannot write DRAT proofs", true},
		{"missing phases", Options{File: cycle, Seeds: SeedOptions{PhasesFile: filepath.Join(dir, "none")}}, "solve: --phases:", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Run(context.Background(), tc.opts, new(bytes.Buffer))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one saying %q", err, tc.want)
			}
			var oe *OptionsError
			if errors.As(err, &oe) != tc.options {
				t.Errorf("OptionsError %v, want %v", errors.As(err, &oe), tc.options)
			}
		})
	}
}

func TestMergePhases(t *testing.T) {
	tests := []struct {
		name                 string
		base, override, want []int32
	}{
		{"no override", []int32{1, -2}, nil, []int32{1, -2}},
		{"no base", nil, []int32{-3}, []int32{-3}},
		{"override wins", []int32{1, -2, 3}, []int32{2, -3}, []int32{1, 2, -3}},
		{"disjoint", []int32{1}, []int32{-2}, []int32{1, -2}},
	}
	for _, tc := range tests {
		if got := MergePhases(tc.base, tc.override); !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestRandomPhases(t *testing.T) {
	a, b := RandomPhases(200, 7), RandomPhases(200, 7)
	if !slices.Equal(a, b) {
		t.Fatal("the same seed gave different phases")
	}
	pos := 0
	for i, l := range a {
		if lit.Var(l) != int32(i+1) {
			t.Fatalf("literal %d is %d, not of variable %d", i, l, i+1)
		}
		if l > 0 {
			pos++
		}
	}
	if pos == 0 || pos == len(a) {
		t.Errorf("%d of %d phases true: not random", pos, len(a))
	}
	if slices.Equal(a, RandomPhases(200, 8)) {
		t.Error("seeds 7 and 8 gave the same phases")
	}
}

// TestRunSeedLines: the c-lines say when the seeds were applied and how
// many of them the model agrees with.
func TestRunSeedLines(t *testing.T) {
	// The only model is 1 2 -3; of the seeds -1 2 3 one is right.
	unique := write(t, "unique.cnf", "p cnf 3 3\n1 0\n-1 2 0\n-2 -3 0\n")
	cycle := write(t, "cycle.cnf", cycleCNF)
	seeds := write(t, "seeds.txt", "-1 2 3\n")
	tests := []struct {
		name  string
		opts  Options
		lines []string // regular expressions, each matching a whole line
	}{
		{"agreement", Options{File: unique, Engine: "gini", Seeds: SeedOptions{PhasesFile: seeds}}, []string{
			`c phases: 3 seed literals from .*seeds\.txt`,
			`c phases: \d+ seeds dropped on variables the preprocessor fixed or eliminated.*`,
			`c phases: the model agrees with 1 of 3 seeds \(33\.3%\)`,
		}},
		{"applications", Options{File: unique, Engine: "gini", NoPreprocess: true, Seeds: SeedOptions{PhasesFile: seeds}}, []string{
			`c phases: application 1 at 0 conflicts, \d+\.\d{3}s: 3 seeds, \d+ variables set`,
			`c phases: the model agrees with 1 of 3 seeds \(33\.3%\)`,
		}},
		{"no seeds no lines", Options{File: cycle, Engine: "gini"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			res, err := Run(context.Background(), tc.opts, &out)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != sat.Sat {
				t.Fatalf("%v", res.Status)
			}
			for _, want := range tc.lines {
				if !regexp.MustCompile(`(?m)^` + want + `$`).MatchString(out.String()) {
					t.Errorf("no line %q in\n%s", want, out.String())
				}
			}
			if tc.lines == nil && strings.Contains(out.String(), "c phases:") {
				t.Errorf("phase lines without seeds:\n%s", out.String())
			}
		})
	}
}

func TestNoisy(t *testing.T) {
	seeds := make([]int32, 200)
	for i := range seeds {
		seeds[i] = int32(i + 1)
	}
	tests := []struct {
		name              string
		keep, flip        float64
		wantKept, wantNeg int
	}{
		{"all", 0, 0, 200, 0},
		{"all, keep 1", 1, 0, 200, 0},
		{"coverage", 0.6, 0, 120, 0},
		{"flips", 0, 0.1, 200, 20},
		{"both", 0.5, 0.3, 100, 30},
		{"flip all", 0.25, 1, 50, 50},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, kept, flipped := Noisy(seeds, tc.keep, tc.flip, 7)
			neg, last := 0, int32(0)
			for _, l := range out {
				if l < 0 {
					neg++
				}
				if v := max(l, -l); v <= last {
					t.Fatalf("order not kept: %v", out)
				} else {
					last = v
				}
			}
			if kept != tc.wantKept || len(out) != kept || flipped != tc.wantNeg || neg != flipped {
				t.Errorf("kept %d (len %d), flipped %d (negative %d); want %d, %d", kept, len(out), flipped, neg, tc.wantKept, tc.wantNeg)
			}
			again, _, _ := Noisy(seeds, tc.keep, tc.flip, 7)
			if !slices.Equal(out, again) {
				t.Error("not a function of the seed")
			}
		})
	}
	if a, _, _ := Noisy(seeds, 0.5, 0.5, 1); slices.Equal(a, func() []int32 { b, _, _ := Noisy(seeds, 0.5, 0.5, 2); return b }()) {
		t.Error("two noise seeds drew the same seeds")
	}
}
