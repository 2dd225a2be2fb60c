package bound

import (
	"fmt"
	"math"

	"github.com/verify-tools/verify/ibp/network"
)

// Net is a model compiled for evaluation in eval mode: batch norm uses its
// running statistics and is folded into the preceding linear or conv layer
// when there is one. Flatten is a no-op on flat CHW vectors.
type Net struct {
	InShape  [3]int
	Classes  int
	Mean     []float64
	Std      []float64
	hidden   []layer // every layer but the classifier
	last     *dense  // the classifier
	lastDW   float64 // relative weight perturbation of the classifier
	inputLen int
	margins  []*dense // marginLayer(y) for every class y
	b32      lazyBNet[float32]
	b64      lazyBNet[float64]
	deployed bool // bounds for ClaimDeployed32
	// exact is the real-claim twin of a deployed-claim network: its
	// cheaper point bounds decide predictions (the exact class), while the
	// deployed bounds still prove clean points misclassified (nil in the
	// real claim)
	exact   *Net
	normErr bool // the input normalisation is not the identity
}

// InputLen is the number of input values (C*H*W).
func (n *Net) InputLen() int { return n.inputLen }

// Compile builds the evaluation network from a validated model, for the
// real-arithmetic claim.
func Compile(m *network.Model) (*Net, error) { return CompileClaim(m, ClaimReal) }

