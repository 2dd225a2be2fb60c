package bench

import (
	"fmt"
	"os/exec"
	"regexp"
	"strings"
)

// Solver is a named command template. Placeholders in its words:
//
//	{file}     absolute path of the instance (required)
//	{id}       the instance's stable name (Instance.ID: its path relative
//	           to the module root), for files kept per instance such as
//	           the models a headroom experiment seeds
//	{model}    a fresh file the solver may write its model to
//	           (minisat's "SAT\n1 -2 ... 0" format or "v" lines)
//	{timeout}  the wall-clock limit in whole seconds
//	{mem}      the memory limit in whole MiB (0 = none)
//	{self}     this program's executable
type Solver struct {
	Name    string
	Command []string
}

// Preset is a solver known by name alone.
type Preset struct {
	Name, Command, About string
}

// Presets lists the solvers that --solver NAME knows without a command.
// The verify configurations run this binary; a new configuration of it is
// one more line here.
func Presets() []Preset {
	return []Preset{
		{"verify", "{self} solve --quiet --no-gnn {file}", "this binary's solver (its default engine), default phases"},
		{"verify-gnn", "{self} solve --quiet --gnn-phases {file}", "this binary's solver with phases predicted by the embedded GNN"},
		{"verify-random", "{self} solve --quiet --no-gnn --random-phases 1 {file}", "this binary's solver with random initial phases (the control)"},
		{"verify-sat", "{self} solve --quiet --no-gnn --config sat {file}", "this binary's CaDiCaL in its built-in sat configuration"},
		{"verify-unsat", "{self} solve --quiet --no-gnn --config unsat {file}", "this binary's CaDiCaL in its built-in unsat configuration"},
		{"verify-plain", "{self} solve --quiet --no-gnn --config plain {file}", "this binary's CaDiCaL without its internal preprocessing"},
		{"verify-guide-config", "{self} solve --quiet --no-gnn --guide-config {file}", "this binary's CaDiCaL in the configuration the configuration model chooses"},
		{"verify-random-config", "{self} solve --quiet --no-gnn --random-config 1 {file}", "this binary's CaDiCaL in a configuration drawn with the model's frequencies (the control)"},
		{"verify-gini", "{self} solve --quiet --no-gnn --engine gini {file}", "this binary's pure-Go path: the preprocessor, then gini"},
		{"verify-gini-gnn", "{self} solve --quiet --gnn-phases --engine gini {file}", "the pure-Go path with phases predicted by the embedded GNN"},
		{"verify-gini-random", "{self} solve --quiet --no-gnn --random-phases 1 --engine gini {file}", "the pure-Go path with random initial phases (the control)"},
		{"verify-gini-nopre", "{self} solve --quiet --no-gnn --engine gini --no-preprocess {file}", "gini alone, without the preprocessor"},
		{"minisat", "minisat -verb=0 {file} {model}", "MiniSat 2.2 (Debian package minisat)"},
		{"minisat-nopre", "minisat -verb=0 -no-pre {file} {model}", "MiniSat 2.2 without its SatELite preprocessor"},
		{"cadical", "cadical -q {file}", "CaDiCaL (Debian package cadical)"},
		{"kissat", "kissat -q {file}", "Kissat, when installed"},
	}
}

var solverName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._+-]*$`)

// ParseSolver reads a --solver argument: NAME=COMMAND, or NAME alone for a
// preset. self replaces {self}.
func ParseSolver(arg, self string) (Solver, error) {
	name, cmd, hasCmd := strings.Cut(arg, "=")
	name = strings.TrimSpace(name)
	if !solverName.MatchString(name) {
		return Solver{}, fmt.Errorf("solver %q: name must be letters, digits, '.', '_', '+' or '-'", arg)
	}
	if !hasCmd {
		for _, p := range Presets() {
			if p.Name == name {
				cmd = p.Command
				hasCmd = true
			}
		}
		if !hasCmd {
			return Solver{}, fmt.Errorf("solver %q: no such preset (%s); give NAME=COMMAND", name, presetNames())
		}
	}
	words, err := splitWords(cmd)
	if err != nil {
		return Solver{}, fmt.Errorf("solver %s: %w", name, err)
	}
	if len(words) == 0 {
		return Solver{}, fmt.Errorf("solver %s: empty command", name)
	}
	hasFile := false
	for i, w := range words {
		if strings.Contains(w, "{file}") {
			hasFile = true
		}
		words[i] = strings.ReplaceAll(w, "{self}", self)
		if err := checkPlaceholders(words[i]); err != nil {
			return Solver{}, fmt.Errorf("solver %s: %w", name, err)
		}
	}
	if !hasFile {
		return Solver{}, fmt.Errorf("solver %s: command %q has no {file} placeholder", name, cmd)
	}
	if _, err := exec.LookPath(words[0]); err != nil {
		return Solver{}, fmt.Errorf("solver %s: %w", name, err)
	}
	return Solver{Name: name, Command: words}, nil
}

func presetNames() string {
	var names []string
	for _, p := range Presets() {
		names = append(names, p.Name)
	}
	return strings.Join(names, ", ")
}

var placeholder = regexp.MustCompile(`\{[a-z]*\}`)

func checkPlaceholders(w string) error {
	for _, ph := range placeholder.FindAllString(w, -1) {
		switch ph {
		case "{file}", "{id}", "{model}", "{timeout}", "{mem}":
		default:
			return fmt.Errorf("unknown placeholder %s (want {file}, {id}, {model}, {timeout}, {mem} or {self})", ph)
		}
	}
	return nil
}

// argv fills in the placeholders of one run.
func (s Solver) argv(file, id, model string, timeoutSec, memMiB int64) []string {
	r := strings.NewReplacer("{file}", file, "{id}", id, "{model}", model,
		"{timeout}", fmt.Sprint(timeoutSec), "{mem}", fmt.Sprint(memMiB))
	out := make([]string, len(s.Command))
	for i, w := range s.Command {
		out[i] = r.Replace(w)
	}
	return out
}

// usesModelFile reports whether the template has a {model} placeholder.
func (s Solver) usesModelFile() bool {
	for _, w := range s.Command {
		if strings.Contains(w, "{model}") {
			return true
		}
	}
	return false
}

// splitWords splits a command at white space; single or double quotes
// keep white space inside a word (no escapes, no expansions).
func splitWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for _, c := range s {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				cur.WriteRune(c)
			}
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(c)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed %c quote in %q", quote, s)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
