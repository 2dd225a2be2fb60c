//go:build torch

package certtrain

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"

	"github.com/nlpodyssey/safetensors"
	"github.com/sugarme/gotch/ts"

	"github.com/verify-tools/verify/ibp/network"
	"github.com/verify-tools/verify/ibp/torchnet"
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
func saveCheckpoint(path string, net *Net, opt *torchnet.Adam, st runState) error {
	tensors := map[string]*network.Tensor{}
	for name, t := range net.state() {
		tensors[name] = valuesOf(t)
	}
	for i, name := range net.names {
		tensors[ckptAdamM+name] = valuesOf(opt.M[i])
		tensors[ckptAdamV+name] = valuesOf(opt.V[i])
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
	views := map[string]safetensors.TensorView{}
	for name, t := range tensors {
		tv, err := t.View()
		if err != nil {
			return fmt.Errorf("checkpoint tensor %q: %w", name, err)
		}
		views[name] = tv
	}
	buf, err := safetensors.Serialize(views, map[string]string{network.MetadataKey: string(metaJSON), ckptStateKey: string(stJSON)})
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return network.WriteFileAtomic(path, buf)
}

// checkpoint is a loaded checkpoint file.
type checkpoint struct {
	state   runState
	meta    network.Meta
	tensors map[string]*network.Tensor
}

// loadCheckpoint reads a checkpoint written by saveCheckpoint.
func loadCheckpoint(path string) (*checkpoint, error) {
	buf, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read checkpoint: %w", err)
	}
	st, err := safetensors.Deserialize(buf)
	if err != nil {
		return nil, fmt.Errorf("checkpoint %s is not a valid safetensors file: %w", path, err)
	}
	_, md, err := safetensors.ReadMetadata(buf)
	if err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", path, err)
	}
	c := &checkpoint{tensors: map[string]*network.Tensor{}}
	raw, ok := md.Metadata()[ckptStateKey]
	if !ok {
		return nil, fmt.Errorf("%s is not a training checkpoint (no %q metadata)", path, ckptStateKey)
	}
	if err := json.Unmarshal([]byte(raw), &c.state); err != nil {
		return nil, fmt.Errorf("checkpoint %s state: %w", path, err)
	}
	if c.state.Format != checkpointVersion {
		return nil, fmt.Errorf("checkpoint %s has state format %d, want %d", path, c.state.Format, checkpointVersion)
	}
	if err := json.Unmarshal([]byte(md.Metadata()[network.MetadataKey]), &c.meta); err != nil {
		return nil, fmt.Errorf("checkpoint %s model description: %w", path, err)
	}
	for _, nv := range st.Tensors() {
		v := nv.TensorView
		if v.DType() != safetensors.F32 {
			return nil, fmt.Errorf("checkpoint %s: tensor %q is %s, want F32", path, nv.Name, v.DType())
		}
		shape := make([]int, len(v.Shape()))
		for i, d := range v.Shape() {
			shape[i] = int(d)
		}
		data := v.Data()
		vals := make([]float64, len(data)/4)
		for i := range vals {
			vals[i] = float64(math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:])))
		}
		c.tensors[nv.Name] = &network.Tensor{Shape: shape, Data: vals}
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
func (c *checkpoint) restoreAdam(net *Net, opt *torchnet.Adam) error {
	for i, name := range net.names {
		for _, slot := range []struct {
			dst *ts.Tensor
			key string
		}{{opt.M[i], ckptAdamM + name}, {opt.V[i], ckptAdamV + name}} {
			src, ok := c.tensors[slot.key]
			if !ok {
				return fmt.Errorf("checkpoint has no optimiser state %q", slot.key)
			}
			if err := copyInto(slot.dst, src, net.Dev); err != nil {
				return fmt.Errorf("optimiser state %q: %w", slot.key, err)
			}
		}
	}
	opt.Steps = c.state.AdamStep
	return nil
}
