package configsel

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// twoClusters is a model over two families: near feature 0 = 0, sat runs
// a quarter of the default's time (family "fast-sat"); near 10, the
// default is best and sat twice as slow ("slow-sat").
func twoClusters(k int, margin float64) *Model {
	m := &Model{Format: Format, Features: slices.Clone(FeatureNames), Mean: make([]float64, NumFeatures),
		Std: make([]float64, NumFeatures), Configs: []string{DefaultConfig, "sat"}, K: k, Margin: margin,
		Frequencies: map[string]float64{DefaultConfig: 0.5, "sat": 0.5}}
	m.Std[0] = 1
	for i := range 6 {
		x := make([]float64, NumFeatures)
		x[0] = float64(i % 3)
		m.Points = append(m.Points, Point{ID: "a" + string(rune('0'+i)), Family: "fast-sat", Group: "a" + string(rune('0'+i%2)), X: x,
			LogTime: []float64{math.Log(8), math.Log(2)}})
		y := make([]float64, NumFeatures)
		y[0] = 10 + float64(i%3)
		m.Points = append(m.Points, Point{ID: "b" + string(rune('0'+i)), Family: "slow-sat", Group: "b" + string(rune('0'+i%2)), X: y,
			LogTime: []float64{math.Log(4), math.Log(8)}})
	}
	return m
}

func at(v float64) []float64 {
	x := make([]float64, NumFeatures)
	x[0] = v
	x[5] = 1e6 // a feature of zero spread is ignored
	return x
}

func TestChoose(t *testing.T) {
	all := []string{DefaultConfig, "plain", "sat", "unsat"}
	tests := []struct {
		name    string
		model   *Model
		x       []float64
		allowed []string
		want    string
		line    string
	}{
		{"near the sat cluster", twoClusters(3, math.Log(1.1)), at(0.4), all, "sat", "ran 0.25× as long under sat as under default (geometric mean), faster on 3 of 3"},
		{"near the default cluster", twoClusters(3, 0), at(11), all, DefaultConfig, "no other configuration was faster on average over its 3 nearest"},
		{"gain below the margin", twoClusters(3, math.Log(5)), at(0), all, DefaultConfig, "the best other, sat, ran 0.25× as long on its 3 nearest training instances (faster on 3), short of the 80 % margin"},
		{"engine without sat", twoClusters(3, 0), at(0), []string{DefaultConfig, "plain"}, DefaultConfig, "the engine has no other configuration it knows"},
		{"mixed neighbours", twoClusters(12, 0), at(0), all, "sat", "ran 0.71× as long under sat as under default (geometric mean), faster on 6 of 12"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.model.Validate(); err != nil {
				t.Fatal(err)
			}
			c, err := tc.model.Choose(tc.x, tc.allowed)
			if err != nil {
				t.Fatal(err)
			}
			if c.Config != tc.want {
				t.Errorf("chose %s, want %s (%+v)", c.Config, tc.want, c)
			}
			if !strings.Contains(c.Line(), tc.line) {
				t.Errorf("line %q lacks %q", c.Line(), tc.line)
			}
		})
	}
}

func TestChooseRejects(t *testing.T) {
	m := twoClusters(3, 0)
	if _, err := m.Choose(make([]float64, 3), []string{DefaultConfig}); err == nil {
		t.Error("short feature vector accepted")
	}
	if _, err := m.Choose(at(0), []string{"sat"}); err == nil || !strings.Contains(err.Error(), `no "default" configuration`) {
		t.Errorf("engine without a default: %v", err)
	}
}

func TestCrossValidate(t *testing.T) {
	m := twoClusters(3, 0)
	// By group, each instance's neighbours are its own family's other
	// group: every choice is right.
	byGroup, err := m.CrossValidate(ByGroup)
	if err != nil {
		t.Fatal(err)
	}
	// By family, neighbours come from the other family only: every
	// choice is wrong.
	byFamily, err := m.CrossValidate(ByFamily)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range m.Points {
		right := 0
		if p.Family == "fast-sat" {
			right = 1
		}
		if byGroup[i] != right || byFamily[i] != 1-right {
			t.Errorf("%s: by group %d, by family %d; want %d and %d", p.ID, byGroup[i], byFamily[i], right, 1-right)
		}
	}
	m.K = 7 // more than a family's 6 others
	if _, err := m.CrossValidate(ByFamily); err == nil {
		t.Error("k larger than the instances left accepted")
	}
}
