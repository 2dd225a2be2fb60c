package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/verify-tools/verify/sat"
)

// Config selects and configures an engine.
type Config struct {
	// Name is a name of the table, or "" for the best engine built in.
	Name string
	// Proof is the path of a DRAT proof to write for UNSAT answers; an
	// engine that cannot write one refuses it.
	Proof string
	// NoPreprocess turns off gini's pure-Go preprocessor (CaDiCaL has
	// its own inprocessing and ignores this).
	NoPreprocess bool
	// Configuration is one of the engine's built-in configurations
	// (Spec.Configurations); "" is the engine's default.
	Configuration string
}

// Spec is one row of the engine table.
type Spec struct {
	// Name is the engine's name (--engine NAME).
	Name string
	// Built says whether this build has the engine; Missing says how to
	// get a build that has it.
	Built   bool
	Missing string
	// Version is the engine's version as its library reports it.
	Version func() string
	// New makes the search for one configuration; it may refuse options
	// the engine cannot honour.
	New func(Config) (searcher, error)
	// NewIncremental loads a formula into an incremental solver.
	NewIncremental func(*sat.CNF) (Incremental, error)
	// Configurations are the built-in configurations Config.Configuration
	// may name, the default first.
	Configurations []string
}

// Table lists every engine the project knows, best first; a row whose
// Built is false is in the table so that naming it gives a useful error.
// Adding an engine is one file with its Spec (and, when it needs a build
// tag, a second file with the Spec of a build without it) and one row.
func Table() []Spec { return []Spec{cadicalSpec, giniSpec} }

// Names lists the engines built in, best first.
func Names() []string {
	var out []string
	for _, s := range Table() {
		if s.Built {
			out = append(out, s.Name)
		}
	}
	return out
}

// Lookup returns the built-in engine named name ("" is the best built
// in), or says why there is none.
func Lookup(name string) (Spec, error) {
	for _, s := range Table() {
		switch {
		case name == "" && s.Built, name == s.Name && s.Built:
			return s, nil
		case name == s.Name:
			return Spec{}, fmt.Errorf("this build has no %s engine: %s", s.Name, s.Missing)
		}
	}
	return Spec{}, fmt.Errorf("unknown engine %q (this build has: %s)", name, strings.Join(Names(), ", "))
}

// New returns the configured engine or says why it cannot.
func New(cfg Config) (*Engine, error) {
	spec, err := Lookup(cfg.Name)
	if err != nil {
		return nil, err
	}
	if c := cfg.Configuration; c != "" && !slices.Contains(spec.Configurations, c) {
		return nil, fmt.Errorf("the %s engine has no configuration %q (it has: %s)", spec.Name, c, strings.Join(spec.Configurations, ", "))
	}
	s, err := spec.New(cfg)
	if err != nil {
		return nil, err
	}
	return &Engine{name: spec.Name, s: s}, nil
}

// NewIncremental loads f into an incremental solver of the named engine
// ("" = the best built in); every engine of the table has one.
func NewIncremental(name string, f *sat.CNF) (Incremental, error) {
	spec, err := Lookup(name)
	if err != nil {
		return nil, err
	}
	if f.NumVars > MaxVars {
		return nil, fmt.Errorf("formula has %d variables; at most %d are supported", f.NumVars, MaxVars)
	}
	return spec.NewIncremental(f)
}

// Version is the named engine's version, "" when the build lacks it.
func Version(name string) string {
	for _, s := range Table() {
		if s.Name == name && s.Built {
			return s.Version()
		}
	}
	return ""
}

// cadicalConfigurations are CaDiCaL's built-in configurations (1.5.3 and
// 2.x): "plain" turns off its internal preprocessing, "sat" and "unsat"
// tune it for satisfiable and unsatisfiable formulas.
var cadicalConfigurations = []string{"default", "plain", "sat", "unsat"}
