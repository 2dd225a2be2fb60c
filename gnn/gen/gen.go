// Package gen generates families of satisfiable CNF formulas for the
// phase-predictor corpus: random k-SAT near the threshold (planted and
// not), graph colouring on random and structured graphs, quasigroup
// completion, cardinality- and parity-constrained problems, and
// circuit-derived families (factoring through a multiplier, an adder
// miter against a buggy copy).
//
// Every instance is a deterministic function of (family, seed, index):
// each draws from its own math/rand/v2 PCG stream, and nothing uses a
// global random source.
package gen

import (
	"context"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/engine"
)

// Size selects the parameter grid of a family.
type Size int

// Sizes. Small instances label in milliseconds; medium ones in up to a
// few seconds each.
const (
	Small Size = iota
	Medium
)

// ParseSize reads "small" or "medium".
func ParseSize(s string) (Size, error) {
	switch s {
	case "small":
		return Small, nil
	case "medium":
		return Medium, nil
	}
	return 0, fmt.Errorf("unknown size %q (want small or medium)", s)
}

func (s Size) String() string {
	if s == Medium {
		return "medium"
	}
	return "small"
}

// Param is one named generator parameter.
type Param struct {
	Key, Value string
}

// Instance is one generated formula.
type Instance struct {
	Family string
	// Seed and Index identify the instance: it is regenerated exactly by
	// the same family, seed, index and size.
	Seed  uint64
	Index int
	Size  Size
	// Params are the grid parameters the instance was drawn with; they
	// define its sibling group.
	Params []Param
	// Info are values particular to the instance (the number factored,
	// the colour count found, the redraw attempt).
	Info []Param
	CNF  *sat.CNF
}

// Group is the sibling group of the instance: family, parameter
// combination and seed. Instances of one group share their generator
// settings and must stay on the same side of a train/test split.
func (in *Instance) Group() string {
	var b strings.Builder
	b.WriteString(in.Family)
	for _, p := range in.Params {
		fmt.Fprintf(&b, "/%s=%s", p.Key, p.Value)
	}
	fmt.Fprintf(&b, "/seed=%d", in.Seed)
	return b.String()
}

// Family is a generator of one kind of formula.
type Family struct {
	Name string
	// Doc says in a line what the family encodes.
	Doc string
	// gen draws one formula from r, with the grid parameters chosen by
	// index and the instance's own values.
	gen func(ctx context.Context, r *rand.Rand, size Size, index int) (draw, error)
	// planted families are satisfiable by construction; the others are
	// redrawn until the solver finds them satisfiable.
	planted bool
}

// Families lists every family, in a fixed order.
func Families() []Family {
	return []Family{
		{Name: "ksat-planted", Doc: "random 3-SAT near the threshold, clauses drawn to satisfy a hidden model", gen: genKSATPlanted, planted: true},
		{Name: "ksat", Doc: "uniform random 3-SAT near the threshold, redrawn until satisfiable", gen: genKSAT},
		{Name: "color-gnp", Doc: "k-colouring of a random G(n,p) graph, k from a greedy colouring minus one when still colourable", gen: genColorGNP},
		{Name: "color-struct", Doc: "k-colouring of queen and king graphs with a few random edges removed", gen: genColorStruct},
		{Name: "qcp", Doc: "quasigroup completion: a random Latin square with holes punched", gen: genQCP, planted: true},
		{Name: "card", Doc: "planted 3-SAT with sequential-counter at-most-k and at-least-k constraints", gen: genCard, planted: true},
		{Name: "parity", Doc: "Tseitin-encoded XOR chains with a planted solution, plus planted 3-clauses", gen: genParity, planted: true},
		{Name: "factor", Doc: "factor a semiprime through an array-multiplier circuit", gen: genFactor, planted: true},
		{Name: "adder-miter", Doc: "miter of a ripple-carry adder against a copy with one wrong gate", gen: genAdderMiter, planted: true},
	}
}

// FamilyByName finds a family.
func FamilyByName(name string) (Family, error) {
	var names []string
	for _, f := range Families() {
		if f.Name == name {
			return f, nil
		}
		names = append(names, f.Name)
	}
	return Family{}, fmt.Errorf("unknown family %q (have %s)", name, strings.Join(names, ", "))
}

// draw is one generated formula with its parameters.
type draw struct {
	cnf  *sat.CNF
	grid []Param
	info []Param
}

// maxAttempts bounds redraws of unplanted families.
const maxAttempts = 100

// checkLimit bounds the satisfiability check of one instance.
const checkLimit = 30 * time.Second

// Generate draws instance index of family fam from seed and checks with
// gini that it is satisfiable (and the model against every clause).
func Generate(ctx context.Context, fam Family, seed uint64, index int, size Size) (*Instance, error) {
	for attempt := 0; attempt < maxAttempts; attempt++ {
		r := rand.New(rand.NewPCG(seed, streamID(fam.Name, index, attempt)))
		d, err := fam.gen(ctx, r, size, index)
		f := d.cnf
		if err != nil {
			return nil, fmt.Errorf("%s #%d: %w", fam.Name, index, err)
		}
		res, err := engine.Gini(false).Solve(ctx, f, engine.Options{Timeout: checkLimit})
		if err != nil {
			return nil, fmt.Errorf("%s #%d: check: %w", fam.Name, index, err)
		}
		switch res.Status {
		case sat.Sat:
			if attempt > 0 {
				d.info = append(d.info, Param{"attempt", fmt.Sprint(attempt)})
			}
			return &Instance{Family: fam.Name, Seed: seed, Index: index, Size: size, Params: d.grid, Info: d.info, CNF: f}, nil
		case sat.Unknown:
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("%s #%d: satisfiability not decided within %s", fam.Name, index, checkLimit)
		}
		if fam.planted {
			return nil, fmt.Errorf("%s #%d: internal error: planted instance is unsatisfiable", fam.Name, index)
		}
	}
	return nil, fmt.Errorf("%s #%d: no satisfiable draw in %d attempts", fam.Name, index, maxAttempts)
}

// streamID derives the PCG stream of one draw from the family name, the
// instance index and the redraw attempt.
func streamID(family string, index, attempt int) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s/%d/%d", family, index, attempt)
	return h.Sum64()
}

// pick returns grid[index % len(grid)]: instances cycle through the
// parameter grid so every combination gets its share.
func pick[T any](grid []T, index int) T { return grid[index%len(grid)] }

func itoa(i int) string { return fmt.Sprint(i) }
