package phasenet

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verify-tools/verify/gnn/graph"
	"github.com/verify-tools/verify/sat"
)

func randomCNF(rng *rand.Rand, vars, clauses int) *sat.CNF {
	f := sat.NewCNF(vars)
	for i := 0; i < clauses; i++ {
		k := 1 + rng.IntN(4)
		c := make([]int32, k)
		for j := range c {
			c[j] = int32(1 + rng.IntN(vars))
			if rng.IntN(2) == 0 {
				c[j] = -c[j]
			}
		}
		f.AddClause(c...)
	}
	return f
}

func predict(t *testing.T, m *Model, f *sat.CNF) ([]float32, *graph.Graph) {
	t.Helper()
	g, err := graph.Build(f)
	if err != nil {
		t.Fatal(err)
	}
	p, err := m.Predict(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	return p, g
}

// naive is a float64 reference of the forward pass written from the
// formulas in docs/gnn.md with plain loops over an explicit edge list.
func naive(m *Model, g *graph.Graph) []float64 {
	d := m.Config.Hidden
	w := func(name string) []float64 {
		out := make([]float64, len(m.Weights[name]))
		for i, v := range m.Weights[name] {
			out[i] = float64(v)
		}
		return out
	}
	V, C, M := g.NumVars(), g.NumClauses, g.NumMeta
	N := V + C + M
	type edge struct{ rel, dst, src int }
	var edges []edge
	for e := range g.EdgeVar {
		v, c := int(g.EdgeVar[e]), V+int(g.EdgeClause[e])
		s := 0
		if g.EdgeNeg[e] {
			s = 1
		}
		edges = append(edges, edge{RelVarToClausePos + s, c, v}, edge{RelClauseToVarPos + s, v, c})
	}
	for c, mm := range g.ClauseMeta {
		edges = append(edges, edge{RelClauseToMeta, V + C + int(mm), V + c}, edge{RelMetaToClause, V + c, V + C + int(mm)})
	}
	h := make([][]float64, N)
	emb := w("embed")
	for v := range h {
		k := KindVar
		if v >= V+C {
			k = KindMeta
		} else if v >= V {
			k = KindClause
		}
		h[v] = append([]float64(nil), emb[k*d:(k+1)*d]...)
	}
	lin := func(x []float64, W, b []float64, o int) []float64 {
		y := make([]float64, o)
		for i := 0; i < o; i++ {
			for j := range x {
				y[i] += W[i*len(x)+j] * x[j]
			}
			if b != nil {
				y[i] += b[i]
			}
		}
		return y
	}
	mlp := func(p string, x []float64, o int) []float64 {
		y := lin(x, w(p+".0.weight"), w(p+".0.bias"), d)
		for i := range y {
			y[i] = math.Max(0, y[i])
		}
		return lin(y, w(p+".2.weight"), w(p+".2.bias"), o)
	}
	ln := func(p string, x []float64) []float64 {
		var mu, vr float64
		for _, v := range x {
			mu += v
		}
		mu /= float64(d)
		for _, v := range x {
			vr += (v - mu) * (v - mu)
		}
		sc, sh := w(p+".weight"), w(p+".bias")
		y := make([]float64, d)
		for i, v := range x {
			y[i] = (v-mu)/math.Sqrt(vr/float64(d)+1e-5)*sc[i] + sh[i]
		}
		return y
	}
	for l := 0; l < m.Config.GINLayers; l++ {
		p := fmt.Sprintf("gin.%d", l)
		next := make([][]float64, N)
		for v := 0; v < N; v++ {
			z := make([]float64, d)
			for i := range z {
				z[i] = (1 + w(p + ".eps")[0]) * h[v][i]
			}
			for r := 0; r < NumRelations; r++ {
				sum, deg := make([]float64, d), 0
				for _, e := range edges {
					if e.rel == r && e.dst == v {
						deg++
						for i := range sum {
							sum[i] += h[e.src][i]
						}
					}
				}
				if deg == 0 {
					continue
				}
				for i := range sum {
					sum[i] /= math.Sqrt(float64(deg))
				}
				t := lin(sum, w(fmt.Sprintf("%s.rel.%d.weight", p, r)), nil, d)
				for i := range z {
					z[i] += t[i]
				}
			}
			y := mlp(p+".mlp", z, d)
			next[v] = make([]float64, d)
			for i := range y {
				next[v][i] = h[v][i] + y[i]
			}
		}
		h = next
	}
	for l := 0; l < m.Config.AttnLayers; l++ {
		p := fmt.Sprintf("attn.%d", l)
		x := make([][]float64, N)
		for v := range x {
			x[v] = ln(p+".ln1", h[v])
		}
		for r := 0; r < NumRelations; r++ {
			q := fmt.Sprintf("%s.rel.%d", p, r)
			for v := 0; v < N; v++ {
				var srcs []int
				for _, e := range edges {
					if e.rel == r && e.dst == v {
						srcs = append(srcs, e.src)
					}
				}
				if len(srcs) == 0 {
					continue
				}
				right := lin(x[v], w(q+".wr"), w(q+".b"), d)
				a := w(q + ".a")
				scores := make([]float64, len(srcs))
				lefts := make([][]float64, len(srcs))
				maxS := math.Inf(-1)
				for k, u := range srcs {
					lefts[k] = lin(x[u], w(q+".wl"), nil, d)
					for i := range a {
						e := lefts[k][i] + right[i]
						if e < 0 {
							e *= 0.2
						}
						scores[k] += a[i] * e
					}
					maxS = math.Max(maxS, scores[k])
				}
				var sum float64
				for k := range scores {
					scores[k] = math.Exp(scores[k] - maxS)
					sum += scores[k]
				}
				for k := range srcs {
					for i := range h[v] {
						h[v][i] += scores[k] / sum * lefts[k][i]
					}
				}
			}
		}
		for v := 0; v < N; v++ {
			y := mlp(p+".mlp", ln(p+".ln2", h[v]), d)
			for i := range y {
				h[v][i] += y[i]
			}
		}
	}
	out := make([]float64, V)
	for v := 0; v < V; v++ {
		out[v] = 1 / (1 + math.Exp(-mlp("head", ln("head.ln", h[v]), 1)[0]))
	}
	return out
}

func TestPredictMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	cfg := DefaultConfig()
	cfg.Hidden = 8
	cfg.GINLayers, cfg.AttnLayers = 2, 2
	for i := 0; i < 5; i++ {
		m, err := New(cfg, uint64(i))
		if err != nil {
			t.Fatal(err)
		}
		// Non-zero biases and eps so every parameter matters.
		for name, w := range m.Weights {
			if strings.HasSuffix(name, "bias") || strings.HasSuffix(name, "eps") || strings.HasSuffix(name, ".b") {
				for j := range w {
					w[j] = float32(rng.NormFloat64() * 0.3)
				}
			}
		}
		f := randomCNF(rng, 12, 20)
		got, g := predict(t, m, f)
		want := naive(m, g)
		for v := range want {
			if math.Abs(float64(got[v])-want[v]) > 1e-4 {
				t.Fatalf("model %d var %d: got %v, reference %v", i, g.Var[v], got[v], want[v])
			}
		}
	}
}

