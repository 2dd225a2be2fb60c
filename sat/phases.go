package sat

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/verify-tools/verify/internal/atomicfile"
	"github.com/verify-tools/verify/internal/lit"
)

// ReadPhases reads a phase file: signed DIMACS literals separated by
// blanks or newlines, an optional trailing 0, '#' or 'c' comment lines;
// 'v' lines and an 's' line are read as a solver prints them, so `verify
// solve` output is a phase file of its model.
// A variable given twice with opposite signs is an error.
func ReadPhases(name string) ([]int32, error) {
	var r io.Reader = os.Stdin
	if name != StdinName {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	return parsePhases(r, name)
}

func parsePhases(r io.Reader, name string) ([]int32, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<26)
	var out []int32
	seen := map[int32]int32{}
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		// Comments, and a solver's "s SATISFIABLE" line: a solver's
		// output is a phase file of its model.
		if text == "" || text[0] == '#' || text[0] == 'c' || text[0] == 's' {
			continue
		}
		if text[0] == 'v' { // accept a solver's "v ..." model lines
			text = text[1:]
		}
		for _, tok := range strings.Fields(text) {
			v, err := strconv.ParseInt(tok, 10, 32)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: bad literal %q", name, line, tok)
			}
			if v < -math.MaxInt32 { // its negation is no int32
				return nil, fmt.Errorf("%s:%d: literal %d out of range", name, line, v)
			}
			if v == 0 {
				continue
			}
			l := int32(v)
			if prev, ok := seen[lit.Var(l)]; ok && prev != l {
				return nil, fmt.Errorf("%s:%d: variable %d given both phases", name, line, lit.Var(l))
			}
			seen[lit.Var(l)] = l
			out = append(out, l)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// WritePhaseFile writes seed literals in the format ReadPhases reads,
// atomically, after a comment line naming what they are.
func WritePhaseFile(path, comment string, lits []int32) error {
	b := fmt.Appendf(nil, "c %s\n", comment)
	for i, l := range lits {
		b = fmt.Appendf(b, "%d", l)
		if i%20 == 19 {
			b = append(b, '\n')
		} else {
			b = append(b, ' ')
		}
	}
	b = append(b, "0\n"...)
	return atomicfile.WriteFile(path, b, 0o644)
}
