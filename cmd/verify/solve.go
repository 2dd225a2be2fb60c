package main

import (
	"errors"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/gnn/configsel"
	"github.com/verify-tools/verify/gnn/guide"
	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/engine"
	"github.com/verify-tools/verify/sat/solve"
)

func solveCommand() *cli.Command {
	return &cli.Command{
		Name:      "solve",
		Usage:     "solve a DIMACS CNF formula (SAT-competition output and exit codes)",
		UsageText: "verify solve [flags] FILE|-",
		Description: "Reads a DIMACS CNF file (plain, .gz, .bz2 or .xz; '-' for stdin) and prints\n" +
			"'c' comment lines, one 's SATISFIABLE|UNSATISFIABLE|UNKNOWN' line and, for SAT,\n" +
			"'v' lines ending in 0. Exit code 10 SAT, 20 UNSAT, 0 unknown, 1 error, 2 usage error.\n" +
			"Every model is checked against the clauses before it is printed.\n\n" +
			"Examples:\n" +
			"  verify solve testdata/external/satlib/sat-uniform-20-91/uf20-01.cnf\n" +
			"  xz -dc big.cnf.xz | verify solve --timeout 300 --stats -\n" +
			"  verify solve --phases seeds.txt --no-model formula.cnf.gz\n" +
			"  verify solve --engine cadical --proof f.drat f.cnf; verify proof-check f.cnf f.drat",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "timeout", Usage: "wall-clock limit, e.g. 300 (seconds) or 5m; 0 = none", Value: "0"},
			&cli.BoolFlag{Name: "strict", Usage: "reject clauses or variables beyond the header counts and a missing final 0"},
			&cli.StringFlag{Name: "phases", Usage: "file of signed literals giving initial phases (v ... lines accepted)"},
			&cli.BoolFlag{Name: "no-model", Usage: "omit the 'v' lines of a SAT answer"},
			&cli.BoolFlag{Name: "stats", Usage: "print search statistics and the parse/solve time split"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print only the 's' and 'v' lines"},
			&cli.StringFlag{Name: "engine", Usage: "SAT engine: " + strings.Join(engine.Names(), " or ") + " (default: the first, the best in this build)"},
			&cli.StringFlag{Name: "config", Usage: "a built-in configuration of the engine: cadical has default, plain (no internal preprocessing), sat, unsat; gini only default"},
			&cli.Float64Flag{Name: "phases-keep", Usage: "keep this fraction of the --phases seeds, drawn at random (headroom experiments: a predictor's coverage; 1 = all)", Value: 1},
			&cli.Float64Flag{Name: "phases-flip", Usage: "negate this fraction of the kept --phases seeds, drawn at random (headroom experiments: a predictor's error rate)"},
			&cli.Uint64Flag{Name: "phases-noise-seed", Usage: "the seed of --phases-keep and --phases-flip", Value: 1},
			&cli.BoolFlag{Name: "no-preprocess", Usage: "gini engine: skip the pure-Go preprocessor (units, equivalences, failed literals, subsumption, variable elimination)"},
			&cli.StringFlag{Name: "proof", Usage: "write a text DRAT proof of an UNSAT answer to this file (cadical engine)"},
			&cli.BoolFlag{Name: "gnn-phases", Usage: "seed phases predicted by the embedded GNN (off by default: its gain on hard instances is below the bar, docs/gnn.md)"},
			&cli.StringFlag{Name: "gnn", Usage: "seed phases predicted by this phase-predictor weights file (implies --gnn-phases)"},
			&cli.BoolFlag{Name: "no-gnn", Usage: "no predicted phases, whatever --gnn-phases and --gnn say (the default)"},
			&cli.DurationFlag{Name: "gnn-delay", Usage: "hand the predictions to the search no earlier than this far into it, e.g. 1s (a formula solved sooner runs exactly as without the GNN; measured, it costs the early seeds' gain); 0 = as soon as ready"},
			&cli.BoolFlag{Name: "guide-config", Usage: "choose the engine's configuration (default, plain, sat) with the configuration model over graph features, before the search (off by default: docs/gnn.md, Configuration choice)"},
			&cli.StringFlag{Name: "config-model", Usage: "configuration model file for --guide-config and --random-config (default: the embedded one)"},
			&cli.Uint64Flag{Name: "random-config", Usage: "draw the configuration at random from this seed with the configuration model's frequencies (the control for --guide-config; 0 = off)"},
			&cli.StringFlag{Name: "random-config-freq", Usage: "the --random-config frequencies, e.g. default=0.6,sat=0.3,plain=0.1 (default: the model's)"},
			&cli.Uint64Flag{Name: "random-phases", Usage: "seed every variable with a random phase from this seed (the control for GNN experiments; 0 = off)"},
		}, gateFlags("gnn-")...),
		Action: runSolve,
	}
}

