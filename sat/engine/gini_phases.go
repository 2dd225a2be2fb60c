package engine

import (
	"context"

	"github.com/go-air/gini"
	"github.com/go-air/gini/z"

	"github.com/verify-tools/verify/sat"
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
func seedPhases(ctx context.Context, g *gini.Gini, phases []int32, started bool) (sat.Status, int) {
	if !started {
		h := g.GoSolve()
		if r := sat.Status(h.Stop()); r == sat.Unsat {
			return sat.Unsat, 0
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
	return sat.Unknown, seeded
}
