package sat

import "testing"

func TestFalsified(t *testing.T) {
	f := NewCNF(4)
	f.AddClause(1, 2)     // 0
	f.AddClause(-1, 3)    // 1
	f.AddClause(-2, -3)   // 2
	f.AddClause(4)        // 3
	f.AddClause(-1, 2, 4) // 4
	tests := []struct {
		name     string
		lits     []int32
		n, first int
	}{
		{"none assigned", nil, 0, -1},
		{"a model", []int32{1, -2, 3, 4}, 0, -1},
		{"partial, nothing falsified", []int32{-1, -3}, 0, -1},
		{"one clause", []int32{-1, -2}, 1, 0},
		{"unit clause", []int32{-4}, 1, 3},
		{"two clauses, first reported", []int32{1, 2, -3, -4}, 2, 1},
		{"later literal wins", []int32{1, -1, -2}, 1, 0},
		{"beyond NumVars ignored", []int32{9, -9, 1, -3}, 1, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, first := f.Falsified(tc.lits)
			if n != tc.n || first != tc.first {
				t.Errorf("Falsified(%v) = %d, %d; want %d, %d", tc.lits, n, first, tc.n, tc.first)
			}
		})
	}
}
