package network

import "fmt"

// Shape is an activation shape: [C, H, W] for images, [N] after flatten or
// a linear layer.
type Shape []int

// Size is the number of elements.
func (s Shape) Size() int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

func (s Shape) String() string { return fmt.Sprint([]int(s)) }

// ConvOut is the output side length of a convolution.
func ConvOut(in, kernel, stride, padding int) int {
	return (in+2*padding-kernel)/stride + 1
}

// Shapes infers the activation shape after every layer from the metadata
// alone: shapes[0] is the input shape and shapes[i+1] the output of layer i.
// It checks that each layer fits the shape it receives.
func (m *Meta) Shapes() ([]Shape, error) {
	if len(m.InputShape) != 3 {
		return nil, fmt.Errorf("input_shape must be [C, H, W], got %v", m.InputShape)
	}
	for _, d := range m.InputShape {
		if d <= 0 {
			return nil, fmt.Errorf("input_shape %v has a non-positive size", m.InputShape)
		}
	}
	cur := Shape(append([]int(nil), m.InputShape...))
	shapes := []Shape{cur}
	for i, l := range m.Layers {
		next, err := l.outShape(cur)
		if err != nil {
			return nil, fmt.Errorf("layer %d (%s): %w", i, l.Kind, err)
		}
		cur = next
		shapes = append(shapes, cur)
	}
	return shapes, nil
}

func (l Layer) outShape(in Shape) (Shape, error) {
	switch l.Kind {
	case KindLinear:
		if len(in) != 1 {
			return nil, fmt.Errorf("needs a flat input, got shape %v (add a flatten layer)", in)
		}
		if l.In != in[0] || l.Out <= 0 {
			return nil, fmt.Errorf("in=%d out=%d does not fit input shape %v", l.In, l.Out, in)
		}
		return Shape{l.Out}, nil
	case KindConv2d:
		if len(in) != 3 {
			return nil, fmt.Errorf("needs a [C,H,W] input, got shape %v", in)
		}
		if l.In != in[0] || l.Out <= 0 || l.Kernel <= 0 || l.Stride <= 0 || l.Padding < 0 {
			return nil, fmt.Errorf("in=%d out=%d kernel=%d stride=%d padding=%d does not fit input shape %v",
				l.In, l.Out, l.Kernel, l.Stride, l.Padding, in)
		}
		// Go's division truncates toward zero, so a kernel larger than the
		// padded input must be caught before ConvOut rounds it up to 1.
		if l.Kernel > in[1]+2*l.Padding || l.Kernel > in[2]+2*l.Padding {
			return nil, fmt.Errorf("kernel %d is larger than the padded input %v (padding %d)", l.Kernel, in, l.Padding)
		}
		h := ConvOut(in[1], l.Kernel, l.Stride, l.Padding)
		w := ConvOut(in[2], l.Kernel, l.Stride, l.Padding)
		if h <= 0 || w <= 0 {
			return nil, fmt.Errorf("kernel %d is larger than the padded input %v", l.Kernel, in)
		}
		return Shape{l.Out, h, w}, nil
	case KindBatchNorm:
		if !(l.Eps >= 0) {
			return nil, fmt.Errorf("eps must be >= 0, got %v", l.Eps)
		}
		return in, nil
	case KindReLU:
		return in, nil
	case KindFlatten:
		return Shape{in.Size()}, nil
	default:
		return nil, fmt.Errorf("unknown layer kind %q", l.Kind)
	}
}

// expectedTensorShapes gives the shape every tensor of layer l must have,
// given the layer's input shape.
func (l Layer) expectedTensorShapes(in Shape) map[string][]int {
	out := map[string][]int{}
	switch l.Kind {
	case KindLinear:
		out["weight"] = []int{l.Out, l.In}
		out["bias"] = []int{l.Out}
	case KindConv2d:
		out["weight"] = []int{l.Out, l.In, l.Kernel, l.Kernel}
		out["bias"] = []int{l.Out}
	case KindBatchNorm:
		c := in[0]
		for _, r := range []string{"weight", "bias", "running_mean", "running_var"} {
			out[r] = []int{c}
		}
	}
	return out
}
