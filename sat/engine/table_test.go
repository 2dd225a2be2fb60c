package engine

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/verify-tools/verify/sat"
)

type engineCase struct {
	name    string
	cfg     Config
	want    string
	wantErr string
}

func TestNewEngineDefault(t *testing.T) {
	want := "gini"
	if cadicalBuilt {
		want = "cadical" // the strongest engine compiled in is the default
	}
	if got := Names()[0]; got != want {
		t.Fatalf("EngineNames()[0] = %q, want %q", got, want)
	}
	tests := []engineCase{
		{"default", Config{}, want, ""},
		{"gini by name", Config{Name: "gini"}, "gini", ""},
		{"gini cannot prove", Config{Name: "gini", Proof: "p.drat"}, "", "cannot write DRAT proofs"},
		{"unknown", Config{Name: "minisat"}, "", "unknown engine"},
	}
	if cadicalBuilt {
		tests = append(tests,
			engineCase{"default proves", Config{Proof: "p.drat"}, "cadical", ""})
	} else {
		tests = append(tests,
			engineCase{"cadical missing", Config{Name: "cadical"}, "", "no cadical engine"},
			engineCase{"default cannot prove", Config{Proof: "p.drat"}, "", "cannot write DRAT proofs"})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := New(tc.cfg)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if e.Name() != tc.want {
				t.Errorf("engine %q, want %q", e.Name(), tc.want)
			}
		})
	}
}

// TestTableRows: every row names a distinct engine; a built row has its
// constructors and a version, a row that is not built says how to get it.
func TestTableRows(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Table() {
		t.Run(s.Name, func(t *testing.T) {
			if s.Name == "" || seen[s.Name] {
				t.Fatalf("empty or repeated engine name %q", s.Name)
			}
			seen[s.Name] = true
			if !s.Built {
				if s.Missing == "" {
					t.Error("a row that is not built must say how to get it")
				}
				if _, err := New(Config{Name: s.Name}); err == nil || !strings.Contains(err.Error(), s.Missing) {
					t.Errorf("New(%q) = %v, want the Missing text", s.Name, err)
				}
				return
			}
			if s.New == nil || s.NewIncremental == nil || s.Version == nil || s.Version() == "" {
				t.Fatal("a built row needs New, NewIncremental and a Version")
			}
			f := sat.NewCNF(2)
			f.AddClause(1, 2)
			f.AddClause(-1)
			e, err := New(Config{Name: s.Name})
			if err != nil {
				t.Fatal(err)
			}
			r, err := e.Solve(context.Background(), f, Options{})
			if err != nil || r.Status != sat.Sat || r.Model[1] || !r.Model[2] {
				t.Fatalf("Solve: %+v %v", r, err)
			}
			inc, err := NewIncremental(s.Name, f)
			if err != nil {
				t.Fatal(err)
			}
			defer inc.Close()
			if st := inc.Solve(context.Background(), []int32{-2}, 0); st != sat.Unsat {
				t.Errorf("incremental under -2: %v, want UNSAT", st)
			}
		})
	}
	if got := Names(); len(got) == 0 || got[len(got)-1] != "gini" {
		t.Errorf("Names() = %v: gini, the pure-Go engine, is in every build", got)
	}
}

// badSearcher returns a model that falsifies the formula.
type badSearcher struct{}

func (badSearcher) search(context.Context, *sat.CNF, Options) (Result, error) {
	return Result{Status: sat.Sat, Model: []bool{false, false}}, nil
}

// TestWrapperChecksModels: an engine's wrong model never reaches the
// caller as an answer, and oversized formulas are refused before search.
func TestWrapperChecksModels(t *testing.T) {
	f := sat.NewCNF(1)
	f.AddClause(1)
	e := &Engine{name: "bad", s: badSearcher{}}
	r, err := e.Solve(context.Background(), f, Options{})
	var me *sat.ModelError
	if !errors.As(err, &me) || r.Status != sat.Unknown {
		t.Fatalf("got %v, %v; want a ModelError and UNKNOWN", r.Status, err)
	}
	big := sat.NewCNF(MaxVars + 1)
	if _, err := e.Solve(context.Background(), big, Options{}); err == nil || !strings.Contains(err.Error(), "at most") {
		t.Fatalf("oversized formula: %v", err)
	}
}

// TestConfigurations: every engine takes its listed configurations and
// refuses others by name.
func TestConfigurations(t *testing.T) {
	f := sat.NewCNF(2)
	f.AddClause(1, 2)
	f.AddClause(-1)
	for _, name := range Names() {
		spec, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range spec.Configurations {
			e, err := New(Config{Name: name, Configuration: c})
			if err != nil {
				t.Fatalf("%s %s: %v", name, c, err)
			}
			if r, err := e.Solve(context.Background(), f, Options{}); err != nil || r.Status != sat.Sat {
				t.Errorf("%s %s: %v %v", name, c, r.Status, err)
			}
		}
		if _, err := New(Config{Name: name, Configuration: "fast"}); err == nil || !strings.Contains(err.Error(), `no configuration "fast"`) {
			t.Errorf("%s: configuration fast: %v", name, err)
		}
	}
}
