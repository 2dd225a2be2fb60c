package gen

import (
	"context"
	"fmt"
	"math/rand/v2"

	sgen "github.com/verify-tools/verify/sat/gen"

	"github.com/verify-tools/verify/sat"
)

// genQCP punches holes into a random Latin square and encodes completing
// it, with the usual reduction: a variable exists only for a hole and a
// symbol that its row and column do not already hold. Satisfiable by
// construction (the original square completes it).
func genQCP(_ context.Context, r *rand.Rand, size Size, index int) (draw, error) {
	type point struct {
		n     int
		holes float64
	}
	grid := []point{{6, 0.45}, {6, 0.6}, {7, 0.45}, {7, 0.6}, {8, 0.42}, {8, 0.55}, {9, 0.42}, {9, 0.55}}
	if size == Medium {
		grid = []point{{12, 0.42}, {12, 0.5}, {15, 0.42}, {15, 0.5}, {18, 0.42}, {18, 0.5}}
	}
	p := pick(grid, index)
	n := p.n
	sq := sgen.LatinSquare(r, n)
	hole := make([][]bool, n)
	rowHas := make([][]bool, n)
	colHas := make([][]bool, n)
	for i := range n {
		hole[i] = make([]bool, n)
		rowHas[i] = make([]bool, n)
		colHas[i] = make([]bool, n)
	}
	nHoles := 0
	for i := range n {
		for j := range n {
			if r.Float64() < p.holes {
				hole[i][j] = true
				nHoles++
			} else {
				rowHas[i][sq[i][j]] = true
				colHas[j][sq[i][j]] = true
			}
		}
	}
	// id[i][j][s] is the variable of "cell (i,j) holds s", 0 if none.
	id := make([][][]int32, n)
	next := int32(0)
	for i := range n {
		id[i] = make([][]int32, n)
		for j := range n {
			id[i][j] = make([]int32, n)
			if !hole[i][j] {
				continue
			}
			for s := range n {
				if !rowHas[i][s] && !colHas[j][s] {
					next++
					id[i][j][s] = next
				}
			}
		}
	}
	f := sat.NewCNF(int(next))
	exactlyOne := func(vs []int32) {
		f.AddClause(vs...)
		for a := 0; a < len(vs); a++ {
			for b := a + 1; b < len(vs); b++ {
				f.AddClause(-vs[a], -vs[b])
			}
		}
	}
	var vs []int32
	for i := range n {
		for j := range n {
			if !hole[i][j] {
				continue
			}
			vs = vs[:0]
			for s := range n {
				if id[i][j][s] != 0 {
					vs = append(vs, id[i][j][s])
				}
			}
			exactlyOne(vs)
		}
	}
	for s := range n {
		for i := range n { // row i needs s once, unless prefilled
			if rowHas[i][s] {
				continue
			}
			vs = vs[:0]
			for j := range n {
				if id[i][j][s] != 0 {
					vs = append(vs, id[i][j][s])
				}
			}
			exactlyOne(vs)
		}
		for j := range n { // column j likewise
			if colHas[j][s] {
				continue
			}
			vs = vs[:0]
			for i := range n {
				if id[i][j][s] != 0 {
					vs = append(vs, id[i][j][s])
				}
			}
			exactlyOne(vs)
		}
	}
	return draw{
		cnf:  f,
		grid: []Param{{"order", itoa(n)}, {"holes", fmt.Sprint(p.holes)}},
		info: []Param{{"holes-punched", itoa(nHoles)}},
	}, nil
}
