package bound

import (
	"fmt"
	"math"
)

// PredictBatch returns the class each image is assigned by the network in
// exact arithmetic where batched point bounds decide it (every margin of
// the float64 arg max proven > 0; with Auto, float32 bounds first and
// float64 ones where those do not decide), else Predict's float64 arg max
// (near ties only). It is the prediction certificates record.
func (n *Net) PredictBatch(raws [][]byte, p Precision) ([]int, error) {
	if n.exact != nil {
		// the exact class is the same for both claims; the real claim's
		// point bounds are narrower and cost half the products
		return n.exact.PredictBatch(raws, p)
	}
	if err := n.checkBatch(raws, nil, 0); err != nil {
		return nil, err
	}
	dec, _, err := n.decideBoxes(n.inputBoxes(raws, 0), p)
	if err != nil {
		return nil, err
	}
	return n.orPredict(dec, raws), nil
}

// PredictCleanBatch is PredictBatch with each image's box grown to hold
// its clean point xs[i] = CleanPoint(raws[i], eps) too (the point certify
// checks first), so that one pass gives both the prediction and, where the
// prediction is not ys[i], the proof that the clean point is misclassified
// for certain: clean[i] is CheckAdversarialBatch's verdict for xs[i] from
// those boxes (Class -1 where they prove nothing), whether or not they
// decide the prediction. The prediction is the same as PredictBatch's
// wherever either decides it. It is PredictCleanFirst followed by
// PredictCleanRest on the images the first pass leaves undecided.
func (n *Net) PredictCleanBatch(raws [][]byte, ys []int, eps float64, p Precision) (preds []int, clean []PointVerdict, xs [][]float32, err error) {
	preds, clean, xs, err = n.PredictCleanFirst(raws, ys, eps, p)
	if err != nil {
		return nil, nil, nil, err
	}
	var rest []int
	for i, k := range preds {
		if k < 0 {
			rest = append(rest, i)
		}
	}
	if len(rest) == 0 {
		return preds, clean, xs, nil
	}
	rp, rv, err := n.PredictCleanRest(pick(raws, rest), pick(ys, rest), eps, p)
	if err != nil {
		return nil, nil, nil, err
	}
	for k, i := range rest {
		preds[i] = rp[k]
		switch {
		case rv[k].Class >= 0:
			clean[i] = rv[k]
		case rp[k] == ys[i]:
			clean[i] = PointVerdict{Class: -1}
		}
	}
	return preds, clean, xs, nil
}

// PredictCleanFirst is PredictCleanBatch's first pass: n's own point
// bounds over the clean boxes, in float32 where p is Auto (in the deployed
// claim, its own bounds, which alone prove a clean point misclassified).
// dec[i] is the class they decide, -1 where they decide none
// (PredictCleanRest predicts those), and clean[i] their verdict for the
// clean point wherever dec[i] is not ys[i].
func (n *Net) PredictCleanFirst(raws [][]byte, ys []int, eps float64, p Precision) (dec []int, clean []PointVerdict, xs [][]float32, err error) {
	if err := n.checkClean(raws, ys, eps); err != nil {
		return nil, nil, nil, err
	}
	if p == Auto {
		p = Float32
	}
	dec, cp, err := n.cleanPass(raws, eps, p)
	if err != nil {
		return nil, nil, nil, err
	}
	return dec, cp.verdicts(n, ys, dec), cp.xs, nil
}

// PredictCleanRest predicts images whose clean boxes PredictCleanFirst
// (same p) left undecided: the exact class where other point bounds over
// the same boxes decide it, else Predict's float64 arg max. Those bounds
// are, with Auto, float64 ones in the real claim, whose verdicts for the
// clean points come back in clean (Class -1 where they prove nothing); in
// the deployed claim the real-claim twin's (the exact class is the same
// for both claims), which prove nothing about deployed evaluations (clean
// all Class -1).
func (n *Net) PredictCleanRest(raws [][]byte, ys []int, eps float64, p Precision) (preds []int, clean []PointVerdict, err error) {
	if err := n.checkClean(raws, ys, eps); err != nil {
		return nil, nil, err
	}
	dec := make([]int, len(raws))
	for i := range dec {
		dec[i] = -1
	}
	var cp cleanBoxes // bounds that may prove clean points misclassified
	switch {
	case n.exact != nil:
		if dec, _, err = n.exact.cleanPass(raws, eps, p); err != nil {
			return nil, nil, err
		}
	case p == Auto:
		if dec, cp, err = n.cleanPass(raws, eps, Float64); err != nil {
			return nil, nil, err
		}
	}
	preds = n.orPredict(dec, raws)
	if cp.boxes == nil {
		clean = make([]PointVerdict, len(raws))
		for i := range clean {
			clean[i].Class = -1
		}
		return preds, clean, nil
	}
	return preds, cp.verdicts(n, ys, preds), nil
}

