package bound

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/blas"
)

// bstate is a batch of boxes in centre-radius form, laid out
// [sample][position][channel]: every real point x with |x - c| <= r
// elementwise is inside. bad marks samples that met Inf or NaN. par is how
// many goroutines the matrix products on the batch may use (forChunks);
// mc and mr, when not nil, are chanMax of the state, computed by the step
// that made it (a state with them must not be changed in place). narrow
// marks a batch of points, whose radii are only rounding allowances: a
// conv or linear layer then bounds |W| r by the radii's per-channel maxima
// (sound for any radii; looser than the product where radii vary within a
// channel: 3.2× the margin width at a point of a trained CNN-7) instead of
// computing a second product.
type bstate[T elem] struct {
	c, r   []T
	shape  [3]int
	batch  int
	bad    []bool
	par    int
	mc, mr []float64
	narrow bool
	// t, when not nil, is the next layer's radius-product right-hand side
	// (radiusInput), computed by the step that made the state while each
	// sample's output was still in cache.
	t []T
}

// bufs is a free list of buffers of states that an IBP pass no longer
// needs, reused for the next layers' outputs.
type bufs[T elem] struct{ free [][]T }

// get returns a buffer of length n (contents undefined).
func (b *bufs[T]) get(n int) []T {
	if b != nil {
		for i, v := range b.free {
			if cap(v) >= n {
				b.free[i] = b.free[len(b.free)-1]
				b.free = b.free[:len(b.free)-1]
				return v[:n]
			}
		}
	}
	return make([]T, n)
}

// put hands buffers back for reuse.
func (b *bufs[T]) put(v ...[]T) {
	if b != nil {
		b.free = append(b.free, v...)
	}
}

// bufPool keeps the free lists of finished IBP passes for the next ones
// (passes run at the same time, one free list each): allocating and
// clearing fresh buffers took 8 % of certify's CPU time on the small CNN,
// 2 % on CNN-7.
type bufPool[T elem] struct {
	mu   sync.Mutex
	free []*bufs[T]
}

// take returns a free list, empty when the pool has none.
func (p *bufPool[T]) take() *bufs[T] {
	if p == nil {
		return &bufs[T]{}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		b := p.free[n-1]
		p.free = p.free[:n-1]
		return b
	}
	return &bufs[T]{}
}

// give hands a pass's free list back.
func (p *bufPool[T]) give(b *bufs[T]) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.free = append(p.free, b)
}

// rup returns a T >= x.
func rup[T elem](fc fmtConst, x float64) T { return T(x*fc.upMul + fc.upAdd) }

// inputState turns float64 boxes (one per sample, CHW) into a batch.
func inputState[T elem](fc fmtConst, boxes []Box, shape [3]int) *bstate[T] {
	b := len(boxes)
	hw := shape[1] * shape[2]
	n := shape[0] * hw
	st := &bstate[T]{c: make([]T, n*b), r: make([]T, n*b), shape: shape, batch: b, bad: make([]bool, b)}
	sl := 1 + 4*unit
	for s, bx := range boxes {
		for j := 0; j < n; j++ {
			l, u := bx.L[j], bx.U[j]
			c := T(l/2 + u/2)
			d := math.Max(u-float64(c), float64(c)-l)
			r := rup[T](fc, d*sl)
			if !(d <= math.MaxFloat64) || math.IsInf(float64(c), 0) || math.IsNaN(float64(c)) {
				st.bad[s] = true
			}
			idx := s*n + j%hw*shape[0] + j/hw
			st.c[idx], st.r[idx] = c, r
		}
	}
	return st
}

