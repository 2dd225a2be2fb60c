package gen

import (
	"context"
	"math/rand/v2"

	"github.com/verify-tools/verify/sat"
)

func pigeonFamily() Family {
	return Family{
		Name: "pigeon",
		Doc:  "pigeonhole principle: n+1 pigeons into n holes, variables renamed and clauses shuffled at random (UNSAT)",
		Params: []Param{
			{Name: "n", Default: 10, Min: 1, Max: 100, Doc: "holes"},
		},
		Answer: func(Params) string { return "unsat" },
		gen:    genPigeon,
	}
}

func genPigeon(_ context.Context, r *rand.Rand, p Params) (*sat.CNF, []Value, error) {
	n := p["n"]
	nv := (n + 1) * n
	perm := r.Perm(nv)
	x := func(pigeon, hole int) int32 { return int32(perm[pigeon*n+hole] + 1) }
	var cls [][]int32
	for i := range n + 1 {
		c := make([]int32, n)
		for h := range n {
			c[h] = x(i, h)
		}
		cls = append(cls, c)
	}
	for h := range n {
		for i := range n + 1 {
			for j := i + 1; j <= n; j++ {
				cls = append(cls, []int32{-x(i, h), -x(j, h)})
			}
		}
	}
	return shuffled(r, nv, cls), nil, nil
}

// shuffled returns the clauses in random order, each with its literals in
// random order.
func shuffled(r *rand.Rand, numVars int, cls [][]int32) *sat.CNF {
	f := sat.NewCNF(numVars)
	for _, i := range r.Perm(len(cls)) {
		c := cls[i]
		r.Shuffle(len(c), func(a, b int) { c[a], c[b] = c[b], c[a] })
		f.AddClause(c...)
	}
	return f
}