// gnnModel is the --gnn weights file, unless --no-gnn turns prediction off.
func gnnModel(c *cli.Context) string {
	if c.Bool("no-gnn") {
		return ""
	}
	return c.String("gnn")
}

// configChooser is the --guide-config or --random-config chooser (nil
// for neither).
func configChooser(c *cli.Context) (solve.Chooser, error) {
	guided, seed := c.Bool("guide-config"), c.Uint64("random-config")
	switch {
	case guided && seed != 0:
		return nil, usageError("solve: --guide-config and --random-config exclude each other")
	case (guided || seed != 0) && c.String("config") != "":
		return nil, usageError("solve: --config names the configuration; --guide-config and --random-config choose it")
	case c.IsSet("random-config-freq") && seed == 0:
		return nil, usageError("solve: --random-config-freq needs --random-config SEED")
	case guided:
		return configsel.Chooser{Model: c.String("config-model")}, nil
	case seed != 0:
		r := configsel.RandomChooser{Seed: seed, Model: c.String("config-model")}
		if s := c.String("random-config-freq"); s != "" {
			freq, err := configsel.ParseFrequencies(s)
			if err != nil {
				return nil, usageError("solve: --random-config-freq: %v", err)
			}
			r.Frequencies = freq
		}
		return r, nil
	}
	if c.IsSet("config-model") {
		return nil, usageError("solve: --config-model needs --guide-config or --random-config")
	}
	return nil, nil
}

func runSolve(c *cli.Context) error {
	if c.NArg() != 1 {
		return usageError("solve: want exactly one FILE (or - for stdin); see 'verify solve --help'")
	}
	timeout, err := sat.ParseTimeout(c.String("timeout"))
	if err != nil {
		return usageError("solve: --timeout: %v", err)
	}
	for _, f := range []string{"phases-keep", "phases-flip"} {
		if v := c.Float64(f); v < 0 || v > 1 {
			return usageError("solve: --%s %g: want a fraction in [0, 1]", f, v)
		}
	}
	if (c.IsSet("phases-keep") || c.IsSet("phases-flip")) && c.String("phases") == "" {
		return usageError("solve: --phases-keep and --phases-flip act on the --phases seeds: give --phases FILE")
	}
	if d := c.Duration("gnn-delay"); d < 0 {
		return usageError("solve: --gnn-delay %s: want 0 or more", d)
	}
	chooser, err := configChooser(c)
	if err != nil {
		return err
	}
	opts := solve.Options{
		File: c.Args().First(), Strict: c.Bool("strict"),
		Engine: c.String("engine"), NoPreprocess: c.Bool("no-preprocess"), Proof: c.String("proof"),
		Configuration: c.String("config"), Chooser: chooser,
		Timeout: timeout,
		Seeds: solve.SeedOptions{PhasesFile: c.String("phases"), RandomSeed: c.Uint64("random-phases"),
			Keep: c.Float64("phases-keep"), Flip: c.Float64("phases-flip"), NoiseSeed: c.Uint64("phases-noise-seed")},
		NoModel: c.Bool("no-model"), Stats: c.Bool("stats"), Quiet: c.Bool("quiet"),
		Version: version, Warnings: c.App.ErrWriter,
	}
	if model := gnnModel(c); model != "" || (c.Bool("gnn-phases") && !c.Bool("no-gnn")) {
		g := gateOptions(c, "gnn-", model)
		g.Delay = c.Duration("gnn-delay")
		opts.Seeder = guide.NewSeeder(g)
	}
	res, err := solve.Run(c.Context, opts, c.App.Writer)
	var oe *solve.OptionsError
	if errors.As(err, &oe) {
		return usageError("%v", err)
	}
	if err != nil {
		return failure("%v", err)
	}
	return exitStatus(res.ExitCode())
}
