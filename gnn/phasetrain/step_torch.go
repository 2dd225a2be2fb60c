//go:build torch

package phasetrain

import (
	"fmt"
	"math"

	"github.com/sugarme/gotch/ts"

	"github.com/verify-tools/verify/internal/libtorch"
)

// trainer is a Net with its optimiser.
type trainer struct {
	net *Net
	opt *libtorch.Adam
}

func newTrainer(n *Net) *trainer {
	params := make([]*ts.Tensor, len(n.Names))
	for i, name := range n.Names {
		params[i] = n.Params[name]
	}
	return &trainer{net: n, opt: libtorch.NewAdam(params)}
}

// step runs forward, backward and one AdamW update on b. It returns the
// loss and the gradient norm before clipping. A batch without backbone
// variables has no loss and is not a step (ok false).
func (tr *trainer) step(b *Batch, lr, wd, clip float64) (loss, norm float64, ok bool, err error) {
	if len(b.Labelled) == 0 {
		return 0, 0, false, nil
	}
	var a libtorch.Arena
	defer a.Free()
	bt, err := newBatchTensors(b, &a)
	if err != nil {
		return 0, 0, false, err
	}
	l := tr.net.Loss(tr.net.Forward(bt, &a), bt, &a)
	loss = l.Float64Values(false)[0]
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, 0, false, fmt.Errorf("loss is %v", loss)
	}
	l.MustBackward()
	norm, err = tr.opt.Step(lr, wd, clip)
	return loss, norm, err == nil, err
}

// evalLoss is the loss of b without gradients (ok false: no backbone
// variables).
func (n *Net) evalLoss(b *Batch) (loss float64, ok bool, err error) {
	if len(b.Labelled) == 0 {
		return 0, false, nil
	}
	var a libtorch.Arena
	defer a.Free()
	bt, err := newBatchTensors(b, &a)
	if err != nil {
		return 0, false, err
	}
	libtorch.NoGrad(func() {
		loss = n.Loss(n.forwardLean(bt, &a), bt, &a).Float64Values(false)[0]
	})
	return loss, true, nil
}
