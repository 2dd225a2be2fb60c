//go:build torch

package phasetrain

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"

	"github.com/google/renameio/v2"
	"github.com/nlpodyssey/safetensors"
	"github.com/sugarme/gotch/ts"

	"github.com/verify-tools/verify/gnn/phasenet"
)

// checkpointKey is the safetensors metadata entry of a checkpoint.
const checkpointKey = "verify-gnn-checkpoint"

// runState is the run's state after an epoch, stored in checkpoints.
type runState struct {
	Arch      phasenet.Config `json:"arch"`
	Seed      uint64       `json:"seed"`
	Batch     int          `json:"batch"`
	Epoch     int          `json:"epoch"` // epochs completed
	AdamStep  int64        `json:"adam_step"`
	BestLoss  float64      `json:"best_val_loss"`
	BestEpoch int          `json:"best_epoch"`
	SinceBest int          `json:"since_best"` // epochs without a better validation loss
	Stopped   bool         `json:"stopped"`    // early stopping triggered
}

// saveCheckpoint writes the parameters, AdamW's moments and the progress
// atomically: tensors param/NAME, m/NAME, v/NAME.
func saveCheckpoint(name string, tr *trainer, pr runState) error {
	views := map[string]safetensors.TensorView{}
	add := func(key string, t *ts.Tensor, shape []int) error {
		tv, err := phasenet.TensorView(values(t), shape)
		if err != nil {
			return fmt.Errorf("checkpoint tensor %q: %w", key, err)
		}
		views[key] = tv
		return nil
	}
	shapes := tr.net.Config.Shapes()
	for i, n := range tr.net.Names {
		for _, e := range []struct {
			prefix string
			t      *ts.Tensor
		}{{"param/", tr.net.Params[n]}, {"m/", tr.opt.M[i]}, {"v/", tr.opt.V[i]}} {
			if err := add(e.prefix+n, e.t, shapes[n]); err != nil {
				return err
			}
		}
	}
	pr.AdamStep = tr.opt.Steps
	meta, err := json.Marshal(pr)
	if err != nil {
		return err
	}
	buf, err := safetensors.Serialize(views, map[string]string{checkpointKey: string(meta)})
	if err != nil {
		return fmt.Errorf("checkpoint %s: %w", name, err)
	}
	return renameio.WriteFile(name, buf, 0o644)
}

// loadCheckpoint restores a trainer and its progress.
func loadCheckpoint(name string) (*trainer, runState, error) {
	var pr runState
	buf, err := os.ReadFile(name)
	if err != nil {
		return nil, pr, err
	}
	st, err := safetensors.Deserialize(buf)
	if err != nil {
		return nil, pr, fmt.Errorf("%s: %w", name, err)
	}
	_, md, err := safetensors.ReadMetadata(buf)
	if err != nil {
		return nil, pr, fmt.Errorf("%s: %w", name, err)
	}
	raw, ok := md.Metadata()[checkpointKey]
	if !ok {
		return nil, pr, fmt.Errorf("%s: not a phase-predictor checkpoint (no %q metadata)", name, checkpointKey)
	}
	if err := json.Unmarshal([]byte(raw), &pr); err != nil {
		return nil, pr, fmt.Errorf("%s: %w", name, err)
	}
	read := func(key string, size int) ([]float32, error) {
		tv, ok := st.Tensor(key)
		if !ok {
			return nil, fmt.Errorf("%s: tensor %q missing", name, key)
		}
		data := tv.Data()
		if tv.DType() != safetensors.F32 || len(data) != 4*size {
			return nil, fmt.Errorf("%s: tensor %q is not %d F32 values", name, key, size)
		}
		w := make([]float32, size)
		for i := range w {
			w[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:]))
		}
		return w, nil
	}
	m := &phasenet.Model{Config: pr.Arch, Weights: map[string][]float32{}}
	shapes := pr.Arch.Shapes()
	sizes := map[string]int{}
	for n, sh := range shapes {
		size := 1
		for _, s := range sh {
			size *= s
		}
		sizes[n] = size
		if m.Weights[n], err = read("param/"+n, size); err != nil {
			return nil, pr, err
		}
	}
	net, err := NewNet(m)
	if err != nil {
		return nil, pr, fmt.Errorf("%s: %w", name, err)
	}
	tr := newTrainer(net)
	tr.opt.Steps = pr.AdamStep
	for i, n := range net.Names {
		for _, e := range []struct {
			prefix string
			dst    **ts.Tensor
		}{{"m/", &tr.opt.M[i]}, {"v/", &tr.opt.V[i]}} {
			w, err := read(e.prefix+n, sizes[n])
			if err != nil {
				return nil, pr, err
			}
			t, err := tensorOf(w, shapes[n])
			if err != nil {
				return nil, pr, err
			}
			(*e.dst).MustDrop()
			*e.dst = t
		}
	}
	return tr, pr, nil
}
