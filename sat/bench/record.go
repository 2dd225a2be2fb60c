package bench

import "fmt"

// Status is the outcome of one solver run.
type Status string

// Outcomes of a run. Only StatusSat and StatusUnsat count as solved, and
// StatusSat always means the model was checked against the formula.
const (
	StatusSat        Status = "sat"        // SAT claimed and the model satisfies every clause
	StatusUnsat      Status = "unsat"      // UNSAT claimed (not certified)
	StatusUnknown    Status = "unknown"    // finished without an answer
	StatusTimeout    Status = "timeout"    // killed at the wall-clock limit
	StatusMemout     Status = "memout"     // ran out of memory under the limit
	StatusCrash      Status = "crash"      // died, failed, or gave contradictory answers
	StatusWrong      Status = "wrong"      // SAT claimed with a model that falsifies a clause
	StatusUnverified Status = "unverified" // SAT claimed without a complete model
	StatusError      Status = "error"      // the instance could not be read; the solver did not run
)

var knownStatuses = map[Status]bool{
	StatusSat: true, StatusUnsat: true, StatusUnknown: true, StatusTimeout: true,
	StatusMemout: true, StatusCrash: true, StatusWrong: true, StatusUnverified: true,
	StatusError: true,
}

// Answer is a satisfiability verdict: a solver's claim or a suite's
// expected answer.
type Answer string

// Verdicts; AnswerNone means no claim (or not known).
const (
	AnswerSat   Answer = "sat"
	AnswerUnsat Answer = "unsat"
	AnswerNone  Answer = "unknown"
)

// ParseAnswer accepts sat/unsat/unknown (and the SAT-competition spellings
// SATISFIABLE/UNSATISFIABLE/UNKNOWN, any case).
func ParseAnswer(s string) (Answer, error) {
	switch s {
	case "sat", "SAT", "SATISFIABLE", "satisfiable":
		return AnswerSat, nil
	case "unsat", "UNSAT", "UNSATISFIABLE", "unsatisfiable":
		return AnswerUnsat, nil
	case "unknown", "UNKNOWN", "?", "":
		return AnswerNone, nil
	}
	return AnswerNone, fmt.Errorf("answer %q is not sat, unsat or unknown", s)
}

// Record is one finished run: one row of results.csv.
type Record struct {
	Instance string  // instance ID (module-relative path when inside the module)
	Family   string  // family from the suite
	Solver   string  // solver name
	Status   Status  // outcome
	Answer   Answer  // what the solver claimed, whether or not it holds
	Time     float64 // wall-clock seconds
	MemMiB   float64 // peak resident set size in MiB
	ExitCode int     // exit code; -1 when killed by a signal
	Verified string  // "yes"/"no" for SAT claims, "-" otherwise
	Expected Answer  // the suite's expected answer
	Timeout  float64 // the wall-clock limit of this run in seconds
	Note     string  // why, for anything but a plain answer
	// CPUTime is the user+system CPU seconds of the solver process and
	// the children it waited for (rusage); valid when HasCPU, which is
	// false for rows written before verify bench recorded it.
	CPUTime float64
	HasCPU  bool
	// CPUModel and HostCPUs describe the machine of the run ("" and 0
	// when unknown: rows of older files).
	CPUModel string
	HostCPUs int
	// Pinned is the CPU the run was bound to ("3"), "" when not bound.
	Pinned string
}

// Key identifies an instance × solver pair.
type Key struct{ Instance, Solver string }

// Key returns the pair the record belongs to.
func (r Record) Key() Key { return Key{r.Instance, r.Solver} }

// Solved reports whether the run produced an answer that counts: a verified
// SAT model or an UNSAT claim.
func (r Record) Solved() bool { return r.Status == StatusSat || r.Status == StatusUnsat }
