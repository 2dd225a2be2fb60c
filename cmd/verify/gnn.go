package main

import "github.com/urfave/cli/v2"

// gnnCommand groups the phase-predictor pipeline. Each subcommand lives
// in its own gnn_*.go file; add new ones to the list below.
func gnnCommand() *cli.Command {
	return &cli.Command{
		Name:      "gnn",
		Usage:     "corpus, training and prediction for the GNN phase predictor and the configuration model",
		UsageText: "verify gnn COMMAND [flags] [args]",
		Description: "The phase predictor learns each variable's backbone phase from labelled\n" +
			"satisfiable formulas (docs/corpus.md).\n\n" +
			"Example:\n" +
			"  verify gnn gen --out corpus/gen --seed 1 --count 40\n" +
			"  verify gnn label corpus/gen --out corpus/labels.jsonl",
		Subcommands: available(
			gnnGenCommand(),
			gnnLabelCommand(),
			gnnSplitCommand(),
			gnnStatsCommand(),
			gnnPredictCommand(),
			gnnEvalCommand(),
			gnnConfigTrainCommand(),
			gnnConfigChooseCommand(),
			gnnTrainCommand(), // nil (absent) in the pure-Go build
		),
	}
}
