package main

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/ibp/bound"
	"github.com/verify-tools/verify/ibp/cert"
)

// checkCommand is `verify check`: re-derive every claim of a certificate.
func checkCommand() *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "re-verify a robustness certificate against the model and data (for CI)",
		UsageText: "verify check CERT.json --model FILE --data-dir DIR [--min-certified-acc A]",
		Description: "check recomputes every claim of a certificate written by 'verify certify' from\n" +
			"the model file and the data, without trusting its numbers: file hashes, each\n" +
			"sample's bounds (recomputed with the certificate's bound method: " + strings.Join(bound.MethodNames(), ", ") + "),\n" +
			"each adversarial example (inside the box and misclassified for certain), and\n" +
			"the summary. A certificate naming another method is refused. It exits 0 only when every claim\n" +
			"holds and the certified accuracy reaches --min-certified-acc; otherwise it\n" +
			"lists every failing claim and exits 1.\n\n" +
			"Example:\n" +
			"  verify check cert.json --model run/best.safetensors --data-dir data/mnist \\\n" +
			"      --min-certified-acc 0.85",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "model", Usage: "model file the certificate is for (required)"},
			&cli.StringFlag{Name: "data-dir", Usage: "folder with the data set files", Value: defaultDataDir},
			&cli.Float64Flag{Name: "min-certified-acc", Usage: "fail unless certified accuracy >= A (0..1; negative: no threshold)", Value: -1},
			&cli.IntFlag{Name: "jobs", Usage: "batches checked in parallel", Value: runtime.NumCPU()},
			&cli.IntFlag{Name: "batch", Usage: "samples bounded together", Value: cert.DefaultBatch},
			quietFlag,
		},
		Action: runCheck,
	}
}

func runCheck(c *cli.Context) error {
	if c.NArg() > 1 {
		return rerunFlagsFirst(c)
	}
	if c.NArg() != 1 {
		return usageError("check needs exactly one certificate file, e.g. verify check cert.json --model m.safetensors")
	}
	if !c.IsSet("model") {
		return usageError("check: --model is required")
	}
	if a := c.Float64("min-certified-acc"); a > 1 {
		return usageError("check: --min-certified-acc %v is above 1 (it is a fraction)", a)
	}
	path := c.Args().First()
	opt := cert.CheckOptions{
		ModelPath:       c.String("model"),
		DataDir:         c.String("data-dir"),
		MinCertifiedAcc: c.Float64("min-certified-acc"),
		Jobs:            c.Int("jobs"),
		Batch:           c.Int("batch"),
	}
	rep, err := cert.CheckFile(c.Context, path, opt, cert.Outputs{Progress: progressWriter(c)}, c.App.Writer, c.App.ErrWriter)
	if err != nil {
		return failure("check: %v", err)
	}
	if !rep.OK() {
		return failure("check %s: %d claim(s) failed", path, len(rep.Failures))
	}
	return nil
}

// rerunFlagsFirst supports 'verify check CERT --model FILE ...': urfave/cli
// v2 stops parsing flags at the first argument, so the command runs again
// with the flags first and the arguments last.
func rerunFlagsFirst(c *cli.Context) error {
	args := []string{c.App.Name, c.Command.Name}
	for _, f := range c.Command.Flags {
		name := f.Names()[0]
		if c.IsSet(name) {
			args = append(args, fmt.Sprintf("--%s=%v", name, c.Value(name)))
		}
	}
	rest := c.Args().Slice()
	var positional []string
	for i := 0; i < len(rest); i++ {
		if strings.HasPrefix(rest[i], "-") && len(rest[i]) > 1 {
			args = append(args, rest[i])
			if !strings.Contains(rest[i], "=") && i+1 < len(rest) && !isBoolFlag(c, strings.TrimLeft(rest[i], "-")) {
				i++
				args = append(args, rest[i])
			}
			continue
		}
		positional = append(positional, rest[i])
	}
	if len(positional) != 1 {
		return usageError("check needs exactly one certificate file, got %q", positional)
	}
	return c.App.RunContext(c.Context, append(append(args, "--"), positional...))
}

// isBoolFlag reports whether the named flag of the command takes no value.
func isBoolFlag(c *cli.Context, name string) bool {
	for _, f := range c.Command.Flags {
		for _, n := range f.Names() {
			if n == name {
				_, ok := f.(*cli.BoolFlag)
				return ok
			}
		}
	}
	return false
}
