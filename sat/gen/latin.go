package gen

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/verify-tools/verify/sat"
)

func latinFamily() Family {
	return Family{
		Name: "latin",
		Doc:  "Latin square completion (quasigroup with holes): a random Latin square of order n with holes punched (SAT)",
		Params: []Param{
			{Name: "n", Default: 30, Min: 3, Max: 100, Doc: "order of the square"},
			{Name: "holes", Default: 420, Min: 0, Max: 1000, Doc: "holes per mille of cells (≈420: hardest)"},
		},
		Answer: func(Params) string { return "sat" },
		gen:    genLatin,
	}
}

// LatinSquare returns a random n×n Latin square: the cyclic square with
// its rows, columns and symbols permuted, then shuffled further by random
// row and column swaps, which keep it Latin.
func LatinSquare(r *rand.Rand, n int) [][]int {
	rows, cols, syms := r.Perm(n), r.Perm(n), r.Perm(n)
	sq := make([][]int, n)
	for i := range n {
		sq[i] = make([]int, n)
		for j := range n {
			sq[i][j] = syms[(rows[i]+cols[j])%n]
		}
	}
	return sq
}

// genLatin encodes completing the square with the usual reduction: a
// variable exists only for a hole and a symbol that its row and column
// do not already hold; every hole gets exactly one symbol, every row and
// column gets each missing symbol exactly once.
func genLatin(_ context.Context, r *rand.Rand, p Params) (*sat.CNF, []Value, error) {
	n, holes := p["n"], p["holes"]
	sq := LatinSquare(r, n)
	hole := make([][]bool, n)
	rowHas := make([][]bool, n)
	colHas := make([][]bool, n)
	for i := range n {
		hole[i], rowHas[i], colHas[i] = make([]bool, n), make([]bool, n), make([]bool, n)
	}
	nHoles := 0
	for i := range n {
		for j := range n {
			if r.IntN(1000) < holes {
				hole[i][j] = true
				nHoles++
			} else {
				rowHas[i][sq[i][j]], colHas[j][sq[i][j]] = true, true
			}
		}
	}
	f := sat.NewCNF(0)
	v := make(map[[3]int]int32)
	for i := range n {
		for j := range n {
			if !hole[i][j] {
				continue
			}
			var cell []int32
			for s := range n {
				if !rowHas[i][s] && !colHas[j][s] {
					f.NumVars++
					v[[3]int{i, j, s}] = int32(f.NumVars)
					cell = append(cell, int32(f.NumVars))
				}
			}
			exactlyOne(f, cell)
		}
	}
	for i := range n {
		for s := range n {
			var row, col []int32
			for j := range n {
				if x, ok := v[[3]int{i, j, s}]; ok {
					row = append(row, x)
				}
				if x, ok := v[[3]int{j, i, s}]; ok {
					col = append(col, x)
				}
			}
			if !rowHas[i][s] {
				exactlyOne(f, row)
			}
			if !colHas[i][s] {
				exactlyOne(f, col)
			}
		}
	}
	f.HeaderVars = f.NumVars
	return f, []Value{{"holes", fmt.Sprintf("%d of %d cells", nHoles, n*n)}}, nil
}

// exactlyOne adds at-least-one and pairwise at-most-one clauses.
func exactlyOne(f *sat.CNF, xs []int32) {
	f.AddClause(xs...)
	atMostOne(f, xs)
}

func atMostOne(f *sat.CNF, xs []int32) {
	for a := range xs {
		for b := a + 1; b < len(xs); b++ {
			f.AddClause(-xs[a], -xs[b])
		}
	}
}
