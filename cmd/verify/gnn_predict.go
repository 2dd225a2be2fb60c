package main

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/internal/atomicfile"
	"github.com/verify-tools/verify/sat"
)

func gnnPredictCommand() *cli.Command {
	return &cli.Command{
		Name:      "predict",
		Usage:     "predict each variable's backbone phase with the phase predictor",
		UsageText: "verify gnn predict [--model FILE] [--threshold T] [--out FILE] [--phases-out FILE] CNF",
		Description: "Writes one line 'VAR PROBABILITY' per variable that occurs (the predicted\n" +
			"probability that the variable is true in the backbone), after 'c' lines with the\n" +
			"model and timing. --phases-out writes the confident predictions (p ≥ T or\n" +
			"p ≤ 1−T; T defaults to the model's tuned threshold) as a phase file for\n" +
			"'verify solve --phases'.\n\n" +
			"Examples:\n" +
			"  verify gnn predict formula.cnf > probs.txt\n" +
			"  verify gnn predict --model gnn.safetensors --phases-out seeds.txt f.cnf; verify solve --phases seeds.txt f.cnf",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "model", Usage: "phase-predictor weights (default: the embedded model)"},
			&cli.Float64Flag{Name: "threshold", Usage: "confidence for --phases-out (0 = the model's)"},
			&cli.StringFlag{Name: "out", Usage: "probabilities file (default stdout)"},
			&cli.StringFlag{Name: "phases-out", Usage: "write confident predictions as a phase file"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return cli.Exit("gnn predict: want one CNF file", 1)
			}
			m, err := loadGNN(c.String("model"))
			if err != nil {
				return cli.Exit("gnn predict: "+err.Error(), 1)
			}
			f, _, err := sat.ReadFile(c.Args().First(), sat.ReadOptions{})
			if err != nil {
				return cli.Exit(err.Error(), 1)
			}
			pr, err := predictPhases(c.Context, m, f, c.Float64("threshold"))
			if err != nil {
				return cli.Exit("gnn predict: "+err.Error(), 1)
			}
			write := func(w io.Writer) error {
				bw := bufio.NewWriter(w)
				fmt.Fprintf(bw, "c verify %s gnn predict, model hidden %d, %d GIN + %d attention layers\n",
					version, m.Config.Hidden, m.Config.GINLayers, m.Config.AttnLayers)
				fmt.Fprintf(bw, "c %d variables, inference %.3fs, %d confident at threshold %.3g\n",
					len(pr.probs), pr.took.Seconds(), len(pr.phases), pr.threshold)
				for i, v := range pr.g.Var {
					fmt.Fprintf(bw, "%d %.6f\n", v, pr.probs[i])
				}
				return bw.Flush()
			}
			if out := c.String("out"); out != "" {
				if err := atomicfile.Write(out, write); err != nil {
					return cli.Exit("gnn predict: "+err.Error(), 1)
				}
			} else if err := write(os.Stdout); err != nil {
				return cli.Exit("gnn predict: "+err.Error(), 1)
			}
			if p := c.String("phases-out"); p != "" {
				if err := writePhaseFile(p, pr.phases); err != nil {
					return cli.Exit("gnn predict: "+err.Error(), 1)
				}
			}
			return nil
		},
	}
}

// writePhaseFile writes seed literals in the --phases format.
func writePhaseFile(path string, lits []int32) error {
	var b []byte
	b = append(b, "c confident phase predictions\n"...)
	for i, l := range lits {
		b = fmt.Appendf(b, "%d", l)
		if i%20 == 19 {
			b = append(b, '\n')
		} else {
			b = append(b, ' ')
		}
	}
	b = append(b, "0\n"...)
	return atomicfile.WriteFile(path, b, 0o644)
}
