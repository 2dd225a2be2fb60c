//go:build torch

package phasetrain

import (
	"runtime"
	"testing"

	"github.com/verify-tools/verify/gnn/phasenet"
)

// TestOverfit: on one formula the balanced loss falls well below its
// starting value and the training accuracy rises clearly above the best
// constant guess, so gradients flow through every part of the model.
func TestOverfit(t *testing.T) {
	tests := []struct {
		family string
		steps  int
	}{
		{"parity", 150},
		{"qcp", 60},
	}
	for _, tc := range tests {
		t.Run(tc.family, func(t *testing.T) {
			runtime.LockOSThread() // deterministic kernels: see Run
			defer runtime.UnlockOSThread()
			setThreads(1)
			s := generated(t, tc.family)[0]
			if s.Labelled() == 0 {
				t.Fatalf("%s: no backbone variables to learn", tc.family)
			}
			m, err := phasenet.New(phasenet.DefaultConfig(), 1)
			if err != nil {
				t.Fatal(err)
			}
			net, err := NewNet(m)
			if err != nil {
				t.Fatal(err)
			}
			tr := newTrainer(net)
			b := NewBatch([]*Sample{s})
			first, _, _, err := tr.step(b, 3e-3, 0, 1)
			if err != nil {
				t.Fatal(err)
			}
			var last float64
			for i := 1; i < tc.steps; i++ {
				if last, _, _, err = tr.step(b, 3e-3, 0, 1); err != nil {
					t.Fatal(err)
				}
			}
			t.Logf("%s: %d backbone variables, loss %.4f -> %.4f", tc.family, s.Labelled(), first, last)
			if !(last < 0.5*first) {
				t.Errorf("loss %.4f after %d steps, want below half of the first %.4f", last, tc.steps, first)
			}
			probs, err := net.Probabilities(b)
			if err != nil {
				t.Fatal(err)
			}
			// Accuracy must be clearly above the best constant guess: at
			// least halfway from it to 1. Not a fixed figure: how close to 1
			// the fit gets in a fixed number of steps depends on the CPU's
			// floating-point kernels.
			sc := Scored{Prob: probs, Label: b.Labels}
			base := constantGuess(b.Labels)
			want := base + (1-base)/2
			acc := sc.At(0.5).Accuracy()
			t.Logf("%s: training accuracy %.3f, constant guess %.3f", tc.family, acc, base)
			if acc < want {
				t.Errorf("training accuracy %.3f after %d steps, want ≥ %.3f (halfway from the constant guess %.3f to 1)", acc, tc.steps, want, base)
			}
		})
	}
}

// constantGuess is the accuracy of predicting every labelled variable's
// majority phase.
func constantGuess(labels [][]int8) float64 {
	var pos, total int
	for _, ls := range labels {
		for _, l := range ls {
			if l == LabelUnknown {
				continue // not a backbone variable
			}
			total++
			if l == LabelTrue {
				pos++
			}
		}
	}
	if total == 0 {
		return 0
	}
	return float64(max(pos, total-pos)) / float64(total)
}
