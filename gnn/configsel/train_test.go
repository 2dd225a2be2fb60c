package configsel

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/verify-tools/verify/internal/stats"
)

func TestTrain(t *testing.T) {
	// Three families, each with its own region of feature 0 and its own
	// best configuration; within a family the groups agree, so a model
	// that has seen the family (by group) chooses right, and one that
	// has not (by family) cannot.
	var pts []Point
	best := []string{"plain", "sat", DefaultConfig}
	configs := []string{DefaultConfig, "plain", "sat"}
	for f, fam := range []string{"p", "s", "d"} {
		for i := range 8 {
			x := make([]float64, NumFeatures)
			x[0] = float64(10*f) + float64(i%4)
			x[1] = float64(f) // a second feature, constant within a family
			lt := make([]float64, len(configs))
			for c, name := range configs {
				lt[c] = math.Log(10)
				if name == best[f] {
					lt[c] = math.Log(2)
				}
			}
			pts = append(pts, Point{ID: fam + string(rune('0'+i)), Family: fam, Group: fam + string(rune('0'+i%2)), X: x, LogTime: lt})
		}
	}
	// With k = 3 and no margin fixed, a model that has seen the family
	// chooses right and one that has not chooses wrong.
	m, err := Train(pts, configs, TrainOptions{Ks: []int{3}, Margins: []float64{0}, Trained: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if m.Std[2] != 0 || m.Std[0] == 0 {
		t.Errorf("std %v: want feature 2 constant and feature 0 spread", m.Std[:3])
	}
	path := filepath.Join(t.TempDir(), "m.json")
	if err := m.Write(path); err != nil {
		t.Fatal(err)
	}
	back, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if back.K != m.K || back.Margin != m.Margin || len(back.Points) != len(pts) {
		t.Errorf("round trip: k %d margin %v points %d; want %d %v %d", back.K, back.Margin, len(back.Points), m.K, m.Margin, len(pts))
	}
	rows := evaluate(t, m)
	for name, par2 := range map[string]float64{ // PAR-2 (mean time) of each row
		DefaultConfig:                      (8*10 + 8*10 + 8*2) / 24.0,
		"virtual best":                     2,
		"model, cross-validated by group":  2,
		"model, cross-validated by family": 10,
	} {
		if r, ok := rows[name]; !ok || math.Abs(r.PAR2-par2) > 1e-9 {
			t.Errorf("%s: PAR-2 %v, want %v", name, r.PAR2, par2)
		}
	}
	if r := rows["random, the model's frequencies (expected)"]; r.Unsolved != -1 {
		t.Errorf("random control: unsolved %d, want -1 (undefined for an expectation)", r.Unsolved)
	}
	// Tuned over the default grid, k and the margin are those of the
	// lowest PAR-2 by family.
	tuned, err := Train(pts, configs, TrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	lowest := evaluate(t, tuned)["model, cross-validated by family"].PAR2
	for _, k := range DefaultKs {
		for _, mg := range DefaultMargins {
			m.K, m.Margin = k, mg
			chosen, err := m.CrossValidate(ByFamily)
			if err != nil {
				continue
			}
			if p := par2(pts, chosen) / float64(len(pts)); p < lowest-1e-9 {
				t.Errorf("k %d, margin %v: PAR-2 %v below the tuned model's %v (k %d, margin %v)", k, mg, p, lowest, tuned.K, tuned.Margin)
			}
		}
	}
	sum := 0.0
	for _, p := range tuned.Frequencies {
		sum += p
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("frequencies %v sum to %v", tuned.Frequencies, sum)
	}
}

func evaluate(t *testing.T, m *Model) map[string]Row {
	t.Helper()
	rows, err := m.Evaluate(300, stats.Bootstrap{Resamples: 200, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Row{}
	for _, r := range rows {
		out[r.Name] = r
	}
	return out
}

func TestTrainRejects(t *testing.T) {
	if _, err := Train(nil, []string{"sat"}, TrainOptions{}); err == nil {
		t.Error("configurations without the default first accepted")
	}
	pts := []Point{{ID: "a", Family: "f", X: make([]float64, NumFeatures), LogTime: []float64{0}}}
	if _, err := Train(pts, []string{DefaultConfig}, TrainOptions{}); err == nil {
		t.Error("one family, nothing left to cross-validate with, accepted")
	}
}
