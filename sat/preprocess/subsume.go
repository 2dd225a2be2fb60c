package preprocess

import (
	"cmp"
	"slices"

	"github.com/verify-tools/verify/internal/lit"
)

// subsumeAll removes subsumed clauses and strengthens clauses by
// self-subsuming resolution, shortest clauses first, until no clause that
// changed is left to check or the budget share is spent.
func (d *db) subsumeAll() {
	d.propagate()
	if d.unsat {
		return
	}
	var queue []int32
	for i := range d.clauses {
		if !d.clauses[i].deleted {
			queue = append(queue, int32(i))
		}
	}
	slices.SortStableFunc(queue, func(a, b int32) int {
		return cmp.Compare(len(d.clauses[a].lits), len(d.clauses[b].lits))
	})
	d.begin(subsumeShare)
	d.subsumeQueue(queue)
}

// subsumeQueue checks each queued clause against the clauses sharing its
// least frequent variable; strengthened clauses are queued again.
func (d *db) subsumeQueue(queue []int32) {
	inQueue := make([]bool, len(d.clauses))
	for _, id := range queue {
		inQueue[id] = true
	}
	for len(queue) > 0 && !d.unsat && !d.over() {
		id := queue[0]
		queue = queue[1:]
		inQueue[id] = false
		c := &d.clauses[id]
		if c.deleted {
			continue
		}
		best := c.lits[0]
		for _, l := range c.lits[1:] {
			if len(d.occ[lidx(l)])+len(d.occ[lidx(-l)]) < len(d.occ[lidx(best)])+len(d.occ[lidx(-best)]) {
				best = l
			}
		}
		for _, pol := range [2]int32{best, -best} {
			for _, other := range slices.Clone(d.live(pol)) {
				if other == id || d.clauses[id].deleted {
					continue
				}
				flip, ok := d.subsumes(id, other)
				switch {
				case !ok:
				case flip == 0:
					d.remove(other)
					d.stats.Subsumed++
				default:
					d.strengthen(other, -flip)
					d.stats.Strengthened++
					if d.unsat {
						return
					}
					if !d.clauses[other].deleted && !inQueue[other] {
						inQueue[other] = true
						queue = append(queue, other)
					}
				}
			}
		}
		d.propagate()
	}
}

// subsumes tests clause a against clause b: ok with flip 0 when a ⊆ b, ok
// with flip = l when a with l negated is a subset of b (so ¬l can be
// removed from b), not ok otherwise.
func (d *db) subsumes(a, b int32) (flip int32, ok bool) {
	ca, cb := &d.clauses[a], &d.clauses[b]
	if cb.deleted || len(ca.lits) > len(cb.lits) || ca.sig&^cb.sig != 0 {
		return 0, false
	}
	d.stats.Steps += int64(len(ca.lits) + len(cb.lits))
	for _, l := range cb.lits {
		if l > 0 {
			d.mark[l] = 1
		} else {
			d.mark[-l] = -1
		}
	}
	ok = true
	for _, l := range ca.lits {
		s := int8(1)
		if l < 0 {
			s = -1
		}
		switch d.mark[lit.Var(l)] {
		case s:
		case -s:
			if flip != 0 {
				ok = false
			}
			flip = l
		default:
			ok = false
		}
		if !ok {
			break
		}
	}
	for _, l := range cb.lits {
		d.mark[lit.Var(l)] = 0
	}
	return flip, ok
}
