package main

import (
	"github.com/urfave/cli/v2"

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
			if _, err := drat.CheckFiles(c.Context, c.Args().Get(0), c.Args().Get(1), c.Bool("strict"), c.App.Writer); err != nil {
				return failure("proof-check: %v", err)
			}
			return nil
		},
	}
}
