package guide

import (
	"testing"

	"github.com/verify-tools/verify/sat"
)

func TestUniformLength(t *testing.T) {
	tests := []struct {
		name    string
		clauses [][]int32
		want    int
	}{
		{"none", nil, 0},
		{"3-SAT", [][]int32{{1, 2, 3}, {-1, -2, 3}, {2, -3, 1}}, 3},
		{"one shorter", [][]int32{{1, 2, 3}, {-1, -2}, {2, -3, 1}}, 0},
		{"binary", [][]int32{{1, 2}, {-1, -2}}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := sat.NewCNF(3)
			for _, c := range tc.clauses {
				f.AddClause(c...)
			}
			if got := UniformLength(f); got != tc.want {
				t.Errorf("UniformLength = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestUnconfident(t *testing.T) {
	// probs is n probabilities of 0.5 with sure of them at 0.95 or 0.05.
	probs := func(n, sure int) []float32 {
		p := make([]float32, n)
		for i := range p {
			p[i] = 0.5
			if i < sure {
				p[i] = 0.95 - 0.9*float32(i%2)
			}
		}
		return p
	}
	tests := []struct {
		name      string
		probs     []float32
		few       bool
		confident int
	}{
		{"none sure", probs(100, 0), true, 0},
		{"just under 1%", probs(201, 2), true, 2},
		{"exactly 1%", probs(200, 2), false, 2},
		{"0.9 counts, either way", []float32{0.9, 0.1, 0.89, 0.11}, false, 2},
		{"no variables", nil, false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			few, n := unconfident(tc.probs)
			if few != tc.few || n != tc.confident {
				t.Errorf("unconfident = %v, %d; want %v, %d", few, n, tc.few, tc.confident)
			}
		})
	}
}
