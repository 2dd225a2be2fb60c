//go:build torch

package libtorch

import (
	"fmt"
	"slices"

	"github.com/sugarme/gotch/ts"

	"github.com/verify-tools/verify/internal/safetensors"
)

// Values copies t's values to the host as float64 (exact for the float32
// tensors training uses) and returns them with t's shape.
func Values(t *ts.Tensor) ([]float64, []int) {
	size := t.MustSize()
	shape := make([]int, len(size))
	for i, d := range size {
		shape[i] = int(d)
	}
	d := t.MustDetach(false)
	defer d.MustDrop()
	return d.Float64Values(false), shape
}

// CopyFrom overwrites dst in place, outside autograd, with the values of
// a stored tensor of the same shape, converted to dst's type and device.
func CopyFrom(dst *ts.Tensor, src safetensors.Tensor) error {
	want := dst.MustSize()
	got := make([]int64, 0, len(want))
	for _, d := range src.Shape() {
		got = append(got, int64(d))
	}
	if !slices.Equal(got, want) {
		return fmt.Errorf("tensor %q has shape %v, want %v", src.Name, got, want)
	}
	vals, err := src.Float32s()
	if err != nil {
		return err
	}
	host, err := ts.NewTensorFromData(vals, got)
	if err != nil {
		return fmt.Errorf("tensor %q: %w", src.Name, err)
	}
	defer host.MustDrop()
	NoGrad(func() {
		d := dst.MustDetach(false)
		d.Copy_(host)
		d.MustDrop()
	})
	return nil
}

// AddState adds the optimiser's moments to a checkpoint as F32 tensors:
// parameter i's first moment as mPrefix+names[i], its second as
// vPrefix+names[i]. The step count goes into the checkpoint's JSON state.
func (a *Adam) AddState(set *safetensors.Set, names []string, mPrefix, vPrefix string) error {
	slots, err := a.slots(names, mPrefix, vPrefix)
	if err != nil {
		return err
	}
	for _, s := range slots {
		vals, shape := Values(s.t)
		if err := set.AddF64AsF32(s.key, vals, shape); err != nil {
			return fmt.Errorf("adam state: %w", err)
		}
	}
	return nil
}

// RestoreState loads moments written by AddState (same names and
// prefixes) and the step count.
func (a *Adam) RestoreState(f *safetensors.File, names []string, mPrefix, vPrefix string, steps int64) error {
	slots, err := a.slots(names, mPrefix, vPrefix)
	if err != nil {
		return err
	}
	for _, s := range slots {
		src, ok := f.Tensor(s.key)
		if !ok {
			return fmt.Errorf("checkpoint has no optimiser state %q", s.key)
		}
		if err := CopyFrom(s.t, src); err != nil {
			return fmt.Errorf("optimiser state: %w", err)
		}
	}
	a.Steps = steps
	return nil
}

// stateSlot is one moment tensor and its checkpoint name.
type stateSlot struct {
	key string
	t   *ts.Tensor
}

// slots lists the moments in checkpoint order: m then v of each parameter.
func (a *Adam) slots(names []string, mPrefix, vPrefix string) ([]stateSlot, error) {
	if len(names) != len(a.Params) {
		return nil, fmt.Errorf("adam state: %d names for %d parameters", len(names), len(a.Params))
	}
	out := make([]stateSlot, 0, 2*len(names))
	for i, name := range names {
		out = append(out, stateSlot{mPrefix + name, a.M[i]}, stateSlot{vPrefix + name, a.V[i]})
	}
	return out, nil
}
