package gen

import (
	"context"
	"math/rand/v2"
	"strconv"

	"github.com/verify-tools/verify/sat"
)

// qcpFamily is latin drawn and ordered otherwise: each cell is a hole
// with probability holes/1000 (a float draw, not latin's integer one),
// and the row and column constraints go symbol by symbol.
func qcpFamily() Family {
	return Family{
		Name: "qcp",
		Doc:  "quasigroup completion: a random Latin square of the given order, each cell a hole with probability holes/1000, reduced encoding (SAT)",
		Params: []Param{
			{Name: "order", Default: 9, Min: 2, Max: 100, Doc: "order of the square"},
			{Name: "holes", Default: 420, Min: 0, Max: 1000, Doc: "probability of a hole per mille"},
		},
		Answer: func(Params) string { return "sat" },
		gen:    genQCP,
	}
}

// genQCP punches holes into a random Latin square and encodes completing
// it, with the usual reduction: a variable exists only for a hole and a
// symbol that its row and column do not already hold. Satisfiable by
// construction (the original square completes it).
func genQCP(_ context.Context, r *rand.Rand, p Params) (*sat.CNF, []Value, error) {
	n, holes := p["order"], float64(p["holes"])/1000
	sq := LatinSquare(r, n)
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
			if r.Float64() < holes {
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
			exactlyOne(f, vs)
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
			exactlyOne(f, vs)
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
			exactlyOne(f, vs)
		}
	}
	return f, []Value{{"holes-punched", strconv.Itoa(nHoles)}}, nil
}
