package solve

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"time"

	"github.com/verify-tools/verify/gnn/phasenet"
	"github.com/verify-tools/verify/internal/lit"
	"github.com/verify-tools/verify/sat"
)

// DefaultGNNMaxLiterals bounds inference to formulas it answers in a few
// seconds on two cores (docs/gnn.md, "Size").
const DefaultGNNMaxLiterals = 500_000

// InferenceStart is how far into the search inference starts: a formula
// answered sooner does not even load the model.
const InferenceStart = 20 * time.Millisecond

// SeedOptions say where the initial phases come from. Explicit phases
// (PhasesFile) override random ones, which override predicted ones, for
// the same variable.
type SeedOptions struct {
	// PhasesFile is a file of signed literals (sat.ReadPhases); "" is none.
	PhasesFile string
	// RandomSeed, when not 0, gives every variable a random phase: the
	// control for phase-seeding experiments.
	RandomSeed uint64
	// GNN seeds phases predicted by the graph neural network. It is off
	// by default: on the hard suite's test half it gains less than the
	// bar the default needs (docs/gnn.md, "Effect on solving").
	GNN bool
	// GNNModel is a weights file; "" is the model embedded in the binary.
	// A file turns GNN on.
	GNNModel string
	// GNNThreshold seeds a prediction when p ≥ T or p ≤ 1−T; 0 takes the
	// model's tuned threshold.
	GNNThreshold float64
	// GNNMaxLiterals skips inference above this many literals; 0 means
	// DefaultGNNMaxLiterals.
	GNNMaxLiterals int
	// GNNKeepInconsistent seeds the predictions even when they falsify a
	// clause of the formula. By default such predictions, provably wrong
	// somewhere, are dropped whole (docs/gnn.md, "Consistency gate").
	GNNKeepInconsistent bool
	// GNNUniform predicts on formulas whose clauses all have the same
	// length k ≥ 3 (uniform random k-SAT and alike) too. By default such
	// formulas get no inference: seeding them lost on every half of the
	// hard suite (docs/gnn.md, "Uniform k-SAT").
	GNNUniform bool
	// GNNKeepUnconfident seeds the predictions even when fewer than
	// MinConfidentFraction of the variables reach ConfidentP. By default
	// such predictions are dropped whole (docs/gnn.md, "Evidence gate and
	// delay").
	GNNKeepUnconfident bool
	// GNNDelay holds the predictions until the search has run this long,
	// so that a formula solved within it is searched exactly as without
	// the GNN; 0 (the default) hands them over as soon as they are ready.
	// Measured, a delay costs more than it saves: the gain comes from
	// early seeds (docs/gnn.md, "Evidence gate and delay").
	GNNDelay time.Duration
}

// Seeds builds the seed literals known before the search (a phase file,
// random phases), logging each source through comment ('c' lines). An
// unreadable phase file is an error. nil means none. GNN predictions come
// later, from StartGNN.
func Seeds(opts SeedOptions, f *sat.CNF, comment func(string, ...any)) ([]int32, error) {
	var phases []int32
	if p := opts.PhasesFile; p != "" {
		var err error
		if phases, err = sat.ReadPhases(p); err != nil {
			return nil, fmt.Errorf("solve: --phases: %w", err)
		}
		comment("phases: %d seed literals from %s", len(phases), p)
	}
	if seed := opts.RandomSeed; seed != 0 {
		phases = MergePhases(RandomPhases(f.NumVars, seed), phases)
		comment("phases: %d random phases from seed %d", f.NumVars, seed)
	}
	return phases, nil
}

// GNN is phase prediction running next to the search, so that the
// search starts at once and a formula solved in milliseconds pays nothing
// for inference: the engine takes the predictions (merged under the
// explicit seeds) from Phases when they are ready.
type GNN struct {
	// Phases delivers the seeds once, or is closed without any when
	// inference failed, was skipped or was cancelled.
	Phases <-chan []int32

	cancel context.CancelFunc
	mu     sync.Mutex
	closed bool    // Stop was called: no more comments
	seeds  []int32 // what Phases delivered
	held   bool    // seeds were waiting for GNNDelay when Stop came
	took   time.Duration
	done   bool
}

