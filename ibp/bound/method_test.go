package bound

import (
	"math"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// testMethods is every method of the table: the soundness tests run them
// all, so a new method is tested by adding its row.
func testMethods() []Method {
	var out []Method
	for _, mi := range Methods() {
		out = append(out, mi.Method)
	}
	return out
}

func TestParseMethod(t *testing.T) {
	cases := []struct {
		name string
		want Method
		err  string
	}{
		{"ibp", MethodIBP, ""},
		{"crown", MethodCROWN, ""},
		{"crown-ibp", MethodCROWNIBP, ""},
		{"", "", "no bound method given (want ibp, crown or crown-ibp)"},
		{"magic", "", `unknown bound method "magic" (want ibp, crown or crown-ibp)`},
		{"IBP", "", `unknown bound method "IBP"`},
		{"crown ", "", `unknown bound method "crown "`},
		{"crownibp", "", `unknown bound method "crownibp"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseMethod(tc.name)
			if tc.err == "" {
				if err != nil || got != tc.want {
					t.Fatalf("ParseMethod(%q) = %q, %v; want %q", tc.name, got, err, tc.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("ParseMethod(%q) error %v, want one containing %q", tc.name, err, tc.err)
			}
		})
	}
}

// TestMethodTable: every row has a distinct name, help text and all three
// implementations, and only CROWN reads CrownOptions.
func TestMethodTable(t *testing.T) {
	seen := map[Method]bool{}
	for _, d := range methodTable() {
		if d.Method == "" || seen[d.Method] || d.Help == "" {
			t.Errorf("row %+v: empty or duplicate name, or no help", d.MethodInfo)
		}
		seen[d.Method] = true
		if d.sample == nil || d.batch32 == nil || d.batch64 == nil {
			t.Errorf("%s: an implementation is missing", d.Method)
		}
		if d.CrownOptions != (d.Method == MethodCROWN) {
			t.Errorf("%s: CrownOptions = %v", d.Method, d.CrownOptions)
		}
		if mi, err := d.Method.Info(); err != nil || mi != d.MethodInfo {
			t.Errorf("%s: Info() = %+v, %v", d.Method, mi, err)
		}
	}
	if !slices.Equal(MethodNames(), []string{"ibp", "crown", "crown-ibp"}) {
		t.Errorf("MethodNames() = %v", MethodNames())
	}
}

// TestUnknownMethodRefused: both entry points refuse a method outside the
// table (the batched path used to run IBP for any name it did not know).
func TestUnknownMethodRefused(t *testing.T) {
	n := compile(t, randomModel(t, tinyMeta(), 1))
	img := make([]byte, n.InputLen())
	for _, m := range []Method{"magic", "", "CROWN"} {
		if _, err := n.MarginLower(img, 0, 0.1, m, DefaultCrownOptions()); err == nil || !strings.Contains(err.Error(), "bound method") {
			t.Errorf("MarginLower(%q): error %v", m, err)
		}
		for _, p := range []Precision{Float32, Float64, Auto} {
			if _, err := n.MarginLowerBatch([][]byte{img}, []int{0}, 0.1, m, DefaultCrownOptions(), p); err == nil || !strings.Contains(err.Error(), "bound method") {
				t.Errorf("MarginLowerBatch(%q, %s): error %v", m, p, err)
			}
		}
	}
}

// TestCrownIBPIsUnrefinedCrown: crown-ibp is exactly CROWN with no
// intermediate refinement (CrownOptions{}), per sample and batched, bit
// for bit, whatever options it is passed; and it is not an alias of
// crown, whose default refinement gives other bounds on the MLP.
func TestCrownIBPIsUnrefinedCrown(t *testing.T) {
	m := randomModel(t, archMeta(t, "mlp", []int{1, 4, 4}, true), 5)
	n := compile(t, m)
	rng := rand.New(rand.NewPCG(4, 2))
	raws := make([][]byte, 6)
	ys := make([]int, len(raws))
	for i := range raws {
		raws[i], ys[i] = randomImage(rng, n.InputLen()), rng.IntN(n.Classes)
	}
	same := func(a, b []float64) bool {
		return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
	}
	differs := false
	for i, raw := range raws {
		ci, err := n.MarginLower(raw, ys[i], 0.03, MethodCROWNIBP, DefaultCrownOptions())
		if err != nil {
			t.Fatal(err)
		}
		c0, _ := n.MarginLower(raw, ys[i], 0.03, MethodCROWN, CrownOptions{})
		cd, _ := n.MarginLower(raw, ys[i], 0.03, MethodCROWN, DefaultCrownOptions())
		if !same(ci, c0) {
			t.Fatalf("sample %d: crown-ibp %v, crown without refinement %v", i, ci, c0)
		}
		differs = differs || !same(ci, cd)
	}
	if !differs {
		t.Error("crown-ibp gave crown's bounds on every sample: the refinement never acted, so this test shows nothing")
	}
	for _, p := range []Precision{Float32, Float64, Auto} {
		ci, err := n.MarginLowerBatch(raws, ys, 0.03, MethodCROWNIBP, DefaultCrownOptions(), p)
		if err != nil {
			t.Fatal(err)
		}
		c0, _ := n.MarginLowerBatch(raws, ys, 0.03, MethodCROWN, CrownOptions{}, p)
		for i := range ci {
			if !same(ci[i], c0[i]) {
				t.Fatalf("%s sample %d: batched crown-ibp %v, crown without refinement %v", p, i, ci[i], c0[i])
			}
		}
	}
}

// TestDocsListEveryMethod: the Methods table of docs/certificates.md has
// one row per method of the table, with its help text, and no other.
func TestDocsListEveryMethod(t *testing.T) {
	buf, err := os.ReadFile("../../docs/certificates.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(buf)
	start := strings.Index(doc, "\n## Methods\n")
	if start < 0 {
		t.Fatal("docs/certificates.md has no '## Methods' section")
	}
	sec := doc[start+1:]
	if end := strings.Index(sec[3:], "\n## "); end >= 0 {
		sec = sec[:end+3]
	}
	row := regexp.MustCompile("(?m)^\\| `([a-z0-9-]+)` \\|(.*)$")
	rows := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(sec, -1) {
		rows[m[1]] = m[2]
	}
	for _, mi := range Methods() {
		r, ok := rows[string(mi.Method)]
		if !ok {
			t.Errorf("docs/certificates.md, Methods: no row for %s", mi.Method)
			continue
		}
		if !strings.Contains(r, mi.Help) {
			t.Errorf("docs/certificates.md, Methods: the row of %s lacks its help text %q", mi.Method, mi.Help)
		}
		delete(rows, string(mi.Method))
	}
	for name := range rows {
		t.Errorf("docs/certificates.md, Methods: a row for %q, which is not a method", name)
	}
}
