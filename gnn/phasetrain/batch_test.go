package phasetrain

import (
	"math"
	"testing"

	"github.com/verify-tools/verify/gnn/phasenet"
	"github.com/verify-tools/verify/sat"
)

func sample(t *testing.T, vars int, clauses [][]int32, backbone []int32) *Sample {
	t.Helper()
	f := sat.NewCNF(vars)
	for _, c := range clauses {
		f.AddClause(c...)
	}
	s, err := NewSample("test", f, backbone)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNewSample(t *testing.T) {
	// Variable 3 occurs in no clause: no node, its backbone literal is ignored.
	s := sample(t, 4, [][]int32{{1, -2}, {2, 4}, {-1}}, []int32{-1, 2, -3})
	want := []int8{LabelFalse, LabelTrue, LabelUnknown} // nodes of variables 1, 2, 4
	if len(s.Label) != len(want) {
		t.Fatalf("labels %v, want %v", s.Label, want)
	}
	for i := range want {
		if s.Label[i] != want[i] {
			t.Fatalf("labels %v, want %v", s.Label, want)
		}
	}
	if s.Labelled() != 2 {
		t.Errorf("Labelled() = %d, want 2", s.Labelled())
	}
	f := sat.NewCNF(2)
	f.AddClause(1, 2)
	if _, err := NewSample("bad", f, []int32{5}); err == nil {
		t.Error("backbone literal beyond the variables: no error")
	}
}

func TestNewBatch(t *testing.T) {
	a := sample(t, 2, [][]int32{{1, -2}, {2}}, []int32{1, 2})      // 2 vars, 2 clauses, 1 meta
	b := sample(t, 3, [][]int32{{1}, {-2, 3}}, []int32{1, -2, -3}) // 3 vars, 2 clauses, 2 metas
	bt := NewBatch([]*Sample{a, b})
	if bt.Nodes != 5+7 {
		t.Fatalf("nodes %d, want 12", bt.Nodes)
	}
	wantKind := []int64{0, 0, 1, 1, 2, 0, 0, 0, 1, 1, 2, 2}
	for i, k := range wantKind {
		if bt.Kind[i] != k {
			t.Fatalf("kinds %v, want %v", bt.Kind, wantKind)
		}
	}
	if got := bt.VarNodes; len(got) != 5 || got[2] != 5 || bt.VarStart[1] != 2 || bt.VarStart[2] != 5 {
		t.Fatalf("var nodes %v, starts %v", got, bt.VarStart)
	}
	// Sample b's clause {-2, 3} is node 5+3+1 = 9; variable 2 is node 6.
	found := false
	for i := range bt.Src[phasenet.RelVarToClauseNeg] {
		if bt.Src[phasenet.RelVarToClauseNeg][i] == 6 && bt.Dst[phasenet.RelVarToClauseNeg][i] == 9 {
			found = true
		}
	}
	if !found {
		t.Errorf("edge 6 -neg-> 9 missing: %v -> %v", bt.Src[phasenet.RelVarToClauseNeg], bt.Dst[phasenet.RelVarToClauseNeg])
	}
	// Meta of sample a (node 4) has two clauses: each edge scaled 1/sqrt(2).
	for i, d := range bt.Dst[phasenet.RelClauseToMeta] {
		want := float32(1)
		if d == 4 {
			want = float32(1 / math.Sqrt(2))
		}
		if bt.Scale[phasenet.RelClauseToMeta][i] != want {
			t.Errorf("clause->meta edge to %d scaled %g, want %g", d, bt.Scale[phasenet.RelClauseToMeta][i], want)
		}
	}
	// Three true and two false backbone variables: weights 1/6 and 1/4.
	var sum float64
	for i, w := range bt.Weight {
		want := float32(0.25)
		if bt.Target[i] == 1 {
			want = 1.0 / 6
		}
		if math.Abs(float64(w-want)) > 1e-7 {
			t.Errorf("weight %g for target %g, want %g", w, bt.Target[i], want)
		}
		sum += float64(w)
	}
	if math.Abs(sum-1) > 1e-6 {
		t.Errorf("weights sum to %g, want 1", sum)
	}
	for r := 0; r < phasenet.NumRelations; r++ {
		if len(bt.Src[r]) != len(bt.Dst[r]) || len(bt.Dst[r]) != len(bt.Scale[r]) {
			t.Errorf("relation %d: %d src, %d dst, %d scales", r, len(bt.Src[r]), len(bt.Dst[r]), len(bt.Scale[r]))
		}
	}
}

func TestBatchOneClass(t *testing.T) {
	s := sample(t, 2, [][]int32{{1}, {2}}, []int32{1, 2})
	b := NewBatch([]*Sample{s})
	for _, w := range b.Weight {
		if w != 0.5 {
			t.Errorf("weight %g, want 0.5 (one class: weights share 1)", w)
		}
	}
}
