package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/verify-tools/verify/internal/atomicfile"
	"github.com/verify-tools/verify/internal/pool"
)

// Config sets the limits and parallelism of a batch.
type Config struct {
	Timeout  time.Duration // wall-clock limit per run
	MemBytes uint64        // memory (address space) limit per run; 0 = none
	Jobs     int           // runs at the same time; at least 1
	// Pin binds every run to a CPU of its own (pin.go); Run fails when
	// this process may use fewer CPUs than Jobs.
	Pin bool
	// Host is recorded in every row (ThisHost when empty).
	Host Host
	// WorkDir holds the temporary output files of running solvers.
	WorkDir string
	// NormDir holds normalized copies of instances the solvers could
	// misread (default WorkDir/normalized).
	NormDir string
	// LogDir, when set, keeps stdout and stderr of runs that did not end
	// in a plain answer, unknown or timeout (crashes, wrong models, ...).
	LogDir string
}

// describe says how the runs are timed, for the log.
func (c Config) describe() string {
	s := fmt.Sprintf("%d at a time", max(1, c.Jobs))
	if c.Pin {
		s += ", each pinned to a CPU of its own"
	} else {
		s += ", not pinned"
	}
	return s + " on " + c.Host.CPUModel
}

// Run executes the pairs with cfg.Jobs workers and hands every finished
// record to sink as soon as it exists; sink is called from one goroutine
// at a time. A failing run is a record, never an error: Run returns an
// error only when sink fails or the context is cancelled, in which case
// running children are killed and their runs are not recorded.
func Run(ctx context.Context, pairs []Pair, cfg Config, sink func(Record) error) error {
	if cfg.Jobs < 1 {
		cfg.Jobs = 1
	}
	if err := os.MkdirAll(cfg.WorkDir, 0o755); err != nil {
		return fmt.Errorf("bench: work folder: %w", err)
	}
	if cfg.NormDir == "" {
		cfg.NormDir = filepath.Join(cfg.WorkDir, "normalized")
	}
	if cfg.Host == (Host{}) {
		cfg.Host = ThisHost()
	}
	var cpus cpuPool
	if cfg.Pin {
		picked, _, err := PinCPUs(cfg.Jobs)
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		cpus = newCPUPool(picked)
	}
	inp := newInputs(cfg.NormDir)
	var mu sync.Mutex // sink is called from one goroutine at a time
	return pool.ForEach(ctx, len(pairs), cfg.Jobs, func(ctx context.Context, i int) error {
		rec, err := runPair(ctx, pairs[i], cfg, inp, cpus, readFormula)
		if errors.Is(err, errInterrupted) {
			return nil // cancelled: not recorded
		}
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		return sink(rec)
	})
}

// runPair runs one solver on one instance and judges the outcome. Errors
// are failures of the harness itself (cannot create files), not of the
// solver: a solver that cannot even start is a crash record. With cpus
// (pinned batches) the child runs bound to a CPU taken from it.
func runPair(ctx context.Context, p Pair, cfg Config, inp *inputs, cpus cpuPool, load formulaLoader) (Record, error) {
	blank := Record{Instance: p.Instance.ID, Family: p.Instance.Family, Solver: p.Solver.Name,
		Answer: AnswerNone, ExitCode: -1, Verified: "-", Expected: p.Instance.Expected,
		Timeout: cfg.Timeout.Seconds(), HasCPU: true, CPUModel: cfg.Host.CPUModel, HostCPUs: cfg.Host.CPUs}
	src := inp.get(p.Instance)
	if src.err != nil {
		blank.Status, blank.Note = StatusError, "instance unreadable: "+src.err.Error()
		return blank, nil
	}
	tmp, err := os.MkdirTemp(cfg.WorkDir, "run-")
	if err != nil {
		return Record{}, fmt.Errorf("bench: %w", err)
	}
	defer os.RemoveAll(tmp)
	stdout, err := os.Create(filepath.Join(tmp, "stdout"))
	if err != nil {
		return Record{}, fmt.Errorf("bench: %w", err)
	}
	defer stdout.Close()
	stderr, err := os.Create(filepath.Join(tmp, "stderr"))
	if err != nil {
		return Record{}, fmt.Errorf("bench: %w", err)
	}
	defer stderr.Close()
	modelPath := filepath.Join(tmp, "model")
	lim := limits{Timeout: cfg.Timeout, MemBytes: cfg.MemBytes}
	argv := p.Solver.argv(src.path, p.Instance.ID, modelPath, int64(cfg.Timeout.Seconds()), int64(cfg.MemBytes>>20))

	if cpus != nil {
		lim.Bind, lim.CPU = true, <-cpus
		blank.Pinned = strconv.Itoa(lim.CPU)
	}
	ex, err := execute(ctx, argv, lim, stdout, stderr)
	if cpus != nil {
		cpus <- lim.CPU
	}
	if errors.Is(err, errInterrupted) || ctx.Err() != nil {
		return Record{}, errInterrupted
	}
	if err != nil {
		blank.Status, blank.Note = StatusCrash, err.Error()
		return blank, nil
	}
	var out output
	if out.Stdout, err = os.ReadFile(stdout.Name()); err != nil {
		return Record{}, fmt.Errorf("bench: reading solver output: %w", err)
	}
	if out.Stderr, err = os.ReadFile(stderr.Name()); err != nil {
		return Record{}, fmt.Errorf("bench: reading solver errors: %w", err)
	}
	if p.Solver.usesModelFile() {
		out.ModelFile, _ = os.ReadFile(modelPath) // absent when the solver wrote none
	}
	rec := judge(p.Instance, p.Solver, ex, out, lim, load)
	rec.CPUModel, rec.HostCPUs, rec.Pinned = blank.CPUModel, blank.HostCPUs, blank.Pinned
	if src.note != "" {
		rec.Note = strings.TrimPrefix(rec.Note+"; "+src.note, "; ")
	}
	if cfg.LogDir != "" && keepLog(rec.Status) {
		if err := saveLog(cfg.LogDir, rec, argv, out); err != nil {
			return Record{}, err
		}
	}
	return rec, nil
}

func keepLog(s Status) bool {
	return s == StatusError || s == StatusCrash || s == StatusWrong || s == StatusUnverified || s == StatusMemout
}

// saveLog keeps the output of a suspicious run as LogDir/SOLVER/INSTANCE.log.
func saveLog(dir string, r Record, argv []string, out output) error {
	name := filepath.Join(dir, r.Solver, strings.NewReplacer("/", "__", "\\", "__").Replace(r.Instance)+".log")
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return fmt.Errorf("bench: log folder: %w", err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "command: %s\nstatus: %s\nnote: %s\n\n--- stdout ---\n", strings.Join(argv, " "), r.Status, r.Note)
	b.Write(tail(out.Stdout, 1<<20))
	b.WriteString("\n--- stderr ---\n")
	b.Write(tail(out.Stderr, 1<<20))
	if out.ModelFile != nil {
		b.WriteString("\n--- model file ---\n")
		b.Write(tail(out.ModelFile, 1<<20))
	}
	return atomicfile.WriteFile(name, []byte(b.String()), 0o644)
}
