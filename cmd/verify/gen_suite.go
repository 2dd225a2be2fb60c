package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/sat/gen"
)

func genSuiteCommand() *cli.Command {
	return &cli.Command{
		Name:      "suite",
		Usage:     "regenerate every generated instance of suite manifests and check every file's SHA-256",
		UsageText: "verify gen suite MANIFEST.suite ...",
		Description: "For each manifest line whose source is a 'verify gen' command, generates the\n" +
			"instance into its PATH (relative to the module root) and checks its SHA-256\n" +
			"against the line's sha256; every other line's file (e.g. under ../shared/data)\n" +
			"must exist with the recorded SHA-256. Exit 1 on any difference.\n\n" +
			"Example (make hard-corpus):\n" +
			"  verify gen suite benchmarks/sat-hard.suite benchmarks/sat-hard-quick.suite",
		Action: runGenSuite,
	}
}

func runGenSuite(c *cli.Context) error {
	if c.NArg() == 0 {
		return usageError("gen suite: want one or more manifests")
	}
	var generated, checked int
	for _, name := range c.Args().Slice() {
		g, k, err := gen.RegenerateSuite(name)
		if err != nil {
			return failure("gen suite: %v", err)
		}
		generated += g
		checked += k
	}
	fmt.Fprintf(c.App.Writer, "%d instances generated, %d files checked, every SHA-256 as recorded\n", generated, checked)
	return nil
}
