package gen

import (
	"fmt"
	"math/rand/v2"

	"github.com/verify-tools/verify/sat"
)

func xorsatFamily() Family {
	return Family{
		Name: "xorsat",
		Doc:  "random k-XOR system of m equations over n variables, right-hand sides from a planted assignment (SAT)",
		Params: []Param{
			{Name: "n", Default: 150, Min: 3, Max: 100000, Doc: "variables"},
			{Name: "m", Default: 150, Min: 1, Max: 1000000, Doc: "equations"},
			{Name: "k", Default: 3, Min: 2, Max: 8, Doc: "variables per equation"},
		},
		Answer: func(Params) string { return "sat" },
		gen:    genXorsat,
	}
}

func genXorsat(r *rand.Rand, p Params) (*sat.CNF, []string, error) {
	n, m, k := p["n"], p["m"], p["k"]
	if k > n {
		return nil, nil, fmt.Errorf("k=%d exceeds n=%d", k, n)
	}
	model := randomModel(r, n)
	var cls [][]int32
	for range m {
		vars := distinctVars(r, n, k)
		odd := false
		for _, v := range vars {
			odd = odd != model[v]
		}
		cls = append(cls, xorClauses(vars, odd)...)
	}
	return shuffled(r, n, cls), nil, nil
}
