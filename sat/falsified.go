package sat

import "github.com/verify-tools/verify/internal/lit"

// Falsified counts the clauses of f that the partial assignment lits sets
// entirely false (every literal of the clause assigned, none true), and
// returns the index of the first such clause, or -1. lits are signed
// DIMACS literals; when a variable occurs twice the later literal wins,
// as in seeding, and variables beyond f.NumVars are ignored. A non-zero
// count proves that the assignment extends to no model of f: seeds that
// falsify a clause are wrong somewhere.
func (f *CNF) Falsified(lits []int32) (n, first int) {
	val := make([]int8, f.NumVars+1)
	for _, l := range lits {
		if v := int(lit.Var(l)); v >= 1 && v <= f.NumVars {
			val[v] = 1
			if l < 0 {
				val[v] = -1
			}
		}
	}
	first = -1
	for i := range f.NumClauses() {
		if clauseFalse(f.Clause(i), val) {
			if n == 0 {
				first = i
			}
			n++
		}
	}
	return n, first
}

// clauseFalse says whether every literal of c is assigned false in val.
func clauseFalse(c []int32, val []int8) bool {
	for _, l := range c {
		switch s := val[lit.Var(l)]; {
		case s == 0, (s > 0) == (l > 0):
			return false
		}
	}
	return true
}
