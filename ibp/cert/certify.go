package cert

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/verify-tools/verify/ibp/bound"
	"github.com/verify-tools/verify/ibp/data"
	"github.com/verify-tools/verify/ibp/network"
)

// Attack kinds.
const (
	AttackPGD  = "pgd"
	AttackNone = "none"
)

// Config describes one certification run.
type Config struct {
	ModelPath string
	DataDir   string
	Dataset   string // "mnist" or "cifar10"; empty means the model's
	Eps       float64
	Limit     int // first Limit test samples; 0 means all
	Method    bound.Method
	// Claim is what a certified sample asserts (empty: bound.ClaimReal).
	Claim bound.Claim
	// Crown are the options of a method that reads them (MethodInfo's
	// CrownOptions); they are recorded in the certificate.
	Crown         bound.CrownOptions
	Attack        string
	AttackOptions bound.AttackOptions
	Seed          uint64
	Jobs          int
	// Batch is the number of samples bounded together (default
	// DefaultBatch); results do not depend on it.
	Batch       int
	ToolVersion string
	// Checkpoint, when set, is a file the finished samples are written to
	// (atomically) every CheckpointEvery (default 30 s) and when the run
	// stops early; with Resume, a run continues from it.
	Checkpoint        string
	CheckpointEvery   time.Duration
	Resume            bool
	OnCheckpointError func(error)
	// OnStart, when set, receives the number of samples before work starts.
	OnStart func(total int)
	// OnSample, when set, is called after each sample (from any goroutine).
	OnSample func()
}

// Inputs are the loaded model and data a run or check works on.
type Inputs struct {
	Model  *network.Model
	Net    *bound.Net
	SHA256 string
	Set    *data.Set
}

// LoadInputs reads the model and the test split of the data set, and checks
// that they fit each other; the network's bounds make the real claim.
func LoadInputs(modelPath, dataset, dataDir string) (*Inputs, error) {
	return LoadInputsFor(modelPath, dataset, dataDir, bound.ClaimReal)
}

// LoadInputsFor is LoadInputs with the network's bounds making claim.
func LoadInputsFor(modelPath, dataset, dataDir string, claim bound.Claim) (*Inputs, error) {
	m, err := network.Load(modelPath)
	if err != nil {
		return nil, err
	}
	sum, err := network.FileSHA256(modelPath)
	if err != nil {
		return nil, err
	}
	net, err := bound.CompileClaim(m, claim)
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", modelPath, err)
	}
	if dataset == "" {
		dataset = m.Meta.Dataset
		if dataset == "" {
			return nil, fmt.Errorf("model %s names no dataset in its metadata: pass --dataset mnist|cifar10", modelPath)
		}
	}
	set, err := data.Load(dataset, dataDir, "test")
	if err != nil {
		return nil, err
	}
	if s := m.Meta.InputShape; s[0] != set.Shape[0] || s[1] != set.Shape[1] || s[2] != set.Shape[2] {
		return nil, fmt.Errorf("model %s wants inputs of shape %v, data set %s has %v", modelPath, s, dataset, set.Shape)
	}
	if m.Meta.NumClasses != set.Classes {
		return nil, fmt.Errorf("model %s has %d classes, data set %s has %d", modelPath, m.Meta.NumClasses, dataset, set.Classes)
	}
	return &Inputs{Model: m, Net: net, SHA256: sum, Set: set}, nil
}

// sampleRNG gives every sample its own random stream, so results do not
// depend on the number of jobs.
func sampleRNG(seed uint64, index int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, uint64(index)))
}

