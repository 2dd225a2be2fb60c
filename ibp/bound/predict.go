package bound

import "math"

// PredictBatch returns the class each image is assigned by the network in
// exact arithmetic where batched point bounds decide it (every margin of
// the float64 arg max proven > 0), else Predict's float64 arg max (near
// ties only). It is the prediction certificates record.
func (n *Net) PredictBatch(raws [][]byte, p Precision) ([]int, error) {
	if err := n.checkBatch(raws, nil, 0); err != nil {
		return nil, err
	}
	if len(raws) == 0 {
		return nil, nil
	}
	in := make([]Box, len(raws))
	for i, raw := range raws {
		in[i] = n.normalizeBox(PixelBox(raw, 0))
	}
	cls, err := n.classifierBoxes(in, p)
	if err != nil {
		return nil, err
	}
	out := make([]int, len(raws))
	for s, b := range cls {
		mid := make([]float64, len(b.L))
		for j := range mid {
			mid[j] = b.L[j]/2 + b.U[j]/2
		}
		z := make([]float64, n.last.out)
		n.last.forward(z, mid)
		k := argmax(z)
		if lb := ibpAffine(n.margins[k], b).L; MinMargin(lb) > 0 && !math.IsNaN(MinMargin(lb)) {
			out[s] = k
			continue
		}
		out[s] = n.Predict(pixels(raws[s]))
	}
	return out, nil
}

// pixels converts image bytes to float64 values byte/255.
func pixels(raw []byte) []float64 {
	x := make([]float64, len(raw))
	for j, b := range raw {
		x[j] = float64(b) / 255
	}
	return x
}

// classifierBoxes propagates normalised input boxes by IBP, in precision p,
// to the boxes entering the classifier layer.
func (n *Net) classifierBoxes(in []Box, p Precision) ([]Box, error) {
	if p == Float64 {
		bn, err := n.b64.get(n)
		if err != nil {
			return nil, err
		}
		return ibpBoxes(n, bn, in), nil
	}
	bn, err := n.b32.get(n)
	if err != nil {
		return nil, err
	}
	return ibpBoxes(n, bn, in), nil
}

// ibpBoxes is classifierBoxes in T, one chunk of the batch per worker.
func ibpBoxes[T elem](n *Net, bn *bnet[T], in []Box) []Box {
	out := make([]Box, len(in))
	forChunks(len(in), func(s0, s1, par int) {
		st := inputState[T](bn.fc, in[s0:s1], n.InShape)
		st.par = par
		_, last := bn.ibp(st, false)
		copy(out[s0:s1], last.boxes())
	})
	return out
}
