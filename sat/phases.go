package sat

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/go-air/gini"
	"github.com/go-air/gini/z"

	"github.com/verify-tools/verify/internal/lit"
)

// seedPhases makes gini start its search from the given phases. gini has
// no public phase setter, so this uses what its API guarantees:
//
//  1. Its first Solve computes default phases for all variables (and
//     recomputes them only when the variable count changes), so a solve
//     is started and stopped at once to get that over with.
//  2. Phase saving records a variable's value when the trail is undone, so
//     assuming the seeds under a Test scope and leaving it with Untest
//     leaves them (and their unit-propagated consequences) as the saved
//     phases. A seed that conflicts under propagation is dropped by
//     undoing just its own scope.
//
// Step 1 is skipped when the solver has searched before (started): gini
// keeps its phases then. It returns Unsat if the formula was already
// refuted while doing so, and the number of variables whose phase was set.
func seedPhases(ctx context.Context, g *gini.Gini, phases []int32, started bool) (Status, int) {
	if !started {
		h := g.GoSolve()
		if r := Status(h.Stop()); r == Unsat {
			return Unsat, 0
		}
	}
	maxVar := g.MaxVar()
	depth, seeded := 0, 0
	buf := make([]z.Lit, 0, 64)
	for i, l := range phases {
		if i%1024 == 0 && ctx.Err() != nil {
			break
		}
		m := z.Dimacs2Lit(int(l))
		if l == 0 || m.Var() > maxVar {
			// A variable gini has not seen occurs in no clause; assuming
			// it would grow the variable count and reset all phases.
			continue
		}
		g.Assume(m)
		r, out := g.Test(buf[:0])
		buf = out[:0]
		if r == -1 {
			if g.Untest() == -1 {
				break
			}
			continue
		}
		depth++
		seeded += len(out)
	}
	for ; depth > 0; depth-- {
		g.Untest()
	}
	return Unknown, seeded
}

// ReadPhases reads a phase file: signed DIMACS literals separated by
// blanks or newlines, an optional trailing 0, '#' or 'c' comment lines.
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
		if text == "" || text[0] == '#' || text[0] == 'c' {
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
