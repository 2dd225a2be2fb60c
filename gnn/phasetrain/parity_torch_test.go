//go:build torch

package phasetrain

import (
	"context"
	"math"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/verify-tools/verify/gnn/phasenet"
	"github.com/verify-tools/verify/internal/libtorch"
	"github.com/verify-tools/verify/sat"
)

// TestParity trains the torch model a few steps (so the weights are not
// the initial ones), saves them with phasenet.Save, loads them in pure Go and
// checks that phasenet.Predict gives the torch probabilities on real and
// generated formulas, one formula at a time and batched.
func TestParity(t *testing.T) {
	runtime.LockOSThread() // deterministic kernels: see Run
	defer runtime.UnlockOSThread()
	setThreads(2)
	samples := external(t,
		"satlib/sat-uniform-20-91/uf20-01.cnf",
		"satlib/file-dimacs-aim/aim-100-1_6-yes1-1.cnf",
		"gophersat/25.cnf",
		"gophersat/zebra.cnf",
		"gophersat/8-queens.cnf",
	)
	samples = append(samples, generated(t, "adder-miter", "parity", "qcp")...)
	// No negative literals: two relations without edges.
	pos := sat.NewCNF(3)
	pos.AddClause(1, 2)
	pos.AddClause(2, 3)
	pos.AddClause(3)
	samples = append(samples, labelled(t, "positive literals only", pos))
	cfg := phasenet.DefaultConfig()
	cfg.GINLayers, cfg.AttnLayers = 2, 2 // exercise stacked attention blocks too
	m0, err := phasenet.New(cfg, 5)
	if err != nil {
		t.Fatal(err)
	}
	net, err := NewNet(m0)
	if err != nil {
		t.Fatal(err)
	}
	tr := newTrainer(net)
	for i := 0; i < 30; i++ {
		if _, _, _, err := tr.step(NewBatch(samples[i%len(samples):i%len(samples)+1]), 3e-2, 0.01, 1); err != nil {
			t.Fatal(err)
		}
	}
	trained, err := net.Model()
	if err != nil {
		t.Fatal(err)
	}
	// Sharpen the head so the probabilities spread over (0, 1) and the
	// comparison is not of values all near 0.5.
	for _, name := range []string{"head.2.weight", "head.2.bias"} {
		for i := range trained.Weights[name] {
			trained.Weights[name][i] *= 20
		}
	}
	if net, err = NewNet(trained); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "w.safetensors")
	if err := trained.Save(path); err != nil {
		t.Fatal(err)
	}
	loaded, err := phasenet.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	batched, err := net.Probabilities(NewBatch(samples))
	if err != nil {
		t.Fatal(err)
	}
	const tol = 1e-4
	spread := 0.0
	for i, s := range samples {
		single, err := net.Probabilities(NewBatch(samples[i : i+1]))
		if err != nil {
			t.Fatal(err)
		}
		got, err := loaded.Predict(context.Background(), s.Graph)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(single[0]) || len(got) != len(batched[i]) {
			t.Fatalf("%s: %d Go probabilities, torch %d and %d batched", s.Name, len(got), len(single[0]), len(batched[i]))
		}
		worst := 0.0
		for v := range got {
			worst = max(worst, math.Abs(float64(got[v]-single[0][v])), math.Abs(float64(got[v]-batched[i][v])))
			spread = max(spread, math.Abs(float64(got[v])-0.5))
		}
		if worst > tol {
			t.Errorf("%s: pure-Go and torch probabilities differ by %.3g > %g", s.Name, worst, tol)
		}
		t.Logf("%s: %d variables, max |Go − torch| = %.2g", s.Name, len(got), worst)
	}
	if spread < 0.25 {
		t.Errorf("all probabilities within 0.25 of 0.5 (max distance %.3g): the comparison proves little", spread)
	}
	// The lean pass of evaluation frees each relation's tensors as it goes;
	// it must compute what the training pass computes.
	b := NewBatch(samples)
	full, lean := logits(t, net, b, false), logits(t, net, b, true)
	for i := range full {
		if math.Abs(float64(full[i]-lean[i])) > 1e-6 {
			t.Fatalf("variable node %d: logit %g in the training pass, %g in the lean pass", i, full[i], lean[i])
		}
	}
}

// logits runs the forward pass on b without gradients, lean or not.
func logits(t *testing.T, net *Net, b *Batch, lean bool) []float32 {
	t.Helper()
	var a libtorch.Arena
	defer a.Free()
	bt, err := newBatchTensors(b, &a)
	if err != nil {
		t.Fatal(err)
	}
	var out []float32
	libtorch.NoGrad(func() {
		if lean {
			out = values(net.forwardLean(bt, &a))
		} else {
			out = values(net.Forward(bt, &a))
		}
	})
	return out
}
