package bound

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// twinCase is a deployed-claim network, its real-claim compilation and a
// batch of images with labels (random labels: most are misclassified).
type twinCase struct {
	name      string
	dep, real *Net
	raws      [][]byte
	ys        []int
	eps       float64
}

func twinCases(t *testing.T, archs ...string) []twinCase {
	t.Helper()
	rng := rand.New(rand.NewPCG(11, 3))
	var out []twinCase
	for _, arch := range archs {
		m := ibpInitModel(t, archMeta(t, arch, []int{1, 28, 28}, true), 7)
		dep, err := CompileClaim(m, ClaimDeployed32)
		if err != nil {
			t.Fatal(err)
		}
		real := compile(t, m)
		raws, ys := labelledImages(rng, dep, 12)
		for _, eps := range []float64{0, 0.05} {
			out = append(out, twinCase{name: arch, dep: dep, real: real, raws: raws, ys: ys, eps: eps})
		}
	}
	return out
}

// TestRealTwin: a deployed-claim network's real twin, whose batched
// networks share the deployed ones' weights, gives bit for bit the point
// and ε-box bounds of the same model compiled for the real claim.
func TestRealTwin(t *testing.T) {
	for _, tc := range twinCases(t, "smallcnn", "cnn7") {
		for _, p := range []Precision{Float32, Float64} {
			got, err := tc.dep.exact.MarginLowerBatch(tc.raws, tc.ys, tc.eps, MethodIBP, CrownOptions{}, p)
			if err != nil {
				t.Fatal(err)
			}
			want, err := tc.real.MarginLowerBatch(tc.raws, tc.ys, tc.eps, MethodIBP, CrownOptions{}, p)
			if err != nil {
				t.Fatal(err)
			}
			for i := range want {
				if !slices.Equal(got[i], want[i]) {
					t.Fatalf("%s eps %v %v image %d: twin margins %v, real claim %v", tc.name, tc.eps, p, i, got[i], want[i])
				}
			}
			pg, vg, _, err := tc.dep.exact.PredictCleanBatch(tc.raws, tc.ys, tc.eps, p)
			if err != nil {
				t.Fatal(err)
			}
			pw, vw, _, err := tc.real.PredictCleanBatch(tc.raws, tc.ys, tc.eps, p)
			if err != nil {
				t.Fatal(err)
			}
			for i := range pw {
				if pg[i] != pw[i] || vg[i].Class != vw[i].Class || vg[i].Margin != vw[i].Margin && !math.IsNaN(vw[i].Margin) {
					t.Fatalf("%s eps %v %v image %d: twin %d %+v, real claim %d %+v", tc.name, tc.eps, p, i, pg[i], vg[i], pw[i], vw[i])
				}
			}
		}
		// the deployed network's own bounds are still the deployed ones
		dl, err := tc.dep.MarginLowerBatch(tc.raws, tc.ys, tc.eps, MethodIBP, CrownOptions{}, Float32)
		if err != nil {
			t.Fatal(err)
		}
		rl, err := tc.real.MarginLowerBatch(tc.raws, tc.ys, tc.eps, MethodIBP, CrownOptions{}, Float32)
		if err != nil {
			t.Fatal(err)
		}
		looser := false
		for i := range dl {
			for j := range dl[i] {
				if dl[i][j] > rl[i][j] {
					t.Fatalf("%s image %d class %d: deployed lower bound %v above the real one %v", tc.name, i, j, dl[i][j], rl[i][j])
				}
				looser = looser || dl[i][j] < rl[i][j]
			}
		}
		if !looser {
			t.Fatalf("%s eps %v: deployed bounds equal the real ones: the twin replaced them", tc.name, tc.eps)
		}
	}
}

// TestDeployedPrediction: in the deployed claim the prediction is the
// real claim's (the exact class wherever sound bounds decide it) and every
// clean point the deployed pass proves misclassified is misclassified for
// certain by the per-sample deployed check too; on nearTieNet, whose
// deployed float32 point bounds cannot decide the all-white image's class,
// the twin's float64 boxes decide it.
func TestDeployedPrediction(t *testing.T) {
	proved := 0
	for _, tc := range twinCases(t, "smallcnn", "cnn7") {
		for _, p := range []Precision{Float32, Auto} {
			got, gv, gx, err := tc.dep.PredictCleanBatch(tc.raws, tc.ys, tc.eps, p)
			if err != nil {
				t.Fatal(err)
			}
			want, _, _, err := tc.real.PredictCleanBatch(tc.raws, tc.ys, tc.eps, p)
			if err != nil {
				t.Fatal(err)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("%s eps %v %v image %d: deployed prediction %d, real %d", tc.name, tc.eps, p, i, got[i], want[i])
				}
				if gv[i].Class < 0 {
					continue
				}
				proved++
				if _, _, err := tc.dep.CheckAdversarial(tc.raws[i], tc.ys[i], tc.eps, gx[i]); err != nil {
					t.Errorf("%s eps %v %v image %d: the deployed pass proves class %d, the per-sample check: %v", tc.name, tc.eps, p, i, gv[i].Class, err)
				}
			}
		}
	}
	if proved == 0 {
		t.Fatal("no clean point proven misclassified: the test checks nothing")
	}
	white := make([]byte, 16)
	for i := range white {
		white[i] = 255
	}
	dep, err := CompileClaim(nearTieModel(), ClaimDeployed32)
	if err != nil {
		t.Fatal(err)
	}
	if dec, _, err := dep.cleanPass([][]byte{white}, 0, Float32); err != nil || dec[0] >= 0 {
		t.Fatalf("the deployed point bounds decide class %d (%v): the twin is not needed", dec[0], err)
	}
	preds, _, _, err := dep.PredictCleanBatch([][]byte{white}, []int{0}, 0, Auto)
	if err != nil {
		t.Fatal(err)
	}
	if preds[0] != 1 {
		t.Errorf("deployed prediction %d, the exact class is 1", preds[0])
	}
}