// ibp propagates the batch through every layer of bn and returns the state
// entering each layer (states[i] enters layer i) and the final one. With
// keep false, a conv or linear layer and the ReLU after it run as one step
// (which also computes the next conv or linear layer's radius input, when
// that layer needs one) and the buffers of spent intermediate states are
// reused (st itself is left alone).
func (bn *bnet[T]) ibp(st *bstate[T], keep bool) ([]*bstate[T], *bstate[T]) {
	var states []*bstate[T]
	var free *bufs[T]
	if !keep {
		free = bn.spare.take()
		defer bn.spare.give(free)
	}
	in := st
	for i := 0; i < len(bn.layers); i++ {
		if keep {
			states = append(states, st)
			st = bn.step(bn.layers[i], st, nil)
			continue
		}
		var next *bstate[T]
		if l, ok := bn.layers[i].(*bconv[T]); ok && i+1 < len(bn.layers) && isReLU(bn.layers[i+1]) {
			var then *bconv[T]
			if i+2 < len(bn.layers) {
				then, _ = bn.layers[i+2].(*bconv[T])
			}
			next = l.forwardThen(bn.fc, st, true, free, then)
			i++
		} else {
			next = bn.step(bn.layers[i], st, free)
		}
		if st != in {
			free.put(st.c, st.r)
			if st.t != nil {
				free.put(st.t)
			}
		}
		st = next
	}
	return states, st
}

func isReLU(l any) bool {
	_, ok := l.(brelu)
	return ok
}

// step applies one layer, taking the output's buffers from free.
func (bn *bnet[T]) step(l any, st *bstate[T], free *bufs[T]) *bstate[T] {
	switch l := l.(type) {
	case brelu:
		return reluState(st, free)
	case *bchan:
		return chanState(bn.fc, l, st, free)
	case *bconv[T]:
		return l.forward(bn.fc, st, false, free)
	}
	panic("bound: unknown batched layer") // unreachable: newBNet builds only these
}

// reluState applies ReLU to centre-radius boxes (relu).
func reluState[T elem](st *bstate[T], free *bufs[T]) *bstate[T] {
	out := &bstate[T]{c: free.get(len(st.c)), r: free.get(len(st.r)), shape: st.shape, batch: st.batch, bad: st.bad, par: st.par, narrow: st.narrow}
	fc := constOf[T]()
	for i, c := range st.c {
		out.c[i], out.r[i] = relu(fc, c, st.r[i])
	}
	return out
}

// relu applies ReLU to one centre-radius box: a box inside [0, inf) stays,
// one inside (-inf, 0] becomes 0, and an unstable one [c-r, c+r] becomes
// [0, u] with u >= c + r rounded up.
func relu[T elem](fc fmtConst, c, r T) (T, T) {
	switch {
	case c >= r:
		return c, r
	case c <= -r:
		return 0, 0
	}
	u := rup[T](fc, float64(c)+float64(r))
	h := u / 2
	if h+h != u {
		return h, u
	}
	return h, h
}

// chanState applies a standalone batch norm y = s x + t in float64 and
// charges |s* - s| <= dw |s|, |t* - t| <= tErr, the two roundings of
// s c + t and the conversion to T.
func chanState[T elem](fc fmtConst, l *bchan, st *bstate[T], free *bufs[T]) *bstate[T] {
	out := &bstate[T]{c: free.get(len(st.c)), r: free.get(len(st.r)), shape: st.shape, batch: st.batch, bad: append([]bool(nil), st.bad...), par: st.par, narrow: st.narrow}
	sl := slack64(10)
	n := l.c * l.hw
	for i := range st.c {
		ch := i % l.c
		s, t, te := l.s[ch], l.t[ch], l.tErr[ch]
		as := math.Abs(s)
		{
			c, r := float64(st.c[i]), float64(st.r[i])
			sc := s * c
			v := sc + t
			ac := math.Abs(c)
			rad := (as*r*(1+l.dw) + l.dw*as*ac + te + 3*unit*(math.Abs(sc)+math.Abs(t)) + fc.u*math.Abs(v) + fc.eta) * sl
			if l.depG != 0 {
				rad = up(rad + deployedErr(l.depG, 0, as, up(ac+r), l.depD[ch]))
			}
			cv, rv := T(v), rup[T](fc, rad)
			out.c[i], out.r[i] = cv, rv
			if !(rad <= math.MaxFloat64) || math.IsInf(float64(cv), 0) || math.IsNaN(float64(cv)) || math.IsInf(float64(rv), 0) {
				out.bad[i/n] = true
			}
		}
	}
	return out
}

