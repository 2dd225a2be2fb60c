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
	"github.com/verify-tools/verify/ibp/model"
)

// Attack kinds.
const (
	AttackPGD  = "pgd"
	AttackNone = "none"
)

// Config describes one certification run.
type Config struct {
	ModelPath     string
	DataDir       string
	Dataset       string // "mnist" or "cifar10"; empty means the model's
	Eps           float64
	Limit         int // first Limit test samples; 0 means all
	Method        string
	Crown         bound.CrownOptions
	Attack        string
	AttackOptions bound.AttackOptions
	Seed          uint64
	Jobs          int
	ToolVersion   string
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
	Model  *model.Model
	Net    *bound.Net
	SHA256 string
	Set    *data.Set
}

// LoadInputs reads the model and the test split of the data set, and checks
// that they fit each other.
func LoadInputs(modelPath, dataset, dataDir string) (*Inputs, error) {
	m, err := model.Load(modelPath)
	if err != nil {
		return nil, err
	}
	sum, err := model.FileSHA256(modelPath)
	if err != nil {
		return nil, err
	}
	net, err := bound.Compile(m)
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
	if cfg.Method != bound.MethodIBP && cfg.Method != bound.MethodCROWN {
		return nil, fmt.Errorf("unknown method %q (want ibp or crown)", cfg.Method)
	}
	if cfg.Attack != AttackPGD && cfg.Attack != AttackNone {
		return nil, fmt.Errorf("unknown attack %q (want pgd or none)", cfg.Attack)
	}
	in, err := LoadInputs(cfg.ModelPath, cfg.Dataset, cfg.DataDir)
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
		Attack:        cfg.Attack,
		Seed:          cfg.Seed,
		Normalization: in.Model.Meta.Normalization,
		Selection:     Selection{Count: n},
		Samples:       make([]Sample, n),
	}
	if cfg.Method == bound.MethodCROWN {
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
	err = forEach(ctx, len(todo), cfg.Jobs, func(k int) error {
		i := todo[k]
		s, err := certifySample(ctx, in, c, i)
		if err != nil {
			return fmt.Errorf("sample %d: %w", i, err)
		}
		mu.Lock()
		c.Samples[i] = s
		mu.Unlock()
		if cfg.OnSample != nil {
			cfg.OnSample()
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

// certifySample decides one sample: certified when the sound bounds prove
// every margin positive, else attacked when the clean point or PGD gives a
// point that is misclassified for certain, else unknown.
func certifySample(ctx context.Context, in *Inputs, c *Certificate, i int) (Sample, error) {
	raw := in.Set.RawImage(i)
	y := int(in.Set.Labels[i])
	s := Sample{Index: i, Label: y, Prediction: in.Net.Predict(pixels(raw)), Status: StatusUnknown}
	lb, err := in.Net.MarginLower(raw, y, c.Eps, c.Method, crownOptions(c))
	if err != nil {
		return s, err
	}
	s.MinMarginLower = finite(bound.MinMargin(lb))
	if bound.Certified(lb) && s.Prediction == y {
		s.Status = StatusCertified
		return s, nil
	}
	var adv *bound.Adversarial
	if c.Attack == AttackPGD {
		adv, err = in.Net.Attack(ctx, raw, y, c.Eps, *c.AttackOptions, sampleRNG(c.Seed, i))
		if err != nil {
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
