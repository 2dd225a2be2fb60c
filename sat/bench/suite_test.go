package bench

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/verify-tools/verify/internal/testcorpus"
)

func TestLoadManifest(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "go.mod", "module example\n", 0o644)
	os.MkdirAll(filepath.Join(root, "corpus", "fam"), 0o755)
	os.MkdirAll(filepath.Join(root, "benchmarks"), 0o755)
	writeFile(t, root, "corpus/fam/a.cnf", satCNF, 0o644)
	writeFile(t, root, "corpus/fam/b.cnf", satCNF, 0o644)
	writeFile(t, root, "benchmarks/local.cnf", satCNF, 0o644)
	suite := writeFile(t, root, "benchmarks/s.suite", `# comment
corpus/fam/a.cnf sat    myfam   # module-relative
corpus/fam/b.cnf UNSAT
local.cnf                        # next to the manifest

corpus/fam/a.cnf unknown          # duplicate: kept once
`, 0o644)
	insts, err := LoadSuites([]string{suite}, root)
	if err != nil {
		t.Fatal(err)
	}
	want := []Instance{
		{ID: "corpus/fam/a.cnf", Expected: AnswerSat, Family: "myfam"},
		{ID: "corpus/fam/b.cnf", Expected: AnswerUnsat, Family: "fam"},
		{ID: "benchmarks/local.cnf", Expected: AnswerNone, Family: "benchmarks"},
	}
	if len(insts) != len(want) {
		t.Fatalf("got %+v", insts)
	}
	for i, w := range want {
		g := insts[i]
		if g.ID != w.ID || g.Expected != w.Expected || g.Family != w.Family || !filepath.IsAbs(g.Path) {
			t.Errorf("instance %d: got %+v, want %+v", i, g, w)
		}
	}
	// A folder argument takes every DIMACS file below it.
	dirInsts, err := LoadSuites([]string{filepath.Join(root, "corpus")}, root)
	if err != nil || len(dirInsts) != 2 || dirInsts[0].Family != "fam" {
		t.Errorf("folder suite: %v %+v", err, dirInsts)
	}
}

func TestLoadManifestErrors(t *testing.T) {
	tests := []struct{ name, content, want string }{
		{"missing", "nowhere/x.cnf sat\n", "s.suite:1: instance nowhere/x.cnf not found"},
		{"bad-answer", "# c\nx.cnf maybe\n", "s.suite:2: answer \"maybe\""},
		{"too-many", "x.cnf sat fam extra\n", "s.suite:1: 4 fields"},
		{"empty", "# nothing\n", "no instances"},
		{"testdata-hint", "testdata/external/none.cnf\n", "make testdata"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "x.cnf", satCNF, 0o644)
			suite := writeFile(t, dir, "s.suite", tc.content, 0o644)
			_, err := LoadSuites([]string{suite}, dir)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := LoadSuites([]string{"/no/such/suite.suite"}, ""); err == nil || !strings.Contains(err.Error(), "/no/such/suite.suite") {
		t.Errorf("missing suite: %v", err)
	}
}

// TestRepoSuites checks the committed manifests: every instance exists
// (after make testdata) and the counts are what the docs promise.
func TestRepoSuites(t *testing.T) {
	testcorpus.Path(t, "satlib")
	root := FindModuleRoot(".")
	tests := []struct {
		suite      string
		n, sat, un int
	}{
		{"satlib-all.suite", 2185, 1000 + 100 + 48, 1000 + 24 + 13},
		{"satlib-sample.suite", 61, 10 + 10 + 12, 10 + 6 + 13},
		{"gophersat.suite", 28, -1, -1},
		{"gophersat-quick.suite", -1, -1, -1},
		{"sat-real.suite", 100 + 100 + 48 + 11, 259, 0},
	}
	for _, tc := range tests {
		t.Run(tc.suite, func(t *testing.T) {
			insts, err := LoadSuites([]string{filepath.Join(root, "benchmarks", tc.suite)}, root)
			if err != nil {
				t.Fatal(err)
			}
			sat, unsat := 0, 0
			for _, in := range insts {
				switch in.Expected {
				case AnswerSat:
					sat++
				case AnswerUnsat:
					unsat++
				}
			}
			if (tc.n >= 0 && len(insts) != tc.n) || (tc.sat >= 0 && (sat != tc.sat || unsat != tc.un)) {
				t.Errorf("%d instances (%d sat, %d unsat), want %d (%d, %d)", len(insts), sat, unsat, tc.n, tc.sat, tc.un)
			}
		})
	}
}

func TestOnSplit(t *testing.T) {
	insts := []Instance{
		{ID: "a", Provenance: Provenance{Split: "dev"}},
		{ID: "b", Provenance: Provenance{Split: "test"}},
		{ID: "c"},
		{ID: "d", Provenance: Provenance{Split: "test"}},
	}
	tests := []struct {
		split   string
		want    []string
		wantErr bool
	}{
		{"", []string{"a", "b", "c", "d"}, false},
		{"test", []string{"b", "d"}, false},
		{"dev", []string{"a"}, false},
		{"tset", nil, true},
	}
	for _, tc := range tests {
		got, err := OnSplit(insts, tc.split)
		if (err != nil) != tc.wantErr {
			t.Errorf("OnSplit(%q): error %v, want error %v", tc.split, err, tc.wantErr)
			continue
		}
		var ids []string
		for _, in := range got {
			ids = append(ids, in.ID)
		}
		if !slices.Equal(ids, tc.want) {
			t.Errorf("OnSplit(%q) = %v, want %v", tc.split, ids, tc.want)
		}
	}
}
