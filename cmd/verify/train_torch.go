//go:build torch

package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/ibp/certtrain"
	"github.com/verify-tools/verify/ibp/network"
)

// trainCommand is `verify train` (libtorch build only): fast IBP certified
// training, Shi et al. 2021 (docs/training.md).
func trainCommand() *cli.Command {
	// The defaults live in certtrain.Defaults; the help shows them.
	mnist, _ := certtrain.Defaults("mnist")
	cifar, _ := certtrain.Defaults("cifar10")
	both := func(f func(certtrain.Config) string) string { return f(mnist) + " mnist, " + f(cifar) + " cifar10" }
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }
	return &cli.Command{
		Name:      "train",
		Usage:     "train a certifiably robust classifier with fast IBP training (Shi et al. 2021)",
		UsageText: "verify train --dataset mnist|cifar10 --data-dir DIR --out RUN [--arch cnn7|smallcnn|mlp] [--eps E] [options]",
		Description: "Trains with interval bound propagation: IBP initialisation, full BatchNorm, the\n" +
			"warm-up regularisers and the smoothed eps schedule. Unset options take the paper's\n" +
			"values for the data set (docs/training.md). The run folder gets model.safetensors,\n" +
			"best.safetensors (lowest IBP-verified test error), checkpoint, train.jsonl and train.png.\n\n" +
			"Example (small CNN on MNIST, minutes on a CPU):\n" +
			"  verify train --dataset mnist --data-dir data/mnist --arch smallcnn --eps 0.1 \\\n" +
			"      --epochs 10 --eps-length 5 --out runs/small",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "dataset", Usage: "mnist or cifar10", Value: "mnist"},
			&cli.StringFlag{Name: "data-dir", Usage: "folder with the data set files", DefaultText: "data/DATASET"},
			&cli.StringFlag{Name: "out", Usage: "run folder", Required: true},
			&cli.BoolFlag{Name: "resume", Usage: "continue the run in --out from its checkpoint (its settings; --epochs may grow)"},
			&cli.StringFlag{Name: "arch", Usage: fmt.Sprintf("architecture, one of %v", network.Architectures()), Value: mnist.Arch},
			&cli.BoolFlag{Name: "no-bn", Usage: "no BatchNorm layers (ablation)"},
			&cli.StringFlag{Name: "init", Usage: "ibp or default (PyTorch's)", Value: mnist.Init},
			&cli.Float64Flag{Name: "eps", Usage: "target eps in pixel space", DefaultText: both(func(c certtrain.Config) string { return g(c.Eps) })},
			&cli.IntFlag{Name: "eps-start", Usage: "first epoch with eps > 0", DefaultText: both(func(c certtrain.Config) string { return strconv.Itoa(c.EpsStart) })},
			&cli.IntFlag{Name: "eps-length", Usage: "epochs of the eps ramp", DefaultText: both(func(c certtrain.Config) string { return strconv.Itoa(c.EpsLength) })},
			&cli.Float64Flag{Name: "reg-lambda", Usage: "lambda0 of the warm-up regularisers, 0 turns them off", Value: mnist.RegLambda},
			&cli.Float64Flag{Name: "reg-tol", Usage: "tau of the warm-up regularisers", Value: mnist.RegTol},
			&cli.Float64Flag{Name: "lr", Usage: "Adam learning rate", Value: mnist.LR},
			&cli.IntSliceFlag{Name: "lr-milestones", Usage: "epochs after which lr is multiplied by --lr-decay", DefaultText: both(func(c certtrain.Config) string {
				return strings.Trim(strings.Join(strings.Fields(fmt.Sprint(c.LRMilestones)), ","), "[]")
			})},
			&cli.Float64Flag{Name: "lr-decay", Usage: "lr factor at each milestone", Value: mnist.LRDecay},
			&cli.Float64Flag{Name: "grad-clip", Usage: "gradient norm clip, 0 = none", Value: mnist.GradClip},
			&cli.IntFlag{Name: "epochs", Usage: "epochs", DefaultText: both(func(c certtrain.Config) string { return strconv.Itoa(c.Epochs) })},
			&cli.IntFlag{Name: "batch", Usage: "batch size", DefaultText: both(func(c certtrain.Config) string { return strconv.Itoa(c.Batch) })},
			&cli.BoolFlag{Name: "no-augment", Usage: "no random crop and flip (cifar10)"},
			&cli.Uint64Flag{Name: "seed", Usage: "seed of the init, the data order and the augmentation", Value: mnist.Seed},
			&cli.StringFlag{Name: "device", Usage: "auto, cpu or cuda", Value: mnist.Device},
			&cli.IntFlag{Name: "threads", Usage: "libtorch CPU threads (0: one per CPU)"},
			&cli.IntFlag{Name: "limit-train", Usage: "train on the first N training samples (0: all)"},
			&cli.IntFlag{Name: "limit-test", Usage: "evaluate on the first N test samples (0: all)"},
			&cli.IntFlag{Name: "holdout", Usage: "train on all but the last N training samples and evaluate on those, not the test set (a development split for tuning; 0: the test set)"},
			&cli.BoolFlag{Name: "precise-bn", Usage: "after every epoch, set each BN layer's running mean and variance to the training set's population statistics (clean inputs; CTBench)"},
			&cli.Float64Flag{Name: "robust-weight", Usage: "kappa: loss = kappa*robust + (1-kappa)*clean cross-entropy (CTBench uses 0.7 on MNIST)", Value: 1},
			&cli.Float64Flag{Name: "train-eps-factor", Usage: "training eps = factor * --eps (evaluation stays at --eps)", Value: 1},
			&cli.Float64Flag{Name: "l1", Usage: "L1 penalty on every conv and linear weight (e.g. 2e-6; 0: none)", Value: mnist.L1},
			quietFlag,
		},
		Action: runTrain,
	}
}

