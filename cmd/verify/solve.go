package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/sat"
)

func solveCommand() *cli.Command {
	return &cli.Command{
		Name:      "solve",
		Usage:     "solve a DIMACS CNF formula (SAT-competition output and exit codes)",
		UsageText: "verify solve [flags] FILE|-",
		Description: "Reads a DIMACS CNF file (plain, .gz, .bz2 or .xz; '-' for stdin) and prints\n" +
			"'c' comment lines, one 's SATISFIABLE|UNSATISFIABLE|UNKNOWN' line and, for SAT,\n" +
			"'v' lines ending in 0. Exit code 10 SAT, 20 UNSAT, 0 unknown, 1 error.\n" +
			"Every model is checked against the clauses before it is printed.\n\n" +
			"Examples:\n" +
			"  verify solve testdata/external/satlib/sat-uniform-20-91/uf20-01.cnf\n" +
			"  xz -dc big.cnf.xz | verify solve --timeout 300 --stats -\n" +
			"  verify solve --phases seeds.txt --no-model formula.cnf.gz\n" +
			"  verify solve --engine cadical --proof f.drat f.cnf; verify proof-check f.cnf f.drat",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "timeout", Usage: "wall-clock limit, e.g. 300 (seconds) or 5m; 0 = none", Value: "0"},
			&cli.BoolFlag{Name: "strict", Usage: "reject clauses or variables beyond the header counts and a missing final 0"},
			&cli.StringFlag{Name: "phases", Usage: "file of signed literals giving initial phases (v ... lines accepted)"},
			&cli.BoolFlag{Name: "no-model", Usage: "omit the 'v' lines of a SAT answer"},
			&cli.BoolFlag{Name: "stats", Usage: "print search statistics and the parse/solve time split"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print only the 's' and 'v' lines"},
			&cli.StringFlag{Name: "engine", Usage: "SAT engine: " + strings.Join(sat.EngineNames(), " or ") + " (default: the first, the best in this build)"},
			&cli.BoolFlag{Name: "no-preprocess", Usage: "gini engine: skip the pure-Go preprocessor (units, equivalences, failed literals, subsumption, variable elimination)"},
			&cli.StringFlag{Name: "proof", Usage: "write a text DRAT proof of an UNSAT answer to this file (cadical engine)"},
			&cli.StringFlag{Name: "gnn", Usage: "phase-predictor weights file (default: the model embedded in this binary)"},
			&cli.BoolFlag{Name: "no-gnn", Usage: "do not predict phases: the engine's default phases"},
			&cli.Float64Flag{Name: "gnn-threshold", Usage: "seed a predicted phase when p ≥ T or p ≤ 1−T (0 = the model's tuned threshold)"},
			&cli.Uint64Flag{Name: "random-phases", Usage: "seed every variable with a random phase from this seed (the control for GNN experiments; 0 = off)"},
			&cli.IntFlag{Name: "gnn-max-literals", Usage: "skip inference above this many literals", Value: defaultGNNMaxLiterals},
		},
		Action: runSolve,
	}
}

