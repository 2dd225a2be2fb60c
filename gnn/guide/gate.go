package guide

import (
	"fmt"

	"github.com/verify-tools/verify/gnn/phasenet"
	"github.com/verify-tools/verify/sat"
)

// The gates: the rules that keep predictions from formulas where seeding
// has not paid (docs/gnn.md, "Gates"). Before inference: the size limit
// and the uniform rule (Screen); after it: the evidence gate and the
// consistency gate (Judge).

// The evidence gate: predictions are seeded only when at least
// MinConfidentFraction of the variables are predicted with confidence
// ConfidentP (p ≥ 0.9 or p ≤ 0.1, the confidence NeuroBack seeds at).
// Below that every seed is a marginal guess, and no instance measured
// gained from seeding them (docs/gnn.md, "Evidence gate and delay").
const (
	ConfidentP           = 0.9
	MinConfidentFraction = 0.01
)

// unconfident says that fewer than MinConfidentFraction of probs reach
// ConfidentP, and how many do.
func unconfident(probs []float32) (bool, int) {
	sure := 0
	for _, p := range probs {
		if p >= ConfidentP || p <= 1-ConfidentP {
			sure++
		}
	}
	return float64(sure) < MinConfidentFraction*float64(len(probs)), sure
}

// UniformLength is the length every clause of f has, or 0 when lengths
// differ or f has no clause.
func UniformLength(f *sat.CNF) int {
	n := f.NumClauses()
	if n == 0 {
		return 0
	}
	k := len(f.Clause(0))
	for i := 1; i < n; i++ {
		if len(f.Clause(i)) != k {
			return 0
		}
	}
	return k
}

// pct is 100·a/b, 0 for an empty b.
func pct(a, b int) float64 { return 100 * float64(a) / float64(max(1, b)) }

// Screen says why inference should not run on f ("" when it should): too
// many literals, or uniform k-SAT without opts.Uniform.
func Screen(f *sat.CNF, opts Options) string {
	if limit := opts.maxLiterals(); f.NumLiterals() > limit {
		return fmt.Sprintf("%d literals exceed --gnn-max-literals %d", f.NumLiterals(), limit)
	}
	if k := UniformLength(f); k >= 3 && !opts.Uniform {
		return fmt.Sprintf("every clause has %d literals (uniform random %d-SAT or alike)", k, k)
	}
	return ""
}

// Verdict is what the gates after inference make of a prediction.
type Verdict struct {
	// Seeds are the literals to seed; nil when a gate dropped them all.
	Seeds []int32
	// Sure counts the variables predicted at ConfidentP; Unconfident says
	// they are under MinConfidentFraction (the evidence gate).
	Sure        int
	Unconfident bool
	// Falsified counts the clauses the confident predictions falsify,
	// First is the first of them (0-based; the consistency gate).
	Falsified, First int
}

// Judge applies the evidence gate and the consistency gate to a
// prediction over f, unless opts keep what they would drop.
func Judge(f *sat.CNF, pr *phasenet.Prediction, opts Options) Verdict {
	var v Verdict
	v.Unconfident, v.Sure = unconfident(pr.Probs)
	v.Falsified, v.First = f.Falsified(pr.Phases)
	if (v.Unconfident && !opts.KeepUnconfident) || (v.Falsified > 0 && !opts.KeepInconsistent) {
		return v
	}
	v.Seeds = pr.Phases
	return v
}

// Dropped says in words why the gates dropped the predictions ("" when
// they did not), as the c lines of `verify solve` and `verify gnn
// predict` say it.
func (v Verdict) Dropped(f *sat.CNF, vars int, opts Options) string {
	switch {
	case v.Unconfident && !opts.KeepUnconfident:
		return fmt.Sprintf("%d of the %d variables (%.2f%%) reach confidence %.2g, under %.3g%%: too little evidence",
			v.Sure, vars, pct(v.Sure, vars), ConfidentP, 100*MinConfidentFraction)
	case v.Falsified > 0 && !opts.KeepInconsistent:
		return fmt.Sprintf("it falsifies %d of %d clauses (clause %d first): inconsistent", v.Falsified, f.NumClauses(), v.First+1)
	}
	return ""
}
