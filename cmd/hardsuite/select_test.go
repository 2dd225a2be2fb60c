package main

import (
	"fmt"
	"testing"
)

func TestEstablish(t *testing.T) {
	sat := screenRecord{ID: "x", Answer: "sat", Model: "checked"}
	unsat := screenRecord{ID: "x", Answer: "unsat"}
	minisatUnsat := []screenRecord{{Solver: "minisat", Answer: "unsat"}}
	tests := []struct {
		name      string
		s         screenRecord
		confirms  []screenRecord
		known, by string
		how       string // "" = not established
		fails     bool
	}{
		{"model", sat, nil, "", "", "model-checked", false},
		{"wrong-model", screenRecord{ID: "x", Answer: "sat", Model: "WRONG"}, nil, "", "", "", true},
		{"two-solvers", unsat, minisatUnsat, "", "", "unsat:cadical+minisat", false},
		{"construction", unsat, nil, "unsat", "construction", "unsat:construction+cadical", false},
		{"solver-before-construction", unsat, minisatUnsat, "unsat", "construction", "unsat:cadical+minisat", false},
		{"one-solver", unsat, nil, "", "", "", false},
		{"second-timed-out", unsat, []screenRecord{{Solver: "minisat", Answer: "unknown"}}, "", "", "", false},
		{"unknown", screenRecord{ID: "x", Answer: "unknown"}, nil, "unsat", "construction", "", false},
		{"solvers-disagree", unsat, []screenRecord{{Solver: "minisat", Answer: "sat"}}, "", "", "", true},
		{"against-construction", sat, nil, "unsat", "construction", "", true},
		{"against-label", unsat, nil, "sat", "sat09", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, how, ok, err := establish(tc.s, tc.confirms, tc.known, tc.by)
			if (err != nil) != tc.fails {
				t.Fatalf("err = %v, want failure %v", err, tc.fails)
			}
			if ok != (tc.how != "") || how != tc.how && ok {
				t.Errorf("got %q (ok %v), want %q", how, ok, tc.how)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	tests := []struct{ id, family, group string }{
		{"sat09-random-medium/5SAT/UNKNOWN/100/unif-k5-r21.3-v100-c2130-S1-01", "sat09-5sat", "sat09-5sat/n100"},
		{"satlib/uniform_random/UF250.1065.100/unsat/uuf250-01", "uf250", "uf250"},
		{"satlib/quasigroup/qg5-13", "satlib-quasigroup", "satlib-quasigroup"},
		{"factor/prime-b40-s12", "factor", "factor/prime-b40"},
	}
	for _, tc := range tests {
		if f, g := classify(tc.id); f != tc.family || g != tc.group {
			t.Errorf("classify(%s) = %s, %s; want %s, %s", tc.id, f, g, tc.family, tc.group)
		}
	}
}

// fakeCandidates makes n instances of family fam in groups of three,
// alternately SAT and UNSAT.
func fakeCandidates(fam string, n int) []candidate {
	var out []candidate
	for i := range n {
		a := "sat"
		if i%2 == 1 {
			a = "unsat"
		}
		id := fmt.Sprintf("%s/%d", fam, i)
		out = append(out, candidate{ID: id, Path: id + ".cnf", Family: fam,
			Group: fmt.Sprintf("%s/g%d", fam, i/3), Answer: a, CPU: float64(1 + i)})
	}
	return out
}

func TestCapAndSplit(t *testing.T) {
	var cs []candidate
	for i, n := range []int{40, 30, 25, 20, 18, 15, 12, 10, 9, 8} {
		cs = append(cs, fakeCandidates(fmt.Sprintf("f%d", i), n)...)
	}
	got := capFamilies(cs, 0.15)
	per := map[string]int{}
	for _, c := range got {
		per[c.Family]++
	}
	for f, k := range per {
		if float64(k) > 0.15*float64(len(got)) {
			t.Errorf("family %s: %d of %d", f, k, len(got))
		}
	}
	if per["f0"] != per["f1"] || per["f0"] < 20 {
		t.Errorf("cap not the largest possible: %v of %d", per, len(got))
	}
	split(got, 7)
	again := append([]candidate(nil), got...)
	split(again, 7)
	side, halves := map[string]string{}, map[string]int{}
	for i, c := range got {
		if again[i].Split != c.Split {
			t.Fatalf("split not deterministic at %s", c.ID)
		}
		if s, ok := side[c.Group]; ok && s != c.Split {
			t.Errorf("group %s on both sides", c.Group)
		}
		side[c.Group] = c.Split
		halves[c.Split]++
	}
	if halves["dev"] == 0 || halves["test"] == 0 {
		t.Errorf("halves %v", halves)
	}
	quick := pickQuick(got, nil, 60, 0.15)
	perQ, halvesQ := map[string]int{}, map[string]int{}
	for _, c := range quick {
		perQ[c.Family]++
		halvesQ[c.Split]++
	}
	if len(quick) != 60 || perQ["f0"] > 9 {
		t.Errorf("quick: %d instances, %v", len(quick), perQ)
	}
	if d := halvesQ["dev"] - halvesQ["test"]; d > 2 || d < -2 {
		t.Errorf("quick halves %v, want within 2", halvesQ)
	}
}

// TestSplitStable checks that the split is by group and stays put when
// the suite grows: growing every group and adding new groups moves no
// group, and many small groups divide into near halves.
func TestSplitStable(t *testing.T) {
	var before []candidate
	for i := range 10 {
		before = append(before, fakeCandidates(fmt.Sprintf("f%d", i), 12)...)
	}
	split(before, 2026)
	side := map[string]string{}
	for _, c := range before {
		side[c.Group] = c.Split
	}
	var after []candidate
	for i := range 14 {
		after = append(after, fakeCandidates(fmt.Sprintf("f%d", i), 30)...)
	}
	split(after, 2026)
	for _, c := range after {
		if s, ok := side[c.Group]; ok && s != c.Split {
			t.Errorf("group %s moved from %s to %s when the suite grew", c.Group, s, c.Split)
		}
	}
	var many []candidate
	for i := range 1000 {
		many = append(many, candidate{ID: fmt.Sprint(i), Group: fmt.Sprintf("g%d", i)})
	}
	split(many, 2026)
	dev := 0
	for _, c := range many {
		if c.Split == "dev" {
			dev++
		}
	}
	if dev < 450 || dev > 550 {
		t.Errorf("%d of 1000 one-instance groups in dev, want about half", dev)
	}
	other := append([]candidate(nil), many...)
	split(other, 2027)
	moved := 0
	for i := range many {
		if many[i].Split != other[i].Split {
			moved++
		}
	}
	if moved < 400 || moved > 600 {
		t.Errorf("another seed moved %d of 1000 groups, want about half: the seed is not used", moved)
	}
}

// TestPickQuickKeeps checks that the quick suite keeps its instances when
// the full suite grows (new candidates that would otherwise be picked
// first), drops only those no longer eligible or over a family's cap, and
// fills the places they leave; without keep it is the plain pick.
func TestPickQuickKeeps(t *testing.T) {
	var before []candidate
	for i := range 12 {
		before = append(before, fakeCandidates(fmt.Sprintf("f%d", i), 8)...)
	}
	split(before, 7)
	old := pickQuick(before, nil, 60, 0.15)
	keep := map[string]bool{}
	for _, c := range old {
		keep[manifestPath(c)] = true
	}
	// the grown suite: new instances sort before the old ones in every
	// family, and one kept instance is no longer eligible
	var grown []candidate
	gone := old[0].ID
	for i := range 12 {
		fam := fmt.Sprintf("f%d", i)
		for _, c := range fakeCandidates(fam, 6) {
			c.ID, c.Group = fam+"/new"+c.ID[len(fam)+1:], fam+"/new"
			c.Path = c.ID + ".cnf"
			grown = append(grown, c)
		}
	}
	for _, c := range before {
		if c.ID != gone {
			grown = append(grown, c)
		}
	}
	split(grown, 7)
	if plain := pickQuick(grown, nil, 60, 0.15); sameIDs(plain, old) == len(old) {
		t.Fatal("the grown suite's plain pick equals the old one: the test shows nothing")
	}
	got := pickQuick(grown, keep, 60, 0.15)
	if len(got) != 60 {
		t.Fatalf("%d instances, want 60", len(got))
	}
	if n := sameIDs(got, old); n != len(old)-1 {
		t.Errorf("kept %d of the %d old instances still eligible", n, len(old)-1)
	}
	per := map[string]int{}
	for _, c := range got {
		if per[c.Family]++; per[c.Family] > 9 {
			t.Errorf("family %s over the cap", c.Family)
		}
	}
}

// sameIDs counts the instances of a that are in b.
func sameIDs(a, b []candidate) int {
	in := map[string]bool{}
	for _, c := range b {
		in[c.ID] = true
	}
	n := 0
	for _, c := range a {
		if in[c.ID] {
			n++
		}
	}
	return n
}
