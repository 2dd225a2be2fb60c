package preprocess

import (
	"context"
	"slices"
	"time"

	"github.com/verify-tools/verify/internal/lit"
)

// clause is one clause of the working formula. Occurrence lists may hold
// stale entries (deleted clauses, or clauses a literal was removed from);
// readers go through live.
type clause struct {
	lits    []int32
	sig     uint64 // one bit per variable (mod 64), a subset filter
	deleted bool
}

// db is the working formula with occurrence lists and top-level values.
type db struct {
	nvars   int
	clauses []clause
	occ     [][]int32 // literal index → clause ids
	val     []int8    // variable → 1 true, -1 false, 0 unassigned
	pending []int32   // assigned literals not yet propagated
	unsat   bool
	removed []bool  // variable fixed, substituted or eliminated
	repr    []int32 // variable → the literal it was substituted by
	stack   []entry // model reconstruction, in order of pushing
	mark    []int8  // scratch, by variable
	stats   Stats

	ctx          context.Context
	deadline     time.Time
	budget       int64
	stopped      bool
	phaseSteps   int64
	phaseEnd     time.Time
	calls        int
	clockCalls   int
	maxResolvent int
	maxOcc       int
}

func newDB(nvars int) *db {
	return &db{
		nvars:   nvars,
		occ:     make([][]int32, 2*nvars+2),
		val:     make([]int8, nvars+1),
		removed: make([]bool, nvars+1),
		repr:    make([]int32, nvars+1),
		mark:    make([]int8, nvars+1),
	}
}

// lidx is a literal's index into occ.
func lidx(l int32) int {
	if l < 0 {
		return int(-l)<<1 | 1
	}
	return int(l) << 1
}

func varSig(l int32) uint64 { return 1 << (uint32(lit.Var(l)) & 63) }

// value of a literal: 1 true, -1 false, 0 unassigned.
func (d *db) value(l int32) int8 {
	if l < 0 {
		return -d.val[-l]
	}
	return d.val[l]
}

// exhausted says whether a bound has been hit; it checks the clock and the
// context every 4,096 steps' worth of calls.
func (d *db) exhausted() bool {
	if d.stopped {
		return true
	}
	switch {
	case d.stats.Steps > d.budget:
		d.stats.Stopped = "step budget"
	case d.ctx != nil && d.ctx.Err() != nil:
		d.stats.Stopped = "context"
	case !d.deadline.IsZero() && d.clock() && time.Now().After(d.deadline):
		d.stats.Stopped = "time limit"
	default:
		return false
	}
	d.stopped = true
	return true
}

// Shares of the remaining budget (steps and time) each technique may use
// per round.
const (
	subsumeShare   = 0.3
	eliminateShare = 0.6
	probeShare     = 0.3
)

// begin starts a technique allowed share of the remaining budget.
func (d *db) begin(share float64) {
	d.phaseSteps = d.stats.Steps + int64(share*float64(max(0, d.budget-d.stats.Steps)))
	d.phaseEnd = time.Time{}
	if !d.deadline.IsZero() {
		d.phaseEnd = time.Now().Add(time.Duration(share * float64(time.Until(d.deadline))))
	}
}

// over says whether the current technique must stop; it reads the clock
// every 256 calls.
func (d *db) over() bool {
	if d.stats.Steps > d.phaseSteps || d.exhausted() {
		return true
	}
	d.calls++
	return d.calls&255 == 0 && !d.phaseEnd.IsZero() && time.Now().After(d.phaseEnd)
}

// clock rate-limits reading the clock and the context in exhausted.
func (d *db) clock() bool {
	d.clockCalls++
	return d.clockCalls&63 == 0
}

// add normalises a clause against the current values (drops false and
// repeated literals, skips satisfied and tautological clauses) and stores
// it; a unit is assigned instead, an empty clause makes the formula unsat.
// It reports the new clause id, or -1.
func (d *db) add(in []int32) int {
	lits := make([]int32, 0, len(in))
	ok := true
	for _, l := range in {
		switch d.value(l) {
		case 1:
			ok = false
		case -1:
			continue
		}
		v := lit.Var(l)
		s := int8(1)
		if l < 0 {
			s = -1
		}
		if d.mark[v] == s {
			continue
		}
		if d.mark[v] == -s {
			ok = false // tautology
		}
		d.mark[v] = s
		lits = append(lits, l)
	}
	for _, l := range lits {
		d.mark[lit.Var(l)] = 0
	}
	d.stats.Steps += int64(len(in))
	if !ok {
		return -1
	}
	switch len(lits) {
	case 0:
		d.unsat = true
		return -1
	case 1:
		d.assign(lits[0])
		return -1
	}
	id := int32(len(d.clauses))
	var sig uint64
	for _, l := range lits {
		sig |= varSig(l)
		d.occ[lidx(l)] = append(d.occ[lidx(l)], id)
	}
	d.clauses = append(d.clauses, clause{lits: lits, sig: sig})
	return int(id)
}

// assign fixes a literal at top level and records it for reconstruction.
func (d *db) assign(l int32) {
	switch d.value(l) {
	case 1:
		return
	case -1:
		d.unsat = true
		return
	}
	if l < 0 {
		d.val[-l] = -1
	} else {
		d.val[l] = 1
	}
	d.removed[lit.Var(l)] = true
	d.stats.Units++
	d.push(l, []int32{l})
	d.pending = append(d.pending, l)
}

// propagate simplifies the clauses by the pending assignments.
func (d *db) propagate() {
	for len(d.pending) > 0 && !d.unsat {
		l := d.pending[len(d.pending)-1]
		d.pending = d.pending[:len(d.pending)-1]
		for _, id := range d.live(l) {
			d.remove(id)
		}
		d.occ[lidx(l)] = nil
		for _, id := range d.live(-l) {
			d.strengthen(id, -l)
			if d.unsat {
				return
			}
		}
		d.occ[lidx(-l)] = nil
	}
}

// remove deletes a clause.
func (d *db) remove(id int32) {
	d.clauses[id].deleted = true
}

// strengthen removes literal l from clause id; a clause left with one
// literal becomes an assignment.
func (d *db) strengthen(id int32, l int32) {
	c := &d.clauses[id]
	i := slices.Index(c.lits, l)
	if i < 0 {
		return
	}
	lits := make([]int32, 0, len(c.lits)-1)
	lits = append(lits, c.lits[:i]...)
	lits = append(lits, c.lits[i+1:]...)
	d.stats.Steps += int64(len(c.lits))
	c.lits = lits
	c.sig = 0
	for _, x := range lits {
		c.sig |= varSig(x)
	}
	switch len(lits) {
	case 0:
		d.unsat = true
	case 1:
		c.deleted = true
		d.assign(lits[0])
	}
}

// live returns the clauses that contain l now, dropping stale entries.
func (d *db) live(l int32) []int32 {
	list := d.occ[lidx(l)]
	out := list[:0]
	for _, id := range list {
		c := &d.clauses[id]
		if c.deleted || c.sig&varSig(l) == 0 {
			continue
		}
		d.stats.Steps++
		if slices.Contains(c.lits, l) {
			out = append(out, id)
		}
	}
	clear(list[len(out):])
	d.occ[lidx(l)] = out
	return out
}
