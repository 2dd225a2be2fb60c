//go:build torch

package train

import (
	"github.com/sugarme/gotch/ts"
)

// arena collects the intermediate tensors of one step so they are freed
// together, deterministically, instead of waiting for Go's finalisers.
// The autograd graph holds its own references, so freeing after backward
// is safe.
type arena struct{ ts []*ts.Tensor }

func (a *arena) keep(t *ts.Tensor) *ts.Tensor {
	a.ts = append(a.ts, t)
	return t
}

func (a *arena) free() {
	for _, t := range a.ts {
		t.MustDrop()
	}
	a.ts = a.ts[:0]
}
