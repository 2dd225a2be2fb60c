package bound

import (
	"fmt"
	"math"
	"runtime"
	"sync"
)

// DefaultPrecision is the precision of the batched matrix products that
// verify certify and verify check use (docs/certificates.md says why).
const DefaultPrecision = Auto

// BatchIndependent reports whether a sample's bounds are bit-identical
// whatever the batch it is computed in (true in the default build; the
// openblas build is sound but may differ in the last bits).
func BatchIndependent() bool { return batchIndependent }

// BLAS names the matrix products this build and processor use.
func BLAS() string {
	if haveKernels() {
		return "AVX2/FMA kernels, " + blasName + " for the edges"
	}
	return blasName
}

// lazyBNet builds a batched network on first use.
// from, when set, derives it from another network's instead (a real-claim
// twin's from its deployed network's).
type lazyBNet[T elem] struct {
	once sync.Once
	bn   *bnet[T]
	err  error
	from func() (*bnet[T], error)
}

func (l *lazyBNet[T]) get(n *Net) (*bnet[T], error) {
	l.once.Do(func() {
		if l.from != nil {
			l.bn, l.err = l.from()
			return
		}
		l.bn, l.err = newBNet[T](n)
	})
	return l.bn, l.err
}

// PrepareBatch builds the float32 batched network that the batched bounds
// run on, which is otherwise built on their first use: a caller can build
// it while it does other work (loading the data). The float64 one, which
// only Auto's few re-runs need, is still built on first use.
func (n *Net) PrepareBatch() error {
	_, err := n.b32.get(n)
	return err
}

// checkBatch validates the arguments shared by the batched entry points.
func (n *Net) checkBatch(raws [][]byte, ys []int, eps float64) error {
	if ys != nil && len(ys) != len(raws) {
		return fmt.Errorf("%d images but %d labels", len(raws), len(ys))
	}
	for i, raw := range raws {
		if len(raw) != n.inputLen {
			return fmt.Errorf("image %d has %d values, the model wants %d", i, len(raw), n.inputLen)
		}
		if ys != nil && (ys[i] < 0 || ys[i] >= n.Classes) {
			return fmt.Errorf("label %d out of range [0,%d)", ys[i], n.Classes)
		}
	}
	if !(eps >= 0) || math.IsInf(eps, 0) {
		return fmt.Errorf("eps must be finite and >= 0, got %v", eps)
	}
	return nil
}

// MarginLowerBatch is MarginLower for many samples at once: the matrix
// products of all samples run together in the given precision, with an
// a-priori bound on their rounding folded into the radii. The bounds are
// sound like MarginLower's, usually a little looser in float32.
func (n *Net) MarginLowerBatch(raws [][]byte, ys []int, eps float64, method Method, opt CrownOptions, p Precision) ([][]float64, error) {
	in, d, err := n.batchArgs(raws, ys, eps, method)
	if err != nil || len(in) == 0 {
		return nil, err
	}
	switch p {
	case Auto:
		return n.marginAuto(in, ys, d, opt)
	case Float64:
		bn, err := n.b64.get(n)
		if err != nil {
			return nil, err
		}
		out, _ := marginBatch(n, bn, in, ys, d, opt)
		return out, nil
	}
	bn, err := n.b32.get(n)
	if err != nil {
		return nil, err
	}
	out, _ := marginBatch(n, bn, in, ys, d, opt)
	return out, nil
}

// MarginLowerBatchSplit is MarginLowerBatch in Auto precision without its
// float64 re-runs: the float32 bounds, and retry[s] where
// Auto would repeat sample s in float64. MarginLowerBatchRefine repeats
// them, so that a caller can gather the re-runs of many batches into one
// pass (a pass over a few samples streams every layer's weights for little
// work); the bounds are then Auto's.
func (n *Net) MarginLowerBatchSplit(raws [][]byte, ys []int, eps float64, method Method, opt CrownOptions) (lbs [][]float64, retry []bool, err error) {
	in, d, err := n.batchArgs(raws, ys, eps, method)
	if err != nil || len(in) == 0 {
		return nil, nil, err
	}
	return n.marginFirst(in, ys, d, opt)
}

