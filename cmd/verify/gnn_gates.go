package main

import (
	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/gnn/guide"
)

// gateFlags are the phase predictor's threshold and gates, shared by
// `verify solve` (prefix "gnn-") and `verify gnn predict` (no prefix), so
// both say the same of what gets seeded.
func gateFlags(prefix string) []cli.Flag {
	return []cli.Flag{
		&cli.Float64Flag{Name: prefix + "threshold", Usage: "seed a predicted phase when p ≥ T or p ≤ 1−T (0 = the model's tuned threshold)"},
		&cli.BoolFlag{Name: prefix + "keep-inconsistent", Usage: "seed the predicted phases even when they falsify a clause (by default such predictions are dropped)"},
		&cli.BoolFlag{Name: prefix + "uniform", Usage: "predict phases also when every clause has the same length k ≥ 3 (uniform random k-SAT; skipped by default: seeding lost there)"},
		&cli.BoolFlag{Name: prefix + "keep-unconfident", Usage: "seed the predicted phases even when under 1% of the variables reach confidence 0.9 (by default such predictions are dropped)"},
		&cli.IntFlag{Name: prefix + "max-literals", Usage: "skip inference above this many literals (0 = the default)", Value: guide.DefaultMaxLiterals},
	}
}

// gateOptions reads gateFlags(prefix) and the weights file model.
func gateOptions(c *cli.Context, prefix, model string) guide.Options {
	return guide.Options{
		Model:            model,
		Threshold:        c.Float64(prefix + "threshold"),
		KeepInconsistent: c.Bool(prefix + "keep-inconsistent"),
		Uniform:          c.Bool(prefix + "uniform"),
		KeepUnconfident:  c.Bool(prefix + "keep-unconfident"),
		MaxLiterals:      c.Int(prefix + "max-literals"),
	}
}