// checkClean checks the arguments of the clean-point passes.
func (n *Net) checkClean(raws [][]byte, ys []int, eps float64) error {
	if err := n.checkBatch(raws, ys, eps); err != nil {
		return err
	}
	if len(ys) != len(raws) {
		return fmt.Errorf("%d images but %d labels", len(raws), len(ys))
	}
	return nil
}

// pick returns the elements idx of v.
func pick[E any](v []E, idx []int) []E {
	out := make([]E, len(idx))
	for k, i := range idx {
		out[k] = v[i]
	}
	return out
}

// cleanBoxes are a point pass's classifier input boxes over images' clean
// boxes (cleanPass), with what proving their clean points misclassified
// needs.
type cleanBoxes struct {
	boxes []Box       // the classifier's input, per image
	xs    [][]float32 // the clean points
	inner []bool      // whether each clean point lies in its image's inner box
}

// verdicts returns, per image, CheckAdversarialBatch's verdict for its
// clean point from the boxes where the prediction preds[i] is not the
// label ys[i] (Class -1 elsewhere and where the boxes prove nothing).
func (cb cleanBoxes) verdicts(n *Net, ys, preds []int) []PointVerdict {
	out := make([]PointVerdict, len(cb.boxes))
	for i, b := range cb.boxes {
		out[i].Class = -1
		if b.L != nil && cb.inner[i] && preds[i] != ys[i] {
			out[i] = n.pointVerdict(ys[i], b)
		}
	}
	return out
}

// cleanPass bounds the images' clean boxes (the hull of the exact pixels
// and the clean point CleanPoint(raws[i], eps)) with n's own point bounds
// and returns the class each decides (-1 where it decides none) and the
// boxes.
func (n *Net) cleanPass(raws [][]byte, eps float64, p Precision) ([]int, cleanBoxes, error) {
	cb := cleanBoxes{xs: make([][]float32, len(raws)), inner: make([]bool, len(raws))}
	if len(raws) == 0 {
		return nil, cb, nil
	}
	in := make([]Box, len(raws))
	hw := n.InShape[1] * n.InShape[2]
	tab := n.cleanTable(eps)
	for i, raw := range raws {
		in[i] = Box{L: make([]float64, len(raw)), U: make([]float64, len(raw))}
		cb.xs[i] = make([]float32, len(raw))
		cb.inner[i] = true
		for j, b := range raw {
			k := j/hw*256 + int(b)
			cb.xs[i][j] = tab.x[b]
			cb.inner[i] = cb.inner[i] && tab.inside[b]
			in[i].L[j], in[i].U[j] = tab.l[k], tab.u[k]
		}
	}
	dec, boxes, err := n.decideBoxes(in, p)
	cb.boxes = boxes
	return dec, cb, err
}

// cleanTable holds, per byte, what cleanPass needs of a pixel: its clean
// point CleanPoint and whether the point lies in the pixel's InnerBox, and
// per channel and byte its clean box (the hull of the normalised boxes of
// the exact pixel and of that point). All of it depends on the byte, the
// channel and ε alone, so 256 entries per channel replace the directed
// roundings of every pixel.
type cleanTable struct {
	x      [256]float32
	inside [256]bool
	l, u   []float64 // [channel*256 + byte]
}

// cleanTable builds the cleanTable of n at ε.
func (n *Net) cleanTable(eps float64) *cleanTable {
	ch := n.InShape[0]
	t := &cleanTable{l: make([]float64, ch*256), u: make([]float64, ch*256)}
	all := everyByte()
	px := PixelBox(all[:], 0) // the exact pixels, as inputBoxes bounds them
	box := InnerBox(all[:], eps)
	xs := cleanPointIn(all[:], box)
	for b, x := range xs {
		t.x[b] = x
		t.inside[b] = float64(x) >= box.L[b] && float64(x) <= box.U[b]
		for c := 0; c < ch; c++ {
			el, eu := n.normalizePixel(c, px.L[b], px.U[b])
			l, u := n.normalizePixel(c, float64(x), float64(x))
			t.l[c*256+b], t.u[c*256+b] = math.Min(el, l), math.Max(eu, u)
		}
	}
	return t
}

