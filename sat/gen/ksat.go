package gen

import (
	"context"
	"math/rand/v2"

	"github.com/verify-tools/verify/sat"
)

func ksatFamily() Family {
	return Family{
		Name: "ksat",
		Doc:  "uniform random k-SAT with n variables and n·ratio/1000 clauses, optionally planted (only clauses a hidden model satisfies)",
		Params: []Param{
			{Name: "k", Default: 3, Min: 2, Max: 12, Doc: "literals per clause"},
			{Name: "n", Default: 300, Min: 12, Max: 1000000, Doc: "variables"},
			{Name: "ratio", Default: 4267, Min: 1, Max: 1000000, Doc: "clauses per variable × 1000 (3-SAT threshold ≈ 4267, 5-SAT ≈ 21117, 7-SAT ≈ 87790)"},
			{Name: "planted", Default: 0, Min: 0, Max: 1, Doc: "1: satisfiable by construction"},
		},
		Answer: plantedAnswer,
		gen:    genKSAT,
	}
}

// ksatClausesFamily is ksat with the clause count given exactly and the
// hidden model drawn only when planted (ksat draws it always): the
// phase-predictor corpus's random 3-SAT.
func ksatClausesFamily() Family {
	return Family{
		Name: "ksat-clauses",
		Doc:  "uniform random k-SAT with n variables and exactly m clauses, optionally planted (only clauses a hidden model satisfies)",
		Params: []Param{
			{Name: "k", Default: 3, Min: 2, Max: 12, Doc: "literals per clause"},
			{Name: "n", Default: 100, Min: 12, Max: 1000000, Doc: "variables"},
			{Name: "m", Default: 426, Min: 1, Max: 100000000, Doc: "clauses"},
			{Name: "planted", Default: 0, Min: 0, Max: 1, Doc: "1: satisfiable by construction"},
		},
		Answer: plantedAnswer,
		gen:    genKSATClauses,
	}
}

func genKSAT(_ context.Context, r *rand.Rand, p Params) (*sat.CNF, []Value, error) {
	model := RandomModel(r, p["n"])
	if p["planted"] == 0 {
		model = nil
	}
	return randomKSAT(r, p["k"], p["n"], p["n"]*p["ratio"]/1000, model), nil, nil
}

func genKSATClauses(_ context.Context, r *rand.Rand, p Params) (*sat.CNF, []Value, error) {
	var model []bool
	if p["planted"] == 1 {
		model = RandomModel(r, p["n"])
	}
	return randomKSAT(r, p["k"], p["n"], p["m"], model), nil, nil
}

// randomKSAT draws m clauses of k distinct variables with random signs,
// keeping only those model satisfies unless model is nil.
func randomKSAT(r *rand.Rand, k, n, m int, model []bool) *sat.CNF {
	f := sat.NewCNF(n)
	for f.NumClauses() < m {
		c := DistinctVars(r, n, k)
		for i, v := range c {
			c[i] = RandLit(r, v)
		}
		if model != nil && !Satisfied(model, c) {
			continue
		}
		f.AddClause(c...)
	}
	return f
}
