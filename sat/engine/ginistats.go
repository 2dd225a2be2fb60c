package engine

import (
	"reflect"
	"runtime/debug"

	"github.com/go-air/gini"
)

// fillStats reads gini's search counters. gini v1.0.4 keeps them in an
// internal package with no public accessor, so they are read by reflection
// from the solver's fields (reading unexported fields is allowed; nothing is
// written). When a field is not where v1.0.4 has it, the counter is
// reported as -1 instead of failing the solve. Call only while no solve runs.
func fillStats(st *Stats, g *gini.Gini) {
	st.Conflicts, st.Decisions, st.Propagations, st.Restarts = -1, -1, -1, -1
	xo := reflect.ValueOf(g).Elem().FieldByName("xo")
	if !xo.IsValid() || xo.Kind() != reflect.Pointer || xo.IsNil() {
		return
	}
	s := xo.Elem()
	st.Conflicts = intField(s, "Driver", "Conflicts")
	st.Decisions = intField(s, "Guess", "guesses")
	st.Propagations = intField(s, "Trail", "Props")
	st.Restarts = intField(s, "stRestarts")
}

// giniConflicts is gini's conflict count (-1 where it cannot be read);
// call only while no solve runs or while it is paused.
func giniConflicts(g *gini.Gini) int64 {
	xo := reflect.ValueOf(g).Elem().FieldByName("xo")
	if !xo.IsValid() || xo.Kind() != reflect.Pointer || xo.IsNil() {
		return -1
	}
	return intField(xo.Elem(), "Driver", "Conflicts")
}

// intField follows a path of struct fields (through pointers) to an
// integer; -1 when the path does not exist.
func intField(v reflect.Value, path ...string) int64 {
	for _, name := range path {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return -1
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			return -1
		}
		v = v.FieldByName(name)
		if !v.IsValid() {
			return -1
		}
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	}
	return -1
}

// moduleVersion is the version of a module linked into this binary, from
// its build information ("unknown" without it).
func moduleVersion(path string) string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == path {
				return m.Version
			}
		}
	}
	return "unknown"
}