// trainConfig builds the run's configuration: the paper's defaults for the
// data set, overridden by the flags that are set.
func trainConfig(c *cli.Context) (certtrain.Config, error) {
	cfg, err := certtrain.Defaults(c.String("dataset"))
	if err != nil {
		return cfg, err
	}
	cfg.DataDir = c.String("data-dir")
	if cfg.DataDir == "" {
		cfg.DataDir = filepath.Join("data", cfg.Dataset)
	}
	cfg.Out, cfg.Resume = c.String("out"), c.Bool("resume")
	cfg.Arch, cfg.BN, cfg.Init = c.String("arch"), !c.Bool("no-bn"), c.String("init")
	cfg.RegLambda, cfg.RegTol = c.Float64("reg-lambda"), c.Float64("reg-tol")
	cfg.LR, cfg.LRDecay, cfg.GradClip = c.Float64("lr"), c.Float64("lr-decay"), c.Float64("grad-clip")
	cfg.Seed, cfg.Device, cfg.Threads = c.Uint64("seed"), c.String("device"), c.Int("threads")
	cfg.LimitTrain, cfg.LimitTest, cfg.Holdout = c.Int("limit-train"), c.Int("limit-test"), c.Int("holdout")
	cfg.PreciseBN = c.Bool("precise-bn")
	cfg.SetRobustWeight(c.Float64("robust-weight"))
	cfg.TrainEpsFactor, cfg.L1 = c.Float64("train-eps-factor"), c.Float64("l1")
	if c.IsSet("eps") {
		cfg.Eps = c.Float64("eps")
	}
	if c.IsSet("eps-start") {
		cfg.EpsStart = c.Int("eps-start")
	}
	if c.IsSet("eps-length") {
		cfg.EpsLength = c.Int("eps-length")
	}
	if c.IsSet("lr-milestones") {
		cfg.LRMilestones = c.IntSlice("lr-milestones")
	}
	if c.IsSet("epochs") {
		cfg.Epochs = c.Int("epochs")
	} else if cfg.Resume {
		cfg.Epochs = 0 // the checkpoint's, not the data set's default
	}
	if c.IsSet("batch") {
		cfg.Batch = c.Int("batch")
	}
	if c.Bool("no-augment") {
		cfg.Augment = false
	}
	cfg.Progress = progressWriter(c)
	return cfg, cfg.Validate()
}

func runTrain(c *cli.Context) error {
	if c.NArg() > 0 {
		return usageError("train takes no arguments, got %q", c.Args().Slice())
	}
	cfg, err := trainConfig(c)
	if err != nil {
		return usageError("%v", err)
	}
	sum, err := certtrain.Run(c.Context, cfg)
	if sum != nil && len(sum.Records) > 0 {
		last := sum.Records[len(sum.Records)-1]
		fmt.Fprintf(c.App.Writer, "epoch %d: clean error %.2f%%, IBP-verified error %.2f%% at eps %g (%d %s samples); best verified %.2f%% (epoch %d); %s, %d threads\n",
			last.Epoch, 100*last.CleanErr, 100*last.VerifiedEr, last.TestEps, last.TestN, last.EvalName(), 100*sum.BestErr, sum.BestEpoch, sum.Device, sum.Threads)
	}
	if err != nil {
		var nan *certtrain.NaNError
		if errors.As(err, &nan) {
			return cli.Exit(err.Error(), exitIncomplete)
		}
		return err
	}
	fmt.Fprintf(c.App.Writer, "wrote %s\n", filepath.Join(cfg.Out, certtrain.FileModel))
	return nil
}
