package main

import (
	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/gnn/corpus"
)

func gnnSplitCommand() *cli.Command {
	defaultSplit := corpus.DefaultSplitOptions()
	return &cli.Command{
		Name:      "split",
		Usage:     "split labelled formulas into train/val/test by sibling group",
		UsageText: "verify gnn split --labels FILE.jsonl --out manifest.json [--seed S] [--val V] [--test T] [--hold-out FAMILY]...",
		Description: "Assigns every satisfiable record to train, val or test so that no sibling\n" +
			"group (same family, generator parameters and seed) and no two identical\n" +
			"formulas are in two sets, and writes the manifest (format: docs/corpus.md).\n" +
			"A formula without a 'c group' comment (a SATLIB file) is a group of its own,\n" +
			"so a folder of independent instances spreads over the three sets.\n" +
			"--hold-out FAMILY (repeatable) puts a whole family into the test set; the\n" +
			"shares apply to the other families.\n\n" +
			"Example:\n" +
			"  verify gnn split --labels corpus/labels.jsonl --out corpus/split.json --seed 1 --suites corpus/split\n" +
			"  verify gnn split --labels corpus/labels.jsonl --out corpus/split.json --hold-out xorsat --hold-out sat-flat125-301",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "labels", Usage: "labels file written by 'verify gnn label'", Required: true},
			&cli.StringFlag{Name: "out", Usage: "manifest to write (JSON)", Required: true},
			&cli.Uint64Flag{Name: "seed", Usage: "random seed", Value: defaultSplit.Seed},
			&cli.Float64Flag{Name: "val", Usage: "share of formulas for validation", Value: defaultSplit.Val},
			&cli.Float64Flag{Name: "test", Usage: "share of formulas for testing", Value: defaultSplit.Test},
			&cli.StringSliceFlag{Name: "hold-out", Usage: "put this family whole into the test set (repeatable)"},
			&cli.StringFlag{Name: "suites", Usage: "also write PREFIX-train.suite, PREFIX-val.suite and PREFIX-test.suite for 'verify bench'"},
		},
		Action: runGnnSplit,
	}
}

func runGnnSplit(c *cli.Context) error {
	if c.NArg() > 0 {
		return usageError("gnn split takes no arguments, got %q", c.Args().Slice())
	}
	opts := corpus.SplitFileOptions{Labels: c.String("labels"), Out: c.String("out"), Suites: c.String("suites"),
		Split: corpus.SplitOptions{Seed: c.Uint64("seed"), Val: c.Float64("val"), Test: c.Float64("test"), HoldOut: c.StringSlice("hold-out")}}
	if err := opts.Split.Validate(); err != nil {
		return usageError("gnn %v", err)
	}
	if _, err := corpus.SplitFile(opts, c.App.Writer); err != nil {
		return failure("gnn split: %v", err)
	}
	return nil
}
