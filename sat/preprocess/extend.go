package preprocess

import "github.com/verify-tools/verify/internal/lit"

// entry is one step of model reconstruction: when no literal of lits is
// true, the witness literal (one of lits) is made true. Entries are
// undone last-pushed first.
type entry struct {
	witness int32
	lits    []int32
}

func (d *db) push(witness int32, lits []int32) {
	d.stack = append(d.stack, entry{witness: witness, lits: lits})
}

// Extend turns a model of r.Clauses into a model of the input formula, in
// place: model[v] is variable v's value (index 0 unused, length NumVars+1).
// Variables the simplified formula does not mention may have any value on
// entry. The caller should still check the result against the input.
func (r *Result) Extend(model []bool) {
	for i := len(r.stack) - 1; i >= 0; i-- {
		e := r.stack[i]
		sat := false
		for _, l := range e.lits {
			if model[lit.Var(l)] == (l > 0) {
				sat = true
				break
			}
		}
		if !sat {
			model[lit.Var(e.witness)] = e.witness > 0
		}
	}
}

// Removed reports whether variable v was fixed, substituted or eliminated:
// its value comes from Extend, not from the search.
func (r *Result) Removed(v int) bool { return v < len(r.removed) && r.removed[v] }

// MapPhases translates phase seeds (signed literals) for the input into
// seeds for the simplified formula: a seed on a substituted variable moves
// to its representative (with the sign carried over) unless the
// representative has its own seed; seeds on fixed or eliminated variables
// are dropped. It returns the seeds and how many were dropped.
func (r *Result) MapPhases(phases []int32) (out []int32, dropped int) {
	own := make(map[int32]bool, len(phases))
	for _, l := range phases {
		if v := lit.Var(l); int(v) < len(r.removed) && !r.removed[v] {
			own[v] = true
		}
	}
	moved := map[int32]bool{}
	for _, l := range phases {
		v := lit.Var(l)
		if l == 0 || int(v) >= len(r.removed) {
			dropped++
			continue
		}
		if !r.removed[v] {
			out = append(out, l)
			continue
		}
		m, ok := r.representative(l)
		if !ok || own[lit.Var(m)] || moved[lit.Var(m)] {
			dropped++
			continue
		}
		moved[lit.Var(m)] = true
		out = append(out, m)
	}
	return out, dropped
}

// representative follows substitutions from literal l to a literal of a
// variable still in the formula.
func (r *Result) representative(l int32) (int32, bool) {
	for steps := 0; r.removed[lit.Var(l)]; steps++ {
		x := r.repr[lit.Var(l)]
		if x == 0 || steps > len(r.repr) {
			return 0, false // fixed or eliminated
		}
		if l < 0 {
			x = -x
		}
		l = x
	}
	return l, true
}
