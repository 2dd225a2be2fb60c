package engine

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/verify-tools/verify/internal/testcorpus"
	"github.com/verify-tools/verify/sat"
)

// satlibExpected gives the known answer of a go-sat SATLIB file from its
// family folder and name.
func satlibExpected(path string) sat.Status {
	dir, name := filepath.Base(filepath.Dir(path)), filepath.Base(path)
	switch {
	case strings.HasPrefix(dir, "sat-"):
		return sat.Sat
	case strings.HasPrefix(dir, "unsat-"):
		return sat.Unsat
	case strings.Contains(name, "-yes"):
		return sat.Sat
	case strings.Contains(name, "-no-"):
		return sat.Unsat
	}
	return sat.Unknown
}

// satlibFiles lists every CNF of the SATLIB corpus, sorted.
func satlibFiles(tb testing.TB) []string {
	tb.Helper()
	dir := testcorpus.Path(tb, "satlib")
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.cnf"))
	if err != nil {
		tb.Fatal(err)
	}
	sort.Strings(files)
	if len(files) != 2185 {
		tb.Fatalf("SATLIB corpus has %d CNF files, want 2185", len(files))
	}
	return files
}

// gophersatKnown are the competition instances of gophersat's test suite
// whose answer that suite states (solver/solver_test.go), CNF files only.
var gophersatKnown = map[string]sat.Status{
	"25.cnf": sat.Sat, "50.cnf": sat.Sat, "75.cnf": sat.Sat, "100.cnf": sat.Sat, "225.cnf": sat.Sat,
	"125.cnf": sat.Unsat, "150.cnf": sat.Unsat, "175.cnf": sat.Unsat, "200.cnf": sat.Unsat,
	"hoons-vbmc-lucky7.cnf": sat.Unsat, "8-pigeons.cnf": sat.Unsat, "8-queens.cnf": sat.Sat,
}
