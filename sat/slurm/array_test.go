package slurm

import (
	"testing"
	"time"
)

func TestArrayOptions(t *testing.T) {
	tests := []struct {
		per, units, tasks int
	}{
		{10, 0, 0}, {10, 1, 1}, {10, 10, 1}, {10, 11, 2}, {0, 3, 3}, {-4, 3, 3}, {200, 2185, 11},
	}
	for _, tc := range tests {
		if got := (ArrayOptions{PerTask: tc.per}).Tasks(tc.units); got != tc.tasks {
			t.Errorf("%d units, %d per task: %d tasks, want %d", tc.units, tc.per, got, tc.tasks)
		}
	}
	o := ArrayOptions{Partition: "short", Throttle: 4, Extra: []string{"--account=lab"}}
	s := o.Spec("verify-bench", time.Hour, 512, 2)
	if s.JobName != "verify-bench" || s.Partition != "short" || s.Throttle != 4 || s.Time != time.Hour ||
		s.MemMB != 512 || s.CPUsPerTask != 2 || len(s.Extra) != 1 {
		t.Errorf("spec %+v", s)
	}
}