// TestPredictInvariance: renaming variables and reordering clauses and
// literals must not change a variable's probability.
func TestPredictInvariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	m, _ := New(DefaultConfig(), 3)
	f := randomCNF(rng, 40, 120)
	base, g := predict(t, m, f)
	perm := rng.Perm(f.NumVars)
	h := sat.NewCNF(f.NumVars)
	order := rng.Perm(f.NumClauses())
	for _, c := range order {
		cl := append([]int32(nil), f.Clause(c)...)
		rng.Shuffle(len(cl), func(i, j int) { cl[i], cl[j] = cl[j], cl[i] })
		for k, l := range cl {
			v := int32(perm[abs(l)-1] + 1)
			if l < 0 {
				v = -v
			}
			cl[k] = v
		}
		h.AddClause(cl...)
	}
	got, g2 := predict(t, m, h)
	for i, v := range g.Var {
		j := g2.NodeOfVar[perm[v-1]+1]
		if math.Abs(float64(base[i]-got[j])) > 1e-5 {
			t.Fatalf("variable %d: %v before renaming, %v after", v, base[i], got[j])
		}
	}
}

func abs(l int32) int {
	if l < 0 {
		return int(-l)
	}
	return int(l)
}

func TestSaveLoad(t *testing.T) {
	m, _ := New(DefaultConfig(), 1)
	path := filepath.Join(t.TempDir(), "gnn.safetensors")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	back, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	f := randomCNF(rand.New(rand.NewPCG(2, 2)), 30, 80)
	a, _ := predict(t, m, f)
	b, _ := predict(t, back, f)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("prediction %d differs after save/load: %v vs %v", i, a[i], b[i])
		}
	}
	if n := DefaultConfig().NumParams(); n < 80000 || n > 100000 {
		t.Errorf("default model has %d parameters, documented as about 91 K", n)
	}

	tests := []struct {
		name   string
		mutate func(*Model)
		want   string
	}{
		{"missing tensor", func(m *Model) { delete(m.Weights, "embed") }, "tensor \"embed\" missing"},
		{"bad config", func(m *Model) { m.Config.Hidden = 0 }, "hidden size 0"},
	}
	for _, tt := range tests {
		mm, _ := New(DefaultConfig(), 1)
		tt.mutate(mm)
		_, err := mm.Encode()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err %v, want %q", tt.name, err, tt.want)
		}
	}
	os.WriteFile(path, []byte("not safetensors"), 0o644)
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("garbage file: %v", err)
	}
}

func TestPhases(t *testing.T) {
	g := &graph.Graph{Var: []int32{1, 4, 7, 9}}
	p := []float32{0.95, 0.5, 0.02, 0.89}
	tests := []struct {
		t    float64
		want []int32
	}{
		{0.9, []int32{1, -7}},
		{0.5, []int32{1, 4, -7, 9}},
		{0.2, []int32{1, 4, -7, 9}}, // clamped to 0.5
		{1.0, nil},
	}
	for _, tt := range tests {
		got := Phases(g, p, tt.t)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("Phases(t=%v) = %v, want %v", tt.t, got, tt.want)
		}
	}
}

// TestPredictWorkers checks that bounding the goroutines changes nothing:
// the rows are cut differently (inline below 2048 rows, one chunk per
// worker above) but each row is computed by the same code, so the
// probabilities are bitwise equal on any machine.
func TestPredictWorkers(t *testing.T) {
	m, err := New(DefaultConfig(), 3)
	if err != nil {
		t.Fatal(err)
	}
	// 3000 variables and 9000 clauses put every relation above the
	// inline limit, so several workers really split the rows.
	g, err := graph.Build(randomCNF(rand.New(rand.NewPCG(5, 6)), 3000, 9000))
	if err != nil {
		t.Fatal(err)
	}
	want, err := m.PredictWorkers(context.Background(), g, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{0, 2, 3, 8} {
		got, err := m.PredictWorkers(context.Background(), g, workers)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("workers %d: variable %d: %v, one worker %v", workers, i, got[i], want[i])
			}
		}
	}
}
