package main

import (
	"fmt"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/drat"
)

func proofCheckCommand() *cli.Command {
	return &cli.Command{
		Name:      "proof-check",
		Usage:     "check a DRAT proof of unsatisfiability (forward checking, pure Go)",
		UsageText: "verify proof-check [--strict] CNF PROOF",
		Description: "Checks that PROOF (text or binary DRAT, detected from its content) refutes CNF:\n" +
			"every added lemma must be RUP or RAT on its first literal, and the empty clause\n" +
			"(or a top-level conflict) must be derived. Exit 0 with 's VERIFIED', 1 otherwise (2: usage error).\n\n" +
			"Examples:\n" +
			"  verify solve --engine cadical --proof f.drat f.cnf; verify proof-check f.cnf f.drat\n" +
			"  cadical --no-binary f.cnf f.drat; verify proof-check f.cnf f.drat",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "strict", Usage: "strict DIMACS reading of CNF"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 2 {
				return usageError("proof-check: want CNF and PROOF; see 'verify proof-check --help'")
			}
			cnfPath, proofPath := c.Args().Get(0), c.Args().Get(1)
			t0 := time.Now()
			f, _, err := sat.ReadFile(cnfPath, sat.ReadOptions{Strict: c.Bool("strict")})
			if err != nil {
				return cli.Exit(err.Error(), 1)
			}
			steps, err := drat.ReadFile(proofPath)
			if err != nil {
				return cli.Exit("proof-check: "+err.Error(), 1)
			}
			res, err := drat.Check(c.Context, f, steps, proofPath)
			if err != nil {
				fmt.Fprintln(c.App.Writer, "s NOT VERIFIED")
				return cli.Exit("proof-check: "+err.Error(), 1)
			}
			fmt.Fprintf(c.App.Writer, "c %d lemmas (%d RAT), %d deletions (%d ignored), checked in %.3fs\n",
				res.Lemmas, res.RAT, res.Deletions, res.IgnoredDeletions, time.Since(t0).Seconds())
			fmt.Fprintln(c.App.Writer, "s VERIFIED")
			return nil
		},
	}
}
