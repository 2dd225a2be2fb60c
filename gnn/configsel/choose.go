package configsel

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// Choice is what the model chose for one formula, with its evidence.
type Choice struct {
	// Config is the chosen configuration.
	Config string
	// Best is the candidate whose neighbours ran fastest relative to the
	// default (the default itself when none did); Ratio is that
	// geometric-mean time ratio, Faster on how many of the K neighbours
	// it beat the default.
	Best   string
	Ratio  float64
	Faster int
	K      int
	// Nearest is the nearest training instance and Distance its
	// standardised distance.
	Nearest  string
	Distance float64
	// Margin is the model's margin (a log-time gain).
	Margin float64
	// Candidates counts the configurations besides the default that the
	// model knows and the engine has.
	Candidates int
}

// Line is the report's 'c' line body for the choice.
func (c Choice) Line() string {
	if c.Config != DefaultConfig {
		return fmt.Sprintf("configuration %s, chosen by the configuration model: its %d nearest training instances ran %.2f× as long under %s as under %s (geometric mean), faster on %d of %d; nearest %s at distance %.2f",
			c.Config, c.K, c.Ratio, c.Config, DefaultConfig, c.Faster, c.K, c.Nearest, c.Distance)
	}
	if c.Candidates == 0 {
		return fmt.Sprintf("configuration %s, chosen by the configuration model: the engine has no other configuration it knows; nearest %s at distance %.2f",
			DefaultConfig, c.Nearest, c.Distance)
	}
	if c.Best == DefaultConfig {
		return fmt.Sprintf("configuration %s, chosen by the configuration model: no other configuration was faster on average over its %d nearest training instances; nearest %s at distance %.2f",
			DefaultConfig, c.K, c.Nearest, c.Distance)
	}
	return fmt.Sprintf("configuration %s, chosen by the configuration model: the best other, %s, ran %.2f× as long on its %d nearest training instances (faster on %d), short of the %.0f %% margin; nearest %s at distance %.2f",
		DefaultConfig, c.Best, c.Ratio, c.K, c.Faster, 100*(1-math.Exp(-c.Margin)), c.Nearest, c.Distance)
}

// Choose picks, for a formula with features x, one of the model's
// configurations that allowed names (the engine's; allowed must contain
// DefaultConfig).
func (m *Model) Choose(x []float64, allowed []string) (Choice, error) {
	return m.choose(x, allowed, nil)
}

// choose is Choose with the training points for which skip is true left
// out (cross-validation).
func (m *Model) choose(x []float64, allowed []string, skip func(*Point) bool) (Choice, error) {
	if len(x) != NumFeatures {
		return Choice{}, fmt.Errorf("configuration model: %d features, want %d", len(x), NumFeatures)
	}
	if !slices.Contains(allowed, DefaultConfig) {
		return Choice{}, fmt.Errorf("configuration model: the engine has no %q configuration (it has %v)", DefaultConfig, allowed)
	}
	type near struct {
		d float64
		p *Point
	}
	var ns []near
	for i := range m.Points {
		p := &m.Points[i]
		if skip != nil && skip(p) {
			continue
		}
		ns = append(ns, near{m.distance(x, p.X), p})
	}
	if len(ns) < m.K {
		return Choice{}, fmt.Errorf("configuration model: %d training instances left for k = %d", len(ns), m.K)
	}
	sort.SliceStable(ns, func(i, j int) bool { return ns[i].d < ns[j].d })
	ns = ns[:m.K]
	c := Choice{Config: DefaultConfig, Best: DefaultConfig, Ratio: 1, K: m.K, Nearest: ns[0].p.ID, Distance: ns[0].d, Margin: m.Margin}
	best := 0.0
	for ci, name := range m.Configs {
		if ci == 0 || !slices.Contains(allowed, name) {
			continue
		}
		c.Candidates++
		gain, faster := 0.0, 0
		for _, n := range ns {
			d := n.p.LogTime[ci] - n.p.LogTime[0]
			gain += d
			if d < 0 {
				faster++
			}
		}
		gain /= float64(m.K)
		if gain < best {
			best, c.Best, c.Ratio, c.Faster = gain, name, math.Exp(gain), faster
		}
	}
	if c.Best != DefaultConfig && best < -m.Margin {
		c.Config = c.Best
	}
	return c, nil
}

// distance is the standardised Euclidean distance between two feature
// vectors; features of zero spread are left out.
func (m *Model) distance(a, b []float64) float64 {
	s := 0.0
	for j := range NumFeatures {
		if m.Std[j] == 0 {
			continue
		}
		d := (a[j] - b[j]) / m.Std[j]
		s += d * d
	}
	return math.Sqrt(s)
}
