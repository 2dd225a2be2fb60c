package configsel

import (
	"math"
	"testing"

	"github.com/verify-tools/verify/sat"
)

func cnf(n int, clauses ...[]int32) *sat.CNF {
	f := sat.NewCNF(n)
	for _, c := range clauses {
		f.AddClause(c...)
	}
	return f
}

func TestFeatures(t *testing.T) {
	// x1 ⊕ x2 ⊕ x3 = 1 as its four clauses (an even number of negations
	// each), plus a Horn binary clause on x4; x5 occurs nowhere.
	xor3 := [][]int32{{1, 2, 3}, {1, -2, -3}, {-1, 2, -3}, {-1, -2, 3}}
	tests := []struct {
		name string
		f    *sat.CNF
		want map[string]float64
	}{
		{"xor and horn", cnf(5, append(xor3, []int32{-4, 1})...), map[string]float64{
			"log_vars": math.Log10(6), "log_clauses": math.Log10(6), "log_density": 0,
			"mean_length": 14.0 / 5, "binary": 0.2, "ternary": 0.8, "long": 0, "modal_length": 0.8,
			"horn": 0.8, "positive": 7.0 / 14, "xor": 0.8, "unused": 0.2,
		}},
		{"incomplete xor", cnf(3, xor3[:3]...), map[string]float64{"xor": 0, "ternary": 1, "modal_length": 1}},
		{"a complete xor of the other parity", cnf(2, []int32{1, -2}, []int32{-1, 2}), map[string]float64{
			"xor": 1, "binary": 1, "sign_balance": 0, "degree_cv": 0, "log_degree_max": 0,
		}},
		{"unbalanced signs", cnf(2, []int32{1, 2}, []int32{1, 2, -1}, []int32{2}), map[string]float64{
			"sign_balance": (1.0/3 + 1) / 2, "horn": 1.0 / 3, "long": 0,
		}},
		{"no clauses", cnf(3), map[string]float64{"log_vars": math.Log10(4), "log_clauses": 0, "xor": 0, "unused": 0}},
	}
	index := map[string]int{}
	for i, name := range FeatureNames {
		index[name] = i
	}
	if len(FeatureNames) != NumFeatures {
		t.Fatalf("%d feature names, NumFeatures %d", len(FeatureNames), NumFeatures)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := Features(tc.f)
			for name, want := range tc.want {
				i, ok := index[name]
				if !ok {
					t.Fatalf("no feature %s", name)
				}
				if math.Abs(x[i]-want) > 1e-12 {
					t.Errorf("%s = %v, want %v", name, x[i], want)
				}
			}
		})
	}
}
