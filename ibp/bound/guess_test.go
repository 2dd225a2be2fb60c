package bound

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// guessCase is a deployed-claim network, its real-claim compilation and a
// batch of images with labels (random labels: most are misclassified).
type guessCase struct {
	name      string
	dep, real *Net
	raws      [][]byte
	ys        []int
	eps       float64
}

func guessCases(t *testing.T, archs ...string) []guessCase {
	t.Helper()
	rng := rand.New(rand.NewPCG(11, 3))
	var out []guessCase
	for _, arch := range archs {
		m := ibpInitModel(t, archMeta(t, arch, []int{1, 28, 28}, true), 7)
		dep, err := CompileClaim(m, ClaimDeployed32)
		if err != nil {
			t.Fatal(err)
		}
		real := compile(t, m)
		raws, ys := labelledImages(rng, dep, 12)
		for _, eps := range []float64{0, 0.05} {
			out = append(out, guessCase{name: arch, dep: dep, real: real, raws: raws, ys: ys, eps: eps})
		}
	}
	return out
}

// TestRealTwin: a deployed-claim network's real twin, whose batched
// networks share the deployed ones' weights, gives bit for bit the point
// and ε-box bounds of the same model compiled for the real claim.
func TestRealTwin(t *testing.T) {
	for _, tc := range guessCases(t, "smallcnn", "cnn7") {
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

// TestPredictCleanGuess: the guesses choose the passes, never the result:
// with no guesses (the deployed pass for every image), all wrong, all
// right, alternating and MarginLowerBatchGuess's own, the predictions,
// clean points and clean-point verdicts (class and margin) are the same;
// and at ε = 0 the ε-pass guesses every image whose margins are clear of
// a tie.
func TestPredictCleanGuess(t *testing.T) {
	routed := 0
	for _, tc := range guessCases(t, "smallcnn", "cnn7") {
		n := len(tc.raws)
		_, guess, err := tc.dep.MarginLowerBatchGuess(tc.raws, tc.ys, tc.eps, MethodIBP, CrownOptions{}, Auto)
		if err != nil {
			t.Fatal(err)
		}
		want, wv, wx, err := tc.dep.PredictCleanBatch(tc.raws, tc.ys, tc.eps, Auto)
		if err != nil {
			t.Fatal(err)
		}
		all := func(b bool) []bool {
			v := make([]bool, n)
			for i := range v {
				v[i] = b
			}
			return v
		}
		alt := make([]bool, n)
		for i := range alt {
			alt[i] = i%2 == 0
		}
		for gi, g := range [][]bool{all(true), all(false), alt, guess} {
			got, gv, gx, err := tc.dep.PredictCleanBatchGuess(tc.raws, tc.ys, tc.eps, Auto, g)
			if err != nil {
				t.Fatal(err)
			}
			for i := range want {
				if got[i] != want[i] || gv[i].Class != wv[i].Class || gv[i].Margin != wv[i].Margin || !slices.Equal(gx[i], wx[i]) {
					t.Fatalf("%s eps %v guesses %d image %d: %d %+v, without guesses %d %+v", tc.name, tc.eps, gi, i, got[i], gv[i], want[i], wv[i])
				}
				if !g[i] && want[i] != tc.ys[i] {
					routed++ // a wrong guess of "correct": both passes ran
				}
			}
		}
		if tc.eps != 0 {
			continue
		}
		for i, raw := range tc.raws {
			z := tc.real.Logits(pixels(raw))
			gap := math.Inf(1)
			for j, v := range z {
				if j != tc.ys[i] {
					gap = math.Min(gap, math.Abs(z[tc.ys[i]]-v))
				}
			}
			if gap > 1e-3 && guess[i] != (argmax(z) != tc.ys[i]) {
				t.Errorf("%s image %d: guessed misclassified %v, the logits %v say label %d is %s", tc.name, i, guess[i], z, tc.ys[i],
					map[bool]string{true: "right", false: "wrong"}[argmax(z) == tc.ys[i]])
			}
		}
	}
	if routed == 0 {
		t.Fatal("no image went through both passes: the test checks nothing")
	}
}

// TestPredictCleanGuessLength: guesses of another length are an error.
func TestPredictCleanGuessLength(t *testing.T) {
	tc := guessCases(t, "smallcnn")[0]
	if _, _, _, err := tc.dep.PredictCleanBatchGuess(tc.raws, tc.ys, 0, Auto, make([]bool, 3)); err == nil {
		t.Fatal("3 guesses for 12 images accepted")
	}
}
