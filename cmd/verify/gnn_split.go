package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/gnn/corpus"
)

func gnnSplitCommand() *cli.Command {
	return &cli.Command{
		Name:      "split",
		Usage:     "split labelled formulas into train/val/test by sibling group",
		UsageText: "verify gnn split --labels FILE.jsonl --out manifest.json [--seed S] [--val 0.1] [--test 0.1]",
		Description: "Assigns every satisfiable record to train, val or test so that no sibling\n" +
			"group (same family, generator parameters and seed; a whole SATLIB family)\n" +
			"is in two sets, and writes the manifest (format: docs/corpus.md).\n\n" +
			"Example:\n" +
			"  verify gnn split --labels corpus/labels.jsonl --out corpus/split.json --seed 1 --suites corpus/split",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "labels", Usage: "labels file written by 'verify gnn label'", Required: true},
			&cli.StringFlag{Name: "out", Usage: "manifest to write (JSON)", Required: true},
			&cli.Uint64Flag{Name: "seed", Usage: "random seed", Value: 1},
			&cli.Float64Flag{Name: "val", Usage: "share of formulas for validation", Value: 0.1},
			&cli.Float64Flag{Name: "test", Usage: "share of formulas for testing", Value: 0.1},
			&cli.StringFlag{Name: "suites", Usage: "also write PREFIX-train.suite, PREFIX-val.suite and PREFIX-test.suite for 'verify bench'"},
		},
		Action: runGnnSplit,
	}
}

func runGnnSplit(c *cli.Context) error {
	recs, err := corpus.ReadRecords(c.String("labels"))
	if err != nil {
		return cli.Exit("gnn split: "+err.Error(), 1)
	}
	m, err := corpus.Split(recs, c.String("labels"), corpus.SplitOptions{Seed: c.Uint64("seed"), Val: c.Float64("val"), Test: c.Float64("test")})
	if err != nil {
		return cli.Exit("gnn "+err.Error(), 1)
	}
	if err := corpus.WriteManifest(c.String("out"), m); err != nil {
		return cli.Exit("gnn split: "+err.Error(), 1)
	}
	if prefix := c.String("suites"); prefix != "" {
		for _, set := range []struct {
			name    string
			entries []corpus.Entry
		}{{corpus.Train, m.Train}, {corpus.Val, m.ValSet}, {corpus.Test, m.TestSet}} {
			if err := corpus.WriteSuite(prefix+"-"+set.name+".suite", set.name, set.entries); err != nil {
				return cli.Exit("gnn split: "+err.Error(), 1)
			}
		}
	}
	fmt.Fprintf(c.App.Writer, "%d groups: train %d, val %d, test %d formulas; %d records excluded (not sat); wrote %s\n",
		len(m.Groups), m.Counts[corpus.Train], m.Counts[corpus.Val], m.Counts[corpus.Test], m.Excluded, c.String("out"))
	return nil
}
