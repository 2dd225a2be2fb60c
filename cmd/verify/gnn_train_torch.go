//go:build torch

package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/gnn/phasetrain"
)

// gnnTrainCommand is `verify gnn train` (libtorch build only).
func gnnTrainCommand() *cli.Command {
	def := phasetrain.DefaultOptions()
	return &cli.Command{
		Name:      "train",
		Usage:     "train the phase predictor on a labelled, split corpus (libtorch)",
		UsageText: "verify gnn train --split SPLIT.json --out RUN [options]",
		Description: "Trains the NeuroBack-style phase predictor (docs/gnn.md) with class-balanced\n" +
			"BCE on backbone variables, AdamW, gradient clipping and early stopping on the\n" +
			"validation set, then tunes the seeding threshold on validation. The run folder\n" +
			"gets model.safetensors (best weights, for verify solve --gnn), last.safetensors,\n" +
			"checkpoint.safetensors (every epoch; --resume), train.jsonl, train.png and\n" +
			"summary.json (validation and test figures).\n\n" +
			"Example:\n" +
			"  verify gnn train --split testdata/external/corpus/split.json --out runs/gnn",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "labels", Usage: "labels file (default: the one the split names)"},
			&cli.StringFlag{Name: "split", Usage: "split manifest (verify gnn split)", Required: true},
			&cli.StringFlag{Name: "out", Usage: "run folder", Required: true},
			&cli.BoolFlag{Name: "resume", Usage: "continue the run in --out from its checkpoint"},
			&cli.IntFlag{Name: "epochs", Usage: "most epochs", Value: def.Epochs},
			&cli.IntFlag{Name: "batch", Usage: "formulas per step", Value: def.Batch},
			&cli.Float64Flag{Name: "lr", Usage: "AdamW learning rate", Value: def.LR},
			&cli.Float64Flag{Name: "weight-decay", Usage: "AdamW weight decay", Value: def.WeightDecay},
			&cli.Float64Flag{Name: "grad-clip", Usage: "gradient norm clip, 0 = none", Value: def.GradClip},
			&cli.IntFlag{Name: "patience", Usage: "stop after this many epochs without a better validation loss, 0 = never", Value: def.Patience},
			&cli.Float64Flag{Name: "target-precision", Usage: "accuracy the seeded phases must reach on validation; the lowest threshold reaching it is stored", Value: def.TargetPrecision},
			&cli.Uint64Flag{Name: "seed", Usage: "seed of the initial weights and the data order", Value: def.Seed},
			&cli.IntFlag{Name: "threads", Usage: "libtorch CPU threads (0: one per CPU)"},
			&cli.IntFlag{Name: "hidden", Usage: "hidden size", Value: def.Arch.Hidden},
			&cli.IntFlag{Name: "gin-layers", Usage: "relational GIN layers", Value: def.Arch.GINLayers},
			&cli.IntFlag{Name: "attn-layers", Usage: "attention blocks", Value: def.Arch.AttnLayers},
			&cli.BoolFlag{Name: "quiet", Usage: "no progress bar and no per-epoch lines"},
		},
		Action: runGNNTrain,
	}
}

func gnnTrainOptions(c *cli.Context) (phasetrain.Options, error) {
	o := phasetrain.DefaultOptions()
	o.Labels, o.Split, o.Out, o.Resume = c.String("labels"), c.String("split"), c.String("out"), c.Bool("resume")
	o.Epochs, o.Batch, o.Patience = c.Int("epochs"), c.Int("batch"), c.Int("patience")
	o.LR, o.WeightDecay, o.GradClip = c.Float64("lr"), c.Float64("weight-decay"), c.Float64("grad-clip")
	o.TargetPrecision, o.Seed, o.Threads = c.Float64("target-precision"), c.Uint64("seed"), c.Int("threads")
	o.Arch.Hidden, o.Arch.GINLayers, o.Arch.AttnLayers = c.Int("hidden"), c.Int("gin-layers"), c.Int("attn-layers")
	if !c.Bool("quiet") {
		o.Progress, o.Log = c.App.ErrWriter, c.App.ErrWriter
	}
	return o, o.Validate()
}

func runGNNTrain(c *cli.Context) error {
	if c.NArg() > 0 {
		return usageError("gnn train takes no arguments, got %q", c.Args().Slice())
	}
	o, err := gnnTrainOptions(c)
	if err != nil {
		return usageError("%v", err)
	}
	sum, err := phasetrain.Run(c.Context, o)
	if err != nil {
		if c.Context.Err() != nil {
			return fmt.Errorf("%w (the checkpoint of the last completed epoch is in %s; --resume continues)", err, o.Out)
		}
		return err
	}
	w := c.App.Writer
	fmt.Fprintf(w, "best epoch %d of %d%s; threshold %.2f (validation accuracy of seeded phases ≥ %.2f)\n",
		sum.BestEpoch, sum.Epochs, map[bool]string{true: " (early stop)"}[sum.Stopped], sum.Threshold, o.TargetPrecision)
	printEval(w, "val", sum.Val)
	if sum.Test != nil {
		printEval(w, "test", *sum.Test)
	}
	fmt.Fprintf(w, "wrote %s\n", filepath.Join(o.Out, phasetrain.FileModel))
	return nil
}

// printEval writes a set's figures at 0.5 and at the tuned threshold.
func printEval(w io.Writer, set string, ev phasetrain.Eval) {
	for _, m := range []phasetrain.Metrics{ev.Half, ev.Tuned} {
		fmt.Fprintf(w, "%-4s t=%.2f: %d formulas, %d backbone vars, accuracy %.3f, precision %.3f, recall %.3f, F1 %.3f, coverage %.3f\n",
			set, m.Threshold, ev.Formulas, m.Backbone, m.Accuracy(), m.Precision(), m.Recall(), m.F1(), m.Coverage())
	}
}
