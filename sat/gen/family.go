package gen

import (
	"context"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"github.com/verify-tools/verify/sat"
)

// Param describes one integer parameter of a family.
type Param struct {
	Name    string
	Default int
	Min     int
	Max     int
	Doc     string
}

// Family is a generator of one kind of formula.
type Family struct {
	Name string
	// Doc says in a line what the family encodes.
	Doc string
	// Answer is "sat" or "unsat" when every instance has that answer by
	// construction, "" when it depends on the draw.
	Answer func(p Params) string
	Params []Param
	// gen draws one formula from r; ctx bounds the solver calls of the
	// families that make one while drawing (the colourings).
	gen func(ctx context.Context, r *rand.Rand, p Params) (*sat.CNF, []Value, error)
	// notes writes the draw's values as comment lines; nil: "KEY VALUE"
	// each.
	notes func(v []Value) []string
}

// Params are the integer parameters of one instance, by name.
type Params map[string]int

// Value is one named value of a draw (the number factored, the bit of a
// planted bug), or any other named string such as a grid parameter.
type Value struct {
	Key, Value string
}

// Instance is one generated formula with its provenance.
type Instance struct {
	Family string
	Seed   uint64
	Params Params
	// Values are particular to the draw (the number factored, …); Info
	// are the comment lines that say them.
	Values []Value
	Info   []string
	CNF    *sat.CNF
}

// plantedAnswer is the answer of families with a planted parameter: SAT
// when 1, up to the draw otherwise.
func plantedAnswer(p Params) string {
	if p["planted"] == 1 {
		return "sat"
	}
	return ""
}

// Families lists every family, in a fixed order: the hard suites'
// families, then those the phase-predictor corpus draws (gnn/corpus).
func Families() []Family {
	return []Family{
		factorFamily(),
		miterFamily(),
		arxFamily(),
		latinFamily(),
		colourFamily(),
		pigeonFamily(),
		tseitinFamily(),
		xorsatFamily(),
		ksatFamily(),
		ksatClausesFamily(),
		colorGNPFamily(),
		colorStructFamily(),
		qcpFamily(),
		cardFamily(),
		parityFamily(),
		adderMiterFamily(),
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

// ParseParams reads KEY=VALUE settings for the family, fills in defaults
// and checks every value against its range.
func (f Family) ParseParams(settings []string) (Params, error) {
	p := make(Params, len(f.Params))
	for _, d := range f.Params {
		p[d.Name] = d.Default
	}
	for _, s := range settings {
		k, v, ok := strings.Cut(s, "=")
		if !ok {
			return nil, fmt.Errorf("%s: parameter %q: want KEY=VALUE", f.Name, s)
		}
		if _, known := p[k]; !known {
			return nil, fmt.Errorf("%s: unknown parameter %q (have %s)", f.Name, k, f.paramNames())
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, fmt.Errorf("%s: parameter %s: %q is not an integer", f.Name, k, v)
		}
		p[k] = n
	}
	for _, d := range f.Params {
		if v := p[d.Name]; v < d.Min || v > d.Max {
			return nil, fmt.Errorf("%s: parameter %s=%d out of range [%d, %d]", f.Name, d.Name, v, d.Min, d.Max)
		}
	}
	return p, nil
}

func (f Family) paramNames() string {
	var names []string
	for _, d := range f.Params {
		names = append(names, d.Name)
	}
	return strings.Join(names, ", ")
}

// Generate is GenerateContext without a context.
func (f Family) Generate(seed uint64, p Params) (*Instance, error) {
	return f.GenerateContext(context.Background(), seed, p)
}

// GenerateContext draws the instance of family f for seed and parameters
// p (complete and in range: from ParseParams) from the family's own
// random stream of seed.
func (f Family) GenerateContext(ctx context.Context, seed uint64, p Params) (*Instance, error) {
	r := rand.New(rand.NewPCG(seed, streamID(f.Name)))
	cnf, values, err := f.Draw(ctx, r, p)
	if err != nil {
		return nil, fmt.Errorf("%s seed %d: %w", f.Name, seed, err)
	}
	return &Instance{Family: f.Name, Seed: seed, Params: p, Values: values, Info: f.Notes(values), CNF: cnf}, nil
}

// Draw draws one formula of the family with parameters p (complete and in
// range) from the caller's random stream r, with the draw's own values:
// for callers that derive their streams otherwise (gnn/corpus).
func (f Family) Draw(ctx context.Context, r *rand.Rand, p Params) (*sat.CNF, []Value, error) {
	return f.gen(ctx, r, p)
}

// Notes are the comment lines that say a draw's values.
func (f Family) Notes(values []Value) []string {
	if f.notes != nil {
		return f.notes(values)
	}
	lines := make([]string, len(values))
	for i, v := range values {
		lines[i] = v.Key + " " + v.Value
	}
	return lines
}

// streamID derives the PCG stream of a family from its name.
func streamID(family string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(family))
	return h.Sum64()
}

// Command is the verify command line that regenerates the instance into
// out.
func (in *Instance) Command(out string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "verify gen %s --seed %d", in.Family, in.Seed)
	keys := make([]string, 0, len(in.Params))
	for k := range in.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, " --%s %d", k, in.Params[k])
	}
	if out != "" {
		fmt.Fprintf(&b, " -o %s", out)
	}
	return b.String()
}

// Answer is the answer the instance has by construction ("sat",
// "unsat"), or "" when only a solver can tell.
func (in *Instance) Answer() string {
	f, err := FamilyByName(in.Family)
	if err != nil || f.Answer == nil {
		return ""
	}
	return f.Answer(in.Params)
}
