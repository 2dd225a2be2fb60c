package lit

import (
	"math"
	"testing"
)

func TestVar(t *testing.T) {
	tests := []struct{ lit, want int32 }{
		{1, 1}, {-1, 1}, {42, 42}, {-42, 42}, {math.MaxInt32, math.MaxInt32}, {-math.MaxInt32, math.MaxInt32},
	}
	for _, tc := range tests {
		if got := Var(tc.lit); got != tc.want {
			t.Errorf("Var(%d) = %d, want %d", tc.lit, got, tc.want)
		}
	}
}
