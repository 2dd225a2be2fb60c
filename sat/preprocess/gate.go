package preprocess

import "github.com/verify-tools/verify/internal/lit"

// findGate looks for an AND gate defining v or ¬v among its clauses:
// out = a1 ∧ … ∧ ak given by the binaries (¬out ∨ ai) and the clause
// (out ∨ ¬a1 ∨ … ∨ ¬ak). With a gate, elimination needs only the
// resolvents of gate clauses with non-gate clauses: the others are implied
// by them. It returns which clauses of pos and neg belong to the gate, or
// nil slices when none was found.
func (d *db) findGate(v int32, pos, neg []int32) (gpos, gneg []bool) {
	if g, l := d.andGate(v, neg, pos); g != nil {
		return l, g
	}
	if g, l := d.andGate(-v, pos, neg); g != nil {
		return g, l
	}
	return nil, nil
}

// andGate finds out = AND(...) with binaries (¬out ∨ a) among defs and
// the long clause among longs; it returns the gate flags for defs and longs.
func (d *db) andGate(out int32, defs, longs []int32) (gdefs, glongs []bool) {
	marked := 0
	for _, id := range defs {
		c := d.clauses[id].lits
		if len(c) != 2 {
			continue
		}
		x := c[0]
		if x == -out {
			x = c[1]
		}
		if d.mark[lit.Var(x)] == 0 {
			d.mark[lit.Var(x)] = sign(x)
			marked++
		}
	}
	defer func() {
		for _, id := range defs {
			if c := d.clauses[id].lits; len(c) == 2 {
				d.mark[lit.Var(c[0])], d.mark[lit.Var(c[1])] = 0, 0
			}
		}
	}()
	if marked == 0 {
		return nil, nil
	}
	for i, id := range longs {
		c := d.clauses[id].lits
		if len(c) < 3 || len(c)-1 > marked {
			continue
		}
		d.stats.Steps += int64(len(c))
		all := true
		for _, l := range c {
			if l != out && d.mark[lit.Var(l)] != -sign(l) {
				all = false
				break
			}
		}
		if !all {
			continue
		}
		glongs = make([]bool, len(longs))
		glongs[i] = true
		for _, l := range c {
			if l != out {
				d.mark[lit.Var(l)] = -2 * sign(l) // an input of this gate, as in its binary
			}
		}
		gdefs = make([]bool, len(defs))
		for j, id := range defs {
			if b := d.clauses[id].lits; len(b) == 2 {
				x := b[0]
				if x == -out {
					x = b[1]
				}
				gdefs[j] = d.mark[lit.Var(x)] == 2*sign(x)
			}
		}
		return gdefs, glongs
	}
	return nil, nil
}

func sign(l int32) int8 {
	if l < 0 {
		return -1
	}
	return 1
}