// Certify runs the configured certification and returns the certificate.
func Certify(ctx context.Context, cfg Config) (*Certificate, error) {
	if !(cfg.Eps >= 0) || math.IsInf(cfg.Eps, 0) {
		return nil, fmt.Errorf("--eps must be finite and >= 0, got %v", cfg.Eps)
	}
	method, err := cfg.Method.Info()
	if err != nil {
		return nil, err
	}
	if cfg.Attack != AttackPGD && cfg.Attack != AttackNone {
		return nil, fmt.Errorf("unknown attack %q (want pgd or none)", cfg.Attack)
	}
	claim, err := bound.ParseClaim(string(cfg.Claim))
	if err != nil {
		return nil, err
	}
	if err := bound.CheckMethod(claim, cfg.Method); err != nil {
		return nil, err
	}
	in, err := LoadInputsFor(cfg.ModelPath, cfg.Dataset, cfg.DataDir, claim)
	if err != nil {
		return nil, err
	}
	n := in.Set.Len()
	if cfg.Limit > 0 && cfg.Limit < n {
		n = cfg.Limit
	}
	c := &Certificate{
		Format:        FormatVersion,
		Tool:          "verify",
		ToolVersion:   cfg.ToolVersion,
		Created:       time.Now().UTC().Format(time.RFC3339),
		Model:         ModelInfo{File: cfg.ModelPath, SHA256: in.SHA256, Arch: in.Model.Meta.Arch},
		Dataset:       DatasetInfo{Name: in.Set.Dataset, Split: in.Set.Split, Files: in.Set.Files},
		Eps:           cfg.Eps,
		Norm:          NormLinf,
		Method:        cfg.Method,
		Claim:         claim,
		Attack:        cfg.Attack,
		Seed:          cfg.Seed,
		Normalization: in.Model.Meta.Normalization,
		Selection:     Selection{Count: n},
		Samples:       make([]Sample, n),
	}
	if method.CrownOptions {
		o := cfg.Crown
		c.Crown = &o
	}
	if cfg.Attack == AttackPGD {
		o := cfg.AttackOptions
		c.AttackOptions = &o
	}
	if cfg.OnStart != nil {
		cfg.OnStart(n)
	}
	prev := 0.0 // seconds spent before a resume
	if cfg.Checkpoint != "" && cfg.Resume {
		if prev, err = resume(cfg.Checkpoint, c); err != nil {
			return nil, err
		}
	}
	var todo []int
	for i := range c.Samples {
		if c.Samples[i].Status == "" {
			todo = append(todo, i)
		} else if cfg.OnSample != nil {
			cfg.OnSample()
		}
	}
	start := time.Now()
	var mu sync.Mutex
	stop := make(chan struct{})
	var saver sync.WaitGroup
	if cfg.Checkpoint != "" {
		every := cfg.CheckpointEvery
		if every <= 0 {
			every = 30 * time.Second
		}
		saver.Add(1)
		go func() {
			defer saver.Done()
			tick := time.NewTicker(every)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
					mu.Lock()
					err := saveCheckpoint(cfg.Checkpoint, c, prev+time.Since(start).Seconds())
					mu.Unlock()
					if err != nil && cfg.OnCheckpointError != nil {
						cfg.OnCheckpointError(err)
					}
				}
			}
		}()
	}
	// Batches run to their end when another fails (certifyBatch gets the
	// caller's ctx), so the checkpoint keeps every finished one.
	err = forEachBatch(ctx, todo, cfg.Batch, cfg.Jobs, func(idx []int) error {
		ss, err := certifyBatch(ctx, in, c, idx)
		if err != nil {
			return err
		}
		for j, i := range idx {
			mu.Lock()
			c.Samples[i] = ss[j]
			mu.Unlock()
			if cfg.OnSample != nil {
				cfg.OnSample()
			}
		}
		return nil
	})
	close(stop)
	saver.Wait()
	elapsed := prev + time.Since(start).Seconds()
	if err != nil {
		if cfg.Checkpoint != "" {
			if cerr := saveCheckpoint(cfg.Checkpoint, c, elapsed); cerr != nil {
				return nil, fmt.Errorf("%w (and the checkpoint could not be written: %v)", err, cerr)
			}
			return nil, fmt.Errorf("%w (progress saved in %s; rerun with --resume)", err, cfg.Checkpoint)
		}
		return nil, err
	}
	c.Summary = Summarize(c.Samples)
	c.Summary.Seconds = elapsed
	if elapsed > 0 {
		c.Summary.SamplesPerSecond = float64(n) / elapsed
	}
	return c, nil
}

func crownOptions(c *Certificate) bound.CrownOptions {
	if c.Crown != nil {
		return *c.Crown
	}
	return bound.DefaultCrownOptions()
}

// DefaultBatch is the number of samples bounded together by default.
const DefaultBatch = 64

// batchInputs returns the images and labels of the samples idx.
func batchInputs(in *Inputs, idx []int) ([][]byte, []int) {
	raws, ys := make([][]byte, len(idx)), make([]int, len(idx))
	for j, i := range idx {
		raws[j], ys[j] = in.Set.RawImage(i), int(in.Set.Labels[i])
	}
	return raws, ys
}

