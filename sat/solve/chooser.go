package solve

import (
	"context"

	"github.com/verify-tools/verify/sat"
)

// Chooser picks the engine's built-in configuration from the formula,
// once, before the search (a learned configuration choice such as
// gnn/configsel's, or its random control). sat/solve knows nothing of
// how it chooses; the command wires one in.
type Chooser interface {
	// Choose returns one of configurations (the engine's, its default
	// first) and a line for the report saying what was chosen and why.
	// An error means it cannot run at all (an unreadable model file).
	Choose(ctx context.Context, f *sat.CNF, configurations []string) (config, line string, err error)
}