// chanMax returns, per sample and channel ([sample][channel]), max |c|
// and max r over the positions; NaN propagates.
func chanMax[T elem](st *bstate[T]) (mc, mr []float64) {
	if st.mc != nil {
		return st.mc, st.mr
	}
	ch, b := st.shape[0], st.batch
	hw := st.shape[1] * st.shape[2]
	mc, mr = make([]float64, b*ch), make([]float64, b*ch)
	for s := 0; s < b; s++ {
		a, m := mc[s*ch:(s+1)*ch], mr[s*ch:(s+1)*ch]
		for p := 0; p < hw; p++ {
			base := (s*hw + p) * ch
			for k, v := range st.c[base : base+ch] {
				if c := math.Abs(float64(v)); !(c <= a[k]) {
					a[k] = c
				}
				if r := float64(st.r[base+k]); !(r <= m[k]) {
					m[k] = r
				}
			}
		}
	}
	return mc, mr
}

// forward computes y = W x + b over the batch: the centre W c and the
// radius as matrix products in T, with an a-priori bound on every rounding
// (docs/certificates.md):
//
//	(1+dwT)/(1-gF) (|W| t computed + kk eta) + (gF + dwT) B + kk eta (1 + 2M)
//	+ gD d + bErr + (u_T + 2u) |v| + eta,
//
// where B >= |W||c| per output channel and sample is built from the
// per-channel maxima of |c|, M >= max (|c| + r), v = W c + b, gD is the
// deployed claim's relative factor (0 in the real claim) and the radius
// product's right-hand side t is, per position,
//
//	t = (1 + gD) r + gD |c|   (rounded up; r itself in the real claim),
//
// which carries the deployed error gD |W|(|c| + r) position by position. A
// narrow batch (points) has no B term: its linear layers, and every layer
// in the deployed claim, compute the product with t = (1 + gD) r + (gF +
// dwT + gD) |c|; in the real claim its conv layers skip the product and
// bound |W| r and |W||c| with the per-channel maxima of r and |c| instead.
// Per-channel maxima over a whole image are loose next to the small radii
// of points; a conv net's linear layers are a small share of its products.
// With withReLU it also applies the ReLU that follows (relu) in the same
// pass and records the output's chanMax. The output's buffers come from
// free.
func (l *bconv[T]) forward(fc fmtConst, st *bstate[T], withReLU bool, free *bufs[T]) *bstate[T] {
	return l.forwardThen(fc, st, withReLU, free, nil)
}

// radiusFactors returns t's factors gr and gc (forward) for a batch that is
// narrow or not, whether l computes its radius product |W| t at all (prod)
// and whether it computes it with t (useT; false: with r itself, or with
// no product).
func (l *bconv[T]) radiusFactors(narrow bool) (gr, gc float64, prod, useT bool) {
	prod = !narrow || l.dense()
	gc = l.depG // t's factor of |c|
	if narrow {
		gc = up(up(l.gF+l.dwT) + l.depG)
	}
	return up(1 + l.depG), gc, prod, prod && gc != 0
}

// radiusIn holds the factors of a radius input t = gr r + gc |c| and, for
// the float32 epilogue kernel, its constants (radiusConsts32's, each four
// times), built once per layer and batch.
type radiusIn struct {
	gr, gc float64
	k32    [5][4]float32
}

// newRadiusIn returns the radiusIn of the factors gr and gc.
func newRadiusIn(gr, gc float64) *radiusIn {
	ri := &radiusIn{gr: gr, gc: gc}
	for i, v := range radiusConsts32(gr, gc) {
		ri.k32[i] = [4]float32{v, v, v, v}
	}
	return ri
}

