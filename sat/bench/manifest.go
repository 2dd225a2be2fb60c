package bench

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// Provenance is what a suite manifest line may say about an instance
// beyond its path, answer and family (docs/formats.md, "Suite manifests").
type Provenance struct {
	// Group is the generator group: instances of one group share their
	// generator settings and stay on one side of a dev/test split.
	Group string
	// Split is "dev" or "test" ("" when the suite is not split).
	Split string
	// How says how the expected answer was established: model-checked,
	// unsat:SOLVER+SOLVER, unsat:construction+SOLVER or
	// drat:verify-proof-check.
	How string
	// Source is the file's origin: a path under ../shared/data or the
	// 'verify gen' command that makes it.
	Source string
	// SHA256 is the hex SHA-256 of the file's bytes as stored.
	SHA256 string
	// CPU is the CPU time (user+sys, seconds) CaDiCaL took when the
	// instance was screened; 0 when not recorded.
	CPU float64
}

// Entry is one line of a manifest as written, before its path is looked
// up.
type Entry struct {
	Line     int
	Path     string
	Expected Answer
	// Family is the family as written ("" when the line has none).
	Family string
	Provenance
}

var (
	splitNames = map[string]bool{"dev": true, "test": true}
	howPattern = regexp.MustCompile(`^(model-checked|unsat:[a-z0-9]+(\+[a-z0-9]+)+|drat:verify-proof-check)$`)
	sha256Hex  = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// ParseManifest reads the lines of a suite manifest:
//
//	PATH [EXPECTED [FAMILY]] [KEY=VALUE ...]
//
// separated by white space ('#' starts a comment; a VALUE with spaces is
// quoted: source="verify gen factor --seed 1"). Keys: group, split
// (dev|test), how, source, sha256, cpu (seconds). name is used in errors.
func ParseManifest(r io.Reader, name string) ([]Entry, error) {
	var out []Entry
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		words, err := splitWords(text)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if len(words) == 0 {
			continue
		}
		e := Entry{Line: line, Expected: AnswerNone}
		var pos []string
		for _, w := range words {
			if k, v, ok := strings.Cut(w, "="); ok {
				if err := e.set(k, v); err != nil {
					return nil, fmt.Errorf("%s:%d: %w", name, line, err)
				}
				continue
			}
			if len(e.Source+e.Group+e.Split+e.How+e.SHA256) > 0 || e.CPU != 0 {
				return nil, fmt.Errorf("%s:%d: %q after KEY=VALUE fields", name, line, w)
			}
			pos = append(pos, w)
		}
		if len(pos) == 0 || len(pos) > 3 {
			return nil, fmt.Errorf("%s:%d: %d fields, want PATH [EXPECTED [FAMILY]] [KEY=VALUE ...]", name, line, len(pos))
		}
		e.Path = pos[0]
		if len(pos) > 1 {
			if e.Expected, err = ParseAnswer(pos[1]); err != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, line, err)
			}
		}
		if len(pos) > 2 {
			e.Family = pos[2]
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("suite %s: %w", name, err)
	}
	return out, nil
}

func (e *Entry) set(k, v string) error {
	if v == "" {
		return fmt.Errorf("%s= has no value", k)
	}
	switch k {
	case "group":
		e.Group = v
	case "split":
		if !splitNames[v] {
			return fmt.Errorf("split=%s: want dev or test", v)
		}
		e.Split = v
	case "how":
		if !howPattern.MatchString(v) {
			return fmt.Errorf("how=%s: want model-checked, unsat:SOLVER+SOLVER… or drat:verify-proof-check", v)
		}
		e.How = v
	case "source":
		e.Source = v
	case "sha256":
		if !sha256Hex.MatchString(v) {
			return fmt.Errorf("sha256=%s: want 64 lower-case hex digits", v)
		}
		e.SHA256 = v
	case "cpu":
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 {
			return fmt.Errorf("cpu=%s: want seconds", v)
		}
		e.CPU = f
	default:
		return fmt.Errorf("unknown key %q (want group, split, how, source, sha256 or cpu)", k)
	}
	return nil
}
