package gen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"

	"github.com/verify-tools/verify/sat"
)

func xorsatFamily() Family {
	return Family{
		Name: "xorsat",
		Doc:  "random k-XOR system where every one of n variables occurs in exactly r equations (n·r/k of them), right-hand sides from a planted assignment (SAT)",
		Params: []Param{
			{Name: "n", Default: 120, Min: 3, Max: 100000, Doc: "variables (n·r divisible by k)"},
			{Name: "k", Default: 3, Min: 2, Max: 8, Doc: "variables per equation"},
			{Name: "r", Default: 3, Min: 2, Max: 20, Doc: "equations per variable (no variable is easy to eliminate)"},
		},
		Answer: func(Params) string { return "sat" },
		gen:    genXorsat,
	}
}

// regularHypergraph draws n·r/k edges of k distinct vertices each, every
// vertex in exactly r edges, by redrawing random pairings (as
// regularGraph).
func regularHypergraph(r *rand.Rand, n, k, deg int) ([][]int32, error) {
	if n*deg%k != 0 || k > n {
		return nil, fmt.Errorf("no %d-uniform %d-regular hypergraph on %d vertices", k, deg, n)
	}
	points := make([]int32, n*deg)
	for i := range points {
		points[i] = int32(i/deg + 1)
	}
	for range maxPairings {
		r.Shuffle(len(points), func(a, b int) { points[a], points[b] = points[b], points[a] })
		edges := make([][]int32, 0, len(points)/k)
		ok := true
		for i := 0; i < len(points) && ok; i += k {
			e := points[i : i+k : i+k]
			for a := range e {
				for b := a + 1; b < k; b++ {
					ok = ok && e[a] != e[b]
				}
			}
			edges = append(edges, append([]int32(nil), e...))
		}
		if ok {
			return edges, nil
		}
	}
	return nil, fmt.Errorf("no %d-uniform %d-regular hypergraph on %d vertices in %d pairings", k, deg, n, maxPairings)
}

func genXorsat(_ context.Context, r *rand.Rand, p Params) (*sat.CNF, []Value, error) {
	n, k := p["n"], p["k"]
	eqs, err := regularHypergraph(r, n, k, p["r"])
	if err != nil {
		return nil, nil, err
	}
	model := RandomModel(r, n)
	var cls [][]int32
	for _, vars := range eqs {
		odd := false
		for _, v := range vars {
			odd = odd != model[v]
		}
		cls = append(cls, xorClauses(vars, odd)...)
	}
	return shuffled(r, n, cls), []Value{{"equations", strconv.Itoa(len(eqs))}}, nil
}
