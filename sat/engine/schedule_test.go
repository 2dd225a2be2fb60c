package engine

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/verify-tools/verify/sat"
)

// seedingEngine is an engine of this build, by name.
type seedingEngine struct {
	name string
	e    *Engine
}

// seedingEngines lists gini (with and without the preprocessor) and, in
// cadical builds, CaDiCaL.
func seedingEngines(t *testing.T) []seedingEngine {
	t.Helper()
	out := []seedingEngine{{"gini", Gini(false)}, {"gini+preprocess", Gini(true)}}
	if cadicalBuilt {
		e, err := New(Config{Name: "cadical"})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, seedingEngine{"cadical", e})
	}
	return out
}

// pigeonhole puts n+1 pigeons into n holes: unsatisfiable, and hard enough
// for n = 7 that every engine stops at least once on its way.
func pigeonhole(n int) *sat.CNF {
	p := func(i, j int) int32 { return int32(i*n + j + 1) }
	f := sat.NewCNF((n + 1) * n)
	for i := 0; i <= n; i++ {
		c := make([]int32, n)
		for j := range c {
			c[j] = p(i, j)
		}
		f.AddClause(c...)
	}
	for j := 0; j < n; j++ {
		for i := 0; i <= n; i++ {
			for k := i + 1; k <= n; k++ {
				f.AddClause(-p(i, j), -p(k, j))
			}
		}
	}
	return f
}

// testSchedule is shorter than the default, so that small formulas see
// several applications.
var testSchedule = SeedSchedule{Forced: 200, Interval: 1000, Rounds: 3}

// TestWrongSeedsCostBounded: seeding the negation of a known model costs a
// bounded number of conflicts over the unseeded search. The bound is the
// schedule's forced conflicts plus a slack per formula; counted over four
// formulas, since single searches vary a lot with any perturbation.
// Holding the wrong seeds for the whole search (CaDiCaL's forced phases as
// they were used before the schedule) must break the bound, or the test
// shows nothing.
func TestWrongSeedsCostBounded(t *testing.T) {
	const n, m, formulas = 300, 1260, 4
	type formula struct {
		f       *sat.CNF
		planted []int32
	}
	rng := rand.New(rand.NewPCG(5, 6))
	var fs []formula
	for i := 0; i < formulas; i++ {
		f, planted := plantedFormula(rng, n, m)
		fs = append(fs, formula{f, planted})
	}
	held := SeedSchedule{Forced: 1 << 40, Interval: 1, Rounds: 0}
	for _, se := range seedingEngines(t) {
		t.Run(se.name, func(t *testing.T) {
			conflicts := func(f *sat.CNF, o Options) int64 {
				t.Helper()
				r, err := se.e.Solve(context.Background(), f, o)
				if err != nil || r.Status != sat.Sat {
					t.Fatalf("%v %v", r.Status, err)
				}
				if r.Stats.Conflicts < 0 {
					t.Fatal("the engine reports no conflict count")
				}
				return r.Stats.Conflicts
			}
			var plain, wrong, holding int64
			for _, x := range fs {
				plain += conflicts(x.f, Options{})
				wrong += conflicts(x.f, Options{Phases: negated(x.planted), Schedule: testSchedule})
				if se.name == "cadical" {
					holding += conflicts(x.f, Options{Phases: negated(x.planted), Schedule: held})
				}
			}
			// gini has no forced phases: a wrong saved phase lasts until
			// conflicts flip it, a cost of the order of the variables per
			// application.
			perFormula := int64(testSchedule.Rounds+1)*testSchedule.Forced + 1000
			if se.name != "cadical" {
				perFormula = int64(testSchedule.Rounds+1) * 4 * n
			}
			bound := plain + formulas*perFormula
			t.Logf("conflicts over %d formulas: unseeded %d, wrong seeds %d (bound %d), held wrong seeds %d",
				formulas, plain, wrong, bound, holding)
			if wrong > bound {
				t.Errorf("wrong seeds cost %d conflicts, more than the bound %d", wrong, bound)
			}
			if se.name == "cadical" && holding <= bound {
				t.Errorf("control failed: holding the wrong seeds cost %d conflicts, within the bound %d", holding, bound)
			}
		})
	}
}

// TestSeedsNeverChangeTheAnswer: over SAT and UNSAT formulas and seed sets
// that are all right, all wrong or random, delivered at the start or late,
// held once or re-applied negated, every engine gives the unseeded answer
// (and a SAT model passes CheckModel inside Solve).
func TestSeedsNeverChangeTheAnswer(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	satF, planted := plantedFormula(rng, 150, 630)
	unsatF := pigeonhole(5)
	random := randomPhases(rng, 150)
	formulas := []struct {
		name string
		f    *sat.CNF
		want sat.Status
	}{{"planted", satF, sat.Sat}, {"pigeonhole", unsatF, sat.Unsat}}
	seedSets := []struct {
		name  string
		seeds func(n int) []int32
	}{
		{"right", func(n int) []int32 { return planted[:min(n, len(planted))] }},
		{"wrong", func(n int) []int32 { return negated(planted[:min(n, len(planted))]) }},
		{"random", func(n int) []int32 { return random[:min(n, len(random))] }},
	}
	for _, se := range seedingEngines(t) {
		for _, fc := range formulas {
			for _, ss := range seedSets {
				for _, late := range []bool{false, true} {
					name := se.name + "/" + fc.name + "/" + ss.name
					if late {
						name += "/late"
					}
					t.Run(name, func(t *testing.T) {
						seeds := ss.seeds(fc.f.NumVars)
						o := Options{Schedule: SeedSchedule{Forced: 20, Interval: 50, Rounds: 4, Invert: true}}
						if late {
							ch := make(chan []int32, 1)
							ch <- seeds
							o.LatePhases = ch
						} else {
							o.Phases = seeds
						}
						r, err := se.e.Solve(context.Background(), fc.f, o)
						if err != nil {
							t.Fatal(err)
						}
						if r.Status != fc.want {
							t.Errorf("%v, want %v", r.Status, fc.want)
						}
					})
				}
			}
		}
	}
}

