//go:build !cadical

package sat

import "errors"

const cadicalBuilt = false

func newCadical(EngineConfig) (Engine, error) {
	return nil, errors.New("this build has no CaDiCaL engine: 'make build' links it where Debian's libcadical-dev is installed ('make deps')")
}

// CadicalVersion is empty: CaDiCaL is not linked into this build.
func CadicalVersion() string { return "" }

func newCadicalIncremental(*CNF) (Incremental, error) {
	_, err := newCadical(EngineConfig{})
	return nil, err
}
