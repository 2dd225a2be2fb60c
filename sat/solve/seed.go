package solve

import (
	"context"
	"fmt"
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