// TestLateSeedsAreApplied: seeds that arrive after the search started are
// applied at the next stop point and re-applied on the schedule, the
// negated ones on every second re-application with Invert; the rounds say
// so (the preprocessor may drop some seeds). gini notices a stop request only every few thousand propagations, so
// it may answer before the last application. The formula is PHP(8), not
// PHP(7): gini's conflict limit is checked by a timer (every 2 ms at most),
// and on a loaded core PHP(7) could end before the second application.
func TestLateSeedsAreApplied(t *testing.T) {
	f := pigeonhole(8)
	seeds := uniform(f.NumVars, false)
	for _, se := range seedingEngines(t) {
		t.Run(se.name, func(t *testing.T) {
			ch := make(chan []int32, 1)
			ch <- seeds
			sched := SeedSchedule{Forced: 10, Interval: 50, Rounds: 2, Invert: true}
			r, err := se.e.Solve(context.Background(), f, Options{LatePhases: ch, Schedule: sched})
			if err != nil || r.Status != sat.Unsat {
				t.Fatalf("%v %v", r.Status, err)
			}
			rounds := r.Stats.SeedRounds
			if len(rounds) < 2 || len(rounds) > sched.Rounds+1 {
				t.Fatalf("%d applications, want 2 to %d: %+v", len(rounds), sched.Rounds+1, rounds)
			}
			for i, round := range rounds {
				if !round.Late || round.Seeds == 0 || round.Seeds > len(seeds) || round.Inverted != (i == 2) {
					t.Errorf("application %d: %+v", i, round)
				}
				if i > 0 && round.Conflicts < rounds[i-1].Conflicts+sched.gap(i-1) {
					t.Errorf("application %d at %d conflicts, before the gap %d after %d",
						i, round.Conflicts, sched.gap(i-1), rounds[i-1].Conflicts)
				}
			}
		})
	}
}

// TestClosedLateChannelLeavesSearchAlone: a late channel closed without
// seeds (inference failed, was skipped, or its predictions were dropped)
// must not stop and restart the search: the search is the one without a
// channel, conflict for conflict (every engine here is deterministic).
func TestClosedLateChannelLeavesSearchAlone(t *testing.T) {
	f := pigeonhole(7)
	for _, se := range seedingEngines(t) {
		t.Run(se.name, func(t *testing.T) {
			plain, err := se.e.Solve(context.Background(), f, Options{})
			if err != nil || plain.Status != sat.Unsat {
				t.Fatalf("without a channel: %v %v", plain.Status, err)
			}
			ch := make(chan []int32)
			close(ch)
			r, err := se.e.Solve(context.Background(), f, Options{LatePhases: ch})
			if err != nil || r.Status != sat.Unsat {
				t.Fatalf("with a closed channel: %v %v", r.Status, err)
			}
			if len(r.Stats.SeedRounds) != 0 || r.Stats.Conflicts != plain.Stats.Conflicts {
				t.Errorf("closed channel: %d conflicts, %d seed applications; without a channel %d conflicts",
					r.Stats.Conflicts, len(r.Stats.SeedRounds), plain.Stats.Conflicts)
			}
		})
	}
}

func TestSeedScheduleGap(t *testing.T) {
	s := SeedSchedule{Interval: 100, Rounds: 3}
	for k, want := range []int64{100, 200, 400, 800} {
		if got := s.gap(k); got != want {
			t.Errorf("gap(%d) = %d, want %d", k, got, want)
		}
	}
	if (SeedSchedule{}).orDefault() != DefaultSeedSchedule {
		t.Error("the zero schedule is not the default")
	}
}

// TestSeededTimeout: the timeout and cancellation stop the search in
// whichever window it is, also while late seeds are awaited.
func TestSeededTimeout(t *testing.T) {
	f := pigeonhole(11)
	for _, se := range seedingEngines(t) {
		for _, late := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/late=%v", se.name, late), func(t *testing.T) {
				o := Options{Timeout: 300 * time.Millisecond, Schedule: SeedSchedule{Forced: 5, Interval: 5, Rounds: 1000}}
				if late {
					o.LatePhases = make(chan []int32) // never delivers
				} else {
					o.Phases = uniform(f.NumVars, true)
				}
				t0 := time.Now()
				r, err := se.e.Solve(context.Background(), f, o)
				if err != nil || r.Status != sat.Unknown || !r.Interrupted {
					t.Fatalf("%v %v interrupted=%v", r.Status, err, r.Interrupted)
				}
				if el := time.Since(t0); el > 5*time.Second {
					t.Errorf("a 300ms timeout took %v", el)
				}
			})
		}
	}
}
