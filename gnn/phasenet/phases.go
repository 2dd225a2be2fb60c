package phasenet

import "github.com/verify-tools/verify/gnn/graph"

// Phases turns per-variable probabilities (in g.Var order) into seed
// literals: +v where p ≥ t, −v where p ≤ 1 − t; other variables are left
// to the solver. t is clamped to [0.5, 1].
func Phases(g *graph.Graph, p []float32, t float64) []int32 {
	t = min(max(t, 0.5), 1)
	var out []int32
	for i, v := range g.Var {
		switch q := float64(p[i]); {
		case q >= t:
			out = append(out, v)
		case q <= 1-t:
			out = append(out, -v)
		}
	}
	return out
}
