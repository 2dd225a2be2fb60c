package gen

import (
	"context"
	"math"
	"math/rand/v2"
	"strconv"

	sgen "github.com/verify-tools/verify/sat/gen"

	"github.com/verify-tools/verify/sat"
)

// ksatGrid is a (variables, clause/variable ratio) grid near the 3-SAT
// threshold (≈ 4.27).
type ksatPoint struct {
	n     int
	ratio float64
}

func ksatGrid(size Size, planted bool) []ksatPoint {
	ns := []int{40, 60, 80, 100}
	if size == Medium {
		ns = []int{150, 200, 250}
	}
	ratios := []float64{3.9, 4.1, 4.26}
	if planted {
		// Planted formulas stay satisfiable beyond the threshold.
		ratios = []float64{4.0, 4.26, 4.5}
	}
	var g []ksatPoint
	for _, n := range ns {
		for _, r := range ratios {
			g = append(g, ksatPoint{n, r})
		}
	}
	return g
}

func (p ksatPoint) params() []Param {
	return []Param{{"k", "3"}, {"n", itoa(p.n)}, {"ratio", strconv.FormatFloat(p.ratio, 'f', 2, 64)}}
}

func (p ksatPoint) clauses() int { return int(math.Round(p.ratio * float64(p.n))) }

// genKSAT draws uniform random 3-SAT: distinct variables per clause,
// random signs.
func genKSAT(_ context.Context, r *rand.Rand, size Size, index int) (draw, error) {
	p := pick(ksatGrid(size, false), index)
	f := sat.NewCNF(p.n)
	for range p.clauses() {
		vs := sgen.DistinctVars(r, p.n, 3)
		f.AddClause(sgen.RandLit(r, vs[0]), sgen.RandLit(r, vs[1]), sgen.RandLit(r, vs[2]))
	}
	return draw{cnf: f, grid: p.params()}, nil
}

// genKSATPlanted draws 3-clauses uniformly among those a hidden random
// model satisfies (rejection sampling).
func genKSATPlanted(_ context.Context, r *rand.Rand, size Size, index int) (draw, error) {
	p := pick(ksatGrid(size, true), index)
	model := sgen.RandomModel(r, p.n)
	f := sat.NewCNF(p.n)
	c := make([]int32, 3)
	for f.NumClauses() < p.clauses() {
		vs := sgen.DistinctVars(r, p.n, 3)
		for i, v := range vs {
			c[i] = sgen.RandLit(r, v)
		}
		if sgen.Satisfied(model, c) {
			f.AddClause(c...)
		}
	}
	return draw{cnf: f, grid: p.params()}, nil
}
