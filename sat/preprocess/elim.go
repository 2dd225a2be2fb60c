package preprocess

import (
	"cmp"
	"slices"

	"github.com/verify-tools/verify/internal/lit"
)

// eliminate removes variables by clause distribution (bounded variable
// elimination, as in SatELite): the clauses of v are replaced by all
// non-tautological resolvents on v when there are no more of them than
// clauses removed and none is longer than maxResolvent. Candidates go
// cheapest first (fewest occurrences multiplied).
func (d *db) eliminate() {
	d.propagate()
	if d.unsat {
		return
	}
	d.begin(eliminateShare)
	type cand struct {
		v    int32
		cost int
	}
	var cands []cand
	for v := int32(1); v <= int32(d.nvars); v++ {
		if d.removed[v] {
			continue
		}
		p, n := len(d.live(v)), len(d.live(-v))
		if p+n > 0 && p*n <= d.maxOcc {
			cands = append(cands, cand{v, p * n})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return cmp.Compare(a.cost, b.cost) })
	var resolvents [][]int32
	for _, c := range cands {
		if d.unsat || d.over() {
			return
		}
		if d.removed[c.v] {
			continue
		}
		resolvents = d.tryEliminate(c.v, resolvents[:0])
		d.propagate()
	}
}

// tryEliminate eliminates v when that does not grow the formula; buf is
// scratch space for the resolvents.
func (d *db) tryEliminate(v int32, buf [][]int32) [][]int32 {
	pos, neg := d.live(v), d.live(-v)
	if len(pos)*len(neg) > d.maxOcc {
		return buf
	}
	limit := len(pos) + len(neg)
	gpos, gneg := d.findGate(v, pos, neg)
	for i, p := range pos {
		for j, n := range neg {
			if gpos != nil && gpos[i] == gneg[j] {
				continue // gate with gate is tautological, the rest implied
			}
			r, ok := d.resolve(p, n, v)
			if !ok {
				continue
			}
			if len(r) > d.maxResolvent || len(buf) == limit {
				return buf
			}
			buf = append(buf, r)
		}
	}
	// Keep the smaller side for reconstruction: its clauses with v as
	// witness, after a default value that satisfies the other side.
	side, w := pos, v
	if len(neg) < len(pos) {
		side, w = neg, -v
	}
	for _, id := range side {
		d.push(w, d.clauses[id].lits)
	}
	d.push(-w, []int32{-w})
	for _, id := range pos {
		d.remove(id)
	}
	for _, id := range neg {
		d.remove(id)
	}
	d.removed[v] = true
	d.stats.Eliminated++
	for _, r := range buf {
		d.add(r)
		if d.unsat {
			break
		}
	}
	return buf
}

// resolve returns the resolvent of clauses p (with v) and n (with ¬v), or
// false when it is a tautology.
func (d *db) resolve(p, n int32, v int32) ([]int32, bool) {
	cp, cn := d.clauses[p].lits, d.clauses[n].lits
	d.stats.Steps += int64(len(cp) + len(cn))
	for _, l := range cp {
		if l > 0 {
			d.mark[l] = 1
		} else {
			d.mark[-l] = -1
		}
	}
	out := make([]int32, 0, len(cp)+len(cn)-2)
	for _, l := range cp {
		if lit.Var(l) != v {
			out = append(out, l)
		}
	}
	ok := true
	for _, l := range cn {
		if lit.Var(l) == v {
			continue
		}
		s := int8(1)
		if l < 0 {
			s = -1
		}
		if d.mark[lit.Var(l)] == -s {
			ok = false
			break
		}
		if d.mark[lit.Var(l)] == 0 {
			out = append(out, l)
		}
	}
	for _, l := range cp {
		d.mark[lit.Var(l)] = 0
	}
	return out, ok
}
