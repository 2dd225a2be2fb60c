package gen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/engine"
)

// graph is a simple undirected graph on vertices 0..n-1.
type graph struct {
	n     int
	edges [][2]int
}

// gnp draws G(n, p).
func gnp(r *rand.Rand, n int, p float64) graph {
	g := graph{n: n}
	for u := 0; u < n; u++ {
		for v := u + 1; v < n; v++ {
			if r.Float64() < p {
				g.edges = append(g.edges, [2]int{u, v})
			}
		}
	}
	return g
}

// boardGraph joins the cells of an n×n board that attack each other: as
// queens (rows, columns, diagonals) or as kings (neighbours).
func boardGraph(n int, queen bool) graph {
	g := graph{n: n * n}
	for a := 0; a < n*n; a++ {
		for b := a + 1; b < n*n; b++ {
			ra, ca, rb, cb := a/n, a%n, b/n, b%n
			dr, dc := abs(ra-rb), abs(ca-cb)
			if (queen && (dr == 0 || dc == 0 || dr == dc)) || (!queen && dr <= 1 && dc <= 1) {
				g.edges = append(g.edges, [2]int{a, b})
			}
		}
	}
	return g
}

// dropEdges removes each edge with probability p.
func (g graph) dropEdges(r *rand.Rand, p float64) graph {
	h := graph{n: g.n}
	for _, e := range g.edges {
		if r.Float64() >= p {
			h.edges = append(h.edges, e)
		}
	}
	return h
}

// greedyColours colours vertices in order with the smallest free colour
// and returns the number of colours used: an upper bound on χ(g).
func (g graph) greedyColours() int {
	adj := make([][]int, g.n)
	for _, e := range g.edges {
		adj[e[0]] = append(adj[e[0]], e[1])
		adj[e[1]] = append(adj[e[1]], e[0])
	}
	col := make([]int, g.n)
	for i := range col {
		col[i] = -1
	}
	used := 0
	for v := 0; v < g.n; v++ {
		taken := map[int]bool{}
		for _, w := range adj[v] {
			if col[w] >= 0 {
				taken[col[w]] = true
			}
		}
		c := 0
		for taken[c] {
			c++
		}
		col[v] = c
		used = max(used, c+1)
	}
	return used
}

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
		f.AddClause(c...)
		for i := 0; i < k; i++ {
			for j := i + 1; j < k; j++ {
				f.AddClause(-x(v, i), -x(v, j))
			}
		}
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

// greedyClique grows a clique from the vertex of highest degree, adding
// vertices (by decreasing degree) adjacent to all members.
func (g graph) greedyClique() []int {
	adj := make([]map[int]bool, g.n)
	for i := range adj {
		adj[i] = map[int]bool{}
	}
	for _, e := range g.edges {
		adj[e[0]][e[1]] = true
		adj[e[1]][e[0]] = true
	}
	order := make([]int, g.n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return len(adj[b]) - len(adj[a]) })
	var clique []int
	for _, v := range order {
		ok := true
		for _, u := range clique {
			if !adj[v][u] {
				ok = false
				break
			}
		}
		if ok {
			clique = append(clique, v)
		}
	}
	return clique
}

// colourTight returns the colouring CNF with the fewest colours that is
// still satisfiable among greedy-1 and greedy (greedy is always
// colourable); the tighter one is harder. An undecided check is an error,
// not a fallback, so the choice never depends on timing.
func colourTight(ctx context.Context, g graph) (*sat.CNF, int, error) {
	k := g.greedyColours()
	if k > 2 {
		f := colouringCNF(g, k-1)
		res, err := engine.Gini(false).Solve(ctx, f, engine.Options{Timeout: checkLimit})
		if err != nil {
			return nil, 0, err
		}
		switch res.Status {
		case sat.Sat:
			return f, k - 1, nil
		case sat.Unknown:
			return nil, 0, fmt.Errorf("%d-colourability not decided within %s", k-1, checkLimit)
		}
	}
	return colouringCNF(g, k), k, nil
}

func genColorGNP(ctx context.Context, r *rand.Rand, size Size, index int) (draw, error) {
	type point struct {
		n   int
		deg float64 // expected degree
	}
	grid := []point{{20, 3.5}, {20, 4.5}, {30, 3.5}, {30, 4.5}, {40, 3.5}, {40, 4.5}, {50, 3.5}, {50, 4.5}}
	if size == Medium {
		grid = []point{{80, 4}, {80, 5}, {100, 4}, {100, 5}, {120, 4}, {120, 5}}
	}
	p := pick(grid, index)
	g := gnp(r, p.n, p.deg/float64(p.n-1))
	f, k, err := colourTight(ctx, g)
	if err != nil {
		return draw{}, err
	}
	return draw{
		cnf:  f,
		grid: []Param{{"graph", "gnp"}, {"n", itoa(p.n)}, {"degree", strconv.FormatFloat(p.deg, 'f', 1, 64)}},
		info: []Param{{"edges", itoa(len(g.edges))}, {"colours", itoa(k)}},
	}, nil
}

func genColorStruct(ctx context.Context, r *rand.Rand, size Size, index int) (draw, error) {
	type point struct {
		kind string
		n    int
		drop float64
	}
	grid := []point{
		{"queen", 5, 0.05}, {"queen", 5, 0.15}, {"queen", 6, 0.05}, {"queen", 6, 0.15}, {"queen", 7, 0.05},
		{"queen", 7, 0.15}, {"king", 8, 0.1}, {"king", 8, 0.2}, {"king", 10, 0.1}, {"king", 10, 0.2},
	}
	if size == Medium {
		grid = []point{{"queen", 8, 0.05}, {"queen", 8, 0.15}, {"queen", 9, 0.05}, {"queen", 9, 0.15}, {"king", 16, 0.1}, {"king", 16, 0.2}}
	}
	p := pick(grid, index)
	g := boardGraph(p.n, p.kind == "queen").dropEdges(r, p.drop)
	f, k, err := colourTight(ctx, g)
	if err != nil {
		return draw{}, err
	}
	return draw{
		cnf:  f,
		grid: []Param{{"graph", p.kind}, {"n", itoa(p.n)}, {"drop", fmt.Sprint(p.drop)}},
		info: []Param{{"edges", itoa(len(g.edges))}, {"colours", itoa(k)}},
	}, nil
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
