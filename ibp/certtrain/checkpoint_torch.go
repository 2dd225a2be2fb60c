//go:build torch

package certtrain

import (
	"encoding/json"
	"fmt"

	"github.com/verify-tools/verify/ibp/network"
	"github.com/verify-tools/verify/internal/libtorch"
	"github.com/verify-tools/verify/internal/safetensors"
)

// checkpointVersion is the version of the checkpoint's state JSON.
const checkpointVersion = 1

// Metadata keys of a checkpoint (a safetensors file).
const (
	ckptStateKey = "verify_train_state"
	ckptAdamM    = "adam.m."
	ckptAdamV    = "adam.v."
)

// runState is where a run stands; the checkpoint stores it as JSON.
type runState struct {
	Format    int     `json:"format"`
	Epoch     int     `json:"epoch"` // epoch to run next (1-based)
	Batch     int     `json:"batch"` // its next batch (0 after a whole epoch)
	AdamStep  int64   `json:"adam_step"`
	BestErr   float64 `json:"best_verified_err"` // 2 before any evaluation
	BestEpoch int     `json:"best_epoch"`
	Config    Config  `json:"config"`
}

// saveCheckpoint writes the network, the optimiser and the state to path,
// atomically (temporary file, sync, rename).
func saveCheckpoint(path string, net *Net, opt *libtorch.Adam, st runState) error {
	var set safetensors.Set
	for name, t := range net.state() {
		vals, shape := libtorch.Values(t)
		if err := set.AddF64AsF32(name, vals, shape); err != nil {
			return fmt.Errorf("checkpoint: %w", err)
		}
	}
	if err := opt.AddState(&set, net.names, ckptAdamM, ckptAdamV); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	st.Format = checkpointVersion
	st.AdamStep = opt.Steps
	stJSON, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	metaJSON, err := json.Marshal(net.Meta)
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return set.WriteFile(path, map[string]string{network.MetadataKey: string(metaJSON), ckptStateKey: string(stJSON)})
}

// checkpoint is a loaded checkpoint file.
type checkpoint struct {
	file    *safetensors.File
	state   runState
	meta    network.Meta
	tensors map[string]*network.Tensor
}

// loadCheckpoint reads a checkpoint written by saveCheckpoint.
func loadCheckpoint(path string) (*checkpoint, error) {
	f, err := safetensors.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read checkpoint: %w", err)
	}
	c := &checkpoint{file: f, tensors: map[string]*network.Tensor{}}
	if _, ok := f.Meta(ckptStateKey); !ok {
		return nil, fmt.Errorf("%s is not a training checkpoint (no %q metadata)", path, ckptStateKey)
	}
	if err := f.MetaJSON(ckptStateKey, &c.state); err != nil {
		return nil, fmt.Errorf("checkpoint %s state: %w", path, err)
	}
	if c.state.Format != checkpointVersion {
		return nil, fmt.Errorf("checkpoint %s has state format %d, want %d", path, c.state.Format, checkpointVersion)
	}
	if err := f.MetaJSON(network.MetadataKey, &c.meta); err != nil {
		return nil, fmt.Errorf("checkpoint %s model description: %w", path, err)
	}
	for _, name := range f.Names() {
		t, _ := f.Tensor(name)
		vals, err := t.Float32s()
		if err != nil {
			return nil, fmt.Errorf("checkpoint %s: %w", path, err)
		}
		data := make([]float64, len(vals))
		for i, v := range vals {
			data[i] = float64(v)
		}
		c.tensors[name] = &network.Tensor{Shape: t.Shape(), Data: data}
	}
	return c, nil
}

// model returns the checkpoint's network as a model.
func (c *checkpoint) model() *network.Model {
	m := &network.Model{Meta: c.meta, Tensors: map[string]*network.Tensor{}}
	for name, t := range c.tensors {
		if len(name) > len(ckptAdamM) && (name[:len(ckptAdamM)] == ckptAdamM || name[:len(ckptAdamV)] == ckptAdamV) {
			continue
		}
		m.Tensors[name] = t
	}
	return m
}

// restoreAdam loads the optimiser's moments and step count.
func (c *checkpoint) restoreAdam(net *Net, opt *libtorch.Adam) error {
	return opt.RestoreState(c.file, net.names, ckptAdamM, ckptAdamV, c.state.AdamStep)
}
