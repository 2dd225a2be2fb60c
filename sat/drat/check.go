// Package drat checks DRAT proofs of unsatisfiability forward: every added
// lemma must be RUP (reverse unit propagation) or RAT on its first literal
// with respect to the clauses present at that point, and the proof must
// derive the empty clause. It shares no code with any solver.
package drat

import (
	"context"
	"fmt"
	"slices"

	"github.com/verify-tools/verify/internal/lit"
	"github.com/verify-tools/verify/sat"
)

// Result summarises a successful check.
type Result struct {
	Lemmas, RAT, Deletions int
	// IgnoredDeletions counts deletions of clauses that were unit reasons
	// at the top level or not present; ignoring a deletion keeps the check
	// sound (a larger clause set only ever supports fewer RAT steps and
	// all clauses kept are implied or satisfiability-preserving).
	IgnoredDeletions int
	// RefutedAt is the proof line that derived the conflict (0 when the
	// formula is refuted by unit propagation alone).
	RefutedAt int
}

// Error is a failed check: the proof line and why.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// Step is one proof line: an added lemma or a deletion.
type Step struct {
	Delete bool
	Lits   []int32
	Line   int
}

// checker holds the clause database with two watched literals and the
// top-level assignment.
type checker struct {
	lits    [][]int32 // clause literals; watched ones at positions 0 and 1
	deleted []bool
	watches [][]int // literal index -> clauses watching it
	val     []int8  // literal index -> 1 true, -1 false, 0 unassigned
	reason  []int   // variable -> clause that implied it at top level, -1 none
	trail   []int32
	head    int
	byKey   map[uint64][]int // hash of the sorted literal set -> clauses
	nvars   int
	refuted bool
}

func litIndex(l int32) int {
	if l > 0 {
		return int(l) * 2
	}
	return int(-l)*2 + 1
}

func newChecker(nvars int) *checker {
	c := &checker{nvars: nvars, byKey: map[uint64][]int{}}
	c.grow(nvars)
	return c
}

func (c *checker) grow(nvars int) {
	for len(c.reason) <= nvars {
		c.reason = append(c.reason, -1)
	}
	for len(c.val) < 2*nvars+2 {
		c.val = append(c.val, 0)
		c.watches = append(c.watches, nil)
	}
	c.nvars = max(c.nvars, nvars)
}

func (c *checker) value(l int32) int8 { return c.val[litIndex(l)] }

func (c *checker) assign(l int32, reason int) {
	c.val[litIndex(l)] = 1
	c.val[litIndex(-l)] = -1
	v := l
	if v < 0 {
		v = -v
	}
	c.reason[v] = reason
	c.trail = append(c.trail, l)
}

// propagate runs unit propagation from the trail head; false on conflict.
func (c *checker) propagate() bool {
	for c.head < len(c.trail) {
		falseLit := -c.trail[c.head]
		c.head++
		fi := litIndex(falseLit)
		ws := c.watches[fi]
		j := 0
		conflict := false
		for i := 0; i < len(ws); i++ {
			ci := ws[i]
			if c.deleted[ci] {
				continue // dropped lazily
			}
			if conflict {
				ws[j] = ci
				j++
				continue
			}
			cl := c.lits[ci]
			if cl[0] == falseLit {
				cl[0], cl[1] = cl[1], cl[0]
			}
			if c.value(cl[0]) == 1 {
				ws[j] = ci
				j++
				continue
			}
			moved := false
			for k := 2; k < len(cl); k++ {
				if c.value(cl[k]) != -1 {
					cl[1], cl[k] = cl[k], cl[1]
					c.watches[litIndex(cl[1])] = append(c.watches[litIndex(cl[1])], ci)
					moved = true
					break
				}
			}
			if moved {
				continue
			}
			ws[j] = ci
			j++
			if c.value(cl[0]) == -1 {
				conflict = true
				continue
			}
			c.assign(cl[0], ci)
		}
		c.watches[fi] = ws[:j]
		if conflict {
			return false
		}
	}
	return true
}

// backtrack undoes assignments above trail length n.
func (c *checker) backtrack(n int) {
	for i := len(c.trail) - 1; i >= n; i-- {
		l := c.trail[i]
		c.val[litIndex(l)] = 0
		c.val[litIndex(-l)] = 0
		v := l
		if v < 0 {
			v = -v
		}
		c.reason[v] = -1
	}
	c.trail = c.trail[:n]
	c.head = min(c.head, n)
}

// rup reports whether assigning the negation of lits leads to a conflict
// under unit propagation; the assignment is undone afterwards.
func (c *checker) rup(lits []int32) bool {
	n := len(c.trail)
	defer c.backtrack(n)
	for _, l := range lits {
		switch c.value(l) {
		case 1:
			return true // the clause is already satisfied at top level
		case 0:
			c.assign(-l, -1)
		}
	}
	return !c.propagate()
}