// forwardThen is forward that, with withReLU and a layer then that comes
// next and computes its radius product with t, also computes then's t
// (out.t), sample by sample after the epilogue while the sample's output
// is in cache: the same values then's own radiusInput would compute.
func (l *bconv[T]) forwardThen(fc fmtConst, st *bstate[T], withReLU bool, free *bufs[T], then *bconv[T]) *bstate[T] {
	batch := st.batch
	howo := l.ho * l.wo
	rows := batch * howo
	yc, yr := free.get(rows*l.cout), free.get(rows*l.cout)
	_, gc, prod, useT := l.radiusFactors(st.narrow)
	t := st.r
	if useT {
		if t = st.t; t == nil {
			t = l.radiusInput(fc, st, free, gc)
		}
	}
	if l.dense() {
		gemm(st.par, batch, l.cout, l.kk, st.c, l.kk, l.wT, l.cout, yc, l.cout)
		gemm(st.par, batch, l.cout, l.kk, t, l.kk, l.wAbsT, l.cout, yr, l.cout)
	} else {
		nr := l.patchRows(rows)
		if st.par > 1 { // rows enough for every worker's tiles
			nr = min(rows, max(nr, 6*16*st.par))
		}
		col := free.get(nr * l.kk)
		for r0 := 0; r0 < rows; r0 += nr {
			n := min(nr, rows-r0)
			l.im2col(col, st.c, r0, n)
			gemm(st.par, n, l.cout, l.kk, col[:n*l.kk], l.kk, l.wT, l.cout, yc[r0*l.cout:], l.cout)
			if prod {
				l.im2col(col, t, r0, n)
				gemm(st.par, n, l.cout, l.kk, col[:n*l.kk], l.kk, l.wAbsT, l.cout, yr[r0*l.cout:], l.cout)
			}
		}
		free.put(col)
	}
	if useT {
		free.put(t)
		st.t = nil
	}
	if !prod {
		clear(yr)
	}
	// per sample and output channel: the error term that does not depend
	// on the position
	mc, mr := chanMax(st)
	bm := make([]float64, batch)
	for s := 0; s < batch; s++ {
		for ci := 0; ci < l.cin; ci++ {
			if v := mc[s*l.cin+ci] + mr[s*l.cin+ci]; !(v <= bm[s]) {
				bm[s] = v
			}
		}
	}
	slB := slack64(l.cin)
	kEta := float64(l.kk+1) * fc.eta
	var bnd []float64 // B >= |W||c| from the channel maxima
	bTerm := !(prod && st.narrow)
	gB := l.gF + l.dwT // B's factor
	if !prod {
		gB += l.depG // the deployed error's |W||c| part, without t
	}
	if bTerm {
		bnd = l.wsumTimes(mc, batch)
	}
	e := make([]float64, batch*l.cout)
	for s := 0; s < batch; s++ {
		for o := 0; o < l.cout; o++ {
			b := 0.0
			if bTerm {
				b = gB * bnd[s*l.cout+o] * slB
			}
			// 2 rowAbs eta: inputs below eta read as zero (denormals-are-zero)
			e[s*l.cout+o] = (b + kEta*(l.f1+1+2*bm[s]*(1+4*unit)) + (1+2*l.f1*l.rowAbs[o])*fc.eta + l.bErr[o]) * slack64(10)
		}
	}
	if !prod {
		l.addNarrowRadius(e, mr, batch)
	}
	if l.depG != 0 {
		l.addDeployed(e, batch)
	}
	out := &bstate[T]{c: yc, r: yr, shape: [3]int{l.cout, l.ho, l.wo}, batch: batch, bad: append([]bool(nil), st.bad...), par: st.par, narrow: st.narrow}
	var tIn *radiusIn // then's radius input, when computed here
	if withReLU {
		out.mc, out.mr = make([]float64, batch*l.cout), make([]float64, batch*l.cout)
		if then != nil {
			if gr, gc, _, ok := then.radiusFactors(st.narrow); ok {
				out.t, tIn = free.get(len(yc)), newRadiusIn(gr, gc)
			}
		}
	}
	for s := 0; s < batch; s++ {
		a, b := s*howo*l.cout, (s+1)*howo*l.cout
		var ts []T
		if out.t != nil {
			ts = out.t[a:b]
		}
		if l.epilogue(fc, yc[a:b], yr[a:b], e[s*l.cout:(s+1)*l.cout], withReLU, out, s, ts, tIn) {
			out.bad[s] = true
		}
	}
	return out
}

// radiusInput returns the radius product's right-hand side t (forward),
// per position (1 + gD) r + gc |c| rounded up in T, in a buffer from free;
// NaN stays NaN. t is 0 where c = r = 0 (an inactive ReLU) and otherwise at
// least 2^-124 in float32 (2 eta in float64): subnormal operands slow the
// products down by two orders of magnitude.
func (l *bconv[T]) radiusInput(fc fmtConst, st *bstate[T], free *bufs[T], gc float64) []T {
	t := free.get(len(st.r))
	radiusInputTo(fc, t, st.c, st.r, up(1+l.depG), gc)
	return t
}

