//go:build !torch

package main

import "github.com/urfave/cli/v2"

// gnnTrainCommand: training needs libtorch, so the pure-Go build has no
// `gnn train` (build it with make torch; docs/torch.md).
func gnnTrainCommand() *cli.Command { return nil }
