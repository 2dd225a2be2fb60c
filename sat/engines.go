package sat

import (
	"fmt"
	"strings"
)

// EngineNames lists the engines compiled into this build, best first.
func EngineNames() []string {
	if cadicalBuilt {
		return []string{"cadical", "gini"}
	}
	return []string{"gini"}
}

// EngineConfig selects and configures an engine.
type EngineConfig struct {
	// Name is "gini", "cadical" or "" for the best available.
	Name string
	// Proof is the path of a DRAT proof to write for UNSAT answers.
	Proof string
	// NoPreprocess turns off gini's pure-Go preprocessor (CaDiCaL has
	// its own inprocessing and ignores this).
	NoPreprocess bool
}

// NewEngine returns the configured engine or says why it cannot.
func NewEngine(cfg EngineConfig) (Engine, error) {
	name := cfg.Name
	if name == "" {
		name = EngineNames()[0]
	}
	switch name {
	case "gini":
		if cfg.Proof != "" {
			return nil, fmt.Errorf("the gini engine cannot write DRAT proofs; use --engine cadical (in binaries built by 'make build' where libcadical-dev is installed)")
		}
		return Gini{Preprocess: !cfg.NoPreprocess}, nil
	case "cadical":
		return newCadical(cfg)
	}
	return nil, fmt.Errorf("unknown engine %q (this build has: %s)", name, strings.Join(EngineNames(), ", "))
}
