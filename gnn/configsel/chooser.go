package configsel

import (
	"context"
	_ "embed"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/verify-tools/verify/sat"
)

// defaultModel is the model `make config-model` trains on the hard
// suite's dev half (docs/gnn.md, "Configuration choice").
//
//go:embed default.json
var defaultModel []byte

// Default decodes the embedded model.
func Default() (*Model, error) {
	return Parse(defaultModel, "embedded configuration model")
}

// Open returns the model in path, or the embedded one for "".
func Open(path string) (*Model, error) {
	if path == "" {
		return Default()
	}
	return Load(path)
}

// Chooser is the learned choice as sat/solve's Chooser: `verify solve
// --guide-config`.
type Chooser struct {
	// Model is a model file; "" is the embedded model.
	Model string
}

// Choose computes the features of f and asks the model.
func (c Chooser) Choose(_ context.Context, f *sat.CNF, configs []string) (string, string, error) {
	m, err := Open(c.Model)
	if err != nil {
		return "", "", err
	}
	t0 := time.Now()
	ch, err := m.Choose(Features(f), configs)
	if err != nil {
		return "", "", err
	}
	return ch.Config, fmt.Sprintf("%s (features and choice in %.3fs)", ch.Line(), time.Since(t0).Seconds()), nil
}

// RandomChooser draws the configuration at random with given
// frequencies: the learned choice's control. Each formula gets its own
// draw from Seed and the formula's clauses, so a batch with one seed is
// a random assignment of configurations to instances.
type RandomChooser struct {
	Seed uint64
	// Frequencies are the shares of each configuration; nil takes the
	// embedded model's (Model when set).
	Frequencies map[string]float64
	Model       string
}

// Choose draws the configuration.
func (c RandomChooser) Choose(_ context.Context, f *sat.CNF, configs []string) (string, string, error) {
	freq := c.Frequencies
	if freq == nil {
		m, err := Open(c.Model)
		if err != nil {
			return "", "", err
		}
		freq = m.Frequencies
	}
	names := make([]string, 0, len(freq))
	total := 0.0
	for name, p := range freq {
		if p > 0 {
			if !slices.Contains(configs, name) {
				return "", "", fmt.Errorf("random configuration: the engine has no configuration %q (it has %v)", name, configs)
			}
			names = append(names, name)
			total += p
		}
	}
	if total <= 0 {
		return "", "", fmt.Errorf("random configuration: no configuration has a positive frequency")
	}
	sort.Strings(names)
	r := rand.New(rand.NewPCG(c.Seed, formulaHash(f)))
	u, pick := r.Float64()*total, names[len(names)-1]
	for _, name := range names {
		if u < freq[name] {
			pick = name
			break
		}
		u -= freq[name]
	}
	return pick, fmt.Sprintf("configuration %s, drawn at random (seed %d; frequencies %s): the configuration model's control",
		pick, c.Seed, FormatFrequencies(freq)), nil
}

// formulaHash is FNV-1a over the variable count and the literals.
func formulaHash(f *sat.CNF) uint64 {
	h := uint64(14695981039346656037)
	mix := func(v uint64) {
		h ^= v
		h *= 1099511628211
	}
	mix(uint64(f.NumVars))
	for _, l := range f.Lits {
		mix(uint64(uint32(l)))
	}
	return h
}

// ParseFrequencies reads "default=0.6,sat=0.3,plain=0.1" (shares are
// normalised to sum to 1).
func ParseFrequencies(s string) (map[string]float64, error) {
	out := map[string]float64{}
	total := 0.0
	for _, part := range strings.Split(s, ",") {
		name, val, ok := strings.Cut(part, "=")
		name, val = strings.TrimSpace(name), strings.TrimSpace(val)
		if !ok || name == "" {
			return nil, fmt.Errorf("frequencies %q: %q is not NAME=SHARE", s, part)
		}
		p, err := strconv.ParseFloat(val, 64)
		if err != nil || !finite(p) || p < 0 {
			return nil, fmt.Errorf("frequencies %q: share %q of %s is not a number ≥ 0", s, val, name)
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("frequencies %q: %s given twice", s, name)
		}
		out[name] = p
		total += p
	}
	if total <= 0 {
		return nil, fmt.Errorf("frequencies %q: the shares sum to 0", s)
	}
	for name := range out {
		out[name] /= total
	}
	return out, nil
}

// FormatFrequencies writes frequencies as ParseFrequencies reads them,
// names in order.
func FormatFrequencies(freq map[string]float64) string {
	names := make([]string, 0, len(freq))
	for name := range freq {
		names = append(names, name)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = fmt.Sprintf("%s=%.2f", name, freq[name])
	}
	return strings.Join(parts, ",")
}
