package main

import (
	"fmt"
	"strconv"

	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/sat/gen"
)

func genCommand() *cli.Command {
	subs := []*cli.Command{genSuiteCommand()}
	for _, f := range gen.Families() {
		subs = append(subs, genFamilyCommand(f))
	}
	return &cli.Command{
		Name:      "gen",
		Usage:     "generate one instance of a SAT family (byte for byte from its seed)",
		UsageText: "verify gen FAMILY [--seed S] [--PARAM VALUE ...] [-o FILE]",
		Description: "Writes one DIMACS CNF instance of FAMILY, a deterministic function of the\n" +
			"seed and the parameters on every machine (no platform-dependent arithmetic),\n" +
			"with the command that regenerates it in a 'c' line. Used by the hard benchmark\n" +
			"suites (benchmarks/sat-hard.suite, make hard-corpus); the families from\n" +
			"ksat-clauses on are those verify gnn gen draws across its grids. verify gen\n" +
			"FAMILY --help lists a family's parameters.\n\n" +
			"Examples:\n" +
			"  verify gen factor --seed 3 --bits 34 --prime 1 -o f.cnf\n" +
			"  verify gen tseitin --seed 1 --n 60 --d 4 | cadical -q",
		Subcommands: subs,
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				if _, err := gen.FamilyByName(c.Args().First()); err != nil {
					return usageError("gen: %v", err)
				}
			}
			return cli.ShowSubcommandHelp(c)
		},
	}
}

func genFamilyCommand(f gen.Family) *cli.Command {
	flags := []cli.Flag{
		&cli.Uint64Flag{Name: "seed", Usage: "random seed", Value: 1},
		&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "output file (written atomically); default standard output"},
	}
	for _, p := range f.Params {
		flags = append(flags, &cli.IntFlag{Name: p.Name, Value: p.Default,
			Usage: fmt.Sprintf("%s [%d, %d]", p.Doc, p.Min, p.Max)})
	}
	return &cli.Command{
		Name:      f.Name,
		Usage:     f.Doc,
		UsageText: "verify gen " + f.Name + " [--seed S] [-o FILE] [options]",
		Flags:     flags,
		Action:    func(c *cli.Context) error { return runGen(c, f) },
	}
}

func runGen(c *cli.Context, f gen.Family) error {
	if c.NArg() != 0 {
		return usageError("gen %s: unexpected arguments %v", f.Name, c.Args().Slice())
	}
	var settings []string
	for _, p := range f.Params {
		settings = append(settings, p.Name+"="+strconv.Itoa(c.Int(p.Name)))
	}
	params, err := f.ParseParams(settings)
	if err != nil {
		return usageError("gen: %v", err)
	}
	in, err := f.GenerateContext(c.Context, c.Uint64("seed"), params)
	if err != nil {
		return failure("gen: %v", err)
	}
	if out := c.String("out"); out != "" && out != "-" {
		if err := in.WriteFile(out); err != nil {
			return failure("gen: %v", err)
		}
		return nil
	}
	if err := in.WriteDIMACS(c.App.Writer); err != nil {
		return failure("gen: %v", err)
	}
	return nil
}