// radiusInputTo is radiusInput's loop: t = gr r + gc |c| elementwise,
// rounded up in T (radiusInput says how).
func radiusInputTo[T elem](fc fmtConst, t, c, r []T, gr, gc float64) {
	if c32, ok := any(c).([]float32); ok {
		radiusInput32(any(t).([]float32), c32, any(r).([]float32), gr, gc)
		return
	}
	sl := slack64(3)
	for i, ri := range r {
		ci := c[i]
		x := (gr*float64(ri) + gc*math.Abs(float64(ci))) * sl
		switch {
		case ri == 0 && ci == 0:
			t[i] = 0
		case x < 2*fc.eta:
			t[i] = T(4 * fc.eta)
		default:
			t[i] = rup[T](fc, x)
		}
	}
}

// radiusInput32 is radiusInput's loop in float32 arithmetic: three
// roundings (two products and a sum, fused or not) and the rounding of the
// scaling by 1 + 2^-21 keep the result above the exact value while it is
// at least 2^-125 (below that, underflow's absolute errors are covered by
// returning 2^-124).
func radiusInput32(t, c, r []float32, gr, gc float64) {
	k := radiusConsts32(gr, gc)
	done := radiusInput32Fast(t, c, r, &k)
	radiusInput32Go(t[done:], c[done:], r[done:len(t)], k[0], k[1])
}

// radiusConsts32 returns radiusInput32's constants for the factors gr and
// gc: {g, h, 1 + 2^-21, 2^-125, 2^-124}, g and h rounded up to float32.
func radiusConsts32(gr, gc float64) [5]float32 {
	up32 := func(x float64) float32 {
		v := float32(x)
		if float64(v) < x {
			v = math.Nextafter32(v, float32(math.Inf(1)))
		}
		return v
	}
	return [5]float32{up32(gr), up32(gc), 1 + 0x1p-21, 0x1p-125, 0x1p-124}
}

// radiusInput32Go is radiusInput32's loop in Go, with g and h in float32
// (the explicit conversions keep the compiler from fusing a product and
// the sum, as the AVX loop does not either).
func radiusInput32Go(t, c, r []float32, g, h float32) {
	const k, lim, floor = 1 + 0x1p-21, 0x1p-125, 0x1p-124
	for i, ri := range r {
		ci := c[i]
		if ci < 0 {
			ci = -ci
		}
		x := (float32(g*ri) + float32(h*ci)) * k
		switch {
		case ri == 0 && ci == 0:
			t[i] = 0
		case x < lim:
			t[i] = floor
		default:
			t[i] = x
		}
	}
}

// wsumTimes returns, per sample and output channel ([sample][channel]),
// Σ_ci wsum[o][ci] m[ci] for per-input-channel values m ([sample][channel]),
// computed in float64 (callers scale it by slack64(cin) for its rounding).
func (l *bconv[T]) wsumTimes(m []float64, batch int) []float64 {
	out := make([]float64, batch*l.cout)
	blas64i().Dgemm(blas.NoTrans, blas.Trans, batch, l.cout, l.cin, 1, m, l.cin, l.wsum, l.cin, 0, out, l.cout)
	return out
}

// addNarrowRadius adds to the radius terms e ([sample][channel]) of a
// narrow batch, whose product |W| r was not computed, the bound f1 (1 +
// gD) Σ_ci wsum[o][ci] mr[ci] on it: at every position |W| r <= Σ_ci (Σ
// over the channel's kernel |wt|) max r_ci, f1 covers the weights' own
// error as it does for a computed product, and 1 + gD the deployed error's
// |W| r part (1 in the real claim).
func (l *bconv[T]) addNarrowRadius(e, mr []float64, batch int) {
	bnd := l.wsumTimes(mr, batch)
	sl := slack64(l.cin)
	f := up(l.f1 * up(1+l.depG))
	for i, v := range bnd {
		d := up(f * up(v*sl))
		if math.IsNaN(d) {
			d = math.Inf(1)
		}
		e[i] = up(e[i] + d)
	}
}

