package certtrain

import (
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/verify-tools/verify/ibp/network"
)

// Initialisation schemes.
const (
	InitIBP     = "ibp"     // Shi et al.: N(0, (sqrt(2π)/fan_in)²) for hidden weights
	InitDefault = "default" // PyTorch's default: U(±1/sqrt(fan_in))
)

// Config is one training run. Defaults gives the paper's settings for a
// data set.
type Config struct {
	Arch    string // network.Architectures()
	Dataset string // "mnist" or "cifar10"
	DataDir string
	Out     string // run folder
	Resume  bool   // continue from Out/checkpoint

	BN   bool   // BatchNorm after every conv and hidden linear layer
	Init string // InitIBP or InitDefault

	Eps       float64 // target ε in pixel space ([0,1] pixels)
	EpsStart  int     // first epoch (1-based) with ε > 0
	EpsLength int     // epochs of the ramp

	RegLambda float64 // λ0 of the warm-up regularisers (0 turns them off)
	RegTol    float64 // τ

	// CTBench's changes (Mao et al.), each off at its zero value (so a
	// Config built by hand, or read from an older checkpoint, trains as
	// before).
	PreciseBN      bool    // after every epoch, BN running statistics = population statistics of the training set
	CleanWeight    float64 // 1 − κ (--robust-weight κ): loss = κ·robust + (1−κ)·clean CE (0: robust only)
	TrainEpsFactor float64 // the schedule's target is TrainEpsFactor·Eps (0 or 1: Eps)
	L1             float64 // coefficient of Σ|W| over conv and linear weights (0: none)

	LR           float64
	LRMilestones []int // epochs after which lr is multiplied by LRDecay
	LRDecay      float64
	GradClip     float64 // max gradient norm (0 = no clipping)

	Epochs int // with Resume, 0 keeps the checkpoint's
	Batch  int

	Augment bool // random crop (padding 2) and horizontal flip; CIFAR-10 only

	Seed    uint64
	Device  string // "auto", "cpu" or "cuda"
	Threads int    // libtorch intra-op threads, 0 = one per CPU

	LimitTrain int // use the first LimitTrain training samples (0 = all)
	LimitTest  int // evaluate on the first LimitTest test samples (0 = all)
	// Holdout > 0 trains on all but the last Holdout training samples and
	// evaluates on those instead of the test set: a development split for
	// tuning that leaves the test set for the final measurement.
	Holdout int

	// Progress receives a progress bar per epoch when not nil.
	Progress io.Writer `json:"-"`
}

// Defaults returns the paper's settings (REFERENCE.md §1) for a data set:
// CNN-7 with full BN and IBP init, Adam lr 5e-4 with gradient clip 10 and
// lr × 0.2 at the milestones.
func Defaults(dataset string) (Config, error) {
	c := Config{
		Arch: "cnn7", Dataset: dataset, BN: true, Init: InitIBP,
		RegLambda: 0.5, RegTol: 0.5,
		LR: 5e-4, LRDecay: 0.2, GradClip: 10,
		Seed: 1, Device: "auto",
	}
	switch dataset {
	case "mnist":
		c.Eps, c.EpsStart, c.EpsLength = 0.4, 1, 20
		c.LRMilestones, c.Epochs, c.Batch = []int{50, 60}, 70, 256
	case "cifar10":
		c.Eps, c.EpsStart, c.EpsLength = 8.0/255, 2, 80
		c.LRMilestones, c.Epochs, c.Batch = []int{120, 140}, 160, 128
		c.Augment = true
	default:
		return Config{}, fmt.Errorf("unknown dataset %q (want mnist or cifar10)", dataset)
	}
	return c, nil
}

// Normalization is the data set's input normalisation: none for MNIST, the
// paper's per-channel mean and std for CIFAR-10.
func Normalization(dataset string, channels int) network.Normalization {
	if dataset == "cifar10" && channels == 3 {
		return network.Normalization{Mean: []float64{0.4914, 0.4822, 0.4465}, Std: []float64{0.2023, 0.1994, 0.2010}}
	}
	var n network.Normalization
	for i := 0; i < channels; i++ {
		n.Mean = append(n.Mean, 0)
		n.Std = append(n.Std, 1)
	}
	return n
}

