package certtrain

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/verify-tools/verify/ibp/network"
)

// InitParams returns freshly initialised parameters for meta:
//   - every conv and linear layer: PyTorch's default, weight and bias
//     U(±1/sqrt(fan_in));
//   - with InitIBP, every weight except the last (classifier) layer's is
//     instead drawn from N(0, σ²), σ = sqrt(2π)/fan_in (fan_in = k·k·c_in for
//     a conv), so the expected interval width is kept from layer to layer;
//   - BatchNorm: scale 1, shift 0, running mean 0, running variance 1.
//
// The values come from rng alone, so a seed fixes them.
func InitParams(meta network.Meta, scheme string, rng *rand.Rand) (*network.Model, error) {
	if scheme != InitIBP && scheme != InitDefault {
		return nil, fmt.Errorf("unknown init %q", scheme)
	}
	if _, err := meta.Shapes(); err != nil {
		return nil, err
	}
	last := len(meta.Layers) - 1
	m := &network.Model{Meta: meta, Tensors: map[string]*network.Tensor{}}
	for i, l := range meta.Layers {
		switch l.Kind {
		case network.KindLinear, network.KindConv2d:
			shape := []int{l.Out, l.In}
			fanIn := l.In
			if l.Kind == network.KindConv2d {
				shape = []int{l.Out, l.In, l.Kernel, l.Kernel}
				fanIn = l.In * l.Kernel * l.Kernel
			}
			bound := 1 / math.Sqrt(float64(fanIn))
			w := make([]float64, network.Shape(shape).Size())
			ibp := scheme == InitIBP && i != last
			for j := range w {
				if ibp {
					w[j] = rng.NormFloat64() * IBPInitStd(fanIn)
				} else {
					w[j] = (2*rng.Float64() - 1) * bound
				}
			}
			m.Tensors[l.Weight] = &network.Tensor{Shape: shape, Data: w}
			if l.Bias != "" {
				b := make([]float64, l.Out)
				for j := range b {
					b[j] = (2*rng.Float64() - 1) * bound
				}
				m.Tensors[l.Bias] = &network.Tensor{Shape: []int{l.Out}, Data: b}
			}
		case network.KindBatchNorm:
			shapes, _ := meta.Shapes()
			c := shapes[i][0]
			m.Tensors[l.Weight] = &network.Tensor{Shape: []int{c}, Data: fill(c, 1)}
			m.Tensors[l.Bias] = &network.Tensor{Shape: []int{c}, Data: fill(c, 0)}
			m.Tensors[l.RunningMean] = &network.Tensor{Shape: []int{c}, Data: fill(c, 0)}
			m.Tensors[l.RunningVar] = &network.Tensor{Shape: []int{c}, Data: fill(c, 1)}
		}
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return m, nil
}

// IBPInitStd is the standard deviation of the IBP initialisation,
// sqrt(2π)/fan_in.
func IBPInitStd(fanIn int) float64 { return math.Sqrt(2*math.Pi) / float64(fanIn) }

func fill(n int, v float64) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = v
	}
	return s
}
