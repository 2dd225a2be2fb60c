package preprocess

import (
	"slices"
	"testing"
)

func TestFindGate(t *testing.T) {
	tests := []struct {
		name       string
		f          cnf
		gpos, gneg []bool
	}{
		// 3 = 1 ∧ ¬2; clause (3 ∨ 4) is not part of the gate.
		{"and", cnf{{-3, 1}, {-3, -2}, {3, -1, 2}, {3, 4}}, []bool{true, false}, []bool{true, true}},
		// ¬3 = 1 ∧ 2.
		{"negated output", cnf{{3, 1}, {3, 2}, {-3, -1, -2}, {-3, 4}}, []bool{true, true}, []bool{true, false}},
		// (¬3 ∨ 1), (¬3 ∨ ¬1) are no gate with (3 ∨ ¬1 ∨ 2).
		{"no gate", cnf{{-3, 1}, {-3, -1, 4}, {3, -1, 2}}, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := newDB(4)
			for _, c := range tc.f {
				d.add(c)
			}
			gpos, gneg := d.findGate(3, d.live(3), d.live(-3))
			if !slices.Equal(gpos, tc.gpos) || !slices.Equal(gneg, tc.gneg) {
				t.Errorf("gate flags %v / %v, want %v / %v", gpos, gneg, tc.gpos, tc.gneg)
			}
			for _, m := range d.mark {
				if m != 0 {
					t.Fatal("marks left set")
				}
			}
		})
	}
}
