package guide

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/engine"
	"github.com/verify-tools/verify/sat/gen"
	"github.com/verify-tools/verify/sat/solve"
)

// pigeonholeCNF puts 3 pigeons into 2 holes (variable 2(p-1)+h: pigeon p
// in hole h): unsatisfiable, so every complete assignment falsifies a
// clause.
func pigeonholeCNF() *sat.CNF {
	f := sat.NewCNF(6)
	v := func(p, h int) int32 { return int32(2*(p-1) + h) }
	for p := 1; p <= 3; p++ {
		f.AddClause(v(p, 1), v(p, 2))
	}
	for h := 1; h <= 2; h++ {
		for p := 1; p <= 3; p++ {
			for q := p + 1; q <= 3; q++ {
				f.AddClause(-v(p, h), -v(q, h))
			}
		}
	}
	return f
}

// TestGNNConsistencyGate: at threshold 0.5 every variable is seeded, and
// on an unsatisfiable formula a complete assignment falsifies a clause
// whatever the model predicts, so the gate must drop the predictions, and
// hand them over when told to keep them; the c line says which.
func TestGNNConsistencyGate(t *testing.T) {
	tests := []struct {
		name  string
		keep  bool
		seeds int
		line  string
	}{
		{"dropped", false, 0, "inconsistent, none seeded, default phases"},
		{"kept", true, 6, "handed to the engine all the same (--gnn-keep-inconsistent)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{Threshold: 0.5, KeepInconsistent: tc.keep, KeepUnconfident: true}
			g, got, said := gate(t, opts, pigeonholeCNF())
			if line := g.Stop(tc.seeds > 0); line != "" {
				t.Errorf("Stop says %q, want nothing: inference finished", line)
			}
			if len(got) != tc.seeds {
				t.Errorf("delivered %v, want %d seeds", got, tc.seeds)
			}
			if len(said) != 1 || !strings.Contains(said[0], "falsifies") || !strings.Contains(said[0], tc.line) {
				t.Errorf("c lines %q, want one naming the falsified clauses and %q", said, tc.line)
			}
			// Inference leaves the search a core of its own.
			cores := "(next to the search, 1 core)"
			if n := runtime.GOMAXPROCS(0) - 1; n > 1 {
				cores = fmt.Sprintf("(next to the search, %d cores)", n)
			}
			if len(said) == 1 && !strings.Contains(said[0], cores) {
				t.Errorf("c line %q does not say %q", said[0], cores)
			}
		})
	}
}

// lines collects what a Seeder says.
type lines struct {
	mu  sync.Mutex
	got []string
}

func (l *lines) say(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.got = append(l.got, fmt.Sprintf(format, args...))
}

func (l *lines) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.got...)
}

// gate starts inference on f and waits for its verdict: the seeds
// delivered (none when a gate dropped them) and the c lines said.
func gate(t *testing.T, opts Options, f *sat.CNF) (solve.Late, []int32, []string) {
	t.Helper()
	var l lines
	g, err := NewSeeder(opts).Start(context.Background(), f, l.say)
	if err != nil || g == nil {
		t.Fatalf("Start: %v, %v", g, err)
	}
	var got []int32
	for s := range g.Phases() {
		got = s
	}
	return g, got, l.all()
}

// unsureCNF is a planted 5-SAT formula (60 variables, 1,200 clauses) on
// which the embedded model seeds 35 variables at its threshold 0.76 but
// reaches at most 0.867 on any: none is at ConfidentP.
func unsureCNF(t *testing.T) *sat.CNF {
	t.Helper()
	fam, seed, p, err := gen.ParseCommand("verify gen ksat --seed 1 --k 5 --n 60 --planted 1 --ratio 20000")
	if err != nil {
		t.Fatal(err)
	}
	in, err := fam.Generate(seed, p)
	if err != nil {
		t.Fatal(err)
	}
	return in.CNF
}

// TestGNNEvidenceGate: predictions of which under MinConfidentFraction
// reach ConfidentP are dropped whole, and handed over when told to keep
// them; the c line says which.
func TestGNNEvidenceGate(t *testing.T) {
	f := unsureCNF(t)
	tests := []struct {
		name  string
		keep  bool
		seeds int
		line  string
	}{
		{"dropped", false, 0, "0 of the 60 variables (0.00%) reach confidence 0.9, under 1%: too little evidence, none seeded, default phases"},
		{"kept", true, 35, "handed to the engine all the same (--gnn-keep-inconsistent)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// The consistency gate would drop these seeds too: keep them
			// past it, so that only the evidence gate decides.
			opts := Options{KeepInconsistent: true, KeepUnconfident: tc.keep, Uniform: true}
			g, got, said := gate(t, opts, f)
			g.Stop(len(got) > 0)
			if len(got) != tc.seeds {
				t.Errorf("delivered %d seeds, want %d", len(got), tc.seeds)
			}
			if len(said) != 1 || !strings.Contains(said[0], "predicted backbone size 35") || !strings.Contains(said[0], tc.line) {
				t.Errorf("c lines %q, want one with %q", said, tc.line)
			}
		})
	}
}