// batchVerdicts computes the margin lower bounds and the predictions of
// the samples idx with the batched bounds. A sample whose bounds certify
// it is predicted as its label (its clean point is in the box); the others
// get PredictCleanBatchGuess (with the ε-pass's guesses of which are
// misclassified, which choose its passes), whose proofs that the clean
// point is misclassified come back in clean (nil where the pass proves
// nothing, and for a certified sample).
func batchVerdicts(in *Inputs, c *Certificate, idx []int) (lbs [][]float64, preds []int, clean []*bound.Adversarial, err error) {
	raws, ys := batchInputs(in, idx)
	lbs, wrong, err := in.Net.MarginLowerBatchGuess(raws, ys, c.Eps, c.Method, crownOptions(c), bound.DefaultPrecision)
	if err != nil {
		return nil, nil, nil, err
	}
	preds = make([]int, len(idx))
	clean = make([]*bound.Adversarial, len(idx))
	var rest []int
	for j := range idx {
		if bound.Certified(lbs[j]) {
			preds[j] = ys[j]
		} else {
			rest = append(rest, j)
		}
	}
	if len(rest) > 0 {
		rr, ry, rw := make([][]byte, len(rest)), make([]int, len(rest)), make([]bool, len(rest))
		for k, j := range rest {
			rr[k], ry[k], rw[k] = raws[j], ys[j], wrong[j]
		}
		p, vs, xs, err := in.Net.PredictCleanBatchGuess(rr, ry, c.Eps, bound.DefaultPrecision, rw)
		if err != nil {
			return nil, nil, nil, err
		}
		for k, j := range rest {
			preds[j] = p[k]
			if vs[k].Class >= 0 {
				clean[j] = &bound.Adversarial{X: xs[k], Class: vs[k].Class, Margin: vs[k].Margin}
			}
		}
	}
	return lbs, preds, clean, nil
}

// certifyBatch decides the samples idx: certified when the sound bounds
// prove every margin positive, else attacked when the clean point (always
// tried: by the prediction pass, and by its own bounds where that pass
// proves nothing) or PGD (with --attack pgd) gives a point that is
// misclassified for certain, else unknown.
func certifyBatch(ctx context.Context, in *Inputs, c *Certificate, idx []int) ([]Sample, error) {
	lbs, preds, clean, err := batchVerdicts(in, c, idx)
	if err != nil {
		return nil, fmt.Errorf("samples %d-%d: %w", idx[0], idx[len(idx)-1], err)
	}
	// the misclassified samples whose clean point the prediction pass did
	// not prove misclassified, checked together
	var cand []int
	for j, i := range idx {
		if !bound.Certified(lbs[j]) && preds[j] != int(in.Set.Labels[i]) && clean[j] == nil {
			cand = append(cand, j)
		}
	}
	if len(cand) > 0 {
		raws, ys, xs := make([][]byte, len(cand)), make([]int, len(cand)), make([][]float32, len(cand))
		for k, j := range cand {
			raws[k], ys[k] = in.Set.RawImage(idx[j]), int(in.Set.Labels[idx[j]])
			xs[k] = bound.CleanPoint(raws[k], c.Eps)
		}
		vs, err := in.Net.CheckAdversarialBatch(raws, ys, c.Eps, xs, bound.DefaultPrecision)
		if err != nil {
			return nil, fmt.Errorf("samples %d-%d: %w", idx[0], idx[len(idx)-1], err)
		}
		for k, j := range cand {
			if vs[k].Class >= 0 {
				clean[j] = &bound.Adversarial{X: xs[k], Class: vs[k].Class, Margin: vs[k].Margin}
			}
		}
	}
	out := make([]Sample, len(idx))
	for j, i := range idx {
		s, err := decideSample(ctx, in, c, i, lbs[j], preds[j], clean[j])
		if err != nil {
			return nil, fmt.Errorf("sample %d: %w", i, err)
		}
		out[j] = s
	}
	return out, nil
}

// decideSample turns one sample's bounds and prediction into its verdict:
// attacked by its clean point when clean is that point proven
// misclassified, else by PGD when the attack is on.
func decideSample(ctx context.Context, in *Inputs, c *Certificate, i int, lb []float64, pred int, clean *bound.Adversarial) (Sample, error) {
	raw := in.Set.RawImage(i)
	y := int(in.Set.Labels[i])
	s := Sample{Index: i, Label: y, Prediction: pred, Status: StatusUnknown}
	s.MinMarginLower = finite(bound.MinMargin(lb))
	if bound.Certified(lb) && s.Prediction == y {
		s.Status = StatusCertified
		return s, nil
	}
	adv := clean
	if adv == nil && c.Attack == AttackPGD {
		var err error
		if adv, err = in.Net.Attack(ctx, raw, y, c.Eps, *c.AttackOptions, sampleRNG(c.Seed, i)); err != nil {
			return s, err
		}
	}
	if adv != nil {
		s.Status = StatusAttacked
		s.AdvClass = &adv.Class
		s.AdvMargin = finite(adv.Margin)
		s.AdvExample = EncodeExample(adv.X)
	}
	return s, nil
}

// pixels converts image bytes to float64 values byte/255.
func pixels(raw []byte) []float64 {
	x := make([]float64, len(raw))
	for j, b := range raw {
		x[j] = float64(b) / 255
	}
	return x
}
