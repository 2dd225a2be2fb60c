package phasetrain

import (
	"math"
	"testing"
)

func TestMetrics(t *testing.T) {
	prob := []float32{0.95, 0.8, 0.55, 0.4, 0.1, 0.3, 0.9}
	label := []int8{LabelTrue, LabelFalse, LabelTrue, LabelTrue, LabelFalse, LabelUnknown, LabelFalse}
	tests := []struct {
		t                                    float64
		seeded, correct, tp, fp              int
		acc, coverage, precision, recall, f1 float64
	}{
		// At 0.5 all six backbone variables are predicted: true for
		// 0.95 (right), 0.8 (wrong), 0.55 (right), 0.9 (wrong); false
		// for 0.4 (wrong) and 0.1 (right).
		{0.5, 6, 3, 2, 2, 0.5, 1, 0.5, 2.0 / 3, 4.0 / 7},
		// At 0.85 only 0.95 (right), 0.1 (right) and 0.9 (wrong) are seeded.
		{0.85, 3, 2, 1, 1, 2.0 / 3, 0.5, 0.5, 1.0 / 3, 0.4},
		// At 0.99 nothing is seeded.
		{0.99, 0, 0, 0, 0, 0, 0, 0, 0, 0},
	}
	for _, tc := range tests {
		m := Metrics{Threshold: tc.t}
		m.Add(prob, label)
		if m.Backbone != 6 || m.Positive != 3 || m.Seeded != tc.seeded || m.Correct != tc.correct || m.TP != tc.tp || m.FP != tc.fp {
			t.Errorf("t=%g: counts %+v", tc.t, m)
		}
		for _, c := range []struct {
			name      string
			got, want float64
		}{{"accuracy", m.Accuracy(), tc.acc}, {"coverage", m.Coverage(), tc.coverage},
			{"precision", m.Precision(), tc.precision}, {"recall", m.Recall(), tc.recall}, {"F1", m.F1(), tc.f1}} {
			if math.Abs(c.got-c.want) > 1e-12 {
				t.Errorf("t=%g: %s %g, want %g", tc.t, c.name, c.got, c.want)
			}
		}
	}
}

func TestTuneThreshold(t *testing.T) {
	tests := []struct {
		name   string
		prob   []float32
		label  []int8
		target float64
		want   float64
	}{
		// Confident predictions are right, the uncertain ones wrong: the
		// lowest threshold excluding the wrong ones (p 0.6 and 0.35).
		{"confident right", []float32{0.97, 0.03, 0.6, 0.35, 0.9}, []int8{1, 0, 0, 1, 1}, 0.9, 0.66},
		// Everything right: 0.5 already reaches the target.
		{"all right", []float32{0.7, 0.2}, []int8{1, 0}, 0.9, 0.5},
		// Never precise enough: the most accurate threshold that still seeds.
		{"never", []float32{0.99, 0.01, 0.6}, []int8{0, 1, 1}, 0.9, 0.5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc := Scored{Prob: [][]float32{tc.prob}, Label: [][]int8{tc.label}}
			got, m := sc.TuneThreshold(tc.target)
			if math.Abs(got-tc.want) > 1e-9 || m.Threshold != got {
				t.Errorf("threshold %g (metrics at %g), want %g", got, m.Threshold, tc.want)
			}
		})
	}
}
