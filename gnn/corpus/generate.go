package corpus

import (
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/engine"
	"github.com/verify-tools/verify/sat/gen"
)

// Size selects the parameter grid of a generated family.
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

// Instance is one generated formula of the corpus.
type Instance struct {
	// Family is the grid's name (the corpus's name for the family).
	Family string
	// Seed and Index identify the instance: it is regenerated exactly by
	// the same family, seed, index and size.
	Seed  uint64
	Index int
	Size  Size
	// Params are the grid parameters the instance was drawn with, as the
	// corpus writes them; they define its sibling group.
	Params []gen.Value
	// Info are values particular to the instance (the number factored,
	// the colour count found, the redraw attempt).
	Info []gen.Value
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

// WriteDIMACS writes the instance as DIMACS CNF with its provenance in
// comment lines that Label reads back:
//
//	c generator verify gnn gen
//	c family NAME
//	c group GROUP
//	c seed S
//	c index I
//	c size small|medium
//	c param KEY VALUE      (grid parameters, one line each)
//	c info KEY VALUE       (instance values, one line each)
func (in *Instance) WriteDIMACS(w io.Writer) error {
	comments := []string{
		"generator verify gnn gen",
		"family " + in.Family,
		"group " + in.Group(),
		fmt.Sprintf("seed %d", in.Seed),
		fmt.Sprintf("index %d", in.Index),
		"size " + in.Size.String(),
	}
	for _, p := range in.Params {
		comments = append(comments, "param "+p.Key+" "+p.Value)
	}
	for _, p := range in.Info {
		comments = append(comments, "info "+p.Key+" "+p.Value)
	}
	return sat.WriteDIMACS(w, in.CNF, comments...)
}

// maxAttempts bounds redraws of families not satisfiable by construction.
const maxAttempts = 100

// checkLimit bounds the satisfiability check of one instance.
const checkLimit = 30 * time.Second

// Generate draws instance index of grid g from seed and checks with gini
// that it is satisfiable (and the model against every clause). A family
// not satisfiable by construction is redrawn, on the next attempt's
// stream, until it is.
func Generate(ctx context.Context, g Grid, seed uint64, index int, size Size) (*Instance, error) {
	pt := pick(g.points(size), index)
	planted := g.Family.Answer != nil && g.Family.Answer(pt.params) == "sat"
	for attempt := 0; attempt < maxAttempts; attempt++ {
		r := rand.New(rand.NewPCG(seed, streamID(g.Name, index, attempt)))
		f, info, err := g.Family.Draw(ctx, r, pt.params)
		if err != nil {
			return nil, fmt.Errorf("%s #%d: %w", g.Name, index, err)
		}
		res, err := engine.Gini(false).Solve(ctx, f, engine.Options{Timeout: checkLimit})
		if err != nil {
			return nil, fmt.Errorf("%s #%d: check: %w", g.Name, index, err)
		}
		switch res.Status {
		case sat.Sat:
			if attempt > 0 {
				info = append(info, gen.Value{Key: "attempt", Value: fmt.Sprint(attempt)})
			}
			return &Instance{Family: g.Name, Seed: seed, Index: index, Size: size, Params: pt.labels, Info: info, CNF: f}, nil
		case sat.Unknown:
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("%s #%d: satisfiability not decided within %s", g.Name, index, checkLimit)
		}
		if planted {
			return nil, fmt.Errorf("%s #%d: internal error: planted instance is unsatisfiable", g.Name, index)
		}
	}
	return nil, fmt.Errorf("%s #%d: no satisfiable draw in %d attempts", g.Name, index, maxAttempts)
}

// streamID derives the PCG stream of one draw from the family name, the
// instance index and the redraw attempt.
func streamID(family string, index, attempt int) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s/%d/%d", family, index, attempt)
	return h.Sum64()
}
