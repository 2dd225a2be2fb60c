package main

import (
	"strings"
	"testing"
)

func TestSolvePreprocessCLI(t *testing.T) {
	cnf := external(t, "gophersat", "hoons-vbmc-lucky7.cnf")
	tests := []struct {
		name string
		args []string
		pre  bool
	}{
		{"gini preprocesses", []string{"--engine", "gini"}, true},
		{"--no-preprocess", []string{"--engine", "gini", "--no-preprocess"}, false},
	}
	if cadicalTag != "" {
		tests = append(tests, struct {
			name string
			args []string
			pre  bool
		}{"cadical has its own", nil, false})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"solve", "--no-gnn", "--phases", "-"}, tc.args...)
			r := runCLI(t, []byte("1 -2 3 -4 5\n"), append(args, cnf)...)
			if r.code != 20 {
				t.Fatalf("exit %d, want 20\n%s%s", r.code, r.stdout, r.stderr)
			}
			has := strings.Contains(r.stdout, "c preprocess: 8503 → ")
			if has != tc.pre {
				t.Errorf("preprocess lines present %v, want %v:\n%s", has, tc.pre, r.stdout)
			}
			if tc.pre && (!strings.Contains(r.stdout, "variables eliminated") || !strings.Contains(r.stdout, "seeds dropped")) {
				t.Errorf("missing eliminated-variable or seed lines:\n%s", r.stdout)
			}
		})
	}
}
