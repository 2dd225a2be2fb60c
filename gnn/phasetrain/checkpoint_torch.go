//go:build torch

package phasetrain

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/verify-tools/verify/gnn/phasenet"
	"github.com/verify-tools/verify/internal/safetensors"
)

// checkpointKey is the safetensors metadata entry of a checkpoint.
const checkpointKey = "verify-gnn-checkpoint"

// runState is the run's state after an epoch, stored in checkpoints.
type runState struct {
	Arch      phasenet.Config `json:"arch"`
	Seed      uint64          `json:"seed"`
	Batch     int             `json:"batch"`
	Epoch     int             `json:"epoch"` // epochs completed
	AdamStep  int64           `json:"adam_step"`
	BestLoss  float64         `json:"best_val_loss"`
	BestEpoch int             `json:"best_epoch"`
	SinceBest int             `json:"since_best"` // epochs without a better validation loss
	Stopped   bool            `json:"stopped"`    // early stopping triggered
}

// Checkpoint tensor prefixes: parameters, AdamW's first and second moments.
const (
	ckptParam = "param/"
	ckptAdamM = "m/"
	ckptAdamV = "v/"
)

// saveCheckpoint writes the parameters, AdamW's moments and the progress
// atomically: tensors param/NAME, m/NAME, v/NAME.
func saveCheckpoint(name string, tr *trainer, pr runState) error {
	var set safetensors.Set
	shapes := tr.net.Config.Shapes()
	for _, n := range tr.net.Names {
		if err := set.AddF32(ckptParam+n, values(tr.net.Params[n]), shapes[n]); err != nil {
			return fmt.Errorf("checkpoint %s: %w", name, err)
		}
	}
	if err := tr.opt.AddState(&set, tr.net.Names, ckptAdamM, ckptAdamV); err != nil {
		return fmt.Errorf("checkpoint %s: %w", name, err)
	}
	pr.AdamStep = tr.opt.Steps
	meta, err := json.Marshal(pr)
	if err != nil {
		return fmt.Errorf("checkpoint %s: %w", name, err)
	}
	return set.WriteFile(name, map[string]string{checkpointKey: string(meta)})
}

// loadCheckpoint restores a trainer and its progress.
func loadCheckpoint(name string) (*trainer, runState, error) {
	var pr runState
	f, err := safetensors.ReadFile(name)
	if err != nil {
		return nil, pr, err
	}
	if _, ok := f.Meta(checkpointKey); !ok {
		return nil, pr, fmt.Errorf("%s: not a phase-predictor checkpoint (no %q metadata)", name, checkpointKey)
	}
	if err := f.MetaJSON(checkpointKey, &pr); err != nil {
		return nil, pr, fmt.Errorf("%s: %w", name, err)
	}
	m := &phasenet.Model{Config: pr.Arch, Weights: map[string][]float32{}}
	for n, shape := range pr.Arch.Shapes() {
		t, ok := f.Tensor(ckptParam + n)
		if !ok {
			return nil, pr, fmt.Errorf("%s: tensor %q missing", name, t.Name)
		}
		w, err := t.Float32s()
		if err == nil && !slices.Equal(t.Shape(), shape) {
			err = fmt.Errorf("tensor %q has shape %v, want %v", t.Name, t.Shape(), shape)
		}
		if err != nil {
			return nil, pr, fmt.Errorf("%s: %w", name, err)
		}
		m.Weights[n] = w
	}
	net, err := NewNet(m)
	if err != nil {
		return nil, pr, fmt.Errorf("%s: %w", name, err)
	}
	tr := newTrainer(net)
	if err := tr.opt.RestoreState(f, net.Names, ckptAdamM, ckptAdamV, pr.AdamStep); err != nil {
		return nil, pr, fmt.Errorf("%s: %w", name, err)
	}
	return tr, pr, nil
}
