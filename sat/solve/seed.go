package solve

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/verify-tools/verify/internal/lit"
	"github.com/verify-tools/verify/sat"
)

// SeedOptions say where the seeds known before the search come from.
// Explicit phases (PhasesFile) override random ones, which override a
// Seeder's, for the same variable.
type SeedOptions struct {
	// PhasesFile is a file of signed literals (sat.ReadPhases); "" is none.
	PhasesFile string
	// RandomSeed, when not 0, gives every variable a random phase: the
	// control for phase-seeding experiments.
	RandomSeed uint64
	// Keep, when below 1, keeps that fraction of the phase file's seeds,
	// drawn at random; Flip negates that fraction of the kept ones. With
	// a checked model as the phase file they make a noisy oracle: the
	// headroom experiment's predictor of known coverage and accuracy
	// (docs/gnn.md, "Headroom"). NoiseSeed draws both. The zero Keep
	// means 1 (keep all).
	Keep, Flip float64
	NoiseSeed  uint64
}

// Seeds builds the seed literals known before the search (a phase file,
// random phases), logging each source through comment ('c' lines). An
// unreadable phase file is an error. nil means none. A Seeder's come
// later, while the search runs.
func Seeds(opts SeedOptions, f *sat.CNF, comment func(string, ...any)) ([]int32, error) {
	var phases []int32
	if p := opts.PhasesFile; p != "" {
		var err error
		if phases, err = sat.ReadPhases(p); err != nil {
			return nil, fmt.Errorf("solve: --phases: %w", err)
		}
		comment("phases: %d seed literals from %s", len(phases), p)
		if opts.Keep > 0 && opts.Keep < 1 || opts.Flip > 0 {
			var kept, flipped int
			phases, kept, flipped = Noisy(phases, opts.Keep, opts.Flip, opts.NoiseSeed)
			comment("phases: kept %d of them (--phases-keep %g), negated %d of those (--phases-flip %g), noise seed %d",
				kept, keepOr1(opts.Keep), flipped, opts.Flip, opts.NoiseSeed)
		}
	}
	if seed := opts.RandomSeed; seed != 0 {
		phases = MergePhases(RandomPhases(f.NumVars, seed), phases)
		comment("phases: %d random phases from seed %d", f.NumVars, seed)
	}
	return phases, nil
}

// Seeder computes seeds while the search runs (a phase predictor), so
// that the search starts at once and a formula solved in milliseconds
// pays nothing for it: the engine takes the seeds, merged under the
// explicit ones, when they are ready (engine.Options.LatePhases).
type Seeder interface {
	// Name names the seeder in the c lines ("GNN").
	Name() string
	// Start begins work on f. say writes a 'c' line; it may be called
	// from another goroutine until the Late's Stop. A nil Late with a nil
	// error means the seeder declined (and said why); an error means it
	// cannot run at all (an unreadable model file).
	Start(ctx context.Context, f *sat.CNF, say func(format string, args ...any)) (Late, error)
}

// Late is a Seeder at work.
type Late interface {
	// Phases delivers the seeds once, or is closed without any.
	Phases() <-chan []int32
	// Stop ends the work; say is not called after it. applied says the
	// engine applied the seeds delivered. It returns a line for the
	// report ("" for none), such as why nothing was applied.
	Stop(applied bool) string
}

// Noisy keeps round(keep·n) of the n seeds, drawn from seed, and negates
// round(flip·kept) of those; keep ≤ 0 or ≥ 1 keeps all. The seeds are
// returned in their order; the input is not changed.
func Noisy(seeds []int32, keep, flip float64, seed uint64) (out []int32, kept, flipped int) {
	rng := rand.New(rand.NewPCG(seed, 0x0a1c))
	n := len(seeds)
	kept = int(math.Round(keepOr1(keep) * float64(n)))
	flipped = int(math.Round(min(max(flip, 0), 1) * float64(kept)))
	perm := rng.Perm(n)
	use := make([]int8, n) // 0 dropped, 1 kept, -1 kept and negated
	for i, j := range perm[:kept] {
		use[j] = 1
		if i < flipped {
			use[j] = -1
		}
	}
	out = make([]int32, 0, kept)
	for j, l := range seeds {
		if use[j] != 0 {
			out = append(out, int32(use[j])*l)
		}
	}
	return out, kept, flipped
}

// keepOr1 reads a Keep fraction: outside (0, 1) it keeps everything.
func keepOr1(keep float64) float64 {
	if keep <= 0 || keep >= 1 {
		return 1
	}
	return keep
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
