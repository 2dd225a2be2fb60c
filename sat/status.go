package sat

// Status is a solver answer.
type Status int

// Answers, numbered as gini and most solvers' APIs do.
const (
	Unknown Status = 0
	Sat     Status = 1
	Unsat   Status = -1
)

// String gives the SAT-competition spelling.
func (s Status) String() string {
	switch s {
	case Sat:
		return "SATISFIABLE"
	case Unsat:
		return "UNSATISFIABLE"
	}
	return "UNKNOWN"
}

// ExitCode is the SAT-competition exit code: 10 SAT, 20 UNSAT, 0 unknown.
func (s Status) ExitCode() int {
	switch s {
	case Sat:
		return 10
	case Unsat:
		return 20
	}
	return 0
}