func runSolve(c *cli.Context) error {
	if c.NArg() != 1 {
		return cli.Exit("solve: want exactly one FILE (or - for stdin); see 'verify solve --help'", 1)
	}
	timeout, err := parseTimeout(c.String("timeout"))
	if err != nil {
		return cli.Exit("solve: --timeout: "+err.Error(), 1)
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	comment := func(format string, args ...any) {
		if !c.Bool("quiet") {
			fmt.Fprintf(out, "c "+format+"\n", args...)
		}
	}
	name := c.Args().First()
	engine, err := sat.NewEngine(sat.EngineConfig{Name: c.String("engine"), Proof: c.String("proof"), NoPreprocess: c.Bool("no-preprocess")})
	if err != nil {
		return cli.Exit("solve: "+err.Error(), 1)
	}
	comment("verify %s solve, engine %s", version, engine.Name())

	t0 := time.Now()
	f, warns, err := sat.ReadFile(name, sat.ReadOptions{Strict: c.Bool("strict")})
	parseTime := time.Since(t0)
	for _, w := range warns {
		fmt.Fprintln(os.Stderr, w)
	}
	if err != nil {
		out.Flush()
		return cli.Exit(err.Error(), 1)
	}
	comment("file %s: %d variables, %d clauses, %d literals, parsed in %.3fs",
		name, f.NumVars, f.NumClauses(), f.NumLiterals(), parseTime.Seconds())
	if f.NumVars > sat.MaxVars {
		out.Flush()
		return cli.Exit(fmt.Sprintf("%s: %d variables; at most %d are supported", name, f.NumVars, sat.MaxVars), 1)
	}

	opts := sat.Options{Timeout: timeout}
	if p := c.String("phases"); p != "" {
		if opts.Phases, err = sat.ReadPhases(p); err != nil {
			return cli.Exit("solve: --phases: "+err.Error(), 1)
		}
		comment("phases: %d seed literals from %s", len(opts.Phases), p)
	}
	if seed := c.Uint64("random-phases"); seed != 0 {
		opts.Phases = mergePhases(randomPhases(f.NumVars, seed), opts.Phases)
		comment("phases: %d random phases from seed %d", f.NumVars, seed)
	}
	if !c.Bool("no-gnn") {
		predicted, err := gnnSeeds(c, c.String("gnn"), f, comment)
		if err != nil {
			return cli.Exit("solve: --gnn: "+err.Error(), 1)
		}
		opts.Phases = mergePhases(predicted, opts.Phases)
	}
	out.Flush()

	res, err := engine.Solve(c.Context, f, opts)
	if err != nil {
		var me *sat.ModelError
		if errors.As(err, &me) {
			fmt.Fprintln(out, "s UNKNOWN")
		}
		out.Flush()
		return cli.Exit("solve: "+err.Error(), 1)
	}
	if res.Preprocess != nil {
		for _, l := range res.Preprocess.Lines() {
			comment("%s", l)
		}
	}
	if res.Interrupted {
		// The timeout lives in the engine's own context: a cancelled
		// command context means SIGINT or SIGTERM.
		if c.Context.Err() != nil {
			comment("interrupted by signal")
		} else {
			comment("timeout after %s", timeout)
		}
	}
	if opts.Phases != nil {
		comment("phases: %d variables set from %d seed literals in %.3fs (with gini, seeds already fixed by unit propagation or in conflict are skipped; implied values count)",
			res.Stats.SeededVars, len(opts.Phases), res.Stats.SeedTime.Seconds())
		if res.Preprocess != nil {
			comment("phases: %d seeds dropped on variables the preprocessor fixed or eliminated; seeds on substituted variables moved to their representatives", res.PhasesDropped)
		}
	}
	if c.Bool("stats") || res.Interrupted {
		writeStats(out, res.Stats, parseTime, c.Bool("quiet"))
	}
	if p := c.String("proof"); p != "" {
		if res.Status == sat.Unsat {
			comment("DRAT proof written to %s (check: verify proof-check %s %s)", p, name, p)
		} else {
			comment("proof file %s holds no refutation (answer is not UNSAT)", p)
		}
	}
	fmt.Fprintf(out, "s %s\n", res.Status)
	if res.Status == sat.Sat && !c.Bool("no-model") {
		out.Flush()
		if err := sat.WriteModel(out, res.Model); err != nil {
			return cli.Exit("solve: writing model: "+err.Error(), 1)
		}
	}
	if err := out.Flush(); err != nil {
		return cli.Exit("solve: writing output: "+err.Error(), 1)
	}
	return exitStatus(res.Status.ExitCode())
}

// exitStatus returns nil for 0 and a silent exit error otherwise.
func exitStatus(code int) error {
	if code == 0 {
		return nil
	}
	return cli.Exit("", code)
}

func writeStats(w io.Writer, st sat.Stats, parse time.Duration, quiet bool) {
	if quiet {
		return
	}
	solve := st.SolveTime.Seconds()
	fmt.Fprintf(w, "c time: parse %.3fs, seed %.3fs, solve %.3fs\n", parse.Seconds(), st.SeedTime.Seconds(), solve)
	fmt.Fprintf(w, "c conflicts:    %s\n", counter(st.Conflicts))
	fmt.Fprintf(w, "c decisions:    %s\n", counter(st.Decisions))
	fmt.Fprintf(w, "c propagations: %s", counter(st.Propagations))
	if st.Propagations >= 0 && solve > 0 {
		fmt.Fprintf(w, " (%.0f/s)", float64(st.Propagations)/solve)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "c restarts:     %s\n", counter(st.Restarts))
}

// defaultGNNMaxLiterals bounds inference to formulas it answers in a few
// seconds on two cores (docs/gnn.md, "Size").
const defaultGNNMaxLiterals = 500_000

// gnnSeeds predicts phases with the model at path (the embedded one when
// empty) and logs what it did.
func gnnSeeds(c *cli.Context, path string, f *sat.CNF, comment func(string, ...any)) ([]int32, error) {
	if limit := c.Int("gnn-max-literals"); f.NumLiterals() > limit {
		comment("gnn: %d literals exceed --gnn-max-literals %d: inference skipped, default phases", f.NumLiterals(), limit)
		return nil, nil
	}
	m, err := loadGNN(path)
	if err != nil {
		return nil, err
	}
	pr, err := predictPhases(c.Context, m, f, c.Float64("gnn-threshold"))
	if err != nil {
		// Prediction only guides the search: solve without it.
		comment("gnn: inference failed (%v): default phases", err)
		return nil, nil
	}
	pos := 0
	for _, l := range pr.phases {
		if l > 0 {
			pos++
		}
	}
	comment("gnn: inference %.3fs on %d variables; predicted backbone size %d (%d true, %d false) at threshold %.3g, seeded",
		pr.took.Seconds(), len(pr.probs), len(pr.phases), pos, len(pr.phases)-pos, pr.threshold)
	return pr.phases, nil
}

// randomPhases gives every variable a phase drawn from seed.
func randomPhases(n int, seed uint64) []int32 {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	out := make([]int32, n)
	for v := range out {
		out[v] = int32(v + 1)
		if rng.IntN(2) == 0 {
			out[v] = -out[v]
		}
	}
	return out
}

// counter prints a statistic, or n/a where the engine cannot report it.
func counter(n int64) string {
	if n < 0 {
		return "n/a (not reported by this engine)"
	}
	return strconv.FormatInt(n, 10)
}
