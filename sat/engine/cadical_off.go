//go:build !cadical

package engine

// cadicalSpec in a build without the cadical tag: named, not built.
var cadicalSpec = Spec{
	Name:           "cadical",
	Configurations: cadicalConfigurations,
	Missing:        "'make build' links CaDiCaL where Debian's libcadical-dev is installed ('make deps')",
}
