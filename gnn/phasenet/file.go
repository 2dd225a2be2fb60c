package phasenet

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"github.com/verify-tools/verify/internal/atomicfile"
	"github.com/verify-tools/verify/internal/safetensors"
)

// Model is an architecture with its weights.
type Model struct {
	Config  Config
	Weights map[string][]float32
}

// New returns a model with weights drawn from a seeded generator
// (uniform ±1/sqrt(fan_in) for matrices as torch's default, zero biases,
// unit LayerNorm scales), for tests and as the starting point of training.
func New(cfg Config, seed uint64) (*Model, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	m := &Model{Config: cfg, Weights: map[string][]float32{}}
	names := sortedNames(cfg.Shapes())
	for _, name := range names {
		sh := cfg.Shapes()[name]
		n := 1
		for _, x := range sh {
			n *= x
		}
		w := make([]float32, n)
		bound := float32(1 / math.Sqrt(float64(sh[len(sh)-1])))
		switch {
		case isLayerNormScale(name):
			for i := range w {
				w[i] = 1
			}
		case len(sh) == 2 || hasSuffix(name, ".a"):
			for i := range w {
				w[i] = bound * (2*rng.Float32() - 1)
			}
		}
		m.Weights[name] = w
	}
	return m, nil
}

func hasSuffix(s, suf string) bool { return len(s) >= len(suf) && s[len(s)-len(suf):] == suf }

func isLayerNormScale(name string) bool {
	return hasSuffix(name, "ln.weight") || hasSuffix(name, "ln1.weight") || hasSuffix(name, "ln2.weight")
}

func sortedNames(m map[string][]int) []string {
	out := make([]string, 0, len(m))
	for n := range m {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Load reads a weights file; errors name the file and the tensor.
func Load(path string) (*Model, error) {
	f, err := safetensors.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m, err := fromFile(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// Decode parses and validates weights from safetensors bytes.
func Decode(buf []byte) (*Model, error) {
	f, err := safetensors.Decode(buf)
	if err != nil {
		return nil, err
	}
	return fromFile(f)
}

// fromFile validates a weights file's architecture and tensors.
func fromFile(f *safetensors.File) (*Model, error) {
	raw, ok := f.Meta(MetadataKey)
	if !ok {
		return nil, fmt.Errorf("no %q metadata: not a phase-predictor weights file", MetadataKey)
	}
	var cfg Config
	if err := json.Unmarshal([]byte(raw), &cfg); err != nil {
		return nil, fmt.Errorf("metadata %q: %w", MetadataKey, err)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	m := &Model{Config: cfg, Weights: map[string][]float32{}}
	for name, shape := range cfg.Shapes() {
		t, ok := f.Tensor(name)
		if !ok {
			return nil, fmt.Errorf("tensor %q missing", name)
		}
		w, err := t.Float32s()
		if err != nil {
			return nil, err
		}
		if got := t.Shape(); !slices.Equal(got, shape) {
			return nil, fmt.Errorf("tensor %q has shape %v, want %v", name, got, shape)
		}
		for i, v := range w {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return nil, fmt.Errorf("tensor %q holds a non-finite value at %d", name, i)
			}
		}
		m.Weights[name] = w
	}
	return m, nil
}

// Encode serialises the model as safetensors with the Config in metadata.
func (m *Model) Encode() ([]byte, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	meta, err := json.Marshal(m.Config)
	if err != nil {
		return nil, err
	}
	var set safetensors.Set
	for name, shape := range m.Config.Shapes() {
		if err := set.AddF32(name, m.Weights[name], shape); err != nil {
			return nil, err
		}
	}
	return set.Encode(map[string]string{MetadataKey: string(meta)})
}

// Save writes the model atomically.
func (m *Model) Save(path string) error {
	buf, err := m.Encode()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return atomicfile.WriteFile(path, buf, 0o644)
}
