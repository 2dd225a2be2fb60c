// Package guide is the GNN's guidance of a SAT search: the phase
// predictor (gnn/phasenet) run next to the search, and the gates that
// decide whether its predictions are seeded at all. Its Seeder is what
// `verify solve --gnn-phases` hands to the solve pipeline (sat/solve,
// which knows nothing of the GNN), and PredictFile is `verify gnn
// predict`: both go through the same gates (gate.go), so they agree about
// what gets seeded.
package guide

import "time"

// DefaultMaxLiterals bounds inference to formulas it answers in a few
// seconds on two cores (docs/gnn.md, "Cost").
const DefaultMaxLiterals = 500_000

// InferenceStart is how far into the search inference starts: a formula
// answered sooner does not even load the model.
const InferenceStart = 20 * time.Millisecond

// Options configure the predictor and its gates.
type Options struct {
	// Model is a weights file; "" is the model embedded in the binary.
	Model string
	// Threshold seeds a prediction when p ≥ T or p ≤ 1−T; 0 takes the
	// model's tuned threshold.
	Threshold float64
	// MaxLiterals skips inference above this many literals; 0 means
	// DefaultMaxLiterals.
	MaxLiterals int
	// KeepInconsistent seeds the predictions even when they falsify a
	// clause of the formula. By default such predictions, provably wrong
	// somewhere, are dropped whole (the consistency gate).
	KeepInconsistent bool
	// Uniform predicts on formulas whose clauses all have the same
	// length k ≥ 3 (uniform random k-SAT and alike) too. By default such
	// formulas get no inference: seeding them lost on every half of the
	// hard suite (the uniform rule).
	Uniform bool
	// KeepUnconfident seeds the predictions even when fewer than
	// MinConfidentFraction of the variables reach ConfidentP. By default
	// such predictions are dropped whole (the evidence gate).
	KeepUnconfident bool
	// Delay holds the predictions until the search has run this long, so
	// that a formula solved within it is searched exactly as without the
	// GNN; 0 (the default) hands them over as soon as they are ready.
	// Measured, a delay costs more than it saves: the gain comes from
	// early seeds.
	Delay time.Duration
}

func (o Options) maxLiterals() int {
	if o.MaxLiterals == 0 {
		return DefaultMaxLiterals
	}
	return o.MaxLiterals
}
