// Package lit holds what every part of the project that handles DIMACS
// literals (signed int32, ±variable) needs and none may own: the SAT
// solver and its preprocessor, the proof checker, the GNN's graph and the
// phase seeds. sat/preprocess does not depend on sat, so this lives below
// both.
package lit

// Var is the variable of a DIMACS literal: |l|.
func Var(l int32) int32 {
	if l < 0 {
		return -l
	}
	return l
}
