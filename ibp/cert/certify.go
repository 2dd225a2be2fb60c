package cert

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/verify-tools/verify/ibp/bound"
	"github.com/verify-tools/verify/ibp/data"
	"github.com/verify-tools/verify/ibp/network"
	"github.com/verify-tools/verify/internal/pool"
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

// LoadInputsFor is LoadInputs with the network's bounds making claim. Once
// the model is read, hashing it, compiling it with its batched network and
// loading the data run at the same time.
func LoadInputsFor(modelPath, dataset, dataDir string, claim bound.Claim) (*Inputs, error) {
	m, err := network.Load(modelPath)
	if err != nil {
		return nil, err
	}
	if dataset == "" {
		dataset = m.Meta.Dataset
		if dataset == "" {
			return nil, fmt.Errorf("model %s names no dataset in its metadata: pass --dataset mnist|cifar10", modelPath)
		}
	}
	in := &Inputs{Model: m}
	var errs [3]error // in a fixed order, whichever fails first
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		if in.Net, errs[0] = bound.CompileClaim(m, claim); errs[0] == nil {
			errs[0] = in.Net.PrepareBatch()
		}
		if errs[0] != nil {
			errs[0] = fmt.Errorf("model %s: %w", modelPath, errs[0])
		}
	}()
	go func() {
		defer wg.Done()
		in.SHA256, errs[1] = network.FileSHA256(modelPath)
	}()
	in.Set, errs[2] = data.Load(dataset, dataDir, "test")
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	set := in.Set
	if s := m.Meta.InputShape; s[0] != set.Shape[0] || s[1] != set.Shape[1] || s[2] != set.Shape[2] {
		return nil, fmt.Errorf("model %s wants inputs of shape %v, data set %s has %v", modelPath, s, dataset, set.Shape)
	}
	if m.Meta.NumClasses != set.Classes {
		return nil, fmt.Errorf("model %s has %d classes, data set %s has %d", modelPath, m.Meta.NumClasses, dataset, set.Classes)
	}
	return in, nil
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
	record := func(ss []Sample) {
		for _, s := range ss {
			mu.Lock()
			c.Samples[s.Index] = s
			mu.Unlock()
			if cfg.OnSample != nil {
				cfg.OnSample()
			}
		}
	}
	// The ε-pass decides the certified samples batch by batch (epsStage);
	// the others wait until a batch of them is gathered for the point
	// passes, and the last ones are decided after the batches; the few
	// whose prediction the first point pass leaves undecided, or whose
	// clean point the passes leave unproven, get one pass of their own at
	// the end. Samples still waiting when a run stops are not finished and
	// are bounded again on resume.
	batch := cfg.Batch
	if batch <= 0 {
		batch = DefaultBatch
	}
	later := &pendingQueue{} // gathered until the end
	eps := &epsStage{in: in, c: c, batch: batch, jobs: cfg.Jobs,
		done: func(ps []pending) {
			ss := make([]Sample, len(ps))
			for k, p := range ps {
				ss[k] = certifiedSample(p.index, int(in.Set.Labels[p.index]), p.lb)
			}
			record(ss)
		},
		group: func(g []pending, jobs int) error {
			done, rest, err := decideGroup(ctx, in, c, g, jobs)
			if err != nil {
				return err
			}
			record(done)
			later.add(rest)
			return nil
		}}
	err = eps.run(ctx, todo)
	if err == nil {
		var ss []Sample
		if ss, err = decideLater(ctx, in, c, later.rest(), cfg.Jobs); err == nil {
			record(ss)
		}
	}
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

// decideAll turns the samples ps, with their predictions and clean-point
// proofs, into verdicts (decideSample), jobs at a time (PGD is per sample).
func decideAll(ctx context.Context, in *Inputs, c *Certificate, ps []pending, jobs int) ([]Sample, error) {
	out := make([]Sample, len(ps))
	err := pool.ForEach(ctx, len(ps), jobs, func(ctx context.Context, k int) error {
		p := ps[k]
		s, err := decideSample(ctx, in, c, p.index, p.lb, p.pred, p.clean)
		if err != nil {
			return fmt.Errorf("sample %d: %w", p.index, err)
		}
		out[k] = s
		return nil
	})
	return out, err
}

// sampleList names the samples idx in an error: the first and the last,
// and how many.
func sampleList(idx []int) string {
	if len(idx) == 1 {
		return fmt.Sprint(idx[0])
	}
	return fmt.Sprintf("%d…%d (%d)", idx[0], idx[len(idx)-1], len(idx))
}

// certifiedSample is the verdict of sample i (label y) whose bounds lb
// certify it.
func certifiedSample(i, y int, lb []float64) Sample {
	return Sample{Index: i, Label: y, Prediction: y, Status: StatusCertified, MinMarginLower: finite(bound.MinMargin(lb))}
}

// decideSample turns one sample's bounds and prediction into its verdict:
// attacked by its clean point when clean is that point proven
// misclassified, else by PGD when the attack is on.
func decideSample(ctx context.Context, in *Inputs, c *Certificate, i int, lb []float64, pred int, clean *bound.Adversarial) (Sample, error) {
	raw := in.Set.RawImage(i)
	y := int(in.Set.Labels[i])
	if bound.Certified(lb) && pred == y {
		return certifiedSample(i, y, lb), nil
	}
	s := Sample{Index: i, Label: y, Prediction: pred, Status: StatusUnknown}
	s.MinMarginLower = finite(bound.MinMargin(lb))
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
