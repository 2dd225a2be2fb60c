package sat

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/verify-tools/verify/internal/testcorpus"
)

// satlibExpected gives the known answer of a go-sat SATLIB file from its
// family folder and name.
func satlibExpected(path string) Status {
	dir, name := filepath.Base(filepath.Dir(path)), filepath.Base(path)
	switch {
	case strings.HasPrefix(dir, "sat-"):
		return Sat
	case strings.HasPrefix(dir, "unsat-"):
		return Unsat
	case strings.Contains(name, "-yes"):
		return Sat
	case strings.Contains(name, "-no-"):
		return Unsat
	}
	return Unknown
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
var gophersatKnown = map[string]Status{
	"25.cnf": Sat, "50.cnf": Sat, "75.cnf": Sat, "100.cnf": Sat, "225.cnf": Sat,
	"125.cnf": Unsat, "150.cnf": Unsat, "175.cnf": Unsat, "200.cnf": Unsat,
	"hoons-vbmc-lucky7.cnf": Unsat, "8-pigeons.cnf": Unsat, "8-queens.cnf": Sat,
}