// orPredict returns dec with Predict's float64 arg max where it is -1.
func (n *Net) orPredict(dec []int, raws [][]byte) []int {
	out := make([]int, len(dec))
	for i, k := range dec {
		if out[i] = k; k < 0 {
			out[i] = n.Predict(pixels(raws[i]))
		}
	}
	return out
}

// decideBoxes bounds the normalised input boxes in with point bounds (with
// Auto, float32 first and float64 where those do not decide) and returns
// the class the classifier input boxes decide (every margin of the arg max
// of their centre proven > 0; -1 where they decide none) and the boxes.
func (n *Net) decideBoxes(in []Box, p Precision) ([]int, []Box, error) {
	if len(in) == 0 {
		return nil, nil, nil
	}
	decide := func(b Box) int {
		mid := make([]float64, len(b.L))
		for j := range mid {
			mid[j] = b.L[j]/2 + b.U[j]/2
		}
		z := make([]float64, n.last.out)
		n.last.forward(z, mid)
		k := argmax(z)
		lb := ibpAffine(n.margins[k], b).L
		if MinMargin(lb) > 0 && !math.IsNaN(MinMargin(lb)) {
			return k
		}
		return -1
	}
	if p == Auto && n.deployed {
		// the deployed claim's own error terms, not the precision of the
		// products, decide the width of a point's bounds: float64 boxes
		// decide no more points than float32 ones (none of 13 on a CNN-7)
		p = Float32
	}
	out := make([]int, len(in))
	done := make([]bool, len(in)) // decided on the first (float32) boxes
	cls, err := n.classifierBoxesDecided(in, p, true, func(s int, b Box) bool {
		out[s] = decide(b)
		done[s] = out[s] >= 0
		return done[s]
	})
	if err != nil {
		return nil, nil, err
	}
	for s, b := range cls {
		if !done[s] {
			out[s] = decide(b) // the only boxes, or float64 ones where Auto recomputed them
		}
	}
	return out, cls, nil
}

// pixels converts image bytes to float64 values byte/255.
func pixels(raw []byte) []float64 {
	x := make([]float64, len(raw))
	for j, b := range raw {
		x[j] = float64(b) / 255
	}
	return x
}

// classifierBoxes propagates normalised input points (boxes whose width is
// at most rounding) by IBP, in precision p, to the boxes entering the
// classifier layer; narrow makes the batch narrow (bstate: one product per
// layer, wider boxes). PredictBatch, whose result is the exact class
// wherever any sound bounds decide it, passes true; CheckAdversarialBatch,
// whose class and margin certificates record and check recomputes, false.
func (n *Net) classifierBoxes(in []Box, p Precision, narrow bool) ([]Box, error) {
	if p == Float64 {
		bn, err := n.b64.get(n)
		if err != nil {
			return nil, err
		}
		return ibpBoxes(n, bn, in, narrow), nil
	}
	bn, err := n.b32.get(n)
	if err != nil {
		return nil, err
	}
	return ibpBoxes(n, bn, in, narrow), nil
}

// classifierBoxesDecided is classifierBoxes where, with Auto, the boxes are
// computed in float32 and those that decided rejects (decided gets the
// box's index and box) are computed again in float64, whose rounding bounds
// are about 2^29 times tighter: a point near a tie between two classes is
// then still decided. Every box is sound either way.
func (n *Net) classifierBoxesDecided(in []Box, p Precision, narrow bool, decided func(i int, b Box) bool) ([]Box, error) {
	out, err := n.classifierBoxes(in, p, narrow)
	if err != nil || p != Auto {
		return out, err
	}
	var redo []int
	for i, b := range out {
		if !decided(i, b) {
			redo = append(redo, i)
		}
	}
	if len(redo) == 0 {
		return out, nil
	}
	sub := make([]Box, len(redo))
	for k, i := range redo {
		sub[k] = in[i]
	}
	again, err := n.classifierBoxes(sub, Float64, narrow)
	if err != nil {
		return nil, err
	}
	for k, i := range redo {
		out[i] = again[k]
	}
	return out, nil
}

// ibpBoxes is classifierBoxes in T, one chunk of the batch per worker;
// narrow marks the boxes as points (bstate).
func ibpBoxes[T elem](n *Net, bn *bnet[T], in []Box, narrow bool) []Box {
	out := make([]Box, len(in))
	forChunks(len(in), func(s0, s1, par int) {
		st := inputState[T](bn.fc, in[s0:s1], n.InShape)
		st.par, st.narrow = par, narrow
		_, last := bn.ibp(st, false)
		copy(out[s0:s1], last.boxes())
	})
	return out
}
