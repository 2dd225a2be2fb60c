package engine

import (
	"context"
	"testing"
	"time"

	"github.com/verify-tools/verify/sat"
)

// TestIncrementalCalls runs one sequence of calls on each engine's
// incremental solver: a call stopped by its limit must leave the solver
// usable, assumptions must hold for one call only, and added clauses for
// good.
func TestIncrementalCalls(t *testing.T) {
	f, _ := pigeonChain(9)
	type step struct {
		name   string
		add    []int32 // clause added before the call, if any
		assume []int32
		limit  time.Duration
		want   sat.Status
		check  func(s Incremental) bool // on the model, when Sat
	}
	steps := []step{
		{name: "first model", want: sat.Sat, check: func(s Incremental) bool { return s.Value(1) && s.Value(4) }},
		{name: "pigeonhole under a limit", assume: []int32{-5}, limit: 20 * time.Millisecond, want: sat.Unknown},
		{name: "usable after the limit", limit: 10 * time.Second, want: sat.Sat},
		{name: "refuted by the unit chain", assume: []int32{-4}, want: sat.Unsat},
		{name: "assumptions last one call", assume: []int32{4, 5}, want: sat.Sat,
			check: func(s Incremental) bool { return s.Value(4) && s.Value(5) }},
		{name: "contradicting assumptions", assume: []int32{6, -6}, want: sat.Unsat},
		{name: "added clause is kept", add: []int32{-4, -6}, assume: []int32{6}, want: sat.Unsat},
		{name: "and holds without assumptions", want: sat.Sat, check: func(s Incremental) bool { return !s.Value(6) }},
	}
	for _, engine := range Names() {
		t.Run(engine, func(t *testing.T) {
			s, err := NewIncremental(engine, f)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var first []int32 // the first model, as literals
			for _, st := range steps {
				if st.add != nil {
					s.AddClause(st.add...)
				}
				t0 := time.Now()
				got := s.Solve(context.Background(), st.assume, st.limit)
				if got != st.want {
					t.Fatalf("%s: %v, want %v", st.name, got, st.want)
				}
				if got == sat.Unknown {
					if time.Since(t0) > time.Second {
						t.Fatalf("%s: limit %v ignored: took %v", st.name, st.limit, time.Since(t0))
					}
					// As Backbone does: the stopped search's phases lead
					// back into the pigeonhole; restore the model's.
					if p, ok := s.(PhaseResetter); ok {
						p.ResetPhases(context.Background(), first)
					}
				}
				if got == sat.Sat {
					model := make([]bool, f.NumVars+1)
					for v := 1; v <= f.NumVars; v++ {
						model[v] = s.Value(int32(v))
					}
					if err := sat.CheckModel(f, model); err != nil {
						t.Fatalf("%s: %v", st.name, err)
					}
					if first == nil {
						for v := 1; v <= f.NumVars; v++ {
							l := int32(v)
							if !model[v] {
								l = -l
							}
							first = append(first, l)
						}
					}
					if st.check != nil && !st.check(s) {
						t.Fatalf("%s: model violates the assumptions", st.name)
					}
				}
			}
		})
	}
}

func TestIncrementalCancelled(t *testing.T) {
	f, _ := pigeonChain(9)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, engine := range Names() {
		t.Run(engine, func(t *testing.T) {
			s, err := NewIncremental(engine, f)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if got := s.Solve(ctx, []int32{-5}, 0); got != sat.Unknown {
				t.Fatalf("cancelled call answered %v", got)
			}
			if got := s.Solve(context.Background(), nil, 10*time.Second); got != sat.Sat {
				t.Fatalf("after a cancelled call: %v, want SAT", got)
			}
		})
	}
}
