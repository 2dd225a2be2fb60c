package gen

import (
	"math/rand/v2"
	"slices"
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

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
