package corpus

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/verify-tools/verify/sat/bench"
)

// TestWriteSuite: a split set written as a suite reads back in verify
// bench with every formula expected satisfiable.
func TestWriteSuite(t *testing.T) {
	dir := t.TempDir()
	var entries []Entry
	for _, n := range []string{"a.cnf", "b.cnf"} {
		p := filepath.Join(dir, n)
		os.WriteFile(p, []byte("p cnf 1 1\n1 0\n"), 0o644)
		entries = append(entries, Entry{Path: p, Family: "fam"})
	}
	suite := filepath.Join(dir, "x-test.suite")
	if err := WriteSuite(suite, Test, entries); err != nil {
		t.Fatal(err)
	}
	insts, err := bench.LoadSuites([]string{suite}, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(insts) != 2 || insts[0].Expected != bench.AnswerSat || insts[1].Family != "fam" {
		t.Fatalf("suite read back as %+v", insts)
	}
}
