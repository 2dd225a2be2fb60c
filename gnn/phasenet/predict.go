package phasenet

import (
	"context"
	"time"

	"github.com/verify-tools/verify/gnn/graph"
	"github.com/verify-tools/verify/sat"
)

// LoadOrDefault loads a weights file, or the embedded default model when
// path is empty.
func LoadOrDefault(path string) (*Model, error) {
	if path == "" {
		return Default()
	}
	return Load(path)
}

// Prediction is one inference over a formula.
type Prediction struct {
	Graph     *graph.Graph
	Probs     []float32 // per variable, in Graph.Var order
	Phases    []int32   // confident predictions as seed literals
	Threshold float64   // the threshold Phases used
	Took      time.Duration
}

// PredictCNF builds f's graph, runs the model on it with at most workers
// goroutines (≤ 0: GOMAXPROCS) and keeps the predictions at threshold as
// seed literals; threshold ≤ 0 takes the model's own (tuned on
// validation).
func (m *Model) PredictCNF(ctx context.Context, f *sat.CNF, threshold float64, workers int) (*Prediction, error) {
	t0 := time.Now()
	g, err := graph.Build(f)
	if err != nil {
		return nil, err
	}
	p, err := m.PredictWorkers(ctx, g, workers)
	if err != nil {
		return nil, err
	}
	if threshold <= 0 {
		threshold = m.Config.Threshold
	}
	return &Prediction{Graph: g, Probs: p, Phases: Phases(g, p, threshold), Threshold: threshold, Took: time.Since(t0)}, nil
}