// Validate checks the settings that do not need the data.
func (c *Config) Validate() error {
	if !slices.Contains(network.Architectures(), c.Arch) {
		return fmt.Errorf("unknown architecture %q (want one of %v)", c.Arch, network.Architectures())
	}
	if c.Dataset != "mnist" && c.Dataset != "cifar10" {
		return fmt.Errorf("unknown dataset %q (want mnist or cifar10)", c.Dataset)
	}
	if c.Out == "" {
		return fmt.Errorf("no run folder (--out)")
	}
	if c.Init != InitIBP && c.Init != InitDefault {
		return fmt.Errorf("unknown init %q (want %s or %s)", c.Init, InitIBP, InitDefault)
	}
	finite := func(name string, v float64, min float64) error {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < min {
			return fmt.Errorf("%s must be finite and >= %v, got %v", name, min, v)
		}
		return nil
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"--eps", c.Eps}, {"--reg-lambda", c.RegLambda}, {"--reg-tol", c.RegTol}, {"--lr", c.LR},
		{"--lr-decay", c.LRDecay}, {"--grad-clip", c.GradClip}, {"1 - --robust-weight", c.CleanWeight},
		{"--train-eps-factor", c.TrainEpsFactor}, {"--l1", c.L1}} {
		if err := finite(f.name, f.v, 0); err != nil {
			return err
		}
	}
	if c.LR == 0 {
		return fmt.Errorf("--lr must be > 0")
	}
	if c.CleanWeight > 1 {
		return fmt.Errorf("--robust-weight must be in [0, 1], got %v", 1-c.CleanWeight)
	}
	if c.Eps > 1 {
		return fmt.Errorf("--eps %v is larger than the pixel range [0, 1]", c.Eps)
	}
	if c.EpsStart < 1 || c.EpsLength < 0 {
		return fmt.Errorf("--eps-start must be >= 1 and --eps-length >= 0, got %d and %d", c.EpsStart, c.EpsLength)
	}
	if (c.Epochs < 1 && !(c.Resume && c.Epochs == 0)) || c.Batch < 2 {
		return fmt.Errorf("--epochs must be >= 1 and --batch >= 2 (BatchNorm needs a batch), got %d and %d", c.Epochs, c.Batch)
	}
	if c.LimitTrain < 0 || c.LimitTest < 0 || c.Holdout < 0 || c.Threads < 0 {
		return fmt.Errorf("--limit-train, --limit-test, --holdout and --threads must be >= 0")
	}
	switch c.Device {
	case "auto", "cpu", "cuda":
	default:
		return fmt.Errorf("unknown device %q (want auto, cpu or cuda)", c.Device)
	}
	return nil
}

// TrainEps is the target of the training ε schedule: TrainEpsFactor × Eps
// (Eps stays the evaluation ε; a factor of 0 means 1).
func (c *Config) TrainEps() float64 {
	if c.TrainEpsFactor == 0 {
		return c.Eps
	}
	return c.TrainEpsFactor * c.Eps
}

// SetRobustWeight sets κ, the weight of the robust cross-entropy
// (CTBench's robust_weight multiplies the robust term).
func (c *Config) SetRobustWeight(kappa float64) { c.CleanWeight = 1 - kappa }

// LossWeights returns the coefficients of the robust and the clean
// cross-entropy in the loss: κ and 1 − κ.
func (c *Config) LossWeights() (robust, clean float64) { return 1 - c.CleanWeight, c.CleanWeight }

// Meta returns the model description the run trains: the architecture
// built for the data set's shape, its normalisation and the training ε.
func (c *Config) Meta(shape [3]int, classes int) (network.Meta, error) {
	meta, err := network.Build(c.Arch, network.Options{InputShape: shape[:], NumClasses: classes, BN: c.BN})
	if err != nil {
		return network.Meta{}, err
	}
	// network.ConvOut truncates toward zero, so check that every kernel fits
	// its padded input as libtorch requires.
	shapes, err := meta.Shapes()
	if err != nil {
		return network.Meta{}, err
	}
	for i, l := range meta.Layers {
		if l.Kind == network.KindConv2d {
			in := shapes[i]
			if in[1]+2*l.Padding < l.Kernel || in[2]+2*l.Padding < l.Kernel {
				return network.Meta{}, fmt.Errorf("architecture %s does not fit input %v: layer %d's %d×%d kernel is larger than its padded input %v",
					c.Arch, shape, i, l.Kernel, l.Kernel, in)
			}
		}
	}
	meta.Dataset = c.Dataset
	meta.Normalization = Normalization(c.Dataset, shape[0])
	meta.TrainEps = c.Eps
	return meta, nil
}
