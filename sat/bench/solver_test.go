package bench

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/verify-tools/verify/internal/testcorpus"
)

func TestParseSolver(t *testing.T) {
	tests := []struct {
		arg  string
		name string
		argv []string // with file f.cnf, id x/f.cnf, model m, timeout 60, mem 1024
		err  string
	}{
		{"verify", "verify", []string{"/bin/sh", "solve", "--quiet", "--no-gnn", "f.cnf"}, ""},
		{"verify-gnn", "verify-gnn", []string{"/bin/sh", "solve", "--quiet", "--gnn-phases", "f.cnf"}, ""},
		{"verify-random", "verify-random", []string{"/bin/sh", "solve", "--quiet", "--no-gnn", "--random-phases", "1", "f.cnf"}, ""},
		{"verify-gini-gnn", "verify-gini-gnn", []string{"/bin/sh", "solve", "--quiet", "--gnn-phases", "--engine", "gini", "f.cnf"}, ""},
		{"verify-gini-random", "verify-gini-random", []string{"/bin/sh", "solve", "--quiet", "--no-gnn", "--random-phases", "1", "--engine", "gini", "f.cnf"}, ""},
		{"mini=minisat -verb=0 {file} {model}", "mini", []string{"minisat", "-verb=0", "f.cnf", "m"}, ""},
		{"t=sh -c 'echo {file} {timeout}' x", "t", []string{"sh", "-c", "echo f.cnf 60", "x"}, ""},
		{"lim=sh --mem={mem}M {file}", "lim", []string{"sh", "--mem=1024M", "f.cnf"}, ""},
		{"oracle=sh --phases build/models/{id}.model {file}", "oracle", []string{"sh", "--phases", "build/models/x/f.cnf.model", "f.cnf"}, ""},
		{"nofile=sh -c true", "", nil, "no {file} placeholder"},
		{"bad name=sh {file}", "", nil, "name must be"},
		{"x=sh {fle}", "", nil, "unknown placeholder {fle}"},
		{"x=sh 'open {file}", "", nil, "unclosed"},
		{"x=", "", nil, "empty command"},
		{"nosuch", "", nil, "no such preset"},
		{"x=/no/such/solver {file}", "", nil, "/no/such/solver"},
	}
	for _, tc := range tests {
		t.Run(tc.arg, func(t *testing.T) {
			s, err := ParseSolver(tc.arg, "/bin/sh")
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				if strings.Contains(err.Error(), "executable file not found") {
					testcorpus.Missing(t, fmt.Sprintf("solver not installed (.ci/run installs minisat and cadical): %v", err))
				}
				t.Fatal(err)
			}
			if got := s.argv("f.cnf", "x/f.cnf", "m", 60, 1024); s.Name != tc.name || !reflect.DeepEqual(got, tc.argv) {
				t.Errorf("got %s %q, want %s %q", s.Name, got, tc.name, tc.argv)
			}
		})
	}
}

func TestPresetsParse(t *testing.T) {
	for _, p := range Presets() {
		words, err := splitWords(p.Command)
		if err != nil || !strings.Contains(p.Command, "{file}") || len(words) < 2 {
			t.Errorf("preset %s: %q %v", p.Name, p.Command, err)
		}
	}
}
