//go:build !torch

package main

import "github.com/urfave/cli/v2"

// trainCommand: training needs libtorch, so the pure-Go build has no train
// command (build it with make torch; docs/torch.md).
func trainCommand() *cli.Command { return nil }
