package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/sat/bench"
)

func benchCommand() *cli.Command {
	return &cli.Command{
		Name:  "bench",
		Usage: "run SAT solvers over benchmark suites and compare them (SAT-competition style)",
		UsageText: "verify bench --suite FILE|DIR ... --solver NAME[=COMMAND] ... [--timeout " + bench.DefaultTimeout + "] [--mem " + bench.DefaultMem + "] [--jobs N] [--pin[=false]] [--clock wall|cpu] --out DIR\n" +
			"verify bench report [--clock wall|cpu] DIR\n" +
			"verify bench --slurm [--partition P] [--per-task N] ... --out /shared/DIR; verify bench collect /shared/DIR",
		Description: "Runs every solver on every instance as a child process with its own wall-clock\n" +
			"and memory limit, checks every SAT model against the formula, and streams one row\n" +
			"per run into DIR/results.csv (wall and CPU time, memory, the CPU model of the\n" +
			"machine). Rerunning with the same --out skips finished pairs, so a results file\n" +
			"committed under benchmarks/results/NAME grows across sessions and machines.\n" +
			"Each run is pinned to a CPU of its own while --jobs ≤ the CPUs this process may use.\n" +
			"Writes DIR/summary.txt, DIR/summary.md, DIR/cactus.png and DIR/scatter-A-vs-B.png;\n" +
			"the pairwise table gives bootstrap 95% intervals of the geometric mean and\n" +
			"PAR-2 ratios (seed 1, so reruns print the same table).\n\n" +
			"--suite takes a manifest (*.suite: 'PATH [sat|unsat|unknown [FAMILY]]' per line),\n" +
			"a folder (every .cnf[.gz|.bz2|.xz] below it) or one DIMACS file.\n" +
			"--solver takes a preset (" + presetList() + ") or NAME=COMMAND, where COMMAND\n" +
			"uses {file} (instance), {model} (file for the model), {timeout} (seconds),\n" +
			"{mem} (MiB) and {self} (this binary). Answers are judged by 's' lines and\n" +
			"exit codes 10/20. Exit code 4 when answers disagree or a model is wrong.\n\n" +
			"Examples:\n" +
			"  verify bench --suite benchmarks/gophersat.suite --solver verify --solver cadical \\\n" +
			"      --solver 'minisat=minisat -verb=0 {file} {model}' --timeout 60s --out runs/gs\n" +
			"  verify bench --suite testdata/external/satlib/sat-uniform-20-91 --solver verify --jobs 2 --out runs/uf20\n" +
			"  verify bench report runs/gs\n" +
			"  verify bench --slurm --partition short --per-task 20 --suite benchmarks/satlib-all.suite \\\n" +
			"      --solver verify --solver cadical --timeout 5000s --mem 8GiB --out /shared/runs/satlib\n\n" +
			"With --slurm the batch is submitted as a job array (docs/slurm.md): each task runs\n" +
			"'verify bench worker' on a chunk of pairs; 'verify bench collect DIR' merges.",
		Flags: append([]cli.Flag{
			&cli.StringSliceFlag{Name: "suite", Usage: "suite manifest, folder of DIMACS files or one DIMACS file (repeatable)"},
			&cli.StringSliceFlag{Name: "solver", Usage: "preset NAME or NAME=COMMAND template (repeatable)"},
			&cli.StringFlag{Name: "split", Usage: "run only the manifest lines with split=NAME (e.g. test: the hard suites' test half)"},
			&cli.StringFlag{Name: "timeout", Usage: "wall-clock limit per run (seconds or e.g. 5000s, 10m)", Value: bench.DefaultTimeout},
			&cli.StringFlag{Name: "mem", Usage: "memory (address-space) limit per run, e.g. 8GiB; 0 = none", Value: bench.DefaultMem},
			&cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, Usage: "runs at the same time, each pinned to a CPU of its own while there are CPUs enough", Value: 1},
			&cli.BoolFlag{Name: "pin", DefaultText: "auto: pin when --jobs ≤ the CPUs this process may use, else warn",
				Usage: "bind each run to a CPU of its own; --pin refuses more jobs than CPUs, --pin=false never binds"},
			clockFlag,
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "output folder (results.csv, summaries, plots); reused to resume"},
			quietFlag,
		}, slurmFlags("instance × solver pairs")...),
		Action:      runBench,
		Subcommands: []*cli.Command{benchReportCommand(), benchWorkerCommand(), benchCollectCommand()},
	}
}

