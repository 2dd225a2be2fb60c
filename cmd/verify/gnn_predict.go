package main

import (
	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/gnn/phasenet"
)

func gnnPredictCommand() *cli.Command {
	return &cli.Command{
		Name:      "predict",
		Usage:     "predict each variable's backbone phase with the phase predictor",
		UsageText: "verify gnn predict [--model FILE] [--threshold T] [--out FILE] [--phases-out FILE] CNF",
		Description: "Writes one line 'VAR PROBABILITY' per variable that occurs (the predicted\n" +
			"probability that the variable is true in the backbone), after 'c' lines with the\n" +
			"model and timing. --phases-out writes the confident predictions (p ≥ T or\n" +
			"p ≤ 1−T; T defaults to the model's tuned threshold) as a phase file for\n" +
			"'verify solve --phases'.\n\n" +
			"Examples:\n" +
			"  verify gnn predict formula.cnf > probs.txt\n" +
			"  verify gnn predict --model gnn.safetensors --phases-out seeds.txt f.cnf; verify solve --phases seeds.txt f.cnf",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "model", Usage: "phase-predictor weights (default: the embedded model)"},
			&cli.Float64Flag{Name: "threshold", Usage: "confidence for --phases-out (0 = the model's)"},
			&cli.StringFlag{Name: "out", Usage: "probabilities file (default stdout)"},
			&cli.StringFlag{Name: "phases-out", Usage: "write confident predictions as a phase file"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usageError("gnn predict: want one CNF file")
			}
			opts := phasenet.PredictOptions{CNF: c.Args().First(), Model: c.String("model"), Threshold: c.Float64("threshold"),
				Out: c.String("out"), PhasesOut: c.String("phases-out"), Version: version}
			if err := phasenet.PredictFile(c.Context, opts, c.App.Writer); err != nil {
				return failure("gnn predict: %v", err)
			}
			return nil
		},
	}
}
