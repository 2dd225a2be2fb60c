package preprocess

import "github.com/verify-tools/verify/internal/lit"

// prober runs unit propagation with two watched literals over a snapshot
// of the clauses, to find failed literals: a literal whose assumption
// propagates to a conflict is false in every model. Units it finds stay
// assigned at level zero of the snapshot, which remains sound because
// they are implied by the formula.
type prober struct {
	d       *db
	clauses [][]int32
	watches [][]int32 // literal index → ids of clauses watching it
	val     []int8
	trail   []int32
}

func (d *db) newProber() *prober {
	p := &prober{d: d, watches: make([][]int32, len(d.occ)), val: make([]int8, d.nvars+1)}
	copy(p.val, d.val)
	for i := range d.clauses {
		c := &d.clauses[i]
		if c.deleted {
			continue
		}
		lits := append([]int32(nil), c.lits...)
		id := int32(len(p.clauses))
		p.clauses = append(p.clauses, lits)
		p.watches[lidx(lits[0])] = append(p.watches[lidx(lits[0])], id)
		p.watches[lidx(lits[1])] = append(p.watches[lidx(lits[1])], id)
	}
	return p
}

func (p *prober) value(l int32) int8 {
	if l < 0 {
		return -p.val[-l]
	}
	return p.val[l]
}

func (p *prober) set(l int32) {
	if l < 0 {
		p.val[-l] = -1
	} else {
		p.val[l] = 1
	}
	p.trail = append(p.trail, l)
}

// propagate from trail position head; false on conflict.
func (p *prober) propagate(head int) bool {
	for ; head < len(p.trail); head++ {
		f := -p.trail[head] // literal just made false
		ws := p.watches[lidx(f)]
		keep := ws[:0]
		conflict := false
		for i, id := range ws {
			if conflict {
				keep = append(keep, ws[i:]...)
				break
			}
			c := p.clauses[id]
			p.d.stats.Steps++
			if c[0] == f {
				c[0], c[1] = c[1], c[0]
			}
			if p.value(c[0]) == 1 {
				keep = append(keep, id)
				continue
			}
			moved := false
			for k := 2; k < len(c); k++ {
				if p.value(c[k]) != -1 {
					c[1], c[k] = c[k], c[1]
					p.watches[lidx(c[1])] = append(p.watches[lidx(c[1])], id)
					moved = true
					break
				}
			}
			if moved {
				continue
			}
			keep = append(keep, id)
			if p.value(c[0]) == -1 {
				conflict = true
				continue
			}
			p.set(c[0])
		}
		p.watches[lidx(f)] = keep
		if conflict {
			return false
		}
	}
	return true
}

// undo unassigns the trail above position n.
func (p *prober) undo(n int) {
	for _, l := range p.trail[n:] {
		p.val[lit.Var(l)] = 0
	}
	p.trail = p.trail[:n]
}

// fix assigns a unit at level zero; false when the formula is refuted.
func (p *prober) fix(l int32) bool {
	switch p.value(l) {
	case 1:
		return true
	case -1:
		return false
	}
	n := len(p.trail)
	p.set(l)
	if !p.propagate(n) {
		return false
	}
	p.trail = p.trail[:0] // level-zero values stay in val
	return true
}

// try assumes l and propagates; it returns whether that is consistent and
// leaves the implied literals in p.trail for the caller to read and undo.
func (p *prober) try(l int32) bool {
	p.set(l)
	return p.propagate(0)
}

// probe assumes the roots of the binary implication graph (literals with
// binary implications out and none in) one by one; a root that propagates
// to a conflict is false in every model.
func (d *db) probe() {
	d.propagate()
	if d.unsat {
		return
	}
	d.begin(probeShare)
	p := d.newProber()
	var units []int32
	for v := int32(1); v <= int32(d.nvars) && !d.over(); v++ {
		if p.val[v] != 0 {
			continue
		}
		for _, l := range [2]int32{v, -v} {
			// l implies something when ¬l is in a binary clause, and
			// nothing implies l when l is in none.
			if p.value(l) != 0 || d.binaries(l) > 0 || d.binaries(-l) == 0 {
				continue
			}
			ok := p.try(l)
			p.undo(0)
			if ok {
				continue
			}
			d.stats.FailedLiterals++
			units = append(units, -l)
			if !p.fix(-l) {
				d.unsat = true
				return
			}
		}
	}
	for _, l := range units {
		d.assign(l)
	}
	d.propagate()
}

// binaries counts the live binary clauses containing l.
func (d *db) binaries(l int32) int {
	n := 0
	for _, id := range d.occ[lidx(l)] {
		if c := &d.clauses[id]; !c.deleted && len(c.lits) == 2 && (c.lits[0] == l || c.lits[1] == l) {
			n++
		}
	}
	return n
}
