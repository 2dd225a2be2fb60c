package bound

import (
	"math"

	"gonum.org/v1/gonum/blas"
)

// bstate is a batch of boxes in centre-radius form, laid out
// [sample][position][channel]: every real point x with |x - c| <= r
// elementwise is inside. bad marks samples that met Inf or NaN.
type bstate[T elem] struct {
	c, r  []T
	shape [3]int
	batch int
	bad   []bool
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
// entering each layer (states[i] enters layer i) and the final one.
func (bn *bnet[T]) ibp(st *bstate[T], keep bool) ([]*bstate[T], *bstate[T]) {
	var states []*bstate[T]
	for _, l := range bn.layers {
		if keep {
			states = append(states, st)
		}
		st = bn.step(l, st)
	}
	return states, st
}

func (bn *bnet[T]) step(l any, st *bstate[T]) *bstate[T] {
	switch l := l.(type) {
	case brelu:
		return reluState(st)
	case *bchan:
		return chanState(bn.fc, l, st)
	case *bconv[T]:
		return l.forward(bn.fc, st)
	}
	panic("bound: unknown batched layer") // unreachable: newBNet builds only these
}

// reluState applies ReLU to centre-radius boxes: a box inside [0, inf)
// stays, one inside (-inf, 0] becomes 0, and an unstable one [c-r, c+r]
// becomes [0, u] with u >= c + r rounded up.
func reluState[T elem](st *bstate[T]) *bstate[T] {
	fc := constOf[T]()
	out := &bstate[T]{c: make([]T, len(st.c)), r: make([]T, len(st.r)), shape: st.shape, batch: st.batch, bad: st.bad}
	for i, c := range st.c {
		r := st.r[i]
		switch {
		case c >= r:
			out.c[i], out.r[i] = c, r
		case c <= -r:
		default:
			u := rup[T](fc, float64(c)+float64(r))
			h := u / 2
			out.c[i], out.r[i] = h, h
			if h+h != u {
				out.r[i] = u
			}
		}
	}
	return out
}

// chanState applies a standalone batch norm y = s x + t in float64 and
// charges |s* - s| <= dw |s|, |t* - t| <= tErr, the two roundings of
// s c + t and the conversion to T.
func chanState[T elem](fc fmtConst, l *bchan, st *bstate[T]) *bstate[T] {
	out := &bstate[T]{c: make([]T, len(st.c)), r: make([]T, len(st.r)), shape: st.shape, batch: st.batch, bad: append([]bool(nil), st.bad...)}
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
// radius |W| r as matrix products in T, then adds to the radius an
// a-priori bound on every rounding (docs/certificates.md):
//
//	(1+dwT)/(1-gF) (|W| r computed + kk eta) + (gF + dwT) B + kk eta (1 + 2M)
//	+ bErr + (u_T + 2u) |v| + eta,
//
// where B >= |W||c| per output channel and sample is built from the
// per-channel maxima of |c|, M >= max (|c| + r), and v = W c + b.
func (l *bconv[T]) forward(fc fmtConst, st *bstate[T]) *bstate[T] {
	batch := st.batch
	howo := l.ho * l.wo
	rows := batch * howo
	yc, yr := make([]T, rows*l.cout), make([]T, rows*l.cout)
	if l.dense() {
		gemm(blas.NoTrans, blas.NoTrans, batch, l.cout, l.kk, st.c, l.kk, l.wT, l.cout, yc, l.cout)
		gemm(blas.NoTrans, blas.NoTrans, batch, l.cout, l.kk, st.r, l.kk, l.wAbsT, l.cout, yr, l.cout)
	} else {
		nb := l.chunk(batch)
		col := make([]T, nb*howo*l.kk)
		for s0 := 0; s0 < batch; s0 += nb {
			k := min(nb, batch-s0)
			n := k * howo
			l.im2col(col, st.c, s0, k)
			gemm(blas.NoTrans, blas.NoTrans, n, l.cout, l.kk, col[:n*l.kk], l.kk, l.wT, l.cout, yc[s0*howo*l.cout:], l.cout)
			l.im2col(col, st.r, s0, k)
			gemm(blas.NoTrans, blas.NoTrans, n, l.cout, l.kk, col[:n*l.kk], l.kk, l.wAbsT, l.cout, yr[s0*howo*l.cout:], l.cout)
		}
	}
	// per sample and output channel: the error term that does not depend
	// on the position
	mc, mr := chanMax(st)
	bnd := make([]float64, batch*l.cout)
	blas64i().Dgemm(blas.NoTrans, blas.Trans, batch, l.cout, l.cin, 1, mc, l.cin, l.wsum, l.cin, 0, bnd, l.cout)
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
	e := make([]float64, batch*l.cout)
	for s := 0; s < batch; s++ {
		for o := 0; o < l.cout; o++ {
			// 2 rowAbs eta: inputs below eta read as zero (denormals-are-zero)
			e[s*l.cout+o] = ((l.gF+l.dwT)*bnd[s*l.cout+o]*slB + kEta*(l.f1+1+2*bm[s]*(1+4*unit)) + (1+2*l.f1*l.rowAbs[o])*fc.eta + l.bErr[o]) * slack64(10)
		}
	}
	uu := fc.u + 2*unit
	sl := slack64(4)
	out := &bstate[T]{c: yc, r: yr, shape: [3]int{l.cout, l.ho, l.wo}, batch: batch, bad: append([]bool(nil), st.bad...)}
	for s := 0; s < batch; s++ {
		es := e[s*l.cout : (s+1)*l.cout]
		bad := false
		for p := 0; p < howo; p++ {
			base := (s*howo + p) * l.cout
			cs, rs := yc[base:base+l.cout], yr[base:base+l.cout]
			for o, y := range cs {
				v := float64(y) + l.b[o]
				rad := (l.f1*float64(rs[o]) + es[o] + uu*math.Abs(v)) * sl
				cv, rv := T(v), rup[T](fc, rad)
				cs[o], rs[o] = cv, rv
				if !(rad <= math.MaxFloat64) || math.IsInf(float64(cv), 0) || math.IsInf(float64(rv), 0) || v != v {
					bad = true
				}
			}
		}
		if bad {
			out.bad[s] = true
		}
	}
	return out
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
