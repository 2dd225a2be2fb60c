package bench

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

func famRec(inst, family, solver string, st Status, t float64) Record {
	r := rec(inst, solver, st, t)
	r.Family = family
	return r
}

func TestFamiliesHandComputed(t *testing.T) {
	recs := []Record{
		famRec("a", "x", "S1", StatusSat, 1), famRec("a", "x", "S2", StatusTimeout, 10),
		famRec("b", "x", "S1", StatusUnsat, 2), famRec("b", "x", "S2", StatusUnsat, 4),
		famRec("c", "y", "S1", StatusTimeout, 10), famRec("c", "y", "S2", StatusSat, 3),
		// an UNSAT claim that S2's verified model refutes does not count
		famRec("d", "y", "S1", StatusUnsat, 1), famRec("d", "y", "S2", StatusSat, 5),
		famRec("e", "", "S1", StatusSat, 7),
	}
	sum := Summarize(recs)
	want := []struct {
		name      string
		instances int
		solved    [2]int
		runs      [2]int
		par2      [2]float64
	}{
		{"-", 1, [2]int{1, 0}, [2]int{1, 0}, [2]float64{7, 0}},
		{"x", 2, [2]int{2, 1}, [2]int{2, 2}, [2]float64{1.5, 12}},
		{"y", 2, [2]int{0, 2}, [2]int{2, 2}, [2]float64{20, 4}},
	}
	if len(sum.Families) != len(want) {
		t.Fatalf("%d families, want %d: %+v", len(sum.Families), len(want), sum.Families)
	}
	for i, w := range want {
		f := sum.Families[i]
		if f.Name != w.name || f.Instances != w.instances {
			t.Errorf("family %d: %s with %d instances, want %s with %d", i, f.Name, f.Instances, w.name, w.instances)
		}
		for j, s := range f.Solvers {
			if s.Solved() != w.solved[j] || s.Runs != w.runs[j] || math.Abs(s.PAR2-w.par2[j]) > 1e-9 {
				t.Errorf("family %s solver %s: %d/%d solved, PAR-2 %g; want %d/%d, %g", f.Name, s.Name, s.Solved(), s.Runs, s.PAR2, w.solved[j], w.runs[j], w.par2[j])
			}
		}
	}
	var buf bytes.Buffer
	if err := sum.WriteTable(&buf, true); err != nil {
		t.Fatal(err)
	}
	norm := strings.Join(strings.Fields(buf.String()), " ")
	for _, line := range []string{"| family | instances | S1 solved | S1 PAR-2 (s) | S2 solved | S2 PAR-2 (s) |",
		"| x | 2 | 2/2 | 1.50 | 1/2 | 12.00 |", "| y | 2 | 0/2 | 20.00 | 2/2 | 4.00 |", "| - | 1 | 1/1 | 7.00 | - | - |",
		"| family | S2 / S1 |", "| x | 6.325 [", "| - | - |"} {
		if !strings.Contains(norm, line) {
			t.Errorf("family table lacks %q:\n%s", line, buf.String())
		}
	}
}

func TestFamiliesOneFamilyNoTable(t *testing.T) {
	sum := Summarize([]Record{famRec("a", "x", "S1", StatusSat, 1), famRec("b", "x", "S1", StatusSat, 2)})
	var buf bytes.Buffer
	if err := sum.WriteTable(&buf, false); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "family") {
		t.Errorf("a one-family table:\n%s", buf.String())
	}
}
