package main

import "github.com/urfave/cli/v2"

// torchHint says how to get a binary with the torch (training) build.
const torchHint = "it needs the torch build: 'make build' links libtorch where it is usable " +
	"('make deps' installs Debian's libtorch-dev as root; docs/torch.md), and 'verify doctor' says what a binary has"

// missingCommand stands for a command this build lacks: listed in the
// help as such, it takes any flags and arguments and fails as a usage
// error saying which build has it and how to get it.
func missingCommand(name, usage, hint string) *cli.Command {
	return &cli.Command{
		Name:            name,
		Usage:           usage + " (not in this build)",
		UsageText:       "verify " + name + " ... (" + hint + ")",
		Description:     "Not in this build: " + hint + ".\n\nExample:\n  make build && bin/verify " + name + " --help",
		SkipFlagParsing: true,
		Action: func(c *cli.Context) error {
			return usageError("%s: this binary has no %q command: %s", c.Command.FullName(), name, hint)
		},
	}
}
