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
	preds, _, err := n.predictBoxes(raws, n.inputBoxes(raws, 0), p)
	return preds, err
}

// PredictCleanBatch is PredictBatch with each image's box grown to hold
// its clean point xs[i] = CleanPoint(raws[i], eps) too (the point certify
// checks first), so that one pass gives both the prediction and, where it
// is decided and is not ys[i], the proof that the clean point is
// misclassified for certain: clean[i] is CheckAdversarialBatch's verdict
// for xs[i] from those boxes (Class -1 where they prove nothing). The
// prediction is the same as PredictBatch's wherever either decides it.
func (n *Net) PredictCleanBatch(raws [][]byte, ys []int, eps float64, p Precision) (preds []int, clean []PointVerdict, xs [][]float32, err error) {
	return n.PredictCleanBatchGuess(raws, ys, eps, p, nil)
}

// PredictCleanBatchGuess is PredictCleanBatch given guesses of which
// images are misclassified (MarginLowerBatchGuess's; nil: all of them).
// They change only which passes run, never the result: in the deployed
// claim an image guessed correct gets the real claim's point pass (the
// exact class is the same for both claims, and those bounds cost one
// product per conv layer, the deployed ones two), and the deployed pass
// only when that predicts another class than ys[i] (only then can the
// clean point be proven misclassified, and only the deployed bounds prove
// it for the deployed claim); an image guessed misclassified gets the
// deployed pass alone, as every image does without guesses. In the real
// claim the guesses change nothing.
func (n *Net) PredictCleanBatchGuess(raws [][]byte, ys []int, eps float64, p Precision, wrong []bool) (preds []int, clean []PointVerdict, xs [][]float32, err error) {
	if err := n.checkBatch(raws, ys, eps); err != nil {
		return nil, nil, nil, err
	}
	if len(ys) != len(raws) {
		return nil, nil, nil, fmt.Errorf("%d images but %d labels", len(raws), len(ys))
	}
	if wrong != nil && len(wrong) != len(raws) {
		return nil, nil, nil, fmt.Errorf("%d images but %d guesses", len(raws), len(wrong))
	}
	if n.exact == nil || wrong == nil {
		return n.predictClean(raws, ys, eps, p)
	}
	preds, clean, xs = make([]int, len(raws)), make([]PointVerdict, len(raws)), make([][]float32, len(raws))
	var guessed, right []int
	for i := range raws {
		if wrong[i] {
			guessed = append(guessed, i)
		} else {
			right = append(right, i)
		}
	}
	// the images guessed correct: real point bounds for the prediction
	pr, _, xr, err := n.exact.predictClean(pick(raws, right), pick(ys, right), eps, p)
	if err != nil {
		return nil, nil, nil, err
	}
	for k, i := range right {
		preds[i], xs[i], clean[i] = pr[k], xr[k], PointVerdict{Class: -1}
		if pr[k] != ys[i] {
			guessed = append(guessed, i) // a wrong guess: the deployed pass too
		}
	}
	if len(guessed) == 0 {
		return preds, clean, xs, nil
	}
	pd, cd, xd, err := n.predictClean(pick(raws, guessed), pick(ys, guessed), eps, p)
	if err != nil {
		return nil, nil, nil, err
	}
	for k, i := range guessed {
		if wrong[i] {
			preds[i], xs[i] = pd[k], xd[k]
		}
		clean[i] = cd[k]
	}
	return preds, clean, xs, nil
}

// pick returns the elements idx of v.
func pick[E any](v []E, idx []int) []E {
	out := make([]E, len(idx))
	for k, i := range idx {
		out[k] = v[i]
	}
	return out
}

// predictClean is PredictCleanBatch with n's own point bounds deciding the
// predictions, for checked inputs.
func (n *Net) predictClean(raws [][]byte, ys []int, eps float64, p Precision) (preds []int, clean []PointVerdict, xs [][]float32, err error) {
	in := n.inputBoxes(raws, 0)
	xs = make([][]float32, len(raws))
	inner := make([]bool, len(raws))
	hw := n.InShape[1] * n.InShape[2]
	for i, raw := range raws {
		xs[i] = CleanPoint(raw, eps)
		xf := make([]float64, len(raw))
		for j, v := range xs[i] {
			xf[j] = float64(v)
			l, u := n.normalizePixel(j/hw, xf[j], xf[j])
			in[i].L[j], in[i].U[j] = math.Min(in[i].L[j], l), math.Max(in[i].U[j], u)
		}
		inner[i] = InnerBox(raw, eps).Contains(xf)
	}
	preds, cls, err := n.predictBoxes(raws, in, p)
	if err != nil {
		return nil, nil, nil, err
	}
	clean = make([]PointVerdict, len(raws))
	for i := range clean {
		clean[i].Class = -1
		if cls[i].L != nil && inner[i] && preds[i] != ys[i] {
			clean[i] = n.pointVerdict(ys[i], cls[i])
		}
	}
	return preds, clean, xs, nil
}

// predictBoxes is PredictBatch on the normalised input boxes in (one per
// image raws[i]); decided[i] is the classifier box that decided preds[i]
// (L nil where Predict's arg max was taken instead).
func (n *Net) predictBoxes(raws [][]byte, in []Box, p Precision) (preds []int, decided []Box, err error) {
	if len(raws) == 0 {
		return nil, nil, nil
	}
	decide := func(b Box) (int, bool) {
		mid := make([]float64, len(b.L))
		for j := range mid {
			mid[j] = b.L[j]/2 + b.U[j]/2
		}
		z := make([]float64, n.last.out)
		n.last.forward(z, mid)
		k := argmax(z)
		lb := ibpAffine(n.margins[k], b).L
		return k, MinMargin(lb) > 0 && !math.IsNaN(MinMargin(lb))
	}
	if p == Auto && n.deployed {
		// the deployed claim's own error terms, not the precision of the
		// products, decide the width of a point's bounds: float64 boxes
		// decide no more points than float32 ones (none of 13 on a CNN-7)
		p = Float32
	}
	out := make([]int, len(raws))
	done := make([]bool, len(raws)) // decided on the first (float32) boxes
	cls, err := n.classifierBoxesDecided(in, p, true, func(s int, b Box) bool {
		out[s], done[s] = decide(b)
		return done[s]
	})
	if err != nil {
		return nil, nil, err
	}
	for s, b := range cls {
		if done[s] {
			continue
		}
		if k, ok := decide(b); ok {
			out[s] = k
			continue
		}
		out[s] = n.Predict(pixels(raws[s]))
		cls[s] = Box{}
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
