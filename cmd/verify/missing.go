package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// torchHint says how to get a binary with the torch (training) build.
const torchHint = "it needs the torch build: 'make build' links libtorch where it is usable " +
	"('make deps' installs Debian's libtorch-dev as root; docs/torch.md), and 'verify doctor' says what a binary has"

// missingCommand stands for a command this build lacks: listed in the
// help as such, it takes any flags and arguments and fails as a usage
// error saying which build has it and how to get it.
// path is the command's words after "verify" ("gnn train").
func missingCommand(path, usage, hint string) *cli.Command {
	words := strings.Fields(path)
	return &cli.Command{
		Name:            words[len(words)-1],
		Usage:           usage + " (not in this build)",
		UsageText:       "verify " + path + " ... (" + hint + ")",
		Description:     "Not in this build: " + hint + ".\n\nExample:\n  make build && bin/verify " + path + " --help",
		SkipFlagParsing: true,
		Action: func(*cli.Context) error {
			return usageError("%s: this binary has no %q command: %s", path, "verify "+path, hint)
		},
	}
}
