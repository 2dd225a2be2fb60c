//go:build !torch

package main

import "github.com/urfave/cli/v2"

// gnnTrainCommand: training needs libtorch; the pure-Go build says how to
// get a build that has it.
func gnnTrainCommand() *cli.Command {
	return missingCommand("gnn train", "train the phase predictor", torchHint)
}
