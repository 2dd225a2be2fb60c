//go:build torch

package libtorch

import (
	"context"
	"runtime"
	"testing"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"
)

// TestArgumentOutlivesCall: a tensor referenced only as an argument of a
// running libtorch call must not be freed by its finaliser during the call.
// gotch's generated methods read the argument's C pointer and drop the Go
// object, so without cmd/gotchprep's keepArgsAlive patch a collection during
// atg_add frees the 64 MB operand (glibc unmaps it) and this test dies with
// SIGSEGV within a few iterations; with the patch it passes.
func TestArgumentOutlivesCall(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for ctx.Err() == nil {
			runtime.GC()
		}
	}()
	const n = 1 << 24 // 64 MB of float32: above glibc's largest mmap threshold
	a := ts.MustOnes([]int64{n}, gotch.Float, gotch.CPU)
	defer a.MustDrop()
	for i := 0; i < 40; i++ {
		c := a.MustAdd(ts.MustOnes([]int64{n}, gotch.Float, gotch.CPU), false)
		s := c.MustSum(gotch.Float, true).Float64Values(true)[0]
		if s != 2*n {
			t.Fatalf("iteration %d: sum %v, want %v", i, s, 2*n)
		}
	}
}