func benchReportCommand() *cli.Command {
	return &cli.Command{
		Name:      "report",
		Usage:     "redraw the summary and plots of a bench output folder from its results.csv",
		UsageText: "verify bench report [--clock wall|cpu] DIR",
		Description: "Reads DIR/results.csv and rewrites DIR/summary.txt, DIR/summary.md,\n" +
			"DIR/cactus.png and DIR/scatter-A-vs-B.png; prints the table.\n" +
			"Exit code 4 when answers disagree or a model is wrong.\n\n" +
			"Examples:\n  verify bench report runs/gs\n  verify bench report --clock cpu runs/gs",
		Flags: []cli.Flag{clockFlag},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usageError("bench report: want exactly one output folder DIR")
			}
			clock, err := clockArg(c)
			if err != nil {
				return err
			}
			sum, err := bench.Report(c.Args().First(), clock, c.App.Writer)
			if err != nil {
				return failure("bench report: %v", err)
			}
			return problemsExit(sum)
		},
	}
}

func presetList() string {
	var names []string
	for _, p := range bench.Presets() {
		names = append(names, p.Name)
	}
	return strings.Join(names, ", ")
}

func runBench(c *cli.Context) error {
	if c.NArg() > 0 {
		return usageError("bench: unexpected argument %q (suites go after --suite; see 'verify bench --help')", c.Args().First())
	}
	self, err := os.Executable()
	if err != nil {
		return failure("bench: locating this binary: %v", err)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return failure("bench: %v", err)
	}
	opts := bench.Options{
		Suites: c.StringSlice("suite"), Split: c.String("split"), Solvers: c.StringSlice("solver"), Self: self, Root: bench.FindModuleRoot(cwd),
		Timeout: c.String("timeout"), Mem: c.String("mem"), Jobs: c.Int("jobs"), Pin: pinMode(c),
		Clock: bench.Clock(c.String("clock")), Out: c.String("out"), Progress: progressWriter(c),
	}
	if c.Bool("slurm") {
		arr := arrayOptions(c)
		opts.Slurm = &arr
	}
	if err := opts.Validate(); err != nil {
		return usageError("bench: %v", err)
	}
	sum, err := bench.RunSuites(c.Context, opts, c.App.Writer, c.App.ErrWriter)
	var stopped *bench.Interrupted
	if errors.As(err, &stopped) {
		return cli.Exit("bench: "+err.Error(), exitInterrupted)
	}
	if err != nil {
		return failure("bench: %v", err)
	}
	return problemsExit(sum)
}

// clockFlag picks the time the summaries compare by.
var clockFlag = &cli.StringFlag{Name: "clock", Value: string(bench.ClockWall),
	Usage: "time of PAR-2, medians, ratios and plots: wall (the SAT competition's) or cpu (user+system of the solver)"}

// clockArg reads --clock.
func clockArg(c *cli.Context) (bench.Clock, error) {
	clock, err := bench.ParseClock(c.String("clock"))
	if err != nil {
		return "", usageError("%s: --clock: %v", c.Command.FullName(), err)
	}
	return clock, nil
}

// pinMode reads --pin: set either way, or left to the default.
func pinMode(c *cli.Context) bench.PinMode {
	switch {
	case !c.IsSet("pin"):
		return bench.PinAuto
	case c.Bool("pin"):
		return bench.PinOn
	}
	return bench.PinOff
}

// problemsExit turns flagged problems into exitFlagged.
func problemsExit(sum bench.Summary) error {
	if len(sum.Flags) == 0 {
		return nil
	}
	return cli.Exit(fmt.Sprintf("bench: %d problems flagged (disagreeing, wrong or unverified answers); see the summary", len(sum.Flags)), exitFlagged)
}
