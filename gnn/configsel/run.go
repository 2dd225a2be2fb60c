package configsel

import (
	"context"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/verify-tools/verify/internal/stats"
	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/bench"
)

// TrainRun is one `verify gnn config-train`.
type TrainRun struct {
	// Results are bench results files (results.csv) of the BenchSolvers
	// presets.
	Results []string
	// Suites, Split and Root select the instances (bench.LoadSuites,
	// bench.OnSplit): the dev half, never the test half.
	Suites []string
	Split  string
	Root   string
	// Out is the model file to write.
	Out string
	TrainOptions
}

// TrainFromBench reads the results and the suite, trains a model, writes
// it to Out and the cross-validated evaluation table to w.
func TrainFromBench(ctx context.Context, run TrainRun, w io.Writer) (*Model, error) {
	var recs []bench.Record
	for _, name := range run.Results {
		r, err := bench.ReadResults(name)
		if err != nil {
			return nil, err
		}
		if len(r) == 0 {
			return nil, fmt.Errorf("%s: no results (missing or empty)", name)
		}
		recs = append(recs, r...)
	}
	insts, err := bench.LoadSplit(run.Suites, run.Split, run.Root)
	if err != nil {
		return nil, err
	}
	read := func(path string) (*sat.CNF, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		f, _, err := sat.ReadFile(path, sat.ReadOptions{})
		return f, err
	}
	d, err := FromBench(recs, insts, read)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "training set: %d instances (%d of the suite skipped: no default run), configurations %v", len(d.Points), d.Skipped, d.Configs)
	if len(d.Dropped) > 0 {
		fmt.Fprintf(w, "; left out (runs missing): %v", d.Dropped)
	}
	fmt.Fprintln(w)
	opts := run.TrainOptions
	if opts.Trained == "" {
		opts.Trained = fmt.Sprintf("%s: %d instances of %v (split %q) from %v", time.Now().UTC().Format("2006-01-02"), len(d.Points), run.Suites, run.Split, run.Results)
	}
	m, err := Train(d.Points, d.Configs, opts)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "k = %d, margin %.3f (%.0f %% faster), chosen by PAR-2 in cross-validation by family; frequencies %s\n\n",
		m.K, m.Margin, 100*(1-math.Exp(-m.Margin)), FormatFrequencies(m.Frequencies))
	rows, err := m.Evaluate(d.Timeout, stats.Default())
	if err != nil {
		return nil, err
	}
	if err := WriteTable(w, rows); err != nil {
		return nil, err
	}
	if run.Out != "" {
		if err := m.Write(run.Out); err != nil {
			return nil, err
		}
		fmt.Fprintf(w, "\nmodel written to %s\n", run.Out)
	}
	return m, nil
}

// ChooseRun is one `verify gnn config-choose`: the model's choice for
// every instance of the suites, without solving.
type ChooseRun struct {
	Model  string
	Suites []string
	Split  string
	Root   string
	// Configs are the engine's configurations (DefaultConfig first).
	Configs []string
}

// ChooseAll writes one line per instance (ID, family, choice, evidence)
// and then the frequencies of the choices.
func ChooseAll(ctx context.Context, run ChooseRun, w io.Writer) (map[string]float64, error) {
	m, err := Open(run.Model)
	if err != nil {
		return nil, err
	}
	insts, err := bench.LoadSplit(run.Suites, run.Split, run.Root)
	if err != nil {
		return nil, err
	}
	count := map[string]int{}
	fmt.Fprintln(w, "# instance\tfamily\tchosen\tbest's ratio to default\tfaster\tbest")
	for _, in := range insts {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		f, _, err := sat.ReadFile(in.Path, sat.ReadOptions{})
		if err != nil {
			return nil, err
		}
		ch, err := m.Choose(Features(f), run.Configs)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.ID, err)
		}
		count[ch.Config]++
		fmt.Fprintf(w, "%s\t%s\t%s\t%.2f\t%d/%d\t%s\n", in.ID, in.Family, ch.Config, ch.Ratio, ch.Faster, ch.K, ch.Best)
	}
	freq := map[string]float64{}
	for name, n := range count {
		freq[name] = float64(n) / float64(len(insts))
	}
	fmt.Fprintf(w, "# %d instances; chosen: %s\n", len(insts), FormatFrequencies(freq))
	return freq, nil
}
