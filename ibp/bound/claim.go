package bound

import (
	"fmt"
	"math"
)

// Claim is what a certified sample asserts (docs/certificates.md,
// "Soundness in floating point").
type Claim string

const (
	// ClaimReal: the margin is positive for the network evaluated in exact
	// real arithmetic at every real point of the ball.
	ClaimReal Claim = "real"
	// ClaimDeployed32: the margin is positive for every IEEE float32
	// evaluation of the network (any summation order, with or without FMA)
	// of every float32 rounding of a point of the ball.
	ClaimDeployed32 Claim = "deployed-float32"
)

// ParseClaim maps a certificate's or a flag's name to a Claim; the empty
// name is ClaimReal (certificates written before claims were recorded).
func ParseClaim(name string) (Claim, error) {
	switch Claim(name) {
	case "", ClaimReal:
		return ClaimReal, nil
	case ClaimDeployed32:
		return ClaimDeployed32, nil
	}
	return "", fmt.Errorf("unknown claim %q (want %s or %s)", name, ClaimReal, ClaimDeployed32)
}

// Claim reports the claim the network's bounds are for.
func (n *Net) Claim() Claim {
	if n.deployed {
		return ClaimDeployed32
	}
	return ClaimReal
}

// unit32 is float32's unit roundoff; eta32 its smallest normal number,
// which bounds the absolute error of one float32 operation in the
// underflow range whether subnormals are kept or flushed to zero.
const (
	unit32 = 0x1p-24
	eta32  = 0x1p-126
)

// bnOps bounds the float32 operations a deployed batch norm adds on any
// path from an input to an output element (subtract the mean, add eps,
// sqrt, divide, multiply by gamma, add beta, and the folding of the scale
// into the weights): a sum of n products followed by it is within
// gamma_{n+1+bnOps} of the exact value, relative to the sum of the
// absolute values of its terms (Higham, Lemma 3.3).
const bnOps = 9

// deployedGamma is the relative factor of the deployed error of an affine
// step with fan-in n: 1.01 gamma_{n+1+bnOps} in float32. The 1 % covers
// the difference between the float64 folded weights the bound uses and
// the exact ones, and the rounding of the error term itself.
func deployedGamma(n int) float64 {
	return up(1.01 * gammaOf(n+1+bnOps, unit32))
}

// deployedAbs is the absolute (underflow) part of the deployed error of an
// affine step with fan-in n whose row sum of |W| is row: one eta32 per
// operation, scaled by the largest factor it can be multiplied by later in
// the sum, twice for slack.
func deployedAbs(n int, row float64) float64 {
	return up(2 * float64(n+1+bnOps) * eta32 * (1 + row))
}

// deployedErr bounds |ỹ_k − y_k| for output k of an affine step in the
// deployed claim: g (row_k M + d_k) plus underflow, where M bounds |x| on
// the input box, row_k ≥ Σ|W_kj| and d_k the bias-like terms (|b|, and
// with a batch norm |s b| + |s mean| + |β|).
func deployedErr(g float64, n int, row, mIn, d float64) float64 {
	e := up(float64(g*up(float64(row*mIn)+d))) + deployedAbs(n, row)
	if math.IsNaN(e) {
		return math.Inf(1)
	}
	return up(e)
}

// deployedTerms holds an affine step's deployed error model: the
// relative factor g (0 in the real claim) and per output the bias-like
// terms d; row, when not nil, replaces the layer's rowAbs (the margin rows,
// whose deployed error is that of two classifier rows).
type deployedTerms struct {
	g   float64
	fan int
	row []float64
	d   []float64
}

// err returns the deployed error of output k given the layer's rowAbs ra
// and the input bound mIn; 0 in the real claim.
func (t *deployedTerms) err(k int, ra []float64, mIn float64) float64 {
	if t.g == 0 {
		return 0
	}
	row := ra[k]
	if t.row != nil {
		row = t.row[k]
	}
	return deployedErr(t.g, t.fan, row, mIn, t.d[k])
}

// deployedPixel widens a pixel interval [l, u] to every float32 rounding
// of its points: rounding to nearest is monotone, so fl(x) for x in [l, u]
// lies in [fl(l), fl(u)] ⊂ [l(1−u), u(1+u)], and never above 1 when u ≤ 1.
func deployedPixel(l, u float64) (float64, float64) {
	ol := down(float64(l - up(math.Abs(l)*unit32)))
	ou := up(float64(u + up(math.Abs(u)*unit32)))
	if u <= 1 {
		ou = math.Min(ou, 1)
	}
	if l >= 0 {
		ol = math.Max(ol, 0)
	}
	return ol, ou
}

// deployedNormErr bounds the float32 error of (x − mean)/std with mean and
// std themselves rounded to float32: four roundings, relative to
// (|x| + 2|mean|)/std; 0 when the map is the identity (exact).
func deployedNormErr(x, m, s float64) float64 {
	if m == 0 && s == 1 {
		return 0
	}
	return up(float64(1.01 * gammaOf(5, unit32) * up(float64(math.Abs(x)+2*math.Abs(m))/s)))
}

// CheckMethod reports whether method can bound claim: the deployed claim
// has IBP only. CROWN's back-substitution would have to charge every
// layer's deployed error against its coefficients (as it does the
// verifier's own rounding), which is not implemented; refusing is sound.
func CheckMethod(claim Claim, method Method) error {
	if claim == ClaimDeployed32 && method != MethodIBP {
		return fmt.Errorf("method %s does not bound the %s claim (only %s does)", method, claim, MethodIBP)
	}
	return nil
}
