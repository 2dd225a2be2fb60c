package main

import (
	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/gnn/corpus"
)

func gnnStatsCommand() *cli.Command {
	return &cli.Command{
		Name:      "stats",
		Usage:     "per-family statistics of a labels file",
		UsageText: "verify gnn stats --labels FILE.jsonl",
		Description: "Prints per family: formulas, sat/unsat/unknown, complete backbones, mean\n" +
			"variables and clauses, mean backbone fraction of the variables (satisfiable\n" +
			"formulas), and label time.\n\n" +
			"Example:\n" +
			"  verify gnn stats --labels corpus/labels.jsonl",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "labels", Usage: "labels file written by 'verify gnn label'", Required: true},
		},
		Action: func(c *cli.Context) error {
			recs, err := corpus.ReadRecords(c.String("labels"))
			if err != nil {
				return failure("gnn stats: %v", err)
			}
			if err := corpus.WriteStatsTable(c.App.Writer, corpus.Stats(recs)); err != nil {
				return failure("gnn stats: %v", err)
			}
			return nil
		},
	}
}
