// Package sat reads DIMACS CNF formulas, solves them with a CDCL engine
// (gini in pure Go), seeds initial phases, checks models and extracts
// backbones.
package sat

import (
	"fmt"
	"github.com/verify-tools/verify/internal/lit"
)

// CNF is a formula in conjunctive normal form. Clauses are stored flat to
// keep large formulas compact: clause i is Lits[Start[i]:Start[i+1]].
// Literals are DIMACS-signed variable indices (1..NumVars); 0 never occurs.
type CNF struct {
	// NumVars is the largest variable index that may occur (at least the
	// header's count, more when lenient reading found larger variables).
	NumVars int
	// Lits holds the literals of all clauses, one after another.
	Lits []int32
	// Start has NumClauses()+1 offsets into Lits.
	Start []int
	// HeaderVars and HeaderClauses are the counts of the "p cnf" line.
	HeaderVars, HeaderClauses int
}

// NewCNF returns an empty formula over numVars variables.
func NewCNF(numVars int) *CNF {
	return &CNF{NumVars: numVars, Start: []int{0}, HeaderVars: numVars}
}

// AddClause appends a clause. It grows NumVars when a literal needs it.
func (f *CNF) AddClause(lits ...int32) {
	if len(f.Start) == 0 {
		f.Start = []int{0}
	}
	for _, l := range lits {
		if v := int(lit.Var(l)); v > f.NumVars {
			f.NumVars = v
		}
	}
	f.Lits = append(f.Lits, lits...)
	f.Start = append(f.Start, len(f.Lits))
}

// NumClauses returns the number of clauses.
func (f *CNF) NumClauses() int {
	if len(f.Start) == 0 {
		return 0
	}
	return len(f.Start) - 1
}

// Clause returns clause i; the slice aliases the formula and must not be
// modified.
func (f *CNF) Clause(i int) []int32 {
	return f.Lits[f.Start[i]:f.Start[i+1]:f.Start[i+1]]
}

// NumLiterals returns the total number of literal occurrences.
func (f *CNF) NumLiterals() int { return len(f.Lits) }

// Validate checks the structural invariants: offsets ordered, literals
// nonzero and within NumVars.
func (f *CNF) Validate() error {
	if len(f.Start) == 0 || f.Start[0] != 0 || f.Start[len(f.Start)-1] != len(f.Lits) {
		return fmt.Errorf("cnf: clause offsets do not cover the literal array")
	}
	for i := 1; i < len(f.Start); i++ {
		if f.Start[i] < f.Start[i-1] {
			return fmt.Errorf("cnf: clause %d has negative length", i-1)
		}
	}
	for i, l := range f.Lits {
		if l == 0 || int(lit.Var(l)) > f.NumVars {
			return fmt.Errorf("cnf: literal %d at position %d outside 1..%d", l, i, f.NumVars)
		}
	}
	return nil
}
