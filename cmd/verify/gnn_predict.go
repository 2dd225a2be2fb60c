package main

import (
	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/gnn/guide"
)

func gnnPredictCommand() *cli.Command {
	return &cli.Command{
		Name:      "predict",
		Usage:     "predict each variable's backbone phase with the phase predictor",
		UsageText: "verify gnn predict [--model FILE] [--threshold T] [gate flags] [--out FILE] [--phases-out FILE] CNF",
		Description: "Writes one line 'VAR PROBABILITY' per variable that occurs (the predicted\n" +
			"probability that the variable is true in the backbone), after 'c' lines with the\n" +
			"model, the timing and what 'verify solve --gnn-phases' would seed: the\n" +
			"confident predictions (p ≥ T or p ≤ 1−T; T defaults to the model's tuned\n" +
			"threshold) unless a gate drops them (the same gates and flags as solve's\n" +
			"--gnn-*). --phases-out writes exactly those seeds as a phase file for\n" +
			"'verify solve --phases'.\n\n" +
			"Examples:\n" +
			"  verify gnn predict formula.cnf > probs.txt\n" +
			"  verify gnn predict --model gnn.safetensors --phases-out seeds.txt f.cnf; verify solve --phases seeds.txt f.cnf",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "model", Usage: "phase-predictor weights (default: the embedded model)"},
			&cli.StringFlag{Name: "out", Usage: "probabilities file (default stdout)"},
			&cli.StringFlag{Name: "phases-out", Usage: "write what 'verify solve --gnn-phases' would seed as a phase file"},
		}, gateFlags("")...),
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usageError("gnn predict: want one CNF file")
			}
			opts := guide.PredictOptions{CNF: c.Args().First(), Gates: gateOptions(c, "", c.String("model")),
				Out: c.String("out"), PhasesOut: c.String("phases-out"), Version: version}
			if err := guide.PredictFile(c.Context, opts, c.App.Writer); err != nil {
				return failure("gnn predict: %v", err)
			}
			return nil
		},
	}
}
