package gen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"

	"github.com/verify-tools/verify/sat"
)

func colourFamily() Family {
	return Family{
		Name: "colour",
		Doc:  "k-colouring of a random graph with n vertices and average degree deg/100, optionally with a planted colouring",
		Params: []Param{
			{Name: "n", Default: 300, Min: 2, Max: 100000, Doc: "vertices"},
			{Name: "k", Default: 3, Min: 2, Max: 20, Doc: "colours"},
			{Name: "deg", Default: 460, Min: 1, Max: 100000, Doc: "average degree × 100 (3-colouring threshold ≈ 469)"},
			{Name: "planted", Default: 0, Min: 0, Max: 1, Doc: "1: edges only between classes of a hidden balanced colouring (SAT)"},
		},
		Answer: plantedAnswer,
		gen:    genColour,
	}
}

func genColour(_ context.Context, r *rand.Rand, p Params) (*sat.CNF, []Value, error) {
	n, k := p["n"], p["k"]
	m := n * p["deg"] / 200
	if m > n*(n-1)/2 {
		return nil, nil, fmt.Errorf("%d edges do not fit %d vertices", m, n)
	}
	hidden := make([]int, n)
	for v, c := range r.Perm(n) {
		hidden[v] = c % k
	}
	seen := make(map[[2]int]bool, m)
	var edges [][2]int
	for len(edges) < m {
		u, w := r.IntN(n), r.IntN(n)
		if u == w {
			continue
		}
		if u > w {
			u, w = w, u
		}
		if seen[[2]int{u, w}] || (p["planted"] == 1 && hidden[u] == hidden[w]) {
			continue
		}
		seen[[2]int{u, w}] = true
		edges = append(edges, [2]int{u, w})
	}
	x := func(v, c int) int32 { return int32(v*k + c + 1) }
	f := sat.NewCNF(n * k)
	for v := range n {
		cl := make([]int32, k)
		for c := range k {
			cl[c] = x(v, c)
		}
		exactlyOne(f, cl)
	}
	for _, e := range edges {
		for c := range k {
			f.AddClause(-x(e[0], c), -x(e[1], c))
		}
	}
	return f, []Value{{"edges", strconv.Itoa(m)}}, nil
}