// MarginLowerBatchRefine raises lbs, the float32 bounds that
// MarginLowerBatchSplit returned for the samples raws (labels ys), to
// their float64 bounds wherever those are larger: Auto's re-run.
func (n *Net) MarginLowerBatchRefine(raws [][]byte, ys []int, eps float64, method Method, opt CrownOptions, lbs [][]float64) error {
	in, d, err := n.batchArgs(raws, ys, eps, method)
	if err != nil {
		return err
	}
	if len(lbs) != len(in) {
		return fmt.Errorf("%d images but %d bounds", len(in), len(lbs))
	}
	return n.marginRefine(in, ys, d, opt, lbs)
}

// batchArgs checks the arguments of the batched margin bounds and returns
// the samples' normalised input boxes and the method's definition.
func (n *Net) batchArgs(raws [][]byte, ys []int, eps float64, method Method) ([]Box, methodDef, error) {
	d, err := method.def()
	if err != nil {
		return nil, d, err
	}
	if err := CheckMethod(n.Claim(), method); err != nil {
		return nil, d, err
	}
	if err := n.checkBatch(raws, ys, eps); err != nil {
		return nil, d, err
	}
	if len(ys) != len(raws) {
		return nil, d, fmt.Errorf("%d images but %d labels", len(raws), len(ys))
	}
	return n.inputBoxes(raws, eps), d, nil
}

// marginBatch computes the margin lower bounds of a batch of normalised
// input boxes, and per sample the half-width of the IBP interval of the
// margin with the smallest lower bound (the scale of the rounding
// allowance). The batch is split into one chunk per worker (forChunks).
func marginBatch[T elem](n *Net, bn *bnet[T], in []Box, ys []int, d methodDef, opt CrownOptions) ([][]float64, []float64) {
	out := make([][]float64, len(in))
	hw := make([]float64, len(in))
	forChunks(len(in), func(s0, s1, par int) {
		marginChunk(n, bn, in[s0:s1], ys[s0:s1], d, opt, par, out[s0:s1], hw[s0:s1])
	})
	return out, hw
}

// marginChunk is marginBatch for one chunk of samples whose matrix
// products may use par goroutines; it fills out and hw.
func marginChunk[T elem](n *Net, bn *bnet[T], in []Box, ys []int, d methodDef, opt CrownOptions, par int, out [][]float64, hw []float64) {
	st := inputState[T](bn.fc, in, n.InShape)
	st.par = par
	lb, hi := batchOf[T](d)(n, bn, st, ys, opt)
	for s, y := range ys {
		best := 0
		for r := range lb[s] {
			if !(lb[s][r] >= lb[s][best]) {
				best = r
			}
		}
		hw[s] = (hi[s][best] - lb[s][best]) / 2
		o := make([]float64, n.Classes)
		for r, j := range n.marginClasses(y) {
			o[j] = lb[s][r]
			if math.IsNaN(o[j]) {
				o[j] = math.Inf(-1)
			}
		}
		o[y] = math.Inf(1)
		out[s] = o
	}
}

// forChunks splits the samples [0, n) into one contiguous chunk per worker
// (GOMAXPROCS; fewer when there are fewer samples) and calls
// fn(s0, s1, par) for the chunks at the same time, so that every step of
// the bounds (im2col, the interval arithmetic between the products, the
// error-bound epilogues, CROWN's backward rows), not only the matrix
// products, keeps the workers busy. par is how many goroutines fn's matrix
// products may use: 1 when there is a chunk per worker, the workers left
// over otherwise (all of them for a single sample). No sample's result
// depends on its chunk or on par: every step computes a sample's values
// the same way wherever it sits in a batch.
func forChunks(n int, fn func(s0, s1, par int)) {
	workers := runtime.GOMAXPROCS(0)
	w := min(workers, n)
	if w <= 1 {
		fn(0, n, workers)
		return
	}
	par := workers / w
	var wg sync.WaitGroup
	for k := 1; k < w; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(n*k/w, n*(k+1)/w, par)
		}()
	}
	fn(0, n/w, par)
	wg.Wait()
}

