package bench

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/verify-tools/verify/sat"
)

// output is what a finished run left behind.
type output struct {
	Stdout, Stderr []byte
	ModelFile      []byte // contents of {model}, nil when unused or absent
}

// claim reads a solver's verdict: the last "s" line, else minisat's
// result file ("SAT"/"UNSAT"/"INDET"), else minisat's bare
// SATISFIABLE/UNSATISFIABLE line. found is false when there is none.
func claim(out output) (ans Answer, found bool, err error) {
	if line, ok := lastLine(out.Stdout, "s "); ok {
		word := strings.TrimSpace(strings.TrimPrefix(line, "s "))
		switch word {
		case "SATISFIABLE":
			return AnswerSat, true, nil
		case "UNSATISFIABLE":
			return AnswerUnsat, true, nil
		case "UNKNOWN", "INDETERMINATE":
			return AnswerNone, true, nil
		}
		return AnswerNone, false, fmt.Errorf("unreadable answer line %q", line)
	}
	if first, _, _ := bytes.Cut(out.ModelFile, []byte("\n")); len(first) > 0 {
		switch strings.TrimSpace(string(first)) {
		case "SAT":
			return AnswerSat, true, nil
		case "UNSAT":
			return AnswerUnsat, true, nil
		case "INDET":
			return AnswerNone, true, nil
		}
	}
	ans = AnswerNone
	for _, l := range bytes.Split(out.Stdout, []byte("\n")) {
		switch string(bytes.TrimSpace(l)) {
		case "SATISFIABLE":
			ans, found = AnswerSat, true
		case "UNSATISFIABLE":
			ans, found = AnswerUnsat, true
		case "INDETERMINATE":
			ans, found = AnswerNone, true
		}
	}
	return ans, found, nil
}

// lastLine returns the last line of data starting with prefix.
func lastLine(data []byte, prefix string) (string, bool) {
	var last []byte
	found := false
	for _, l := range bytes.Split(data, []byte("\n")) {
		if bytes.HasPrefix(l, []byte(prefix)) {
			last, found = l, true
		}
	}
	return strings.TrimRight(string(last), "\r"), found
}

// model finds a complete model: "v" lines on stdout, else the model file
// ("v" lines, or minisat's "SAT" line followed by literals ending in 0).
func model(out output, numVars int) ([]bool, bool) {
	if m, ok := sat.ParseModel(out.Stdout, numVars); ok {
		return m, true
	}
	if len(out.ModelFile) == 0 {
		return nil, false
	}
	return sat.ParseModel(out.ModelFile, numVars)
}

// memoryWords are the messages of programs that ran out of memory.
var memoryWords = []string{"out of memory", "memory exhausted", "bad_alloc",
	"cannot allocate memory", "memory limit", "outofmemory", "failed to allocate"}

func mentionsMemory(out output) bool {
	text := strings.ToLower(string(tail(out.Stderr, 8192)) + string(tail(out.Stdout, 8192)))
	for _, w := range memoryWords {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// formulaLoader reads an instance's formula when a model must be checked.
type formulaLoader func(path string) (*sat.CNF, error)

func readFormula(path string) (*sat.CNF, error) {
	f, _, err := sat.ReadFile(path, sat.ReadOptions{})
	return f, err
}

// judge turns a finished run into a record: status, claimed answer and,
// for SAT claims, the model check against the formula.
func judge(in Instance, s Solver, ex execution, out output, lim limits, load formulaLoader) Record {
	r := Record{Instance: in.ID, Family: in.Family, Solver: s.Name, Answer: AnswerNone,
		Time: ex.Wall.Seconds(), CPUTime: ex.CPU.Seconds(), HasCPU: true, MemMiB: float64(ex.MaxRSSBytes) / (1 << 20),
		ExitCode: ex.ExitCode, Verified: "-", Expected: in.Expected, Timeout: lim.Timeout.Seconds()}
	if ex.TimedOut {
		r.Status, r.Note = StatusTimeout, fmt.Sprintf("killed after %s", lim.Timeout)
		return r
	}
	ans, found, err := claim(out)
	if err != nil {
		r.Status, r.Note = StatusCrash, err.Error()
		return r
	}
	if !found {
		switch ex.ExitCode {
		case 10:
			ans, found = AnswerSat, true
		case 20:
			ans, found = AnswerUnsat, true
		}
	}
	if found && ans != AnswerNone {
		if (ans == AnswerSat && ex.ExitCode != 10) || (ans == AnswerUnsat && ex.ExitCode != 20) {
			r.Answer, r.Status = ans, StatusCrash
			r.Note = fmt.Sprintf("answer %s with exit code %d%s", ans, ex.ExitCode, signalNote(ex))
			return r
		}
		r.Answer = ans
		if ans == AnswerUnsat {
			r.Status = StatusUnsat
			return r
		}
		return checkSat(r, in, out, load)
	}
	switch {
	case mentionsMemory(out) || (lim.MemBytes > 0 && ex.MaxRSSBytes >= int64(lim.MemBytes)*9/10):
		r.Status, r.Note = StatusMemout, "out of memory"+signalNote(ex)
	case ex.Signal != 0:
		r.Status, r.Note = StatusCrash, signalNote(ex)[2:]
	case ex.ExitCode != 0:
		r.Status, r.Note = StatusCrash, fmt.Sprintf("exit code %d without an answer", ex.ExitCode)
	default:
		r.Status = StatusUnknown
	}
	if r.Note != "" {
		if msg := lastMessage(out.Stderr); msg != "" {
			r.Note += ": " + msg
		}
	}
	return r
}

func signalNote(ex execution) string {
	if ex.Signal == 0 {
		return ""
	}
	return fmt.Sprintf(", killed by signal %d (%s)", int(ex.Signal), ex.Signal)
}

// lastMessage is the last non-empty line of stderr, shortened.
func lastMessage(stderr []byte) string {
	lines := strings.Split(strings.TrimSpace(string(tail(stderr, 4096))), "\n")
	msg := strings.TrimSpace(lines[len(lines)-1])
	if len(msg) > 160 {
		msg = msg[:160] + "..."
	}
	return msg
}

func checkSat(r Record, in Instance, out output, load formulaLoader) Record {
	f, err := load(in.Path)
	if err != nil {
		r.Status, r.Verified = StatusUnverified, "no"
		r.Note = "cannot read the formula to check the model: " + err.Error()
		return r
	}
	m, ok := model(out, f.NumVars)
	if !ok {
		r.Status, r.Verified, r.Note = StatusUnverified, "no", "SAT claimed without a complete model"
		return r
	}
	if err := sat.CheckModel(f, m); err != nil {
		r.Status, r.Verified = StatusWrong, "no"
		r.Note = "model " + strings.TrimPrefix(err.Error(), "internal error: model ")
		return r
	}
	r.Status, r.Verified = StatusSat, "yes"
	return r
}
