package bench

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func rec(inst, solver string, st Status, t float64) Record {
	r := Record{Instance: inst, Solver: solver, Status: st, Time: t, Timeout: 10, Answer: AnswerNone, Expected: AnswerNone}
	switch st {
	case StatusSat, StatusWrong, StatusUnverified:
		r.Answer = AnswerSat
	case StatusUnsat:
		r.Answer = AnswerUnsat
	}
	return r
}

func TestSummarizeHandComputed(t *testing.T) {
	recs := []Record{
		rec("a", "S1", StatusSat, 1), rec("a", "S2", StatusTimeout, 10),
		rec("b", "S1", StatusUnsat, 2), rec("b", "S2", StatusUnsat, 4),
		rec("c", "S1", StatusTimeout, 10), rec("c", "S2", StatusSat, 3),
		rec("d", "S1", StatusTimeout, 10), rec("d", "S2", StatusCrash, 0.5),
	}
	sum := Summarize(recs)
	tests := []struct {
		got  SolverSummary
		name string
		sat  int
		uns  int
		uniq int
		par2 float64
	}{
		// S1: 1 + 2 + 2·10 + 2·10 over 4 instances.
		{sum.Solvers[0], "S1", 1, 1, 1, 43.0 / 4},
		// S2: 2·10 + 4 + 3 + 2·10 (a crash counts as unsolved).
		{sum.Solvers[1], "S2", 1, 1, 1, 47.0 / 4},
		// VBS: best of each: 1, 2, 3, and 2·10 for d.
		{sum.VBS, VBSName, 2, 1, -1, 26.0 / 4},
	}
	for _, tc := range tests {
		g := tc.got
		if g.Name != tc.name || g.Sat != tc.sat || g.Unsat != tc.uns || g.Unique != tc.uniq || math.Abs(g.PAR2-tc.par2) > 1e-9 {
			t.Errorf("%s: got %+v, want sat %d unsat %d unique %d PAR-2 %g", tc.name, g, tc.sat, tc.uns, tc.uniq, tc.par2)
		}
	}
	// Medians of the penalised times: S1 {1,2,20,20}, S2 {3,4,20,20}, VBS {1,2,3,20}.
	for i, want := range []float64{11, 12} {
		if sum.Solvers[i].Median != want {
			t.Errorf("%s median %g, want %g", sum.Solvers[i].Name, sum.Solvers[i].Median, want)
		}
	}
	if sum.VBS.Median != 2.5 {
		t.Errorf("VBS median %g, want 2.5", sum.VBS.Median)
	}
	if sum.Solvers[0].Timeout != 2 || sum.Solvers[1].Crash != 1 || sum.Instances != 4 {
		t.Errorf("failure counts: %+v", sum.Solvers)
	}
	if len(sum.Flags) != 0 {
		t.Errorf("unexpected flags %v", sum.Flags)
	}
}

func TestSummarizeFlags(t *testing.T) {
	withExp := func(r Record, e Answer) Record { r.Expected = e; return r }
	tests := []struct {
		name  string
		recs  []Record
		flags []string
		// solved counts of S1, S2
		solved [2]int
	}{
		{"agree", []Record{rec("x", "S1", StatusSat, 1), rec("x", "S2", StatusSat, 2)}, nil, [2]int{1, 1}},
		{"sat-vs-unsat", []Record{rec("x", "S1", StatusSat, 1), rec("x", "S2", StatusUnsat, 2)},
			[]string{"DISAGREEMENT on x"}, [2]int{1, 0}},
		{"wrong-model-vs-unsat", []Record{rec("x", "S1", StatusWrong, 1), rec("x", "S2", StatusUnsat, 2)},
			[]string{"WRONG MODEL: S1 on x", "DISAGREEMENT on x"}, [2]int{0, 1}},
		{"unverified", []Record{rec("x", "S1", StatusUnverified, 1), rec("x", "S2", StatusTimeout, 10)},
			[]string{"UNVERIFIED SAT: S1 on x"}, [2]int{0, 0}},
		{"against-expected-unsat", []Record{withExp(rec("x", "S1", StatusUnsat, 1), AnswerSat), withExp(rec("x", "S2", StatusTimeout, 10), AnswerSat)},
			[]string{"EXPECTED sat: S1 answered unsat on x"}, [2]int{0, 0}},
		{"model-beats-manifest", []Record{withExp(rec("x", "S1", StatusSat, 1), AnswerUnsat), withExp(rec("x", "S2", StatusTimeout, 10), AnswerUnsat)},
			[]string{"EXPECTED unsat: S1 answered sat on x with a verified model"}, [2]int{1, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sum := Summarize(tc.recs)
			if len(sum.Flags) != len(tc.flags) {
				t.Fatalf("flags %q, want %d like %q", sum.Flags, len(tc.flags), tc.flags)
			}
			for i, f := range tc.flags {
				if !strings.Contains(sum.Flags[i], f) {
					t.Errorf("flag %d = %q, want it to contain %q", i, sum.Flags[i], f)
				}
			}
			for i, want := range tc.solved {
				if got := sum.Solvers[i].Solved(); got != want {
					t.Errorf("%s solved %d, want %d", sum.Solvers[i].Name, got, want)
				}
			}
		})
	}
}

