package network

import (
	"fmt"
	"sort"
)

// Options select an architecture's data shape and variant.
type Options struct {
	InputShape []int // [C, H, W]
	NumClasses int
	BN         bool // batch norm after every conv and hidden linear layer
}

// DatasetOptions returns the input shape and class count of a dataset
// ("mnist" or "cifar10") with BN on.
func DatasetOptions(dataset string) (Options, error) {
	switch dataset {
	case "mnist":
		return Options{InputShape: []int{1, 28, 28}, NumClasses: 10, BN: true}, nil
	case "cifar10":
		return Options{InputShape: []int{3, 32, 32}, NumClasses: 10, BN: true}, nil
	}
	return Options{}, fmt.Errorf("unknown dataset %q (want mnist or cifar10)", dataset)
}

// builder appends layers and names their tensors "layers.<i>.<role>", like a
// PyTorch nn.Sequential.
type builder struct {
	layers []Layer
	bn     bool
}

func (b *builder) name(role string) string { return fmt.Sprintf("layers.%d.%s", len(b.layers), role) }

func (b *builder) conv(in, out, k, s, p int) {
	b.layers = append(b.layers, Layer{Kind: KindConv2d, In: in, Out: out, Kernel: k, Stride: s, Padding: p,
		Weight: b.name("weight"), Bias: b.name("bias")})
}

func (b *builder) linear(in, out int) {
	b.layers = append(b.layers, Layer{Kind: KindLinear, In: in, Out: out, Weight: b.name("weight"), Bias: b.name("bias")})
}

// act appends BN (when enabled) and ReLU.
func (b *builder) act() {
	if b.bn {
		b.layers = append(b.layers, Layer{Kind: KindBatchNorm, Eps: 1e-5, Weight: b.name("weight"), Bias: b.name("bias"),
			RunningMean: b.name("running_mean"), RunningVar: b.name("running_var")})
	}
	b.layers = append(b.layers, Layer{Kind: KindReLU})
}

func (b *builder) flatten() { b.layers = append(b.layers, Layer{Kind: KindFlatten}) }

type archFunc func(b *builder, c, h, w, classes int)

var archs = map[string]archFunc{
	// CNN-7 of Shi et al. (REFERENCE.md §1): 3x3 convs with padding 1,
	// the third with stride 2; linear 512; classifier.
	"cnn7": func(b *builder, c, h, w, classes int) {
		b.conv(c, 64, 3, 1, 1)
		b.act()
		b.conv(64, 64, 3, 1, 1)
		b.act()
		b.conv(64, 128, 3, 2, 1)
		b.act()
		b.conv(128, 128, 3, 1, 1)
		b.act()
		b.conv(128, 128, 3, 1, 1)
		b.act()
		b.flatten()
		h, w = ConvOut(h, 3, 2, 1), ConvOut(w, 3, 2, 1)
		b.linear(128*h*w, 512)
		b.act()
		b.linear(512, classes)
	},
	// Small CNN: conv 4x4 stride 2 padding 1 twice (28 -> 14 -> 7, or
	// 32 -> 16 -> 8), linear 100, classifier. On MNIST the flatten size is
	// 32*7*7 = 1568, as in REFERENCE.md §1.
	"smallcnn": func(b *builder, c, h, w, classes int) {
		b.conv(c, 16, 4, 2, 1)
		b.act()
		b.conv(16, 32, 4, 2, 1)
		b.act()
		b.flatten()
		h, w = ConvOut(ConvOut(h, 4, 2, 1), 4, 2, 1), ConvOut(ConvOut(w, 4, 2, 1), 4, 2, 1)
		b.linear(32*h*w, 100)
		b.act()
		b.linear(100, classes)
	},
	// MLP: two hidden layers of 256.
	"mlp": func(b *builder, c, h, w, classes int) {
		b.flatten()
		b.linear(c*h*w, 256)
		b.act()
		b.linear(256, 256)
		b.act()
		b.linear(256, classes)
	},
}

// Architectures lists the names Build accepts.
func Architectures() []string {
	names := make([]string, 0, len(archs))
	for n := range archs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Build returns the metadata of a named architecture ("cnn7", "smallcnn",
// "mlp") for the given input shape. Normalisation is the identity and
// Dataset empty; the caller fills them in.
func Build(arch string, opt Options) (Meta, error) {
	f, ok := archs[arch]
	if !ok {
		return Meta{}, fmt.Errorf("unknown architecture %q (want one of %v)", arch, Architectures())
	}
	if len(opt.InputShape) != 3 {
		return Meta{}, fmt.Errorf("input shape must be [C, H, W], got %v", opt.InputShape)
	}
	if opt.NumClasses < 2 {
		return Meta{}, fmt.Errorf("need at least 2 classes, got %d", opt.NumClasses)
	}
	c, h, w := opt.InputShape[0], opt.InputShape[1], opt.InputShape[2]
	b := &builder{bn: opt.BN}
	f(b, c, h, w, opt.NumClasses)
	meta := Meta{
		Format:     FormatVersion,
		Arch:       arch,
		InputShape: []int{c, h, w},
		NumClasses: opt.NumClasses,
		Layers:     b.layers,
	}
	for i := 0; i < c; i++ {
		meta.Normalization.Mean = append(meta.Normalization.Mean, 0)
		meta.Normalization.Std = append(meta.Normalization.Std, 1)
	}
	if _, err := meta.Shapes(); err != nil {
		return Meta{}, fmt.Errorf("architecture %s does not fit input %v: %w", arch, opt.InputShape, err)
	}
	return meta, nil
}