// StartGNN starts inference for f when opts ask for it (GNN or a GNNModel
// file); otherwise it returns nil, nil. A
// named weights file is read first, so that a bad one is an error before
// the search; inference failing later only costs the predictions. say
// writes a 'c' line; it is called from the inference goroutine until Stop.
func StartGNN(ctx context.Context, opts SeedOptions, f *sat.CNF, explicit []int32, say func(string, ...any)) (*GNN, error) {
	if !opts.GNN && opts.GNNModel == "" {
		return nil, nil
	}
	limit := opts.GNNMaxLiterals
	if limit == 0 {
		limit = DefaultGNNMaxLiterals
	}
	if f.NumLiterals() > limit {
		say("gnn: %d literals exceed --gnn-max-literals %d: inference skipped, default phases", f.NumLiterals(), limit)
		return nil, nil
	}
	var m *phasenet.Model
	if opts.GNNModel != "" {
		var err error
		if m, err = phasenet.Load(opts.GNNModel); err != nil {
			return nil, fmt.Errorf("solve: --gnn: %w", err)
		}
	}
	if k := UniformLength(f); k >= 3 && !opts.GNNUniform {
		say("gnn: every clause has %d literals (uniform random %d-SAT or alike): inference skipped, default phases (--gnn-uniform predicts all the same)", k, k)
		return nil, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	ch := make(chan []int32, 1)
	g := &GNN{Phases: ch, cancel: cancel}
	go g.run(ctx, m, opts, f, explicit, ch, say)
	return g, nil
}

// run predicts and delivers; m nil is the embedded model.
func (g *GNN) run(ctx context.Context, m *phasenet.Model, opts SeedOptions, f *sat.CNF, explicit []int32, ch chan<- []int32, say func(string, ...any)) {
	defer close(ch)
	start := time.Now()
	if !sleep(ctx, InferenceStart) {
		return
	}
	t0 := time.Now()
	var pr *phasenet.Prediction
	var err error
	if m == nil {
		m, err = phasenet.Default()
	}
	// The search has a core of its own: inference takes the others, or
	// shares the one core there is.
	workers := max(1, runtime.GOMAXPROCS(0)-1)
	if err == nil {
		pr, err = m.PredictCNF(ctx, f, opts.GNNThreshold, workers)
	}
	early := time.Since(start) < opts.GNNDelay
	seeds := g.judge(ctx, opts, f, explicit, pr, err, time.Since(t0), workers, early, say)
	if seeds == nil {
		return
	}
	// Held back until the search has run GNNDelay: a formula answered
	// by then is searched exactly as without the GNN.
	sleep(ctx, opts.GNNDelay-time.Since(start))
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed || ctx.Err() != nil {
		return
	}
	g.held = false
	g.seeds = seeds
	ch <- seeds
}

// judge records the inference, says what it predicted and returns the
// seeds to hand over, or nil when it failed or a gate drops them; early
// says they will wait for GNNDelay.
func (g *GNN) judge(ctx context.Context, opts SeedOptions, f *sat.CNF, explicit []int32, pr *phasenet.Prediction, err error, took time.Duration, workers int, early bool, say func(string, ...any)) []int32 {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed || ctx.Err() != nil {
		return nil
	}
	g.took, g.done = took, true
	if err != nil {
		// Prediction only guides the search: it goes on without it.
		say("gnn: inference failed (%v): default phases", err)
		return nil
	}
	pos := 0
	for _, l := range pr.Phases {
		if l > 0 {
			pos++
		}
	}
	head := fmt.Sprintf("gnn: inference %.3fs on %d variables (next to the search, %s); predicted backbone size %d (%d true, %d false) at threshold %.3g",
		took.Seconds(), len(pr.Probs), cores(workers), len(pr.Phases), pos, len(pr.Phases)-pos, pr.Threshold)
	if few, sure := unconfident(pr.Probs); few && !opts.GNNKeepUnconfident {
		say("%s; %d of the %d variables (%.2f%%) reach confidence %.2g, under %.3g%%: too little evidence, none seeded, default phases",
			head, sure, len(pr.Probs), pct(sure, len(pr.Probs)), ConfidentP, 100*MinConfidentFraction)
		return nil
	}
	when := "handed to the engine"
	if early {
		when = fmt.Sprintf("handed to the engine at %s into the search (--gnn-delay)", opts.GNNDelay)
	}
	n, first := f.Falsified(pr.Phases)
	switch {
	case n == 0:
		say("%s, %s", head, when)
	case !opts.GNNKeepInconsistent:
		say("%s; it falsifies %d of %d clauses (clause %d first): inconsistent, none seeded, default phases", head, n, f.NumClauses(), first+1)
		return nil
	default:
		say("%s; it falsifies %d of %d clauses (clause %d first), %s all the same (--gnn-keep-inconsistent)", head, n, f.NumClauses(), first+1, when)
	}
	g.held = true
	return MergePhases(pr.Phases, explicit)
}

// sleep waits d (nothing when d ≤ 0) and says whether ctx is still live.
func sleep(ctx context.Context, d time.Duration) bool {
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
		}
	}
	return ctx.Err() == nil
}

// Stop cancels inference if it still runs and says whether it had
// finished, and after how long; say is not called after Stop.
func (g *GNN) Stop() (finished bool, took time.Duration) {
	g.cancel()
	g.mu.Lock()
	defer g.mu.Unlock()
	g.closed = true
	return g.done, g.took
}

// Held says the search ended while the predictions waited for GNNDelay:
// they were never handed over.
func (g *GNN) Held() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.held
}

// Seeds is what the predictor delivered (nil before that).
func (g *GNN) Seeds() []int32 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.seeds
}

// RandomPhases gives each of n variables a phase drawn from seed.
func RandomPhases(n int, seed uint64) []int32 {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	out := make([]int32, n)
	for v := range out {
		out[v] = int32(v + 1)
		if rng.IntN(2) == 0 {
			out[v] = -out[v]
		}
	}
	return out
}

// MergePhases puts the override seeds after the base ones, dropping base
// seeds of the variables they name; later seeds of a variable win in both
// engines, so overrides win either way.
func MergePhases(base, override []int32) []int32 {
	if len(override) == 0 {
		return base
	}
	seen := make(map[int32]bool, len(override))
	for _, l := range override {
		seen[lit.Var(l)] = true
	}
	out := make([]int32, 0, len(base)+len(override))
	for _, l := range base {
		if !seen[lit.Var(l)] {
			out = append(out, l)
		}
	}
	return append(out, override...)
}

// cores says "1 core" or "n cores".
func cores(n int) string {
	if n == 1 {
		return "1 core"
	}
	return fmt.Sprintf("%d cores", n)
}
