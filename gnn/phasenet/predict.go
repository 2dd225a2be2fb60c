package phasenet

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/verify-tools/verify/internal/atomicfile"

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

// PredictOptions are one `verify gnn predict`.
type PredictOptions struct {
	CNF   string // the formula (sat.ReadFile)
	Model string // weights file; "" is the embedded model
	// Threshold is the confidence of PhasesOut; 0 takes the model's.
	Threshold float64
	// Out is the probabilities file (written atomically); "" writes them
	// to the writer given to PredictFile.
	Out string
	// PhasesOut, when set, receives the confident predictions as a phase
	// file for `verify solve --phases`.
	PhasesOut string
	// Version names the tool in the first comment line.
	Version string
}

// PredictFile predicts every variable's backbone phase of a formula and
// writes 'VAR PROBABILITY' lines, after 'c' lines naming the model and the
// inference time, to opts.Out or w.
func PredictFile(ctx context.Context, opts PredictOptions, w io.Writer) error {
	m, err := LoadOrDefault(opts.Model)
	if err != nil {
		return err
	}
	f, _, err := sat.ReadFile(opts.CNF, sat.ReadOptions{})
	if err != nil {
		return err
	}
	pr, err := m.PredictCNF(ctx, f, opts.Threshold, 0)
	if err != nil {
		return err
	}
	write := func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		fmt.Fprintf(bw, "c verify %s gnn predict, model hidden %d, %d GIN + %d attention layers\n",
			opts.Version, m.Config.Hidden, m.Config.GINLayers, m.Config.AttnLayers)
		fmt.Fprintf(bw, "c %d variables, inference %.3fs, %d confident at threshold %.3g\n",
			len(pr.Probs), pr.Took.Seconds(), len(pr.Phases), pr.Threshold)
		n, _ := f.Falsified(pr.Phases)
		fmt.Fprintf(bw, "c the confident predictions falsify %d of %d clauses ('verify solve' seeds none of them unless 0)\n", n, f.NumClauses())
		for i, v := range pr.Graph.Var {
			fmt.Fprintf(bw, "%d %.6f\n", v, pr.Probs[i])
		}
		return bw.Flush()
	}
	if opts.Out != "" {
		if err := atomicfile.Write(opts.Out, write); err != nil {
			return err
		}
	} else if err := write(w); err != nil {
		return err
	}
	if opts.PhasesOut != "" {
		return WritePhaseFile(opts.PhasesOut, pr.Phases)
	}
	return nil
}

// WritePhaseFile writes seed literals in the format of sat.ReadPhases,
// atomically.
func WritePhaseFile(path string, lits []int32) error {
	var b []byte
	b = append(b, "c confident phase predictions\n"...)
	for i, l := range lits {
		b = fmt.Appendf(b, "%d", l)
		if i%20 == 19 {
			b = append(b, '\n')
		} else {
			b = append(b, ' ')
		}
	}
	b = append(b, "0\n"...)
	return atomicfile.WriteFile(path, b, 0o644)
}
