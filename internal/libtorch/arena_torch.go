//go:build torch

package libtorch

import (
	"github.com/sugarme/gotch/ts"
)

// Arena collects the intermediate tensors of one step so they are freed
// together, deterministically, instead of waiting for Go's finalisers: a
// gotch tensor holds C memory that Go's collector does not see. Freeing a
// tensor's handle after later operations used it is safe — the autograd
// graph holds its own references — so a step frees its arena before the
// backward pass, which then releases each saved activation as soon as it is
// used. A nil *Arena keeps nothing.
type Arena struct{ ts []*ts.Tensor }

// Keep records t for Free and returns it.
func (a *Arena) Keep(t *ts.Tensor) *ts.Tensor {
	if a != nil {
		a.ts = append(a.ts, t)
	}
	return t
}

// Free drops every kept tensor.
func (a *Arena) Free() {
	if a == nil {
		return
	}
	for _, t := range a.ts {
		t.MustDrop()
	}
	a.ts = a.ts[:0]
}
