// Package network defines the self-describing model file that `verify train`
// writes and `verify certify` / `verify check` read: a safetensors file whose
// metadata key "verify" holds the architecture, normalisation and training
// settings as JSON. See docs/model-format.md.
package network

// FormatVersion is the version of the metadata JSON this package writes.
const FormatVersion = 1

// MetadataKey is the safetensors __metadata__ key holding the Meta JSON.
const MetadataKey = "verify"

// Layer kinds.
const (
	KindLinear    = "linear"
	KindConv2d    = "conv2d"
	KindBatchNorm = "batchnorm"
	KindReLU      = "relu"
	KindFlatten   = "flatten"
)

// Meta is the JSON stored under the "verify" metadata key. It describes the
// network completely: certify builds the network from it and the tensors.
type Meta struct {
	Format        int           `json:"format"`
	Arch          string        `json:"arch"`
	InputShape    []int         `json:"input_shape"` // [C, H, W]
	NumClasses    int           `json:"num_classes"`
	Dataset       string        `json:"dataset"`
	Normalization Normalization `json:"normalization"`
	TrainEps      float64       `json:"train_eps"`
	Layers        []Layer       `json:"layers"`
}

// Normalization is the per-channel input normalisation (x - mean) / std,
// applied to pixels in [0, 1]. The identity is mean 0, std 1.
type Normalization struct {
	Mean []float64 `json:"mean"`
	Std  []float64 `json:"std"`
}

// Layer is one step of the network, applied in order. Which fields matter
// depends on Kind:
//   - linear: In, Out, Weight [Out, In], Bias [Out] (optional);
//   - conv2d: In, Out (channels), Kernel, Stride, Padding, Weight
//     [Out, In, Kernel, Kernel], Bias [Out] (optional);
//   - batchnorm: Eps, Weight, Bias, RunningMean, RunningVar, all [C], in
//     eval mode: y = (x - mean) / sqrt(var + eps) * weight + bias, per channel
//     (per feature after a linear layer);
//   - relu, flatten: no fields. flatten keeps C,H,W order (row-major).
type Layer struct {
	Kind        string  `json:"kind"`
	In          int     `json:"in,omitempty"`
	Out         int     `json:"out,omitempty"`
	Kernel      int     `json:"kernel,omitempty"`
	Stride      int     `json:"stride,omitempty"`
	Padding     int     `json:"padding,omitempty"`
	Eps         float64 `json:"eps,omitempty"`
	Weight      string  `json:"weight,omitempty"`
	Bias        string  `json:"bias,omitempty"`
	RunningMean string  `json:"running_mean,omitempty"`
	RunningVar  string  `json:"running_var,omitempty"`
}

// Tensor is a dense row-major tensor. Values are held in float64; the file
// stores float32 (float64 is accepted on load), and every float32 value is
// exactly representable in float64.
type Tensor struct {
	Shape []int
	Data  []float64
}

// Model is a network description plus its named tensors.
type Model struct {
	Meta    Meta
	Tensors map[string]*Tensor
}

// tensorNames lists the tensor names a layer refers to, with their roles.
func (l Layer) tensorNames() []struct{ role, name string } {
	var out []struct{ role, name string }
	add := func(role, name string) {
		if name != "" {
			out = append(out, struct{ role, name string }{role, name})
		}
	}
	add("weight", l.Weight)
	add("bias", l.Bias)
	add("running_mean", l.RunningMean)
	add("running_var", l.RunningVar)
	return out
}
