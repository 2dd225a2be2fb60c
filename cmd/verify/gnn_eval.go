package main

import (
	"sort"
	"strconv"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/gnn/corpus"
	"github.com/verify-tools/verify/gnn/phasenet"
	"github.com/verify-tools/verify/gnn/phasetrain"
)

func gnnEvalCommand() *cli.Command {
	return &cli.Command{
		Name:      "eval",
		Usage:     "score the phase predictor on a split's set: accuracy, precision/recall/F1 on backbone phases",
		UsageText: "verify gnn eval --split split.json [--labels FILE.jsonl] [--set test|val|train] [--model FILE] [--threshold T]",
		Description: "Predicts every formula of the set and compares the phases with the backbone\n" +
			"labels, over backbone variables only: accuracy (right phases among the seeded\n" +
			"variables), coverage (seeded / backbone variables), precision, recall and F1 of\n" +
			"the phase 'true'; at 0.5 (every variable seeded) and at the seeding threshold\n" +
			"(the model's tuned one unless --threshold), overall and per family.\n\n" +
			"Example:\n" +
			"  verify gnn eval --split testdata/external/corpus/split.json --set test",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "split", Usage: "split manifest written by 'verify gnn split' (required)"},
			&cli.StringFlag{Name: "labels", Usage: "labels file (default: the manifest's)"},
			&cli.StringFlag{Name: "set", Usage: "train, val or test", Value: "test"},
			&cli.StringFlag{Name: "model", Usage: "phase-predictor weights (default: the embedded model)"},
			&cli.Float64Flag{Name: "threshold", Usage: "seeding threshold (0 = the model's)"},
		},
		Action: runGnnEval,
	}
}

func runGnnEval(c *cli.Context) error {
	if c.String("split") == "" {
		return usageError("gnn eval: --split is required")
	}
	if set := c.String("set"); set != "train" && set != "val" && set != "test" {
		return usageError("gnn eval: --set %q: want train, val or test", set)
	}
	m, err := phasenet.LoadOrDefault(c.String("model"))
	if err != nil {
		return cli.Exit("gnn eval: "+err.Error(), 1)
	}
	sp, err := phasetrain.LoadSplit(c.Context, c.String("split"), c.String("labels"))
	if err != nil {
		return cli.Exit("gnn eval: "+err.Error(), 1)
	}
	samples := map[string][]*phasetrain.Sample{"train": sp.Train, "val": sp.Val, "test": sp.Test}[c.String("set")]
	if len(samples) == 0 {
		return failure("gnn eval: set %q of %s is empty", c.String("set"), c.String("split"))
	}
	t := c.Float64("threshold")
	if t <= 0 {
		t = m.Config.Threshold
	}
	all := phasetrain.Scored{}
	byFamily := map[string]*phasetrain.Scored{}
	family := familyOf(c.String("split"))
	for _, s := range samples {
		p, err := m.Predict(c.Context, s.Graph)
		if err != nil {
			return cli.Exit("gnn eval: "+s.Name+": "+err.Error(), 1)
		}
		all.Prob, all.Label = append(all.Prob, p), append(all.Label, s.Label)
		fam := family[s.Name]
		if byFamily[fam] == nil {
			byFamily[fam] = &phasetrain.Scored{}
		}
		byFamily[fam].Prob = append(byFamily[fam].Prob, p)
		byFamily[fam].Label = append(byFamily[fam].Label, s.Label)
	}
	tab := tablewriter.NewTable(c.App.Writer, tablewriter.WithHeaderAutoFormat(tw.Off))
	tab.Header([]string{"family", "formulas", "backbone vars", "acc@0.5", "F1@0.5", "threshold", "acc@t", "precision@t", "recall@t", "F1@t", "coverage@t"})
	row := func(name string, s phasetrain.Scored) []string {
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
	if err := tab.Render(); err != nil {
		return cli.Exit("gnn eval: "+err.Error(), 1)
	}
	return nil
}

// familyOf maps each formula of a split manifest to its family.
func familyOf(split string) map[string]string {
	out := map[string]string{}
	m, err := phasetrain.ReadManifest(split)
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
