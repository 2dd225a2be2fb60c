//go:build !torch

package main

import "github.com/urfave/cli/v2"

// trainCommand: training needs libtorch; the pure-Go build says how to
// get a build that has it.
func trainCommand() *cli.Command {
	return missingCommand("train", "train a certifiably robust classifier (IBP)", torchHint)
}
