package gen

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"testing"
	"time"

	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/engine"
)

// small lists a quickly solved setting of every family.
var small = map[string][]string{
	"factor":       {"bits=16", "prime=0"},
	"miter":        {"bits=4", "fixed=2"},
	"arx":          {"w=8", "rounds=2", "free=8"},
	"latin":        {"n=7", "holes=420"},
	"colour":       {"n=40", "k=3", "deg=300", "planted=1"},
	"pigeon":       {"n=5"},
	"tseitin":      {"n=12", "d=3"},
	"xorsat":       {"n=30", "k=3", "r=3"},
	"ksat":         {"k=3", "n=40", "ratio=4000", "planted=1"},
	"ksat-clauses": {"k=3", "n=40", "m=160", "planted=1"},
	"color-gnp":    {"n=30", "deg=350"},
	"color-struct": {"queen=1", "n=5", "drop=50"},
	"qcp":          {"order=7", "holes=450"},
	"card":         {"n=40", "constraints=3", "width=12"},
	"parity":       {"n=30", "xors=18", "clauses=60"},
	"adder-miter":  {"bits=8", "fixed=2"},
}

func generate(t *testing.T, f Family, seed uint64, settings []string) ([]byte, *Instance) {
	t.Helper()
	p, err := f.ParseParams(settings)
	if err != nil {
		t.Fatal(err)
	}
	in, err := f.Generate(seed, p)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := in.WriteDIMACS(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), in
}

// TestDeterministic: the same family, seed and parameters give the same
// bytes (so the same SHA-256) in two independent generations, another
// seed gives other bytes, and the written command parses back to the same
// instance.
func TestDeterministic(t *testing.T) {
	for _, f := range Families() {
		t.Run(f.Name, func(t *testing.T) {
			settings, ok := small[f.Name]
			if !ok {
				t.Fatalf("no small setting for family %s", f.Name)
			}
			a, in := generate(t, f, 7, settings)
			b, _ := generate(t, f, 7, settings)
			if sha256.Sum256(a) != sha256.Sum256(b) {
				t.Fatalf("two generations differ")
			}
			c, _ := generate(t, f, 8, settings)
			if bytes.Equal(a, c) {
				t.Errorf("seeds 7 and 8 give the same instance")
			}
			fam, seed, p, err := ParseCommand(in.Command(""))
			if err != nil {
				t.Fatal(err)
			}
			again, err := fam.Generate(seed, p)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			again.WriteDIMACS(&buf)
			if !bytes.Equal(a, buf.Bytes()) {
				t.Errorf("command %q regenerates other bytes", in.Command(""))
			}
			if err := in.CNF.Validate(); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestAnswerByConstruction solves small instances of every family whose
// answer is fixed by construction and checks it, for several seeds.
func TestAnswerByConstruction(t *testing.T) {
	extra := map[string][]string{
		"factor": {"bits=16", "prime=1"},
		"colour": {"n=40", "k=3", "deg=300", "planted=1"},
	}
	for _, f := range Families() {
		for _, settings := range [][]string{small[f.Name], extra[f.Name]} {
			if settings == nil {
				continue
			}
			for seed := uint64(1); seed <= 3; seed++ {
				t.Run(fmt.Sprintf("%s/%v/%d", f.Name, settings, seed), func(t *testing.T) {
					_, in := generate(t, f, seed, settings)
					want := in.Answer()
					if want == "" {
						t.Fatalf("setting %v has no answer by construction", settings)
					}
					res, err := engine.Gini(false).Solve(context.Background(), in.CNF, engine.Options{Timeout: time.Minute})
					if err != nil {
						t.Fatal(err)
					}
					got := map[sat.Status]string{sat.Sat: "sat", sat.Unsat: "unsat"}[res.Status]
					if got != want {
						t.Fatalf("gini says %v, construction %s", res.Status, want)
					}
					if got == "sat" {
						if err := sat.CheckModel(in.CNF, res.Model); err != nil {
							t.Fatal(err)
						}
					}
				})
			}
		}
	}
}

func TestParseParamsErrors(t *testing.T) {
	f, err := FamilyByName("factor")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"bits", "nope=1", "bits=x", "bits=5", "prime=2"} {
		if _, err := f.ParseParams([]string{s}); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
	if _, err := FamilyByName("nope"); err == nil {
		t.Error("unknown family accepted")
	}
	for _, c := range []string{"gen factor", "verify gen factor --bits", "verify gen factor --seed x", "verify gen factor bits 3"} {
		if _, _, _, err := ParseCommand(c); err == nil {
			t.Errorf("command %q accepted", c)
		}
	}
}

func TestXorClauses(t *testing.T) {
	vars := []int32{1, 2, 3}
	for _, odd := range []bool{false, true} {
		f := sat.NewCNF(3)
		for _, c := range xorClauses(vars, odd) {
			f.AddClause(c...)
		}
		for a := 0; a < 8; a++ {
			model := []bool{false, a&1 == 1, a&2 == 2, a&4 == 4}
			parity := (a&1 + a>>1&1 + a>>2&1) % 2
			if got, want := sat.CheckModel(f, model) == nil, (parity == 1) == odd; got != want {
				t.Errorf("odd=%v assignment %03b: satisfied %v, want %v", odd, a, got, want)
			}
		}
	}
}
