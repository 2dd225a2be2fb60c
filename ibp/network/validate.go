package network

import (
	"fmt"
	"math"
	"slices"
)

// Validate checks the metadata and that every tensor a layer names exists
// with the right shape and finite values. Errors name the layer and tensor.
func (m *Model) Validate() error {
	meta := &m.Meta
	if meta.Format != FormatVersion {
		return fmt.Errorf("metadata format %d is not supported (want %d)", meta.Format, FormatVersion)
	}
	if meta.NumClasses < 2 {
		return fmt.Errorf("num_classes must be >= 2, got %d", meta.NumClasses)
	}
	shapes, err := meta.Shapes()
	if err != nil {
		return err
	}
	c := meta.InputShape[0]
	if len(meta.Normalization.Mean) != c || len(meta.Normalization.Std) != c {
		return fmt.Errorf("normalization needs %d mean and std values (one per channel), got %d and %d",
			c, len(meta.Normalization.Mean), len(meta.Normalization.Std))
	}
	for i, s := range meta.Normalization.Std {
		if !(s > 0) || math.IsInf(s, 0) || math.IsNaN(meta.Normalization.Mean[i]) || math.IsInf(meta.Normalization.Mean[i], 0) {
			return fmt.Errorf("normalization channel %d: std must be finite and > 0 and mean finite, got mean %v std %v",
				i, meta.Normalization.Mean[i], s)
		}
	}
	if len(meta.Layers) == 0 {
		return fmt.Errorf("the network has no layers")
	}
	last := shapes[len(shapes)-1]
	if len(last) != 1 || last[0] != meta.NumClasses {
		return fmt.Errorf("the network outputs shape %v, want [%d] (num_classes)", last, meta.NumClasses)
	}
	if k := meta.Layers[len(meta.Layers)-1].Kind; k != KindLinear {
		return fmt.Errorf("the last layer must be linear (the margin specification is folded into it), got %s", k)
	}
	for i, l := range meta.Layers {
		want := l.expectedTensorShapes(shapes[i])
		required := []string{"weight"}
		if l.Kind == KindBatchNorm {
			required = []string{"weight", "bias", "running_mean", "running_var"}
		}
		named := map[string]string{}
		for _, t := range l.tensorNames() {
			named[t.role] = t.name
		}
		for _, r := range required {
			if want[r] != nil && named[r] == "" {
				return fmt.Errorf("layer %d (%s): no %s tensor named", i, l.Kind, r)
			}
		}
		for _, t := range l.tensorNames() {
			shape, ok := want[t.role]
			if !ok {
				return fmt.Errorf("layer %d (%s): a %s tensor does not belong to this kind of layer", i, l.Kind, t.role)
			}
			ten, ok := m.Tensors[t.name]
			if !ok {
				return fmt.Errorf("layer %d (%s): tensor %q (%s) is missing", i, l.Kind, t.name, t.role)
			}
			if !slices.Equal(ten.Shape, shape) {
				return fmt.Errorf("layer %d (%s): tensor %q (%s) has shape %v, want %v", i, l.Kind, t.name, t.role, ten.Shape, shape)
			}
			for j, v := range ten.Data {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return fmt.Errorf("layer %d (%s): tensor %q has a non-finite value at index %d", i, l.Kind, t.name, j)
				}
				if t.role == "running_var" && !(v+l.Eps > 0) {
					return fmt.Errorf("layer %d (%s): tensor %q: running_var + eps must be > 0, got %v at index %d", i, l.Kind, t.name, v+l.Eps, j)
				}
			}
		}
	}
	return nil
}
