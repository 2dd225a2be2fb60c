package phasetrain

import (
	"fmt"
	"io"
	"time"

	"github.com/verify-tools/verify/gnn/phasenet"
)

// Files a run writes into Options.Out.
const (
	FileModel      = "model.safetensors" // best weights (lowest validation loss), tuned threshold
	FileLast       = "last.safetensors"  // weights after the last epoch, same threshold
	FileCheckpoint = "checkpoint.safetensors"
	FileRecords    = "train.jsonl"
	FilePlot       = "train.png"
)

// Options configure a training run.
type Options struct {
	Labels, Split string // labels file (empty: the manifest's) and split manifest
	Out           string // run folder
	Resume        bool   // continue from Out's checkpoint
	Arch          phasenet.Config
	Epochs        int
	Batch         int // formulas per step
	LR            float64
	WeightDecay   float64 // AdamW's decoupled weight decay
	GradClip      float64 // gradient-norm clip, 0: none
	Patience      int     // epochs without a better validation loss before stopping, 0: never
	// TargetPrecision is the accuracy the seeded phases must reach on the
	// validation split; the lowest threshold reaching it is stored.
	TargetPrecision float64
	Seed            uint64
	Threads         int       // libtorch intra-op threads, 0: one per CPU
	Progress        io.Writer // progress bar, nil: none
	// Log receives one line per epoch, nil: none.
	Log io.Writer
	// Now is the clock (tests); nil: time.Now.
	Now func() time.Time
}

// DefaultOptions are the values `verify gnn train` starts from. The
// learning rate is 1e-3 rather than NeuroBack's 1e-4: the model is a third
// of NeuroBack's size and trains for minutes (a few thousand steps), not
// days; 1e-4 leaves it far from converged in that budget.
func DefaultOptions() Options {
	return Options{
		Arch: phasenet.DefaultConfig(), Epochs: 30, Batch: 8, LR: 1e-3, WeightDecay: 0.01,
		GradClip: 1, Patience: 5, TargetPrecision: 0.9, Seed: 1,
	}
}

// Validate checks the options.
func (o Options) Validate() error {
	switch {
	case o.Split == "":
		return fmt.Errorf("no split manifest")
	case o.Out == "":
		return fmt.Errorf("no output folder")
	case o.Epochs < 1:
		return fmt.Errorf("epochs %d < 1", o.Epochs)
	case o.Batch < 1:
		return fmt.Errorf("batch %d < 1", o.Batch)
	case !(o.LR > 0):
		return fmt.Errorf("learning rate %g must be positive", o.LR)
	case o.WeightDecay < 0 || o.GradClip < 0 || o.Patience < 0:
		return fmt.Errorf("weight decay, gradient clip and patience must not be negative")
	case o.TargetPrecision <= 0.5 || o.TargetPrecision > 1:
		return fmt.Errorf("target precision %g outside (0.5, 1]", o.TargetPrecision)
	}
	return o.Arch.Validate()
}
