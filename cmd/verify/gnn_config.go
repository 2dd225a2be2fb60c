package main

import (
	"os"

	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/gnn/configsel"
	"github.com/verify-tools/verify/sat/bench"
	"github.com/verify-tools/verify/sat/engine"
)

func gnnConfigTrainCommand() *cli.Command {
	return &cli.Command{
		Name:      "config-train",
		Usage:     "train the configuration model from bench results of every configuration",
		UsageText: "verify gnn config-train --results FILE.csv... --suite FILE --split dev [--out MODEL.json]",
		Description: "Reads `verify bench` results of the presets verify, verify-plain, verify-sat and\n" +
			"verify-unsat (one run of each configuration per instance: make headroom), computes\n" +
			"each instance's graph features, tunes k and the margin by PAR-2 in cross-validation\n" +
			"by family, and prints the cross-validated table (by family and by generator group,\n" +
			"with the random control) before writing the model. Train on a dev half only.\n\n" +
			"Example:\n" +
			"  verify gnn config-train --results benchmarks/results/headroom/config/results.csv \\\n" +
			"      --suite benchmarks/sat-hard.suite --split dev --out gnn/configsel/default.json",
		Flags: []cli.Flag{
			&cli.StringSliceFlag{Name: "results", Usage: "bench results file (repeatable)", Required: true},
			&cli.StringSliceFlag{Name: "suite", Usage: "suite manifest of the instances (repeatable)", Required: true},
			&cli.StringFlag{Name: "split", Usage: "keep the instances of this split (dev)"},
			&cli.StringFlag{Name: "out", Usage: "write the model here (omit to only print the table)"},
		},
		Action: func(c *cli.Context) error {
			cwd, err := os.Getwd()
			if err != nil {
				return failure("gnn config-train: %v", err)
			}
			run := configsel.TrainRun{Results: c.StringSlice("results"), Suites: c.StringSlice("suite"),
				Split: c.String("split"), Root: bench.FindModuleRoot(cwd), Out: c.String("out")}
			if _, err := configsel.TrainFromBench(c.Context, run, c.App.Writer); err != nil {
				return failure("gnn config-train: %v", err)
			}
			return nil
		},
	}
}

func gnnConfigChooseCommand() *cli.Command {
	return &cli.Command{
		Name:      "config-choose",
		Usage:     "print the configuration model's choice for every instance of suites, without solving",
		UsageText: "verify gnn config-choose [--model FILE] [--split NAME] SUITE|DIR|FILE...",
		Description: "One tab-separated line per instance: ID, family, chosen configuration, the best\n" +
			"other configuration's time ratio to the default on the nearest training instances,\n" +
			"on how many of them it was faster, and its name; then the frequencies of the choices\n" +
			"(what --random-config-freq takes for a control with the same frequencies).\n\n" +
			"Example:\n" +
			"  verify gnn config-choose --split test benchmarks/sat-hard.suite",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "model", Usage: "configuration model file (default: the embedded one)"},
			&cli.StringFlag{Name: "split", Usage: "keep the instances of this split"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usageError("gnn config-choose: want at least one suite, folder or file")
			}
			spec, err := engine.Lookup("")
			if err != nil {
				return failure("gnn config-choose: %v", err)
			}
			cwd, err := os.Getwd()
			if err != nil {
				return failure("gnn config-choose: %v", err)
			}
			run := configsel.ChooseRun{Model: c.String("model"), Suites: c.Args().Slice(), Split: c.String("split"),
				Root: bench.FindModuleRoot(cwd), Configs: spec.Configurations}
			if _, err := configsel.ChooseAll(c.Context, run, c.App.Writer); err != nil {
				return failure("gnn config-choose: %v", err)
			}
			return nil
		},
	}
}
