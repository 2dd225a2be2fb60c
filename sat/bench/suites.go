package bench

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/verify-tools/verify/internal/progress"
	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/slurm"
)

// Options are one `verify bench` run: suites and solvers as given on the
// command line, the limits, and where the results go.
type Options struct {
	Suites  []string // manifests, folders of DIMACS files or single files
	Solvers []string // presets or NAME=COMMAND templates
	// Split keeps only the manifest lines with split=Split ("" keeps all).
	Split string
	// Self is the verify binary: {self} in templates and the verify
	// preset, and what SLURM tasks run.
	Self string
	// Root is the folder manifest paths are relative to (FindModuleRoot).
	Root string
	// Timeout and Mem are the per-run limits as given ("5000s", "8GiB"):
	// SLURM workers parse them again. Jobs is the runs at once.
	Timeout, Mem string
	Jobs         int
	// Pin binds each run to a CPU of its own (PinMode; the default pins
	// when there are CPUs enough).
	Pin PinMode
	// Clock is the time the summary compares by ("" is wall).
	Clock Clock
	Out   string // output folder, reused to resume
	// Slurm, when set, submits the batch as a job array instead of
	// running it here.
	Slurm *slurm.ArrayOptions
	// Progress receives the progress report (nil: none).
	Progress io.Writer
}

// Validate checks what the command line decides alone: the limits, the
// output folder, at least one suite and one solver, and every solver.
func (o Options) Validate() error {
	if _, err := o.config(); err != nil {
		return err
	}
	if o.Out == "" {
		return fmt.Errorf("--out DIR is required")
	}
	if len(o.Suites) == 0 || len(o.Solvers) == 0 {
		return fmt.Errorf("need at least one --suite and one --solver")
	}
	if _, err := ParseClock(string(o.Clock)); err != nil {
		return fmt.Errorf("--clock: %w", err)
	}
	if o.Slurm == nil { // SLURM workers decide on their node
		if _, _, err := ResolvePin(o.Pin, o.Jobs); err != nil {
			return err
		}
	}
	_, err := o.solvers()
	return err
}

func (o Options) config() (Config, error) {
	timeout, err := sat.ParseTimeout(o.Timeout)
	if err != nil {
		return Config{}, fmt.Errorf("--timeout: %w", err)
	}
	if timeout <= 0 {
		return Config{}, fmt.Errorf("--timeout must be positive (PAR-2 needs a limit)")
	}
	mem, err := ParseSize(o.Mem)
	if err != nil {
		return Config{}, fmt.Errorf("--mem: %w", err)
	}
	if o.Jobs < 1 {
		return Config{}, fmt.Errorf("--jobs must be at least 1")
	}
	return Config{Timeout: timeout, MemBytes: mem, Jobs: o.Jobs}, nil
}

func (o Options) solvers() ([]Solver, error) {
	var solvers []Solver
	for _, arg := range o.Solvers {
		s, err := ParseSolver(arg, o.Self)
		if err != nil {
			return nil, fmt.Errorf("--solver: %w", err)
		}
		solvers = append(solvers, s)
	}
	return solvers, nil
}

// Interrupted is the error of a run stopped by its context: the finished
// runs are in Out/results.csv and the same command resumes.
type Interrupted struct{ Out string }

func (e *Interrupted) Error() string {
	return "interrupted; finished runs are in " + e.Out + "/results.csv, rerun the same command to resume"
}

func (e *Interrupted) Unwrap() error { return context.Canceled }

// RunSuites runs (or, with Slurm, submits) every solver on every instance
// of the suites that Out does not hold yet, then writes the summary and
// plots into Out and the table to out; log gets warnings and what is done.
// The summary's Flags are the problems found. A cancelled ctx gives an
// *Interrupted error after reporting what is there.
func RunSuites(ctx context.Context, opts Options, out, log io.Writer) (Summary, error) {
	if err := opts.Validate(); err != nil {
		return Summary{}, err
	}
	cfg, _ := opts.config()
	solvers, _ := opts.solvers()
	clock, _ := ParseClock(string(opts.Clock))
	insts, err := LoadSplit(opts.Suites, opts.Split, opts.Root)
	if err != nil {
		return Summary{}, err
	}
	b, err := PlanBatch(insts, solvers, cfg, opts.Out)
	if err != nil {
		return Summary{}, err
	}
	for _, w := range []string{b.LimitMismatch(), b.HostMismatch()} {
		if w != "" {
			fmt.Fprintln(log, "bench: warning:", w)
		}
	}
	if opts.Slurm != nil {
		plan := SlurmPlan{Suites: opts.Suites, Split: opts.Split, Solvers: opts.Solvers, Self: opts.Self,
			Root: opts.Root, Timeout: opts.Timeout, Mem: opts.Mem, Jobs: opts.Jobs, Pin: opts.Pin}
		if err := SubmitSlurm(ctx, b, plan, *opts.Slurm, out); err != nil {
			return Summary{}, fmt.Errorf("--slurm: %w", err)
		}
		return Summary{}, nil
	}
	pin, warning, err := ResolvePin(opts.Pin, cfg.Jobs)
	if err != nil {
		return Summary{}, err
	}
	if warning != "" {
		fmt.Fprintln(log, "bench: warning:", warning)
	}
	b.Config.Pin = pin
	fmt.Fprintf(log, "bench: %d instances × %d solvers; %d runs to do, %d already in %s; %s\n",
		len(insts), len(solvers), len(b.Pending), len(insts)*len(solvers)-len(b.Pending), opts.Out, b.Config.describe())
	var bar *progress.Reporter
	if len(b.Pending) > 0 {
		bar = progress.New(opts.Progress, progress.Options{Total: len(b.Pending), Desc: "bench", Unit: "runs"})
	}
	runErr := b.Run(ctx, func(r Record) {
		bar.Note(r.Solver + " " + string(r.Status))
		bar.Add(1)
	})
	bar.Finish()
	interrupted := errors.Is(runErr, context.Canceled)
	if runErr != nil && !interrupted {
		return Summary{}, runErr
	}
	sum, err := Report(opts.Out, clock, out)
	if interrupted {
		if err != nil {
			fmt.Fprintln(log, "bench:", err)
		}
		return sum, &Interrupted{Out: opts.Out}
	}
	if err != nil {
		return sum, err
	}
	fmt.Fprintf(log, "bench: results, summary and plots in %s\n", opts.Out)
	return sum, nil
}

// The limits of a run unless told: the SAT competition's wall-clock limit
// and a memory limit most cluster nodes give.
const (
	DefaultTimeout = "5000s"
	DefaultMem     = "8GiB"
)
