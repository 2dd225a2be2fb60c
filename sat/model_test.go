package sat

import (
	"errors"
	"testing"
)

func TestCheckModel(t *testing.T) {
	f := NewCNF(3)
	f.AddClause(1, -2)
	f.AddClause(2, 3)
	tests := []struct {
		model []bool
		bad   int // falsified clause, -1 for none
	}{
		{[]bool{false, true, false, true}, -1},
		{[]bool{false, false, true, false}, 0},
		{[]bool{false, false, false, false}, 1},
		{[]bool{false}, 0}, // too short: unassigned literals are not true
	}
	for _, tt := range tests {
		err := CheckModel(f, tt.model)
		var me *ModelError
		switch {
		case tt.bad < 0 && err != nil:
			t.Errorf("model %v: unexpected %v", tt.model, err)
		case tt.bad >= 0 && (!errors.As(err, &me) || me.Clause != tt.bad):
			t.Errorf("model %v: err %v, want clause %d", tt.model, err, tt.bad)
		}
	}
}
