package gen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/engine"
)

// colouringCNF encodes "g has a proper k-colouring": variable v*k+c+1
// means vertex v has colour c; each vertex gets at least and at most one
// colour; adjacent vertices differ. The colours of a clique are fixed
// (its i-th vertex gets colour i): this keeps exactly the colourings up
// to renaming colours, and without it the colour symmetry would leave the
// formula with no backbone at all.
func colouringCNF(g graph, k int) *sat.CNF {
	x := func(v, c int) int32 { return int32(v*k + c + 1) }
	f := sat.NewCNF(g.n * k)
	for v := 0; v < g.n; v++ {
		c := make([]int32, k)
		for i := range k {
			c[i] = x(v, i)
		}
		exactlyOne(f, c)
	}
	for _, e := range g.edges {
		for c := 0; c < k; c++ {
			f.AddClause(-x(e[0], c), -x(e[1], c))
		}
	}
	for i, v := range g.greedyClique() {
		if i < k {
			f.AddClause(x(v, i))
		}
	}
	return f
}

// colourCheckLimit bounds the solver call that decides whether greedy-1
// colours suffice.
const colourCheckLimit = 30 * time.Second

// colourTight returns the colouring CNF with the fewest colours that is
// still satisfiable among greedy-1 and greedy (greedy is always
// colourable); the tighter one is harder. An undecided check is an error,
// not a fallback, so the choice never depends on timing. The values are
// the graph's edge count and the colours chosen.
func colourTight(ctx context.Context, g graph) (*sat.CNF, []Value, error) {
	k := g.greedyColours()
	if k > 2 {
		f := colouringCNF(g, k-1)
		res, err := engine.Gini(false).Solve(ctx, f, engine.Options{Timeout: colourCheckLimit})
		if err != nil {
			return nil, nil, err
		}
		switch res.Status {
		case sat.Sat:
			return f, colourValues(g, k-1), nil
		case sat.Unknown:
			return nil, nil, fmt.Errorf("%d-colourability not decided within %s", k-1, colourCheckLimit)
		}
	}
	return colouringCNF(g, k), colourValues(g, k), nil
}

func colourValues(g graph, k int) []Value {
	return []Value{{"edges", strconv.Itoa(len(g.edges))}, {"colours", strconv.Itoa(k)}}
}

func colorGNPFamily() Family {
	return Family{
		Name: "color-gnp",
		Doc:  "k-colouring of a random G(n,p) graph of expected degree deg/100, k from a greedy colouring, less one when still colourable (SAT; the colours of a greedy clique fixed)",
		Params: []Param{
			{Name: "n", Default: 50, Min: 3, Max: 100000, Doc: "vertices"},
			{Name: "deg", Default: 450, Min: 1, Max: 100000, Doc: "expected degree × 100"},
		},
		Answer: func(Params) string { return "sat" },
		gen:    genColorGNP,
	}
}

func colorStructFamily() Family {
	return Family{
		Name: "color-struct",
		Doc:  "k-colouring of the queen or king graph of an n×n board with drop/1000 of its edges removed at random, k as in color-gnp (SAT)",
		Params: []Param{
			{Name: "queen", Default: 1, Min: 0, Max: 1, Doc: "1: queen graph (rows, columns, diagonals); 0: king graph (neighbours)"},
			{Name: "n", Default: 6, Min: 2, Max: 100, Doc: "side of the board"},
			{Name: "drop", Default: 100, Min: 0, Max: 1000, Doc: "edges removed per mille"},
		},
		Answer: func(Params) string { return "sat" },
		gen:    genColorStruct,
	}
}

func genColorGNP(ctx context.Context, r *rand.Rand, p Params) (*sat.CNF, []Value, error) {
	n, deg := p["n"], float64(p["deg"])/100
	g := gnp(r, n, deg/float64(n-1))
	return colourTight(ctx, g)
}

func genColorStruct(ctx context.Context, r *rand.Rand, p Params) (*sat.CNF, []Value, error) {
	g := boardGraph(p["n"], p["queen"] == 1).dropEdges(r, float64(p["drop"])/1000)
	return colourTight(ctx, g)
}
