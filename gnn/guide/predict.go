package guide

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"github.com/verify-tools/verify/gnn/phasenet"
	"github.com/verify-tools/verify/internal/atomicfile"
	"github.com/verify-tools/verify/sat"
)

// PredictOptions are one `verify gnn predict`.
type PredictOptions struct {
	CNF string // the formula (sat.ReadFile)
	// Gates are the model, its threshold and the gates, as `verify solve
	// --gnn-phases` takes them (Delay is not used).
	Gates Options
	// Out is the probabilities file (written atomically); "" writes them
	// to the writer given to PredictFile.
	Out string
	// PhasesOut, when set, receives what `verify solve --gnn-phases`
	// would seed with the same options, as a phase file for `verify solve
	// --phases`: the confident predictions, or none when a gate drops
	// them (the file's comment line says which gate).
	PhasesOut string
	// Version names the tool in the first comment line.
	Version string
}

// PredictFile predicts every variable's backbone phase of a formula and
// writes 'VAR PROBABILITY' lines, after 'c' lines naming the model, the
// inference time and what the gates make of the prediction (what `verify
// solve --gnn-phases` would seed), to opts.Out or w. Inference runs on
// formulas the screens would skip too; a line says so.
func PredictFile(ctx context.Context, opts PredictOptions, w io.Writer) error {
	g := opts.Gates
	m, err := phasenet.LoadOrDefault(g.Model)
	if err != nil {
		return err
	}
	f, _, err := sat.ReadFile(opts.CNF, sat.ReadOptions{})
	if err != nil {
		return err
	}
	pr, err := m.PredictCNF(ctx, f, g.Threshold, 0)
	if err != nil {
		return err
	}
	seeds, verdict := Seeds(f, pr, g)
	write := func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		fmt.Fprintf(bw, "c verify %s gnn predict, model hidden %d, %d GIN + %d attention layers\n",
			opts.Version, m.Config.Hidden, m.Config.GINLayers, m.Config.AttnLayers)
		fmt.Fprintf(bw, "c %d variables, inference %.3fs, %d confident at threshold %.3g\n",
			len(pr.Probs), pr.Took.Seconds(), len(pr.Phases), pr.Threshold)
		fmt.Fprintf(bw, "c verify solve --gnn-phases: %s\n", verdict)
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
		return sat.WritePhaseFile(opts.PhasesOut, "verify solve --gnn-phases: "+verdict, seeds)
	}
	return nil
}

// Seeds is what `verify solve --gnn-phases` seeds of a prediction over f
// under opts (nil for none), and the verdict in words: the screens, then
// the gates.
func Seeds(f *sat.CNF, pr *phasenet.Prediction, opts Options) ([]int32, string) {
	if why := Screen(f, opts); why != "" {
		return nil, why + ": inference skipped, none seeded" + override(f, opts)
	}
	v := Judge(f, pr, opts)
	if why := v.Dropped(f, len(pr.Probs), opts); why != "" {
		return nil, fmt.Sprintf("%s, none seeded", why)
	}
	what := fmt.Sprintf("seeds the %d confident predictions", len(v.Seeds))
	if v.Falsified > 0 {
		what += fmt.Sprintf("; they falsify %d of %d clauses (clause %d first), seeded all the same (--gnn-keep-inconsistent)", v.Falsified, f.NumClauses(), v.First+1)
	}
	return v.Seeds, what
}
