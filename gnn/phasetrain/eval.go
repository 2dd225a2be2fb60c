package phasetrain

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/verify-tools/verify/gnn/corpus"
	"github.com/verify-tools/verify/gnn/phasenet"
)

// EvalOptions are one `verify gnn eval`: which set of which split, which
// model, at which threshold.
type EvalOptions struct {
	Split  string // split manifest (required)
	Labels string // labels file; "" is the manifest's
	Set    string // corpus.Train, corpus.Val or corpus.Test
	Model  string // weights file; "" is the embedded model
	// Threshold is the seeding threshold; 0 takes the model's.
	Threshold float64
}

// Evaluate predicts every formula of the set and writes a table of the
// scores against the backbone labels to w, per family and overall, at 0.5
// and at the seeding threshold.
func Evaluate(ctx context.Context, opts EvalOptions, w io.Writer) error {
	if opts.Set != corpus.Train && opts.Set != corpus.Val && opts.Set != corpus.Test {
		return fmt.Errorf("set %q: want %s, %s or %s", opts.Set, corpus.Train, corpus.Val, corpus.Test)
	}
	m, err := phasenet.LoadOrDefault(opts.Model)
	if err != nil {
		return err
	}
	sp, err := LoadSplit(ctx, opts.Split, opts.Labels)
	if err != nil {
		return err
	}
	samples := map[string][]*Sample{corpus.Train: sp.Train, corpus.Val: sp.Val, corpus.Test: sp.Test}[opts.Set]
	if len(samples) == 0 {
		return fmt.Errorf("set %q of %s is empty", opts.Set, opts.Split)
	}
	t := opts.Threshold
	if t <= 0 {
		t = m.Config.Threshold
	}
	all := Scored{}
	byFamily := map[string]*Scored{}
	family := familyOf(opts.Split)
	for _, s := range samples {
		p, err := m.Predict(ctx, s.Graph)
		if err != nil {
			return fmt.Errorf("%s: %w", s.Name, err)
		}
		all.Prob, all.Label = append(all.Prob, p), append(all.Label, s.Label)
		fam := family[s.Name]
		if byFamily[fam] == nil {
			byFamily[fam] = &Scored{}
		}
		byFamily[fam].Prob = append(byFamily[fam].Prob, p)
		byFamily[fam].Label = append(byFamily[fam].Label, s.Label)
	}
	tab := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off))
	tab.Header([]string{"family", "formulas", "backbone vars", "acc@0.5", "F1@0.5", "threshold", "acc@t", "precision@t", "recall@t", "F1@t", "coverage@t"})
	row := func(name string, s Scored) []string {
		h, at := s.At(0.5), s.At(t)
		f := func(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }
		return []string{name, strconv.Itoa(len(s.Prob)), strconv.Itoa(h.Backbone), f(h.Accuracy()), f(h.F1()),
			f(t), f(at.Accuracy()), f(at.Precision()), f(at.Recall()), f(at.F1()), f(at.Coverage())}
	}
	fams := make([]string, 0, len(byFamily))
	for f := range byFamily {
		fams = append(fams, f)
	}
	sort.Strings(fams)
	for _, f := range fams {
		tab.Append(row(f, *byFamily[f]))
	}
	tab.Append(row("all", all))
	return tab.Render()
}

// familyOf maps each formula of a split manifest to its family.
func familyOf(split string) map[string]string {
	out := map[string]string{}
	m, err := ReadManifest(split)
	if err != nil {
		return out
	}
	for _, set := range [][]corpus.Entry{m.Train, m.ValSet, m.TestSet} {
		for _, e := range set {
			out[e.Path] = e.Family
		}
	}
	return out
}
