package solve

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/verify-tools/verify/internal/lit"
	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/engine"
)

// report writes the 'c' lines of a run; Quiet drops them.
type report struct {
	w     io.Writer
	quiet bool
	late  string // the Seeder's name, for its seeds' lines
}

func (r *report) comment(format string, args ...any) {
	if !r.quiet {
		fmt.Fprintf(r.w, "c "+format+"\n", args...)
	}
}

// outcome writes what the engine did before the answer: preprocessing,
// an interruption, the seeds placed, the statistics and the proof. seeds
// are those the engine applied last.
func (r *report) outcome(ctx context.Context, opts Options, res *Result, seeds []int32) {
	if res.Preprocess != nil {
		for _, l := range res.Preprocess.Lines() {
			r.comment("%s", l)
		}
	}
	if res.Interrupted {
		// The timeout lives in the engine's own context: a cancelled
		// run context means SIGINT or SIGTERM.
		if ctx.Err() != nil {
			r.comment("interrupted by signal")
		} else {
			r.comment("timeout after %s", opts.Timeout)
		}
	}
	r.seeding(res, seeds)
	if opts.Stats || res.Interrupted {
		writeStats(r.w, res.Stats, res.ParseTime, opts.Quiet)
	}
	if p := opts.Proof; p != "" {
		if res.Status == sat.Unsat {
			r.comment("DRAT proof written to %s (check: verify proof-check %s %s)", p, opts.File, p)
		} else {
			r.comment("proof file %s holds no refutation (answer is not UNSAT)", p)
		}
	}
}

// seeding writes one line per application of the seeds and, for a SAT
// answer, how many seeds the model agrees with.
func (r *report) seeding(res *Result, seeds []int32) {
	for i, round := range res.Stats.SeedRounds {
		what := "seeds"
		if round.Late {
			what = r.late + " seeds"
		}
		if round.Inverted {
			what = "negated " + what
		}
		r.comment("phases: application %d at %s conflicts, %.3fs: %d %s, %d variables set",
			i+1, count(round.Conflicts), round.At.Seconds(), round.Seeds, what, round.Placed)
	}
	if len(seeds) == 0 {
		return
	}
	if res.Preprocess != nil {
		r.comment("phases: %d seeds dropped on variables the preprocessor fixed or eliminated; seeds on substituted variables moved to their representatives", res.PhasesDropped)
	}
	if res.Status == sat.Sat {
		res.SeedsAgree = agreeing(seeds, res.Model)
		r.comment("phases: the model agrees with %d of %d seeds (%.1f%%)",
			res.SeedsAgree, len(seeds), 100*float64(res.SeedsAgree)/float64(max(1, len(seeds))))
	}
}

// agreeing counts the seeds that model satisfies.
func agreeing(seeds []int32, model []bool) int {
	n := 0
	for _, l := range seeds {
		if v := int(lit.Var(l)); v < len(model) && model[v] == (l > 0) {
			n++
		}
	}
	return n
}

// count prints a conflict count, or n/a.
func count(n int64) string {
	if n < 0 {
		return "n/a"
	}
	return strconv.FormatInt(n, 10)
}

// writeStats writes the search statistics and the time split as 'c' lines
// (nothing when quiet).
func writeStats(w io.Writer, st engine.Stats, parse time.Duration, quiet bool) {
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

// counter prints a statistic, or n/a where the engine cannot report it.
func counter(n int64) string {
	if n < 0 {
		return "n/a (not reported by this engine)"
	}
	return strconv.FormatInt(n, 10)
}
