package bound

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
)

// AttackOptions configure the PGD attack (l-infinity, sign-gradient steps
// on the margin loss z_y - max_{j != y} z_j, random start in the box).
type AttackOptions struct {
	Steps    int     `json:"steps"`
	Restarts int     `json:"restarts"`
	StepSize float64 `json:"step_size"` // as a fraction of eps
}

// DefaultAttackOptions: 40 steps of 0.1 eps, 3 restarts.
func DefaultAttackOptions() AttackOptions {
	return AttackOptions{Steps: 40, Restarts: 3, StepSize: 0.1}
}

// Adversarial is a point in the box that the network provably
// misclassifies.
type Adversarial struct {
	X      []float32 // pixels, CHW
	Class  int       // a class j with margin z_y - z_j < 0 for certain
	Margin float64   // float64 evaluation of min_j (z_y - z_j) at X
}

// Attack searches the inner box of raw within eps for a point that is
// misclassified, starting with the clean point itself. It returns nil when
// none is found. Any point it returns has been checked with CheckAdversarial.
func (n *Net) Attack(ctx context.Context, raw []byte, y int, eps float64, opt AttackOptions, rng *rand.Rand) (*Adversarial, error) {
	if len(raw) != n.inputLen {
		return nil, fmt.Errorf("image has %d values, the model wants %d", len(raw), n.inputLen)
	}
	box := InnerBox(raw, eps)
	x0 := make([]float64, len(raw))
	for j, b := range raw {
		x0[j] = float64(b) / 255
	}
	if adv := n.tryPoint(raw, y, eps, x0); adv != nil {
		return adv, nil
	}
	for j := range box.L {
		if box.L[j] > box.U[j] {
			return nil, nil // eps too small for any other point
		}
	}
	step := opt.StepSize * eps
	x := make([]float64, len(raw))
	for r := 0; r < opt.Restarts; r++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for j := range x {
			x[j] = box.L[j] + rng.Float64()*(box.U[j]-box.L[j])
		}
		for s := 0; s < opt.Steps; s++ {
			g, margin := n.marginGrad(x, y)
			if margin < 0 {
				if adv := n.tryPoint(raw, y, eps, x); adv != nil {
					return adv, nil
				}
			}
			for j := range x {
				switch {
				case g[j] > 0:
					x[j] -= step
				case g[j] < 0:
					x[j] += step
				}
				x[j] = math.Min(box.U[j], math.Max(box.L[j], x[j]))
			}
		}
		if adv := n.tryPoint(raw, y, eps, x); adv != nil {
			return adv, nil
		}
	}
	return nil, nil
}

// tryPoint rounds x to float32 inside the inner box and returns it when it
// is misclassified for certain.
func (n *Net) tryPoint(raw []byte, y int, eps float64, x []float64) *Adversarial {
	box := InnerBox(raw, eps)
	x32 := make([]float32, len(x))
	for j, v := range x {
		f := float32(v)
		if float64(f) > box.U[j] {
			f = math.Nextafter32(f, float32(math.Inf(-1)))
		}
		if float64(f) < box.L[j] {
			f = math.Nextafter32(f, float32(math.Inf(1)))
		}
		x32[j] = f
	}
	cls, margin, err := n.CheckAdversarial(raw, y, eps, x32)
	if err != nil {
		return nil
	}
	return &Adversarial{X: x32, Class: cls, Margin: margin}
}

// CheckAdversarial verifies that x lies in the inner box of raw within eps
// and that some class beats y for certain (sound upper bound of the margin
// < 0). It returns that class and the float64 margin min_j (z_y - z_j).
func (n *Net) CheckAdversarial(raw []byte, y int, eps float64, x []float32) (int, float64, error) {
	v := n.CheckAdversarialVerdict(raw, y, eps, x)
	if v.Err != nil {
		return 0, 0, v.Err
	}
	return v.Class, v.Margin, nil
}

// CheckAdversarialVerdict is CheckAdversarial's verdict with what the
// point's per-sample float64 bounds prove (PointVerdict); its Margin is
// the float64 margin FloatMargin, not the centre of the bounds.
func (n *Net) CheckAdversarialVerdict(raw []byte, y int, eps float64, x []float32) PointVerdict {
	bad := func(err error) PointVerdict { return PointVerdict{Class: -1, Err: err, Lo: math.NaN(), Hi: math.NaN()} }
	if len(x) != len(raw) {
		return bad(fmt.Errorf("adversarial example has %d values, the image %d", len(x), len(raw)))
	}
	if len(x) != n.inputLen {
		return bad(fmt.Errorf("point has %d values, the model wants %d", len(x), n.inputLen))
	}
	if y < 0 || y >= n.Classes {
		return bad(fmt.Errorf("label %d out of range [0,%d)", y, n.Classes))
	}
	xf := make([]float64, len(x))
	for j, v := range x {
		xf[j] = float64(v)
	}
	box := InnerBox(raw, eps)
	for j, v := range xf {
		if !(v >= box.L[j] && v <= box.U[j]) {
			return bad(fmt.Errorf("adversarial example leaves the eps-box at value %d: %v not in [%v, %v]", j, v, box.L[j], box.U[j]))
		}
	}
	_, cls := n.ibpHidden(n.normalizeBox(pointBox(xf)))
	v := n.pointVerdict(y, cls)
	if v.Err == nil {
		v.Margin = n.FloatMargin(xf, y)
	}
	return v
}

// FloatMargin is min_{j != y} (z_y - z_j) evaluated in float64.
func (n *Net) FloatMargin(x []float64, y int) float64 {
	z := n.Logits(x)
	m := math.Inf(1)
	for j, v := range z {
		if j != y {
			m = math.Min(m, z[y]-v)
		}
	}
	return m
}

// marginGrad returns the gradient with respect to the pixels x of
// z_y - z_t, where t is the strongest other class, and that margin.
func (n *Net) marginGrad(x []float64, y int) ([]float64, float64) {
	h, masks := n.forwardTrace(n.Normalize(x), true)
	z := make([]float64, n.last.out)
	n.last.forward(z, h)
	t := -1
	for j := range z {
		if j != y && (t < 0 || z[j] > z[t]) {
			t = j
		}
	}
	in := n.last.in
	g := make([]float64, in)
	for k := 0; k < in; k++ {
		g[k] = n.last.w[y*in+k] - n.last.w[t*in+k]
	}
	mi := len(masks) - 1
	for i := len(n.hidden) - 1; i >= 0; i-- {
		switch l := n.hidden[i].(type) {
		case reluLayer:
			for j, on := range masks[mi] {
				if !on {
					g[j] = 0
				}
			}
			mi--
		case affine:
			next := make([]float64, l.inSize())
			l.backward(next, g, 1)
			g = next
		}
	}
	hw := n.InShape[1] * n.InShape[2]
	for j := range g {
		g[j] /= n.Std[j/hw]
	}
	return g, z[y] - z[t]
}
