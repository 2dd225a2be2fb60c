package solve

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/verify-tools/verify/gnn/phasenet"
	"github.com/verify-tools/verify/sat"
)

// DefaultGNNMaxLiterals bounds inference to formulas it answers in a few
// seconds on two cores (docs/gnn.md, "Size").
const DefaultGNNMaxLiterals = 500_000

// SeedOptions say where the initial phases come from. Explicit phases
// (PhasesFile) override random ones, which override predicted ones, for
// the same variable.
type SeedOptions struct {
	// PhasesFile is a file of signed literals (sat.ReadPhases); "" is none.
	PhasesFile string
	// RandomSeed, when not 0, gives every variable a random phase: the
	// control for phase-seeding experiments.
	RandomSeed uint64
	// NoGNN turns the phase predictor off.
	NoGNN bool
	// GNNModel is a weights file; "" is the model embedded in the binary.
	GNNModel string
	// GNNThreshold seeds a prediction when p ≥ T or p ≤ 1−T; 0 takes the
	// model's tuned threshold.
	GNNThreshold float64
	// GNNMaxLiterals skips inference above this many literals; 0 means
	// DefaultGNNMaxLiterals.
	GNNMaxLiterals int
}

// Seeds builds the seed literals for f, logging each source through
// comment ('c' lines). A failing inference only costs the predictions;
// an unreadable phase file or model is an error. nil means no seeds.
func Seeds(ctx context.Context, opts SeedOptions, f *sat.CNF, comment func(string, ...any)) ([]int32, error) {
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
	if !opts.NoGNN {
		predicted, err := gnnSeeds(ctx, opts, f, comment)
		if err != nil {
			return nil, fmt.Errorf("solve: --gnn: %w", err)
		}
		phases = MergePhases(predicted, phases)
	}
	return phases, nil
}

// gnnSeeds predicts phases with the configured model and logs what it did.
func gnnSeeds(ctx context.Context, opts SeedOptions, f *sat.CNF, comment func(string, ...any)) ([]int32, error) {
	limit := opts.GNNMaxLiterals
	if limit == 0 {
		limit = DefaultGNNMaxLiterals
	}
	if f.NumLiterals() > limit {
		comment("gnn: %d literals exceed --gnn-max-literals %d: inference skipped, default phases", f.NumLiterals(), limit)
		return nil, nil
	}
	m, err := phasenet.LoadOrDefault(opts.GNNModel)
	if err != nil {
		return nil, err
	}
	pr, err := m.PredictCNF(ctx, f, opts.GNNThreshold)
	if err != nil {
		// Prediction only guides the search: solve without it.
		comment("gnn: inference failed (%v): default phases", err)
		return nil, nil
	}
	pos := 0
	for _, l := range pr.Phases {
		if l > 0 {
			pos++
		}
	}
	comment("gnn: inference %.3fs on %d variables; predicted backbone size %d (%d true, %d false) at threshold %.3g, seeded",
		pr.Took.Seconds(), len(pr.Probs), len(pr.Phases), pos, len(pr.Phases)-pos, pr.Threshold)
	return pr.Phases, nil
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
		seen[variable(l)] = true
	}
	out := make([]int32, 0, len(base)+len(override))
	for _, l := range base {
		if !seen[variable(l)] {
			out = append(out, l)
		}
	}
	return append(out, override...)
}

// variable is the variable of a literal.
func variable(l int32) int32 {
	if l < 0 {
		return -l
	}
	return l
}
