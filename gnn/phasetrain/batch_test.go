package phasetrain

import (
	"math"
	"slices"
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

func TestCut(t *testing.T) {
	small := sample(t, 2, [][]int32{{1, -2}, {2}}, []int32{1, 2}) // 3 literals, 2 clauses: 10 edges
	big := sample(t, 3, [][]int32{{1, 2, 3}, {-1, -2}, {-3, 1}, {2}}, nil)
	if small.Edges() != 10 || big.Edges() != 2*8+2*4 {
		t.Fatalf("edges %d and %d, want 10 and 24", small.Edges(), big.Edges())
	}
	tests := []struct {
		name     string
		samples  []*Sample
		n, edges int
		perm     []int
		want     []int // samples per batch
	}{
		{"by count", []*Sample{small, small, small, small, small}, 2, 0, nil, []int{2, 2, 1}},
		{"by count, permuted", []*Sample{small, big, small}, 2, 0, []int{1, 0, 2}, []int{2, 1}},
		{"edge budget closes a batch", []*Sample{small, small, small, big, small}, 8, 30, nil, []int{3, 1, 1}},
		{"a sample over the budget goes alone", []*Sample{small, big, big, small}, 8, 20, nil, []int{1, 1, 1, 1}},
		{"budget off", []*Sample{big, big, big}, 8, 0, nil, []int{3}},
		{"nothing", nil, 8, 30, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bs := cut(tc.samples, tc.n, tc.edges, tc.perm)
			var got []int
			k := 0
			for _, b := range bs {
				got = append(got, len(b.VarStart)-1)
				for i := range len(b.VarStart) - 1 {
					want := tc.samples[k]
					if tc.perm != nil {
						want = tc.samples[tc.perm[k]]
					}
					if n := want.Graph.NumVars(); b.VarStart[i+1]-b.VarStart[i] != n {
						t.Fatalf("batch sample %d has %d variables, want %d (order lost)", i, b.VarStart[i+1]-b.VarStart[i], n)
					}
					k++
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("batch sizes %v, want %v", got, tc.want)
			}
		})
	}
}
