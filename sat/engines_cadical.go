//go:build cadical

package sat

const cadicalBuilt = true

func newCadical(cfg EngineConfig) (Engine, error) { return Cadical{Proof: cfg.Proof}, nil }