// CompileClaim builds the evaluation network whose bounds make claim.
func CompileClaim(m *network.Model, claim Claim) (*Net, error) {
	if _, err := ParseClaim(string(claim)); err != nil {
		return nil, err
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	meta := m.Meta
	shapes, err := meta.Shapes()
	if err != nil {
		return nil, err
	}
	n := &Net{
		InShape: [3]int{meta.InputShape[0], meta.InputShape[1], meta.InputShape[2]},
		Classes: meta.NumClasses,
		Mean:    append([]float64(nil), meta.Normalization.Mean...),
		Std:     append([]float64(nil), meta.Normalization.Std...),
	}
	n.deployed = claim == ClaimDeployed32
	n.inputLen = shapes[0].Size()
	ten := func(name string) []float64 {
		if name == "" {
			return nil
		}
		return m.Tensors[name].Data
	}
	layers := meta.Layers
	for i := 0; i < len(layers); i++ {
		l := layers[i]
		in := shapes[i]
		switch l.Kind {
		case network.KindFlatten:
			continue
		case network.KindReLU:
			n.hidden = append(n.hidden, reluLayer{n: in.Size()})
			continue
		case network.KindBatchNorm:
			c := in[0]
			hw := in.Size() / c
			s, t, tErr := foldBN(l, ten, make([]float64, c))
			a := newChannelAffine(c, hw, s, t, tErr, bnWeightErr)
			if n.deployed {
				d := bnDeployedAbs(l, ten, make([]float64, c), s)
				a.dep = deployedTerms{g: deployedGamma(0), fan: 0, d: expand(d, hw)}
			}
			n.hidden = append(n.hidden, a)
			continue
		}
		// linear or conv2d, possibly followed by batch norm
		w := append([]float64(nil), ten(l.Weight)...)
		b := make([]float64, l.Out)
		if l.Bias != "" {
			copy(b, ten(l.Bias))
		}
		bErr := make([]float64, l.Out)
		dw := 0.0
		dep := make([]float64, l.Out) // deployed bias-like terms
		for o := range dep {
			dep[o] = math.Abs(b[o])
		}
		if i+1 < len(layers) && layers[i+1].Kind == network.KindBatchNorm {
			s, t, tErr := foldBN(layers[i+1], ten, b)
			dep = bnDeployedAbs(layers[i+1], ten, b, s)
			per := len(w) / l.Out
			for o := 0; o < l.Out; o++ {
				for j := o * per; j < (o+1)*per; j++ {
					w[j] = float64(w[j] * s[o])
				}
			}
			b, bErr, dw = t, tErr, bnWeightErr
			i++ // the batch norm is consumed
		}
		if l.Kind == network.KindLinear {
			d := newDense(l.In, l.Out, w, b, bErr, dw)
			if n.deployed {
				d.dep = deployedTerms{g: deployedGamma(l.In), fan: l.In, d: dep}
			}
			if i == len(layers)-1 {
				n.last, n.lastDW = d, dw
			} else {
				n.hidden = append(n.hidden, d)
			}
		} else {
			c := newConv(l.In, in[1], in[2], l.Out, l.Kernel, l.Stride, l.Padding, w, b, bErr, dw)
			if n.deployed {
				fan := l.In * l.Kernel * l.Kernel
				c.dep = deployedTerms{g: deployedGamma(fan), fan: fan, d: expand(dep, c.ho*c.wo)}
				c.depChan = dep
			}
			n.hidden = append(n.hidden, c)
		}
	}
	if n.last == nil {
		return nil, fmt.Errorf("the last layer must be linear")
	}
	for y := 0; y < n.Classes; y++ {
		n.margins = append(n.margins, n.marginLayer(y))
	}
	if n.deployed {
		n.exact = n.realTwin()
	}
	return n, nil
}

// realTwin returns the real-claim twin of a deployed-claim network: the
// same layers, and batched networks that share the deployed ones' weights
// (built once), without the deployed error terms.
func (n *Net) realTwin() *Net {
	t := &Net{InShape: n.InShape, Classes: n.Classes, Mean: n.Mean, Std: n.Std,
		hidden: n.hidden, lastDW: n.lastDW, inputLen: n.inputLen, normErr: n.normErr}
	last := *n.last
	last.dep = deployedTerms{}
	t.last = &last
	for y := 0; y < t.Classes; y++ {
		t.margins = append(t.margins, t.marginLayer(y))
	}
	t.b32.from = func() (*bnet[float32], error) {
		bn, err := n.b32.get(n)
		if err != nil {
			return nil, err
		}
		return bn.real(), nil
	}
	t.b64.from = func() (*bnet[float64], error) {
		bn, err := n.b64.get(n)
		if err != nil {
			return nil, err
		}
		return bn.real(), nil
	}
	return t
}

// expand repeats every value of v hw times (per channel to per element).
func expand(v []float64, hw int) []float64 {
	out := make([]float64, len(v)*hw)
	for c, x := range v {
		for j := c * hw; j < (c+1)*hw; j++ {
			out[j] = x
		}
	}
	return out
}

// bnDeployedAbs returns per channel the bias-like terms of the deployed
// error of a layer with bias b followed by batch norm l (scale s):
// |s b| + |s mean| + |beta|, rounded up.
func bnDeployedAbs(l network.Layer, ten func(string) []float64, b, s []float64) []float64 {
	beta, mean := ten(l.Bias), ten(l.RunningMean)
	out := make([]float64, len(s))
	for c := range out {
		as := math.Abs(s[c])
		out[c] = up(float64(up(float64(as*math.Abs(b[c]))+up(float64(as*math.Abs(mean[c]))))) + math.Abs(beta[c]))
	}
	return out
}

// bnWeightErr bounds the relative error of a weight multiplied by a folded
// batch norm scale: the scale gamma/sqrt(var+eps) takes three roundings
// (2.5 u), the product one more; 8 u leaves room for second-order terms.
const bnWeightErr = 8 * unit

// foldBN returns the eval-mode batch norm as y = s x + t per channel, where
// the input x already had the bias b added (b is zero for a standalone BN):
// s = gamma / sqrt(var + eps), t = (b - mean) s + beta, and a per-channel
// bound tErr on |t* - t| (at most about 5.5 u (|s (b - mean)|) + u |beta|;
// 16 u covers it with room to spare, plus underflow).
func foldBN(l network.Layer, ten func(string) []float64, b []float64) (s, t, tErr []float64) {
	gamma, beta := ten(l.Weight), ten(l.Bias)
	mean, vr := ten(l.RunningMean), ten(l.RunningVar)
	c := len(gamma)
	s, t, tErr = make([]float64, c), make([]float64, c), make([]float64, c)
	for ch := 0; ch < c; ch++ {
		v := float64(vr[ch] + l.Eps)
		q := float64(math.Sqrt(v))
		s[ch] = float64(gamma[ch] / q)
		d := float64(b[ch] - mean[ch])
		p := float64(d * s[ch])
		t[ch] = float64(p + beta[ch])
		tErr[ch] = up(float64(16*unit*(math.Abs(p)+math.Abs(beta[ch])))) + 8*tiny
	}
	return s, t, tErr
}
