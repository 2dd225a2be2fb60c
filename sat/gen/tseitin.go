package gen

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/verify-tools/verify/sat"
)

func tseitinFamily() Family {
	return Family{
		Name: "tseitin",
		Doc:  "Tseitin parity formula on a random d-regular graph (an expander with high probability) with odd total charge (UNSAT)",
		Params: []Param{
			{Name: "n", Default: 60, Min: 4, Max: 100000, Doc: "vertices (n·d even)"},
			{Name: "d", Default: 4, Min: 3, Max: 8, Doc: "degree"},
		},
		Answer: func(Params) string { return "unsat" },
		gen:    genTseitin,
	}
}

// maxPairings bounds the redraws of the configuration model.
const maxPairings = 100000

// regularGraph draws a simple d-regular graph on n vertices with the
// configuration model, redrawing pairings with loops or double edges.
func regularGraph(r *rand.Rand, n, d int) ([][2]int, error) {
	if n*d%2 != 0 || d >= n {
		return nil, fmt.Errorf("no %d-regular graph on %d vertices", d, n)
	}
	points := make([]int, n*d)
	for i := range points {
		points[i] = i / d
	}
	for range maxPairings {
		r.Shuffle(len(points), func(a, b int) { points[a], points[b] = points[b], points[a] })
		seen := make(map[[2]int]bool, len(points)/2)
		edges := make([][2]int, 0, len(points)/2)
		ok := true
		for i := 0; i < len(points) && ok; i += 2 {
			u, w := points[i], points[i+1]
			if u > w {
				u, w = w, u
			}
			ok = u != w && !seen[[2]int{u, w}]
			seen[[2]int{u, w}] = true
			edges = append(edges, [2]int{u, w})
		}
		if ok {
			return edges, nil
		}
	}
	return nil, fmt.Errorf("no simple %d-regular graph on %d vertices in %d pairings", d, n, maxPairings)
}

func genTseitin(_ context.Context, r *rand.Rand, p Params) (*sat.CNF, []Value, error) {
	n, d := p["n"], p["d"]
	edges, err := regularGraph(r, n, d)
	if err != nil {
		return nil, nil, err
	}
	incident := make([][]int32, n)
	for i, e := range edges {
		incident[e[0]] = append(incident[e[0]], int32(i+1))
		incident[e[1]] = append(incident[e[1]], int32(i+1))
	}
	charge := make([]bool, n)
	odd := false
	for v := range n {
		charge[v] = r.IntN(2) == 1
		odd = odd != charge[v]
	}
	if !odd { // flip one vertex: the total charge must be odd
		v := r.IntN(n)
		charge[v] = !charge[v]
	}
	var cls [][]int32
	for v := range n {
		cls = append(cls, xorClauses(incident[v], charge[v])...)
	}
	return shuffled(r, len(edges), cls), nil, nil
}
