package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
)

// versionLine is what `verify version` and `verify --version` print after
// the program name: the version and the SAT engines compiled in, the
// default first.
func versionLine() string {
	return fmt.Sprintf("%s (sat engines: %s; default %s)", version, strings.Join(satEngines(), ", "), defaultEngine())
}

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:      "version",
		Usage:     "print the version and the SAT engines built in",
		UsageText: "verify version",
		Description: "Prints the version and the SAT engines compiled into this binary, the\n" +
			"default (--engine) first: cadical in binaries built by 'make build' where\n" +
			"Debian's libcadical-dev is usable, gini in pure-Go builds ('go install').\n\n" +
			"Examples:\n" +
			"  verify version\n" +
			"  verify --version",
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError("version takes no arguments, got %q", c.Args().Slice())
			}
			_, err := fmt.Fprintf(c.App.Writer, "verify version %s\n", versionLine())
			return err
		},
	}
}