// rat checks resolution asymmetric tautology on pivot lits[0].
func (c *checker) rat(lits []int32) bool {
	if len(lits) == 0 {
		return false
	}
	pivot := lits[0]
	resolvent := make([]int32, 0, 2*len(lits))
	for ci, cl := range c.lits {
		if c.deleted[ci] || !slices.Contains(cl, -pivot) {
			continue
		}
		resolvent = append(resolvent[:0], lits...)
		taut := false
		for _, l := range cl {
			if l == -pivot {
				continue
			}
			if slices.Contains(lits, -l) {
				taut = true
				break
			}
			resolvent = append(resolvent, l)
		}
		if !taut && !c.rup(resolvent) {
			return false
		}
	}
	return true
}

func key(lits []int32) uint64 {
	s := slices.Clone(lits)
	slices.Sort(s)
	s = slices.Compact(s)
	h := uint64(14695981039346656037)
	for _, l := range s {
		h ^= uint64(uint32(l))
		h *= 1099511628211
	}
	return h
}

func sameSet(a, b []int32) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

// add inserts a clause (original or verified lemma) and propagates.
func (c *checker) add(lits []int32) {
	lits = slices.Clone(lits)
	slices.Sort(lits)
	lits = slices.Compact(lits)
	for _, l := range lits {
		v := l
		if v < 0 {
			v = -v
		}
		if int(v) > c.nvars {
			c.grow(int(v))
		}
	}
	ci := len(c.lits)
	c.lits = append(c.lits, lits)
	c.deleted = append(c.deleted, false)
	k := key(lits)
	c.byKey[k] = append(c.byKey[k], ci)
	if c.refuted {
		return
	}
	// Put non-false literals first so the watches are valid.
	slices.SortStableFunc(lits, func(a, b int32) int { return int(rank(c.value(b))) - int(rank(c.value(a))) })
	switch {
	case len(lits) == 0:
		c.refuted = true
		return
	case len(lits) == 1 || c.value(lits[1]) == -1:
		if len(lits) >= 2 {
			c.watch(ci)
		}
		switch c.value(lits[0]) {
		case -1:
			c.refuted = true
			return
		case 0:
			c.assign(lits[0], ci)
		}
	default:
		c.watch(ci)
	}
	if !c.propagate() {
		c.refuted = true
	}
}

func rank(v int8) int8 {
	switch v {
	case 1:
		return 2
	case 0:
		return 1
	}
	return 0
}

func (c *checker) watch(ci int) {
	cl := c.lits[ci]
	c.watches[litIndex(cl[0])] = append(c.watches[litIndex(cl[0])], ci)
	c.watches[litIndex(cl[1])] = append(c.watches[litIndex(cl[1])], ci)
}

// remove deletes a clause with the given literal set; false when it is
// absent or is the reason of a top-level assignment (then it is kept).
func (c *checker) remove(lits []int32) bool {
	k := key(lits)
	ids := c.byKey[k]
	for i, ci := range ids {
		if c.deleted[ci] || !sameSet(c.lits[ci], lits) {
			continue
		}
		for _, l := range c.lits[ci] {
			v := l
			if v < 0 {
				v = -v
			}
			if c.reason[v] == ci {
				return false
			}
		}
		c.deleted[ci] = true
		c.byKey[k] = append(ids[:i:i], ids[i+1:]...)
		return true
	}
	return false
}

// Check verifies that steps refute f. name is used in error messages.
func Check(ctx context.Context, f *sat.CNF, steps func(yield func(Step) error) error, name string) (Result, error) {
	c := newChecker(f.NumVars)
	for i := 0; i < f.NumClauses(); i++ {
		c.add(f.Clause(i))
	}
	var res Result
	if c.refuted {
		return res, nil
	}
	n := 0
	err := steps(func(s Step) error {
		n++
		if n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if c.refuted {
			return nil // the rest of the proof is not needed
		}
		if s.Delete {
			res.Deletions++
			if !c.remove(s.Lits) {
				res.IgnoredDeletions++
			}
			return nil
		}
		res.Lemmas++
		for _, l := range s.Lits {
			if v := int(lit.Var(l)); v > c.nvars {
				c.grow(v)
			}
		}
		if !c.rup(s.Lits) {
			if !c.rat(s.Lits) {
				return &Error{File: name, Line: s.Line, Msg: fmt.Sprintf("lemma %v is neither RUP nor RAT", s.Lits)}
			}
			res.RAT++
		}
		c.add(s.Lits)
		if c.refuted {
			res.RefutedAt = s.Line
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	if !c.refuted {
		return res, &Error{File: name, Line: n, Msg: "proof ends without deriving the empty clause"}
	}
	return res, nil
}
