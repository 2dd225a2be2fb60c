package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/gnn/corpus"
	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/engine"
)

func gnnLabelCommand() *cli.Command {
	return &cli.Command{
		Name:      "label",
		Usage:     "label formulas with their backbones (JSON lines, resumable)",
		UsageText: "verify gnn label --out FILE.jsonl [--engine NAME] [--jobs N] [--per-call 10s] [--total 60s] DIR|FILE...",
		Description: "Extracts the backbone of every formula (folders are searched for .cnf,\n" +
			".cnf.gz/.bz2/.xz and .dimacs files) and appends one JSON record per formula\n" +
			"to --out, each written as soon as it is done. Formulas already in --out\n" +
			"are skipped, so an interrupted run resumes where it stopped. Unsatisfiable\n" +
			"formulas get a record with status unsat and no backbone; a formula that\n" +
			"cannot be read is reported and the others go on (exit status 1 at the end).\n" +
			"The backbones are extracted incrementally by --engine (default: the first of\n" +
			"this build's engines, CaDiCaL when it is linked in); each record names its engine.\n" +
			"Record format: docs/corpus.md.\n\n" +
			"Example:\n" +
			"  verify gnn label --out labels.jsonl corpus/gen testdata/external/satlib/sat-uniform-20-91\n" +
			"  verify gnn label --out labels.jsonl --jobs 2 --per-call 5s --total 30s big/*.cnf.xz\n" +
			"  verify gnn label --out labels.jsonl --engine gini corpus/gen\n" +
			"  verify gnn label --slurm --per-task 200 --out /shared/labels.jsonl /shared/corpus\n\n" +
			"With --slurm the formulas are labelled by a SLURM job array (docs/slurm.md); its\n" +
			"files live in FILE.slurm/, and 'verify gnn label collect --out FILE' merges them.",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "out", Usage: "labels file (JSON lines), appended to (required)"},
			&cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, Usage: "formulas labelled at once", Value: runtime.NumCPU()},
			&cli.StringFlag{Name: "per-call", Usage: "limit per solver call (seconds or e.g. 10s); 0 = none", Value: "10s"},
			&cli.StringFlag{Name: "total", Usage: "limit per formula (seconds or e.g. 60s); 0 = none", Value: "60s"},
			&cli.StringFlag{Name: "engine", Usage: "SAT engine that labels: " + strings.Join(engine.Names(), " or ") + " (default: the first, the best in this build)"},
			quietFlag,
		}, slurmFlags("formulas")...),
		Subcommands: []*cli.Command{gnnLabelWorkerCommand(), gnnLabelCollectCommand()},
		Action:      runGnnLabel,
	}
}

func runGnnLabel(c *cli.Context) error {
	if c.NArg() == 0 {
		return usageError("gnn label: want at least one DIR or FILE; see 'verify gnn label --help'")
	}
	if c.String("out") == "" {
		return usageError("gnn label: --out FILE is required")
	}
	perCall, err := sat.ParseTimeout(c.String("per-call"))
	if err != nil {
		return usageError("gnn label: --per-call: %v", err)
	}
	total, err := sat.ParseTimeout(c.String("total"))
	if err != nil {
		return usageError("gnn label: --total: %v", err)
	}
	spec, err := engine.Lookup(c.String("engine"))
	if err != nil {
		return usageError("gnn label: --engine: %v", err)
	}
	name := spec.Name
	files, err := corpus.CollectFiles(c.Args().Slice())
	if err != nil {
		return failure("gnn label: %v", err)
	}
	opts := corpus.LabelOptions{
		Out: c.String("out"), Jobs: max(1, c.Int("jobs")),
		Backbone: engine.BackboneOptions{PerCall: perCall, Total: total, Engine: name},
		Log:      c.App.ErrWriter,
	}
	if c.Bool("slurm") {
		self, err := os.Executable()
		if err != nil {
			return failure("gnn label: locating this binary: %v", err)
		}
		plan := corpus.SlurmPlan{Files: files, Out: opts.Out, PerCall: c.String("per-call"), Total: c.String("total"), Jobs: opts.Jobs, Engine: name}
		if err := corpus.SubmitSlurm(c.Context, self, plan, arrayOptions(c), c.App.Writer); err != nil {
			return failure("gnn label: --slurm: %v", err)
		}
		return nil
	}
	opts.Progress = progressWriter(c)
	t0 := time.Now()
	sum, err := corpus.Label(c.Context, files, opts)
	fmt.Fprintf(c.App.Writer, "%d formulas: %d already labelled, %d records written (%d sat, %d unsat, %d unknown, %d copied from identical formulas), %d failed, %.1fs\n",
		sum.Files, sum.Skipped, sum.Labelled, sum.Sat, sum.Unsat, sum.Unknown, sum.Copied, len(sum.Failed), time.Since(t0).Seconds())
	if err != nil {
		if c.Context.Err() != nil {
			return cli.Exit("gnn label: interrupted; rerun the same command to resume", exitInterrupted)
		}
		return failure("gnn label: %v", err)
	}
	if len(sum.Failed) > 0 {
		return failure("gnn label: %d of %d formulas could not be read (listed above)", len(sum.Failed), sum.Files)
	}
	return nil
}
