package configsel

import (
	"fmt"
	"math"
	"slices"
)

// TrainOptions are the grid Train tunes the model's k and margin over,
// and what it records.
type TrainOptions struct {
	// Ks and Margins are the grid (nil: DefaultKs, DefaultMargins).
	Ks      []int
	Margins []float64
	// Trained is recorded in the model (what data, when).
	Trained string
}

// The default tuning grid: margins are log-time gains of 0, 5, 10, 25 and
// 50 %.
var (
	DefaultKs      = []int{1, 3, 5, 7, 9, 15}
	DefaultMargins = []float64{0, math.Log(1.05), math.Log(1.1), math.Log(1.25), math.Log(1.5)}
)

// Split names how cross-validation holds instances out.
type Split string

// Cross-validation splits: every instance is chosen for by a model that
// has not seen its family (or its generator group).
const (
	ByFamily Split = "family"
	ByGroup  Split = "group"
)

func (s Split) key(p *Point) string {
	if s == ByGroup {
		return p.Group
	}
	return p.Family
}

// Train builds a model from points whose LogTime follows configs
// (DefaultConfig first): it standardises the features, picks k and the
// margin that give the lowest PAR-2 in cross-validation by family, and
// records how often that cross-validation chose each configuration (the
// random control's frequencies).
func Train(points []Point, configs []string, opts TrainOptions) (*Model, error) {
	if len(configs) == 0 || configs[0] != DefaultConfig {
		return nil, fmt.Errorf("train: configurations %v: want %q first", configs, DefaultConfig)
	}
	ks, margins := opts.Ks, opts.Margins
	if ks == nil {
		ks = DefaultKs
	}
	if margins == nil {
		margins = DefaultMargins
	}
	m := &Model{Format: Format, Trained: opts.Trained, Features: slices.Clone(FeatureNames),
		Configs: slices.Clone(configs), Points: points}
	m.Mean, m.Std = standardise(points)
	bestScore := math.Inf(1)
	var bestK int
	var bestMargin float64
	for _, k := range ks {
		if k < 1 || k > len(points)-1 {
			continue
		}
		for _, mg := range margins {
			m.K, m.Margin = k, mg
			chosen, err := m.CrossValidate(ByFamily)
			if err != nil {
				continue // a family too large to leave k others
			}
			if s := par2(points, chosen); s < bestScore-1e-9 {
				bestScore, bestK, bestMargin = s, k, mg
			}
		}
	}
	if bestK == 0 {
		return nil, fmt.Errorf("train: no k of %v leaves enough instances outside every family (%d instances)", ks, len(points))
	}
	m.K, m.Margin = bestK, bestMargin
	chosen, err := m.CrossValidate(ByFamily)
	if err != nil {
		return nil, err
	}
	m.Frequencies = map[string]float64{}
	for _, c := range chosen {
		m.Frequencies[configs[c]] += 1 / float64(len(chosen))
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	return m, nil
}

// CrossValidate chooses a configuration for every training point with
// the points of its own family (or group) left out, and returns the
// chosen configurations' indices into m.Configs.
func (m *Model) CrossValidate(by Split) ([]int, error) {
	out := make([]int, len(m.Points))
	for i := range m.Points {
		held := by.key(&m.Points[i])
		c, err := m.choose(m.Points[i].X, m.Configs, func(p *Point) bool { return by.key(p) == held })
		if err != nil {
			return nil, fmt.Errorf("cross-validation by %s, %s: %w", by, m.Points[i].ID, err)
		}
		out[i] = slices.Index(m.Configs, c.Config)
	}
	return out, nil
}

// standardise returns each feature's mean and standard deviation.
func standardise(points []Point) (mean, std []float64) {
	mean = make([]float64, NumFeatures)
	std = make([]float64, NumFeatures)
	if len(points) == 0 {
		return mean, std
	}
	n := float64(len(points))
	for _, p := range points {
		for j, v := range p.X {
			mean[j] += v / n
		}
	}
	for _, p := range points {
		for j, v := range p.X {
			std[j] += (v - mean[j]) * (v - mean[j]) / n
		}
	}
	for j := range std {
		std[j] = math.Sqrt(std[j])
		if std[j] < 1e-12 {
			std[j] = 0
		}
	}
	return mean, std
}

// par2 is the sum of the chosen configurations' penalised times.
func par2(points []Point, chosen []int) float64 {
	s := 0.0
	for i, c := range chosen {
		s += math.Exp(points[i].LogTime[c])
	}
	return s
}
