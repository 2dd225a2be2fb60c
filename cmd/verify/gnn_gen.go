package main

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/internal/progress"

	"github.com/verify-tools/verify/gnn/corpus"
)

func gnnGenCommand() *cli.Command {
	names := corpus.GridNames()
	return &cli.Command{
		Name:      "gen",
		Usage:     "generate satisfiable formulas of several families, with a manifest",
		UsageText: "verify gnn gen --out DIR [--seed S] [--count N] [--families a,b] [--size small|medium]",
		Description: "Writes --count formulas of each family into DIR/FAMILY/, each checked\n" +
			"satisfiable with gini before it is written (atomically), with its family,\n" +
			"sibling group, seed and parameters in 'c' lines, and DIR/manifest.json.\n" +
			"The same seed, count, families and size give the same bytes.\n" +
			"Families: " + strings.Join(names, ", ") + ".\n\n" +
			"Example:\n" +
			"  verify gnn gen --out testdata/external/corpus/gen --seed 1 --count 40\n" +
			"  verify gnn gen --out /tmp/qcp --families qcp,factor --size medium --count 5",
		Flags: []cli.Flag{
			quietFlag,
			&cli.StringFlag{Name: "out", Usage: "output folder", Required: true},
			&cli.Uint64Flag{Name: "seed", Usage: "random seed", Value: 1},
			&cli.IntFlag{Name: "count", Usage: "formulas per family", Value: 40},
			&cli.StringFlag{Name: "families", Usage: "comma-separated families (default all)"},
			&cli.StringFlag{Name: "size", Usage: "small or medium", Value: "small"},
			&cli.IntFlag{Name: "jobs", Usage: "formulas generated at once", Value: runtime.NumCPU()},
		},
		Action: runGnnGen,
	}
}

func runGnnGen(c *cli.Context) error {
	if c.NArg() != 0 {
		return usageError("gnn gen: unexpected arguments %s", strings.Join(c.Args().Slice(), " "))
	}
	size, err := corpus.ParseSize(c.String("size"))
	if err != nil {
		return usageError("gnn gen: --size: %v", err)
	}
	if c.Int("count") < 1 {
		return usageError("gnn gen: --count must be at least 1")
	}
	fams := corpus.Grids()
	if s := c.String("families"); s != "" {
		fams = fams[:0]
		for _, n := range strings.Split(s, ",") {
			f, err := corpus.GridByName(strings.TrimSpace(n))
			if err != nil {
				return usageError("gnn gen: --families: %v", err)
			}
			fams = append(fams, f)
		}
	}
	spec := corpus.GenSpec{Dir: c.String("out"), Seed: c.Uint64("seed"), Count: c.Int("count"), Families: fams, Size: size, Jobs: c.Int("jobs")}
	bar := progress.New(progressWriter(c), progress.Options{Total: spec.Count * len(fams), Desc: "gen", Unit: "formulas"})
	m, err := corpus.WriteGenerated(c.Context, spec, func() { bar.Add(1) })
	bar.Finish()
	if err != nil {
		return failure("gnn gen: %v", err)
	}
	fmt.Fprintf(c.App.Writer, "wrote %d formulas of %d families to %s (manifest %s)\n", len(m.Files), len(fams), spec.Dir, corpus.GenManifestName)
	return nil
}
