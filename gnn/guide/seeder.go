package guide

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/verify-tools/verify/gnn/phasenet"
	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/solve"
)

// Seeder is the GNN phase predictor as a solve.Seeder: inference runs
// next to the search, 20 ms into it (InferenceStart), and its confident
// predictions are handed to the engine when every gate passes.
type Seeder struct{ opts Options }

// NewSeeder returns the seeder for opts.
func NewSeeder(opts Options) *Seeder { return &Seeder{opts: opts} }

// Name implements solve.Seeder.
func (*Seeder) Name() string { return "GNN" }

// Start implements solve.Seeder. A named weights file is read first, so
// that a bad one is an error before the search; inference failing later
// only costs the predictions. The size limit and the uniform rule
// (Screen) decline before inference.
func (s *Seeder) Start(ctx context.Context, f *sat.CNF, say func(string, ...any)) (solve.Late, error) {
	opts := s.opts
	var m *phasenet.Model
	if opts.Model != "" {
		var err error
		if m, err = phasenet.Load(opts.Model); err != nil {
			return nil, fmt.Errorf("--gnn: %w", err)
		}
	}
	if why := Screen(f, opts); why != "" {
		say("gnn: %s: inference skipped, default phases%s", why, override(f, opts))
		return nil, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	ch := make(chan []int32, 1)
	r := &running{phases: ch, cancel: cancel, delay: opts.Delay}
	go r.run(ctx, m, opts, f, ch, say)
	return r, nil
}

// override names the flag that lifts the screen that declined f.
func override(f *sat.CNF, opts Options) string {
	if f.NumLiterals() <= opts.maxLiterals() {
		return " (--gnn-uniform predicts all the same)"
	}
	return ""
}

// running is inference at work: a solve.Late.
type running struct {
	phases <-chan []int32
	cancel context.CancelFunc
	delay  time.Duration

	mu     sync.Mutex
	closed bool    // Stop was called: no more comments
	seeds  []int32 // what Phases delivered
	held   bool    // seeds were waiting for the delay when Stop came
	took   time.Duration
	done   bool
}

// Phases implements solve.Late.
func (r *running) Phases() <-chan []int32 { return r.phases }

// run predicts and delivers; m nil is the embedded model.
func (r *running) run(ctx context.Context, m *phasenet.Model, opts Options, f *sat.CNF, ch chan<- []int32, say func(string, ...any)) {
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
		pr, err = m.PredictCNF(ctx, f, opts.Threshold, workers)
	}
	early := time.Since(start) < opts.Delay
	seeds := r.judge(ctx, opts, f, pr, err, time.Since(t0), workers, early, say)
	if seeds == nil {
		return
	}
	// Held back until the search has run Delay: a formula answered by
	// then is searched exactly as without the GNN.
	sleep(ctx, opts.Delay-time.Since(start))
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed || ctx.Err() != nil {
		return
	}
	r.held = false
	r.seeds = seeds
	ch <- seeds
}

// judge records the inference, says what it predicted and what the gates
// made of it, and returns the seeds to hand over (nil when it failed or a
// gate dropped them); early says they will wait for the delay.
func (r *running) judge(ctx context.Context, opts Options, f *sat.CNF, pr *phasenet.Prediction, err error, took time.Duration, workers int, early bool, say func(string, ...any)) []int32 {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed || ctx.Err() != nil {
		return nil
	}
	r.took, r.done = took, true
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
	v := Judge(f, pr, opts)
	if why := v.Dropped(f, len(pr.Probs), opts); why != "" {
		say("%s; %s, none seeded, default phases", head, why)
		return nil
	}
	when := "handed to the engine"
	if early {
		when = fmt.Sprintf("handed to the engine at %s into the search (--gnn-delay)", opts.Delay)
	}
	if v.Falsified == 0 {
		say("%s, %s", head, when)
	} else {
		say("%s; it falsifies %d of %d clauses (clause %d first), %s all the same (--gnn-keep-inconsistent)", head, v.Falsified, f.NumClauses(), v.First+1, when)
	}
	r.held = true
	return v.Seeds
}

// Stop implements solve.Late: it cancels inference if it still runs and
// says what became of the predictions when the engine applied none.
func (r *running) Stop(applied bool) string {
	r.cancel()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	switch {
	case !r.done:
		return "gnn: search ended before inference (cancelled): no predictions seeded"
	case !applied && (r.held || r.seeds != nil):
		return fmt.Sprintf("gnn: the search ended before the predictions were applied (--gnn-delay %s): none seeded", r.delay)
	}
	return ""
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

// cores says "1 core" or "n cores".
func cores(n int) string {
	if n == 1 {
		return "1 core"
	}
	return fmt.Sprintf("%d cores", n)
}