// TestGNNDelay: the predictions are ready at once but handed over only
// when the delay has passed since Start, and a search that stops
// within the delay gets none: Stop says they waited.
func TestGNNDelay(t *testing.T) {
	const delay = 400 * time.Millisecond
	opts := Options{Threshold: 0.5, KeepInconsistent: true, KeepUnconfident: true, Delay: delay}
	t.Run("handed over after the delay", func(t *testing.T) {
		var l lines
		t0 := time.Now()
		g, err := NewSeeder(opts).Start(context.Background(), pigeonholeCNF(), l.say)
		if err != nil {
			t.Fatal(err)
		}
		got := <-g.Phases()
		if took := time.Since(t0); took < delay {
			t.Errorf("seeds handed over after %s, before the %s delay", took, delay)
		}
		if len(got) != 6 {
			t.Errorf("delivered %v, want 6 seeds", got)
		}
		if line := g.Stop(true); line != "" {
			t.Errorf("Stop after the seeds were applied says %q", line)
		}
		if said := l.all(); len(said) != 1 || !strings.Contains(said[0], "handed to the engine at 400ms into the search (--gnn-delay)") {
			t.Errorf("c lines %q, want one naming the delay", said)
		}
	})
	t.Run("search ends within the delay", func(t *testing.T) {
		var l lines
		long := opts
		long.Delay = time.Minute // Stop ends the wait
		g, err := NewSeeder(long).Start(context.Background(), pigeonholeCNF(), l.say)
		if err != nil {
			t.Fatal(err)
		}
		// Wait for the verdict on the predictions, then end the search.
		for len(l.all()) == 0 {
			time.Sleep(time.Millisecond)
		}
		line := g.Stop(false)
		if _, open := <-g.Phases(); open || line != "gnn: the search ended before the predictions were applied (--gnn-delay 1m0s): none seeded" {
			t.Errorf("after Stop within the delay: channel open %v, line %q; want closed, and a line saying the predictions waited", open, line)
		}
	})
}

// withinDelay is the c line of a search that ended within --gnn-delay.
var withinDelay = regexp.MustCompile(`(?m)^c gnn: (search ended before inference \(cancelled\): no predictions seeded|the search ended before the predictions were applied \(--gnn-delay 1m0s\): none seeded)$`)

// TestRunWithinDelay: a formula answered within the delay is searched
// exactly as without the GNN (the same conflicts, every engine), and the
// c line says no prediction was applied. (TestGNNDelay covers predictions
// ready but held when the search ends.)
func TestRunWithinDelay(t *testing.T) {
	var cnf bytes.Buffer
	if err := sat.WriteDIMACS(&cnf, unsureCNF(t)); err != nil {
		t.Fatal(err)
	}
	path := write(t, "unsure.cnf", cnf.String())
	for _, name := range engine.Names() {
		t.Run(name, func(t *testing.T) {
			run := func(seeder solve.Seeder) (*solve.Result, string) {
				var out bytes.Buffer
				res, err := solve.Run(context.Background(), solve.Options{File: path, Engine: name, NoModel: true, Seeder: seeder}, &out)
				if err != nil || res.Status != sat.Sat {
					t.Fatalf("%v, %v:\n%s", res, err, out.String())
				}
				return res, out.String()
			}
			plain, _ := run(nil)
			held, out := run(NewSeeder(Options{KeepInconsistent: true, KeepUnconfident: true, Uniform: true, Delay: time.Minute}))
			if plain.Stats.Conflicts < 0 || held.Stats.Conflicts != plain.Stats.Conflicts {
				t.Errorf("conflicts %d with the GNN held back, %d without", held.Stats.Conflicts, plain.Stats.Conflicts)
			}
			// Cancelled before or after inference, depending on the
			// machine: either way nothing is applied, and the line says so.
			if !withinDelay.MatchString(out) || strings.Contains(out, "GNN seeds") {
				t.Errorf("c lines do not say the predictions were not applied:\n%s", out)
			}
		})
	}
}
