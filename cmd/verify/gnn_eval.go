package main

import (
	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/gnn/corpus"
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
	if set := c.String("set"); set != corpus.Train && set != corpus.Val && set != corpus.Test {
		return usageError("gnn eval: --set %q: want train, val or test", set)
	}
	opts := phasetrain.EvalOptions{Split: c.String("split"), Labels: c.String("labels"), Set: c.String("set"),
		Model: c.String("model"), Threshold: c.Float64("threshold")}
	if err := phasetrain.Evaluate(c.Context, opts, c.App.Writer); err != nil {
		return failure("gnn eval: %v", err)
	}
	return nil
}
