package corpus

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/engine"
)

// instancesPerFamily covers every small grid point of each family.
const instancesPerFamily = 12

func TestGridsAreSatisfiable(t *testing.T) {
	ctx := context.Background()
	for _, fam := range Grids() {
		t.Run(fam.Name, func(t *testing.T) {
			for i := range instancesPerFamily {
				in, err := Generate(ctx, fam, 7, i, Small)
				if err != nil {
					t.Fatal(err)
				}
				f := in.CNF
				if err := f.Validate(); err != nil {
					t.Fatalf("#%d: %v", i, err)
				}
				if f.NumClauses() == 0 || f.NumVars == 0 {
					t.Fatalf("#%d: empty formula", i)
				}
				// Round trip through DIMACS, then solve what was written.
				var buf bytes.Buffer
				if err := in.WriteDIMACS(&buf); err != nil {
					t.Fatal(err)
				}
				g, _, err := sat.Read(&buf, "gen", sat.ReadOptions{Strict: true})
				if err != nil {
					t.Fatalf("#%d: written DIMACS does not read back: %v", i, err)
				}
				res, err := engine.Gini(false).Solve(ctx, g, engine.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if res.Status != sat.Sat {
					t.Fatalf("#%d: %v", i, res.Status)
				}
				if err := sat.CheckModel(f, res.Model); err != nil {
					t.Fatalf("#%d: %v", i, err)
				}
			}
		})
	}
}

func TestGenerateDeterminism(t *testing.T) {
	ctx := context.Background()
	for _, fam := range Grids() {
		t.Run(fam.Name, func(t *testing.T) {
			render := func(seed uint64, index int) (*Instance, []byte) {
				in, err := Generate(ctx, fam, seed, index, Small)
				if err != nil {
					t.Fatal(err)
				}
				var b bytes.Buffer
				if err := in.WriteDIMACS(&b); err != nil {
					t.Fatal(err)
				}
				return in, b.Bytes()
			}
			in1, a := render(11, 3)
			_, b := render(11, 3)
			if !bytes.Equal(a, b) {
				t.Fatal("same seed and index gave different bytes")
			}
			// The clauses themselves, not just the header, depend on the seed.
			in2, _ := render(12, 3)
			if slices.Equal(in1.CNF.Lits, in2.CNF.Lits) {
				t.Fatal("another seed gave the same clauses")
			}
		})
	}
}

func TestGeneratedHeaderComments(t *testing.T) {
	fam, err := GridByName("factor")
	if err != nil {
		t.Fatal(err)
	}
	in, err := Generate(context.Background(), fam, 5, 1, Small)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	in.WriteDIMACS(&b)
	text := b.String()
	for _, want := range []string{"c family factor\n", "c group factor/bits-a=5/bits-b=6/seed=5\n", "c seed 5\n", "c index 1\n", "c param bits-b 6\n", "c info N "} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in header:\n%s", want, text[:strings.Index(text, "p cnf")])
		}
	}
}

func TestGridByNameUnknown(t *testing.T) {
	if _, err := GridByName("nope"); err == nil || !strings.Contains(err.Error(), "ksat") {
		t.Fatalf("err = %v, want the list of families", err)
	}
	if _, err := ParseSize("huge"); err == nil {
		t.Fatal("ParseSize accepted huge")
	}
}

func TestWriteGenerated(t *testing.T) {
	dir := t.TempDir()
	fams := []Grid{}
	for _, n := range []string{"qcp", "adder-miter"} {
		f, _ := GridByName(n)
		fams = append(fams, f)
	}
	calls := 0
	m, err := WriteGenerated(context.Background(), GenSpec{Dir: dir, Seed: 1, Count: 3, Families: fams, Jobs: 2}, func() { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 6 || calls != 6 {
		t.Fatalf("%d files, %d progress calls; want 6", len(m.Files), calls)
	}
	for _, e := range m.Files {
		f, _, err := sat.ReadFile(filepath.Join(dir, e.Path), sat.ReadOptions{Strict: true})
		if err != nil {
			t.Fatal(err)
		}
		if f.NumVars != e.Vars || f.NumClauses() != e.Clauses {
			t.Fatalf("%s: manifest says %d/%d, file has %d/%d", e.Path, e.Vars, e.Clauses, f.NumVars, f.NumClauses())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, GenManifestName)); err != nil {
		t.Fatal(err)
	}
}

// TestGridPointsInRange: every grid point sets each parameter of its
// sat/gen family, within the family's range, and nothing else.
func TestGridPointsInRange(t *testing.T) {
	for _, g := range Grids() {
		if g.Family.Name == "" {
			t.Fatalf("grid %s: no sat/gen family", g.Name)
		}
		for _, size := range []Size{Small, Medium} {
			for i, pt := range g.points(size) {
				var settings []string
				for k, v := range pt.params {
					settings = append(settings, fmt.Sprintf("%s=%d", k, v))
				}
				p, err := g.Family.ParseParams(settings)
				if err != nil {
					t.Errorf("%s %s point %d: %v", g.Name, size, i, err)
					continue
				}
				if len(p) != len(pt.params) {
					t.Errorf("%s %s point %d: sets %d of the %d parameters of %s", g.Name, size, i, len(pt.params), len(p), g.Family.Name)
				}
			}
		}
	}
}
