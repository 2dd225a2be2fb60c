package sat

import (
	"fmt"

	"github.com/verify-tools/verify/internal/lit"
)

// ModelError reports a model that falsifies a clause: an engine bug that
// must never reach the user as an answer.
type ModelError struct {
	Clause int
	Lits   []int32
}

func (e *ModelError) Error() string {
	return fmt.Sprintf("internal error: model falsifies clause %d %v", e.Clause, e.Lits)
}

// CheckModel verifies that model (model[v] is variable v's value, index 0
// unused) satisfies every clause of f.
func CheckModel(f *CNF, model []bool) error {
	for i := 0; i < f.NumClauses(); i++ {
		ok := false
		for _, l := range f.Clause(i) {
			v := int(lit.Var(l))
			if v < len(model) && model[v] == (l > 0) {
				ok = true
				break
			}
		}
		if !ok {
			return &ModelError{Clause: i, Lits: f.Clause(i)}
		}
	}
	return nil
}
