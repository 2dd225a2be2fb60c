package bench

import "fmt"

// Clock is the time a summary compares runs by.
type Clock string

// The clocks. Wall-clock time is the SAT competition's (one solver per
// core, PAR-2 on wall time); CPU time is user + system time of the solver
// process and the children it waited for, which a loaded machine inflates
// less and a multi-threaded solver more.
const (
	ClockWall Clock = "wall"
	ClockCPU  Clock = "cpu"
)

// ParseClock accepts wall and cpu; "" is wall.
func ParseClock(s string) (Clock, error) {
	switch Clock(s) {
	case "", ClockWall:
		return ClockWall, nil
	case ClockCPU:
		return ClockCPU, nil
	}
	return "", fmt.Errorf("clock %q is not wall or cpu", s)
}

// label names the clock in table headers.
func (c Clock) label() string {
	if c == ClockCPU {
		return "CPU"
	}
	return "wall"
}

// about says in words what the times of a summary are.
func (c Clock) about() string {
	if c == ClockCPU {
		return "CPU time (user+system of the solver process, --clock cpu)"
	}
	return "wall-clock time (--clock wall, as the SAT competition)"
}

// times returns recs with Time replaced by the clock's time of each run.
// For the CPU clock every row must know its CPU time; rows of files
// written before verify bench recorded it do not, and are refused.
func (c Clock) times(recs []Record) ([]Record, error) {
	if c != ClockCPU {
		return recs, nil
	}
	out := make([]Record, len(recs))
	missing, first := 0, ""
	for i, r := range recs {
		if !r.HasCPU {
			if missing == 0 {
				first = r.Solver + " on " + r.Instance
			}
			missing++
		}
		r.Time = r.CPUTime
		out[i] = r
	}
	if missing > 0 {
		return nil, fmt.Errorf("--clock cpu: %d of %d runs have no CPU time (recorded before verify bench measured it; first: %s): summarize them with --clock wall, or move their rows out of results.csv and rerun them",
			missing, len(recs), first)
	}
	return out, nil
}
