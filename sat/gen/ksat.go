package gen

import (
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
		Answer: func(p Params) string {
			if p["planted"] == 1 {
				return "sat"
			}
			return ""
		},
		gen: genKSAT,
	}
}

func genKSAT(r *rand.Rand, p Params) (*sat.CNF, []string, error) {
	k, n := p["k"], p["n"]
	m := n * p["ratio"] / 1000
	model := RandomModel(r, n)
	f := sat.NewCNF(n)
	for f.NumClauses() < m {
		c := DistinctVars(r, n, k)
		for i, v := range c {
			c[i] = RandLit(r, v)
		}
		if p["planted"] == 1 && !Satisfied(model, c) {
			continue
		}
		f.AddClause(c...)
	}
	return f, nil, nil
}
