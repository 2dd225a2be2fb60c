package main

import (
	"context"
	"time"

	"github.com/verify-tools/verify/gnn/graph"
	"github.com/verify-tools/verify/gnn/phasenet"
	"github.com/verify-tools/verify/internal/lit"
	"github.com/verify-tools/verify/sat"
)

// loadGNN loads a phase-predictor weights file, or the embedded default
// model when path is empty.
func loadGNN(path string) (*phasenet.Model, error) {
	if path == "" {
		return phasenet.Default()
	}
	return phasenet.Load(path)
}

// prediction is one inference over a formula.
type prediction struct {
	g         *graph.Graph
	probs     []float32
	phases    []int32 // confident predictions as seed literals
	threshold float64
	took      time.Duration
}

// predictPhases runs the model on f; threshold ≤ 0 takes the model's own.
func predictPhases(ctx context.Context, m *phasenet.Model, f *sat.CNF, threshold float64) (*prediction, error) {
	t0 := time.Now()
	g, err := graph.Build(f)
	if err != nil {
		return nil, err
	}
	p, err := m.Predict(ctx, g)
	if err != nil {
		return nil, err
	}
	if threshold <= 0 {
		threshold = m.Config.Threshold
	}
	return &prediction{g: g, probs: p, phases: phasenet.Phases(g, p, threshold), threshold: threshold, took: time.Since(t0)}, nil
}

// mergePhases puts explicit seeds after the predicted ones; later seeds of
// a variable win in both engines, so explicit phases override the GNN.
func mergePhases(predicted, explicit []int32) []int32 {
	if len(explicit) == 0 {
		return predicted
	}
	seen := make(map[int32]bool, len(explicit))
	for _, l := range explicit {
		seen[lit.Var(l)] = true
	}
	out := make([]int32, 0, len(predicted)+len(explicit))
	for _, l := range predicted {
		if !seen[lit.Var(l)] {
			out = append(out, l)
		}
	}
	return append(out, explicit...)
}
