package main

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/ibp/bound"
	"github.com/verify-tools/verify/ibp/cert"
)

// defaultDataDir is where certify and check look for the data set unless
// told (--data-dir): the folder `make data` fills.
const defaultDataDir = "data/mnist"

// certifyCommand is `verify certify`: sound per-sample robustness
// certificates for a trained model.
func certifyCommand() *cli.Command {
	return &cli.Command{
		Name:  "certify",
		Usage: "certify per-sample l-infinity robustness of a model and write a certificate",
		UsageText: "verify certify --model FILE [--dataset mnist|cifar10] --data-dir DIR --eps E [--limit N] [--method " +
			strings.Join(bound.MethodNames(), "|") + "] [--attack pgd|none] --out cert.json",
		Description: "For each test sample, certify decides: certified (sound bounds prove every margin\n" +
			"z_label - z_j > 0 on the eps-box, clipped to [0,1]), attacked (a point in the box\n" +
			"that is misclassified for certain, recorded in the certificate: the clean point\n" +
			"itself when it is misclassified, also with --attack none, else one found by PGD),\n" +
			"or unknown.\n" +
			"The bounds are sound in floating point. Re-check the result with 'verify check'.\n\n" +
			"Bound methods (--method):\n" + methodHelp() + "\n" +
			"Example:\n" +
			"  verify certify --model run/best.safetensors --data-dir data/mnist --eps 0.1 \\\n" +
			"      --limit 1000 --method crown --out cert.json --plot margins.png",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "model", Usage: "model file (safetensors written by verify train)", Required: true},
			&cli.StringFlag{Name: "dataset", Usage: "mnist or cifar10 (default: the model's)"},
			&cli.StringFlag{Name: "data-dir", Usage: "folder with the data set files", Value: defaultDataDir},
			&cli.Float64Flag{Name: "eps", Usage: "l-infinity radius in pixel space ([0,1] scale)", Required: true},
			&cli.IntFlag{Name: "limit", Usage: "certify the first N test samples (0: all)"},
			&cli.StringFlag{Name: "method", Usage: "bound method: " + strings.Join(bound.MethodNames(), ", ") + " (listed above)", Value: string(bound.MethodIBP)},
			&cli.StringFlag{Name: "deployed", Usage: "float32: certify every float32 evaluation of the network (any summation order, FMA or not) instead of exact real arithmetic; ibp only (docs/certificates.md)"},
			&cli.StringFlag{Name: "attack", Usage: "pgd or none: search uncertified samples for adversarial examples with PGD (the clean point is always checked)", Value: cert.AttackPGD},
			&cli.IntFlag{Name: "pgd-steps", Usage: "PGD steps per restart", Value: bound.DefaultAttackOptions().Steps},
			&cli.IntFlag{Name: "pgd-restarts", Usage: "PGD random restarts", Value: bound.DefaultAttackOptions().Restarts},
			&cli.Uint64Flag{Name: "seed", Usage: "seed of the PGD random starts", Value: 1},
			&cli.StringFlag{Name: "out", Usage: "certificate file to write (JSON)", Required: true},
			&cli.IntFlag{Name: "jobs", Usage: "batches certified in parallel", Value: runtime.NumCPU()},
			&cli.IntFlag{Name: "batch", Usage: "samples bounded together (results do not depend on it)", Value: cert.DefaultBatch},
			&cli.StringFlag{Name: "checkpoint", Usage: "progress file written every 30 s and on interrupt (default: OUT.partial)"},
			&cli.BoolFlag{Name: "resume", Usage: "continue from the checkpoint of an interrupted run with the same settings"},
			&cli.StringFlag{Name: "plot", Usage: "also write a PNG of the per-sample margin lower bounds"},
			quietFlag,
		},
		Action: runCertify,
	}
}

// methodHelp lists the bound methods with their help, one per line.
func methodHelp() string {
	var b strings.Builder
	for _, mi := range bound.Methods() {
		fmt.Fprintf(&b, "  %-10s %s\n", mi.Method, mi.Help)
	}
	return b.String()
}

func runCertify(c *cli.Context) error {
	if c.NArg() > 0 {
		return usageError("certify takes no arguments, got %q", c.Args().Slice())
	}
	ao := bound.DefaultAttackOptions()
	ao.Steps, ao.Restarts = c.Int("pgd-steps"), c.Int("pgd-restarts")
	if ao.Steps < 1 || ao.Restarts < 1 {
		return usageError("certify: --pgd-steps and --pgd-restarts must be >= 1")
	}
	if c.Int("limit") < 0 {
		return usageError("certify: --limit must be >= 0")
	}
	method, err := bound.ParseMethod(c.String("method"))
	if err != nil {
		return usageError("certify: --method: %v", err)
	}
	claim := bound.ClaimReal
	switch d := c.String("deployed"); d {
	case "":
	case "float32":
		claim = bound.ClaimDeployed32
	default:
		return usageError("certify: --deployed %q: the only deployed arithmetic is float32", d)
	}
	if err := bound.CheckMethod(claim, method); err != nil {
		return usageError("certify: --deployed float32: %v", err)
	}
	cfg := cert.Config{
		ModelPath:     c.String("model"),
		DataDir:       c.String("data-dir"),
		Dataset:       c.String("dataset"),
		Eps:           c.Float64("eps"),
		Limit:         c.Int("limit"),
		Method:        method,
		Claim:         claim,
		Crown:         bound.DefaultCrownOptions(),
		Attack:        c.String("attack"),
		AttackOptions: ao,
		Seed:          c.Uint64("seed"),
		Jobs:          c.Int("jobs"),
		Batch:         c.Int("batch"),
		ToolVersion:   version,
		Checkpoint:    c.String("checkpoint"),
		Resume:        c.Bool("resume"),
		OnCheckpointError: func(err error) {
			fmt.Fprintln(c.App.ErrWriter, "verify certify: warning:", err)
		},
	}
	o := cert.Outputs{Out: c.String("out"), Plot: c.String("plot"), Progress: progressWriter(c)}
	if _, err := cert.Run(c.Context, cfg, o, c.App.Writer); err != nil {
		return failure("certify: %v", err)
	}
	return nil
}
