// Package testmodel builds small real classifiers without training, for
// tests and examples while no trained model is at hand.
package testmodel

import (
	"fmt"

	"github.com/verify-tools/verify/ibp/data"
	"github.com/verify-tools/verify/ibp/network"
)

// Centroid returns a nearest-class-centroid classifier fitted on the first
// n samples of set, written as the network
// flatten -> linear(d, 2K) -> relu -> linear(2K, K): hidden unit j holds the
// score a_j = c_j . x - |c_j|^2 / 2 of centroid c_j and unit K+j holds -a_j;
// the classifier computes relu(a_j) - relu(-a_j) = a_j. The ReLUs are
// unstable around 0, so CROWN is tighter than IBP on it. On MNIST it is about
// 80 % accurate.
func Centroid(set *data.Set, n int) (*network.Model, error) {
	if n <= 0 || n > set.Len() {
		return nil, fmt.Errorf("centroid model: n = %d, the set has %d samples", n, set.Len())
	}
	d, k := set.ImageSize(), set.Classes
	sum := make([]float64, k*d)
	count := make([]float64, k)
	for i := 0; i < n; i++ {
		y := int(set.Labels[i])
		count[y]++
		for j, b := range set.RawImage(i) {
			sum[y*d+j] += float64(b) / 255
		}
	}
	w1 := make([]float64, 2*k*d)
	b1 := make([]float64, 2*k)
	for c := 0; c < k; c++ {
		if count[c] == 0 {
			return nil, fmt.Errorf("centroid model: class %d has no sample among the first %d", c, n)
		}
		norm := 0.0
		for j := 0; j < d; j++ {
			v := float64(float32(sum[c*d+j] / count[c]))
			w1[c*d+j], w1[(k+c)*d+j] = v, -v
			norm += v * v
		}
		b1[c], b1[k+c] = -norm/2, norm/2
	}
	w2 := make([]float64, k*2*k)
	for c := 0; c < k; c++ {
		w2[c*2*k+c], w2[c*2*k+k+c] = 1, -1
	}
	chans := set.Shape[0]
	norm := network.Normalization{Mean: make([]float64, chans), Std: make([]float64, chans)}
	for c := range norm.Std {
		norm.Std[c] = 1
	}
	m := &network.Model{
		Meta: network.Meta{Format: network.FormatVersion, Arch: "centroid", InputShape: set.Shape[:], NumClasses: k,
			Dataset: set.Dataset, Normalization: norm,
			Layers: []network.Layer{{Kind: network.KindFlatten},
				{Kind: network.KindLinear, In: d, Out: 2 * k, Weight: "l1.weight", Bias: "l1.bias"},
				{Kind: network.KindReLU},
				{Kind: network.KindLinear, In: 2 * k, Out: k, Weight: "l2.weight", Bias: "l2.bias"}}},
		Tensors: map[string]*network.Tensor{
			"l1.weight": {Shape: []int{2 * k, d}, Data: w1}, "l1.bias": {Shape: []int{2 * k}, Data: b1},
			"l2.weight": {Shape: []int{k, 2 * k}, Data: w2}, "l2.bias": {Shape: []int{k}, Data: make([]float64, k)},
		},
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("centroid model: %w", err)
	}
	return m, nil
}
