package main

import "github.com/urfave/cli/v2"

// available drops the commands this build does not have (nil), such as
// train in the pure-Go build.
func available(cmds ...*cli.Command) []*cli.Command {
	out := cmds[:0:0]
	for _, c := range cmds {
		if c != nil {
			out = append(out, c)
		}
	}
	return out
}
