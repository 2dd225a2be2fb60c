package solve

import "github.com/verify-tools/verify/sat"

// The rules that keep predictions from formulas where seeding has not
// paid (docs/gnn.md, "Uniform k-SAT", "Evidence gate and delay"; the
// consistency gate is sat.CNF.Falsified).

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