// addDeployed adds to the radius terms e ([sample][channel]) the deployed
// claim's evaluation error (docs/certificates.md) that the radius product
// does not carry: per sample and output channel g d_o plus underflow.
func (l *bconv[T]) addDeployed(e []float64, batch int) {
	d := make([]float64, l.cout) // the same for every sample
	for o := range d {
		d[o] = up(float64(l.depG*l.depD[o])) + deployedAbs(l.depFan, l.rowAbs[o])
		if math.IsNaN(d[o]) {
			d[o] = math.Inf(1)
		}
	}
	for s := 0; s < batch; s++ {
		for o, v := range d {
			e[s*l.cout+o] = up(e[s*l.cout+o] + v)
		}
	}
}

// epilogue finishes one sample's output (all positions of cs and rs, the
// products W c and |W| r): it adds the bias to the centre and the error
// bound es to the radius, applies ReLU with withReLU and then records the
// sample's chanMax in out.mc and out.mr; with ts not nil it also computes
// the next layer's radius input there (radiusInputTo with tIn's factors).
// It reports whether a value is not finite in T.
func (l *bconv[T]) epilogue(fc fmtConst, cs, rs []T, es []float64, withReLU bool, out *bstate[T], s int, ts []T, tIn *radiusIn) bool {
	uu := fc.u + 2*unit
	sl := slack64(4)
	var mc, mr []float64
	if withReLU {
		mc, mr = out.mc[s*l.cout:(s+1)*l.cout], out.mr[s*l.cout:(s+1)*l.cout]
		if c32, ok := any(cs).([]float32); ok {
			k := [5]float64{l.f1, uu, sl, fc.upMul, fc.upAdd}
			var t32 []float32
			var kt *[5][4]float32
			if ts != nil {
				t32, kt = any(ts).([]float32), &tIn.k32
			}
			if bad, ok := fusedEpilogue32(l.cout, c32, any(rs).([]float32), l.b, es, mc, mr, &k, t32, kt); ok {
				return bad
			}
		}
	}
	bad := l.epilogueLoop(fc, cs, rs, es, withReLU, mc, mr)
	if ts != nil {
		radiusInputTo(fc, ts, cs, rs, tIn.gr, tIn.gc)
	}
	return bad
}

// epilogueLoop is epilogue in Go, with mc and mr the sample's channel
// maxima (nil without ReLU).
func (l *bconv[T]) epilogueLoop(fc fmtConst, cs, rs []T, es []float64, withReLU bool, mc, mr []float64) bool {
	uu := fc.u + 2*unit
	sl := slack64(4)
	bad := false
	for p := 0; p < len(cs); p += l.cout {
		c, r := cs[p:p+l.cout], rs[p:p+l.cout]
		for o, y := range c {
			v := float64(y) + l.b[o]
			rad := (l.f1*float64(r[o]) + es[o] + uu*math.Abs(v)) * sl
			cv, rv := T(v), rup[T](fc, rad)
			// also catches rad or v NaN or Inf, and overflow in T
			if !(math.Abs(float64(cv)) <= fc.max) || !(float64(rv) <= fc.max) {
				bad = true
			}
			if withReLU {
				cv, rv = relu(fc, cv, rv)
				if a := math.Abs(float64(cv)); !(a <= mc[o]) {
					mc[o] = a
				}
				if a := float64(rv); !(a <= mr[o]) {
					mr[o] = a
				}
			}
			c[o], r[o] = cv, rv
		}
	}
	return bad
}

// boxes turns a batch into float64 boxes, one per sample (CHW); a bad
// sample gets the whole line.
func (st *bstate[T]) boxes() []Box {
	hw := st.shape[1] * st.shape[2]
	n := st.shape[0] * hw
	out := make([]Box, st.batch)
	for s := range out {
		b := Box{L: make([]float64, n), U: make([]float64, n)}
		for j := 0; j < n; j++ {
			idx := s*n + j%hw*st.shape[0] + j/hw
			c, r := float64(st.c[idx]), float64(st.r[idx])
			b.L[j], b.U[j] = down(c-r), up(c+r)
			if st.bad[s] || math.IsNaN(b.L[j]) || math.IsNaN(b.U[j]) {
				b.L[j], b.U[j] = math.Inf(-1), math.Inf(1)
			}
		}
		out[s] = b
	}
	return out
}
