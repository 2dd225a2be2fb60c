package network

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// RandomParams creates every tensor the metadata names with random values:
// weights N(0, 2/fan_in) (He), small random biases, and BN parameters and
// running statistics drawn around their usual values. Values are rounded to
// float32, as a saved file would hold them. Tests and benchmarks use it in
// place of a trained model.
func RandomParams(meta Meta, rng *rand.Rand) (*Model, error) {
	shapes, err := meta.Shapes()
	if err != nil {
		return nil, err
	}
	m := &Model{Meta: meta, Tensors: map[string]*Tensor{}}
	for i, l := range meta.Layers {
		want := l.expectedTensorShapes(shapes[i])
		for _, t := range l.tensorNames() {
			shape := want[t.role]
			if shape == nil {
				return nil, fmt.Errorf("layer %d: unexpected %s tensor", i, t.role)
			}
			n := Shape(shape).Size()
			data := make([]float64, n)
			for j := range data {
				var v float64
				switch {
				case t.role == "weight" && l.Kind == KindBatchNorm:
					v = 0.5 + rng.Float64()
				case t.role == "weight":
					fanIn := n / shape[0]
					v = rng.NormFloat64() * math.Sqrt(2/float64(fanIn))
				case t.role == "running_var":
					v = 0.2 + rng.Float64()
				default: // biases, running means
					v = 0.1 * rng.NormFloat64()
				}
				data[j] = float64(float32(v))
			}
			m.Tensors[t.name] = &Tensor{Shape: append([]int(nil), shape...), Data: data}
		}
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return m, nil
}
