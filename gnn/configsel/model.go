// Package configsel is the learned configuration choice of `verify solve
// --guide-config`: before the search, it computes cheap graph features of
// the formula (features.go) and picks one of the engine's built-in
// configurations (CaDiCaL's default, plain, sat) by the k nearest
// instances of its training set, each of which was solved under every
// configuration (the headroom batch of docs/gnn.md). It chooses another
// configuration than the default only when those neighbours were faster
// with it by more than a margin, and says so in one 'c' line with the
// evidence. Train builds a model from `verify bench` results and reports
// its cross-validated effect by family and by generator group
// (`verify gnn config-train`); RandomChooser is its control: a random
// configuration with the frequencies the model chooses.
package configsel

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"

	"github.com/verify-tools/verify/internal/atomicfile"
)

// Format is the model file's format tag.
const Format = "verify-configsel/1"

// DefaultConfig is the configuration every comparison is against; it
// comes first in Model.Configs.
const DefaultConfig = "default"

// Point is one training instance: its features and its penalised time
// under each configuration.
type Point struct {
	ID     string `json:"id"`
	Family string `json:"family"`
	Group  string `json:"group"`
	// X holds the features (FeatureNames).
	X []float64 `json:"x"`
	// LogTime[i] is ln of the PAR-2-penalised wall time (seconds, floored
	// at MinTime) under Model.Configs[i].
	LogTime []float64 `json:"log_time"`
}

// Model is a trained configuration chooser (a JSON file).
type Model struct {
	Format string `json:"format"`
	// Trained says what the model was trained on, when and how.
	Trained  string   `json:"trained"`
	Features []string `json:"features"`
	// Mean and Std standardise the features; a feature with Std 0 is
	// ignored.
	Mean []float64 `json:"mean"`
	Std  []float64 `json:"std"`
	// Configs are the configurations the model chooses among,
	// DefaultConfig first.
	Configs []string `json:"configs"`
	// K is the number of neighbours; Margin the mean log-time gain over
	// the default a configuration needs (ln 1.1 ≈ 0.095 is 10 %).
	K      int     `json:"k"`
	Margin float64 `json:"margin"`
	// Frequencies are the shares with which the model chose each
	// configuration in its cross-validation (by family): the random
	// control's.
	Frequencies map[string]float64 `json:"frequencies"`
	Points      []Point            `json:"points"`
}

// MinTime floors run times (seconds) before logs and ratios are taken.
const MinTime = 0.1

// Parse decodes and validates a model file's bytes; name is used in
// errors.
func Parse(data []byte, name string) (*Model, error) {
	var m Model
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &m, nil
}

// Load reads and validates a model file.
func Load(path string) (*Model, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("configuration model: %w", err)
	}
	return Parse(data, path)
}

// Validate checks that the model is complete and consistent.
func (m *Model) Validate() error {
	switch {
	case m.Format != Format:
		return fmt.Errorf("format %q, want %q", m.Format, Format)
	case !slices.Equal(m.Features, FeatureNames):
		return fmt.Errorf("features %v, want the %d of this version (%v)", m.Features, NumFeatures, FeatureNames)
	case len(m.Mean) != NumFeatures || len(m.Std) != NumFeatures:
		return fmt.Errorf("mean and std have %d and %d entries, want %d", len(m.Mean), len(m.Std), NumFeatures)
	case len(m.Configs) < 1 || m.Configs[0] != DefaultConfig:
		return fmt.Errorf("configs %v: want %q first", m.Configs, DefaultConfig)
	case m.K < 1:
		return fmt.Errorf("k = %d: want at least 1", m.K)
	case len(m.Points) < m.K:
		return fmt.Errorf("%d points for k = %d", len(m.Points), m.K)
	case !finite(m.Margin) || m.Margin < 0:
		return fmt.Errorf("margin %v: want a finite value ≥ 0", m.Margin)
	}
	seen := map[string]bool{}
	for _, c := range m.Configs {
		if c == "" || seen[c] {
			return fmt.Errorf("configs %v: empty or repeated name", m.Configs)
		}
		seen[c] = true
	}
	for i := range NumFeatures {
		if !finite(m.Mean[i]) || !finite(m.Std[i]) || m.Std[i] < 0 {
			return fmt.Errorf("feature %s: mean %v, std %v", FeatureNames[i], m.Mean[i], m.Std[i])
		}
	}
	sum := 0.0
	for c, p := range m.Frequencies {
		if !seen[c] || !finite(p) || p < 0 {
			return fmt.Errorf("frequency %v of %q: want a configuration of the model and a share ≥ 0", p, c)
		}
		sum += p
	}
	if math.Abs(sum-1) > 1e-6 {
		return fmt.Errorf("frequencies sum to %v, want 1", sum)
	}
	for i, p := range m.Points {
		if len(p.X) != NumFeatures || len(p.LogTime) != len(m.Configs) {
			return fmt.Errorf("point %d (%s): %d features and %d times, want %d and %d", i, p.ID, len(p.X), len(p.LogTime), NumFeatures, len(m.Configs))
		}
		for _, v := range append(slices.Clone(p.X), p.LogTime...) {
			if !finite(v) {
				return fmt.Errorf("point %d (%s): value %v is not finite", i, p.ID, v)
			}
		}
	}
	return nil
}

// Write stores the model as indented JSON.
func (m *Model) Write(path string) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("configuration model: %w", err)
	}
	data, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, append(data, '\n'), 0o644)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