func TestWriteTableShowsFlags(t *testing.T) {
	sum := Summarize([]Record{rec("x", "S1", StatusSat, 1), rec("x", "S2", StatusUnsat, 2)})
	for _, md := range []bool{false, true} {
		var b strings.Builder
		if err := sum.WriteTable(&b, md); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, want := range []string{"S1", "S2", VBSName, "PAR-2", "DISAGREEMENT on x", "1 PROBLEMS"} {
			if !strings.Contains(out, want) {
				t.Errorf("md=%v: table lacks %q:\n%s", md, want, out)
			}
		}
		if md && !strings.Contains(out, "|") {
			t.Errorf("markdown table has no pipes:\n%s", out)
		}
	}
}

func TestSummarizePairs(t *testing.T) {
	recs := []Record{
		rec("a", "S1", StatusSat, 1), rec("a", "S2", StatusSat, 4), // ratio 4
		rec("b", "S1", StatusUnsat, 2), rec("b", "S2", StatusUnsat, 0.5), // 1/4
		rec("c", "S1", StatusSat, 0.01), rec("c", "S2", StatusSat, 0.05), // both floored: 1
		rec("d", "S1", StatusSat, 5), rec("d", "S2", StatusTimeout, 10), // 2·10/5 = 4
		rec("e", "S1", StatusSat, 1), // S2 did not run e: not compared
	}
	sum := Summarize(recs)
	if len(sum.Pairs) != 1 {
		t.Fatalf("%d pairs, want 1", len(sum.Pairs))
	}
	p := sum.Pairs[0]
	want := math.Pow(4*0.25*1*4, 1.0/4)
	tests := []struct {
		name      string
		got, want any
	}{
		{"A", p.A, "S1"}, {"B", p.B, "S2"}, {"instances", p.Instances, 4},
		{"slowest", p.Slowest, 4.0}, {"slowest at", p.SlowestInst, "a"},
		{"fastest", p.Fastest, 0.25}, {"fastest at", p.FastestInst, "b"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	if math.Abs(p.GeoMean.Estimate-want) > 1e-12 || !(p.GeoMean.Lo < want && want < p.GeoMean.Hi) {
		t.Errorf("geometric mean %+v, want %v inside a proper interval", p.GeoMean, want)
	}
	// PAR-2 ratio: B's total over A's, times floored.
	wantPAR2 := (4 + 0.5 + 0.1 + 2*10) / (1 + 2 + 0.1 + 5)
	if math.Abs(p.PAR2.Estimate-wantPAR2) > 1e-12 || !(p.PAR2.Lo < wantPAR2 && wantPAR2 < p.PAR2.Hi) {
		t.Errorf("PAR-2 ratio %+v, want %v inside a proper interval", p.PAR2, wantPAR2)
	}
	if again := Summarize(recs).Pairs[0]; again.GeoMean != p.GeoMean || again.PAR2 != p.PAR2 {
		t.Errorf("a second summary prints other intervals: %+v %+v, then %+v %+v", p.GeoMean, p.PAR2, again.GeoMean, again.PAR2)
	}
	var b strings.Builder
	if err := sum.WriteTable(&b, true); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "S2 vs S1") || !strings.Contains(b.String(), fmt.Sprintf("%.3f [%.3f, %.3f]", want, p.GeoMean.Lo, p.GeoMean.Hi)) {
		t.Errorf("table lacks the pair row:\n%s", b.String())
	}
}
