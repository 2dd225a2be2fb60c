package main

import (
	"io"

	"github.com/urfave/cli/v2"
)

// quietFlag turns progress reports off.
var quietFlag = &cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress output"}

// progressWriter is where a command's progress goes: the error stream (a bar
// on a terminal, a plain line every 10 % or 30 s elsewhere; see
// internal/progress), or nowhere with --quiet.
func progressWriter(c *cli.Context) io.Writer {
	if c.Bool("quiet") {
		return nil
	}
	return c.App.ErrWriter
}