// ibpBatch is MethodIBP for a batch: IBP through the hidden layers, then
// each sample's margin rows in float64.
func ibpBatch[T elem](n *Net, bn *bnet[T], st *bstate[T], ys []int, _ CrownOptions) (lb, hi [][]float64) {
	_, last := bn.ibp(st, false)
	return n.marginsOf(last.boxes(), ys)
}

// marginsOf bounds the margin rows of each sample's classifier input box
// from below and above.
func (n *Net) marginsOf(cls []Box, ys []int) (lo, hi [][]float64) {
	lo, hi = make([][]float64, len(cls)), make([][]float64, len(cls))
	for s, b := range cls {
		m := ibpAffine(n.margins[ys[s]], b)
		lo[s], hi[s] = m.L, m.U
	}
	return lo, hi
}

// autoRetry reports whether a float32 result deserves a float64 rerun:
// not certified, with its smallest margin bound less than retryShare of
// that margin's IBP half-width hw below 0.
func autoRetry(lb []float64, hw float64) bool {
	minLB := MinMargin(lb)
	return !(minLB > 0) && (minLB > -retryShare()*hw || math.IsNaN(hw) || math.IsInf(minLB, -1))
}

// retryShare is autoRetry's threshold: float32's rounding allowance widens
// a margin's interval by about 1 % where the kernels' blocked sums are
// charged (every re-run that certified, on CNN-7 and two small CNNs, was
// within 0.4 % of the half-width below 0; 3 % keeps a margin), by a few
// per cent with a BLAS's order-agnostic terms (10 %).
func retryShare() float64 {
	if haveKernels() {
		return 0.03
	}
	return 0.1
}

// marginAuto is MarginLowerBatch with Auto precision.
func (n *Net) marginAuto(in []Box, ys []int, d methodDef, opt CrownOptions) ([][]float64, error) {
	out, retry, err := n.marginFirst(in, ys, d, opt)
	if err != nil {
		return nil, err
	}
	var again []int
	for s, r := range retry {
		if r {
			again = append(again, s)
		}
	}
	if len(again) == 0 {
		return out, nil
	}
	if err := n.marginRefine(pick(in, again), pick(ys, again), d, opt, pick(out, again)); err != nil {
		return nil, err
	}
	return out, nil
}

// marginFirst is Auto's float32 pass: the bounds and which samples
// autoRetry repeats.
func (n *Net) marginFirst(in []Box, ys []int, d methodDef, opt CrownOptions) (out [][]float64, retry []bool, err error) {
	b32, err := n.b32.get(n)
	if err != nil {
		return nil, nil, err
	}
	out, hw := marginBatch(n, b32, in, ys, d, opt)
	retry = make([]bool, len(out))
	for s, lb := range out {
		retry[s] = autoRetry(lb, hw[s])
	}
	return out, retry, nil
}

// marginRefine is Auto's float64 re-run: each of out (the float32 bounds
// of the samples in) becomes the larger of it and the float64 bound, in
// place.
func (n *Net) marginRefine(in []Box, ys []int, d methodDef, opt CrownOptions, out [][]float64) error {
	if len(in) == 0 {
		return nil
	}
	b64, err := n.b64.get(n)
	if err != nil {
		return err
	}
	lb64, _ := marginBatch(n, b64, in, ys, d, opt)
	for k, lb := range lb64 {
		maxInto(out[k], lb)
	}
	return nil
}
