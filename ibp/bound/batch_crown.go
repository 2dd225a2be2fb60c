package bound

import "math"

// crownBatch is MarginLower's CROWN for a batch: IBP through intermediate
// bounds refined as in refinedBoxes (the refinement rows of all samples go
// through one backward pass), plain IBP, and a backward pass of every
// sample's margin rows stacked into one matrix; each bound is the largest
// of the three.
func crownBatch[T elem](n *Net, bn *bnet[T], in *bstate[T], ys []int, opt CrownOptions) (lb, hi [][]float64) {
	batch := in.batch
	states := make([]*bstate[T], len(bn.layers))
	cur := in
	macsBelow := 0
	refined := false
	for i, l := range bn.layers {
		if _, ok := l.(brelu); ok && i > 0 {
			if bn.refine(states[:i], cur, i, macsBelow, opt) {
				refined = true
			}
		}
		switch l := l.(type) {
		case *bconv[T]:
			macsBelow += l.cout * l.ho * l.wo * l.kk
		case *bchan:
			macsBelow += l.c * l.hw
		}
		states[i] = cur
		cur = bn.step(l, cur, nil)
	}
	lb, hi = n.marginsOf(cur.boxes(), ys)
	if refined {
		_, plain := bn.ibp(in, false)
		pl, _ := n.marginsOf(plain.boxes(), ys)
		for s, v := range pl {
			maxInto(lb[s], v)
		}
	}
	// the margin rows of every sample, stacked
	f := len(n.margins[0].b)
	width := n.margins[0].in
	a := make([]T, batch*f*width)
	beta := make([]float64, batch*f)
	rowSample := make([]int, batch*f)
	mLast := boundMax(cur)
	fc := bn.fc
	lsh := bn.shapes[len(bn.shapes)-1]
	lhw := lsh[1] * lsh[2]
	for s, y := range ys {
		ml := n.margins[y]
		e := layerErr(ml, mLast[s])
		for r := 0; r < f; r++ {
			row := s*f + r
			rowSample[row] = s
			for j, v := range ml.w[r*width : (r+1)*width] { // CHW to NHWC
				a[row*width+j%lhw*lsh[0]+j/lhw] = T(v)
			}
			// the rows in T are within u_T |W| + eta of the float64 ones
			conv := (2*fc.u*ml.rowAbsV[r] + float64(width)*fc.eta) * mLast[s] * slack64(4)
			beta[row] = down(down(ml.b[r]-e[r]) - up(conv))
		}
	}
	lo := bn.backLower(states, a, beta, rowSample)
	for s := range ys {
		maxInto(lb[s], lo[s*f:(s+1)*f])
		if cur.bad[s] {
			for r := range lb[s] {
				lb[s][r] = math.Inf(-1)
			}
		}
	}
	return lb, hi
}

// crownIBPBatch is MethodCROWNIBP for a batch: crownBatch with no
// refinement, so every intermediate bound comes from the batched IBP pass
// and the margin rows of all samples go through one back-substitution.
func crownIBPBatch[T elem](n *Net, bn *bnet[T], in *bstate[T], ys []int, _ CrownOptions) (lb, hi [][]float64) {
	return crownBatch(n, bn, in, ys, CrownOptions{})
}

// maxInto raises dst to src where src is larger (a NaN never replaces).
func maxInto(dst, src []float64) {
	for i, v := range src {
		if v > dst[i] {
			dst[i] = v
		}
	}
}

// boundMax returns, per sample, an upper bound on |x| over its box.
func boundMax[T elem](st *bstate[T]) []float64 {
	mc, mr := chanMax(st)
	out := make([]float64, st.batch)
	for k := range mc {
		s := k / st.shape[0]
		if v := (mc[k] + mr[k]) * (1 + 4*unit); !(v <= out[s]) {
			out[s] = v
		}
	}
	for s, bad := range st.bad {
		if bad || math.IsNaN(out[s]) {
			out[s] = math.Inf(1)
		}
	}
	return out
}

// refine tightens, before ReLU layer i, the bounds of each sample's
// unstable neurons with a backward pass to the input (two rows per
// neuron, all samples together), under the limits of opt. It reports
// whether any sample was refined.
func (bn *bnet[T]) refine(states []*bstate[T], cur *bstate[T], i, macsBelow int, opt CrownOptions) bool {
	sh := bn.shapes[i]
	hw := sh[1] * sh[2]
	w := sh[0] * hw
	if w > opt.MaxRefineWidth {
		return false
	}
	batch := cur.batch
	idx := func(s, j int) int { return s*w + j }
	var rowSample, neuron []int
	for s := 0; s < batch; s++ {
		if cur.bad[s] {
			continue
		}
		var unstable []int
		for j := 0; j < w; j++ {
			c, r := cur.c[idx(s, j)], cur.r[idx(s, j)]
			if c < r && c > -r {
				unstable = append(unstable, j)
			}
		}
		k := len(unstable)
		if k == 0 || 2*k*macsBelow > opt.MaxRefineMACs {
			continue
		}
		for _, sign := range []int{1, -1} {
			for _, j := range unstable {
				rowSample = append(rowSample, s)
				neuron = append(neuron, sign*(j+1))
			}
		}
	}
	if len(rowSample) == 0 {
		return false
	}
	m := len(rowSample)
	a := make([]T, m*w)
	for r, nj := range neuron {
		if nj > 0 {
			a[r*w+nj-1] = 1
		} else {
			a[r*w-nj-1] = -1
		}
	}
	lo := bn.backLower(states, a, make([]float64, m), rowSample)
	fc := bn.fc
	cur.mc, cur.mr = nil, nil // changed below
	for r, nj := range neuron {
		s := rowSample[r]
		j := nj - 1
		if nj < 0 {
			j = -nj - 1
		}
		k := idx(s, j)
		c, rad := float64(cur.c[k]), float64(cur.r[k])
		l, u := down(c-rad), up(c+rad)
		if nj > 0 && lo[r] > l {
			l = lo[r]
		}
		if nj < 0 && -lo[r] < u {
			u = -lo[r]
		}
		if !(l <= u) {
			continue // keep the old box rather than an empty one
		}
		nc := T(l/2 + u/2)
		d := math.Max(u-float64(nc), float64(nc)-l) * (1 + 4*unit)
		if nr := rup[T](fc, d); nr < cur.r[k] || (nr == cur.r[k] && nc != cur.c[k]) {
			cur.c[k], cur.r[k] = nc, nr
		}
	}
	return true
}

// backLower returns, for each row a (over the output of the last of the
// first len(states) layers of bn) with its constant beta, a sound lower
// bound of a . h + beta over the input box of the row's sample, where h is
// the output and states[i] the input box of layer i. Rows of one sample
// must be contiguous. It mirrors backLower, with the products in T and the
// error of each one bounded a priori.
func (bn *bnet[T]) backLower(states []*bstate[T], a []T, beta []float64, rowSample []int) []float64 {
	m := len(rowSample)
	fc := bn.fc
	for i := len(states) - 1; i >= 0; i-- {
		st := states[i]
		inSh, outSh := bn.shapes[i], bn.shapes[i+1]
		in, out := inSh[0]*inSh[1]*inSh[2], outSh[0]*outSh[1]*outSh[2]
		switch l := bn.layers[i].(type) {
		case *bconv[T]:
			mIn := boundMax(st)
			howo := l.ho * l.wo
			gOut := gammaOf(out+1, unit)
			rho := make([]float64, l.cout)
			for o := range rho {
				rho[o] = (l.gB + l.dwT) * l.rowAbs[o] * slack64(2)
			}
			for r := 0; r < m; r++ {
				row := a[r*out : (r+1)*out]
				dot, s1, s2, s3, sa := 0.0, 0.0, 0.0, 0.0, 0.0
				for q := 0; q < howo; q++ {
					for o, v := range row[q*l.cout : (q+1)*l.cout] {
						if v == 0 {
							continue
						}
						x := float64(v)
						ax := math.Abs(x)
						p := x * l.b[o]
						dot += p
						s1 += ax * rho[o]
						s2 += ax * l.bErr[o]
						s3 += math.Abs(p)
						sa += ax
					}
				}
				mi := mIn[rowSample[r]]
				// products below eta, weights below eta, and row entries
				// below eta read as zero (denormals-are-zero)
				uf := fc.eta*mi*(float64(in)*(float64(l.nB+1)+sa)+l.absSum) + float64(out)*0x1p-1070
				err := (mi*s1 + s2 + gOut*s3 + uf) * slack64(out+8)
				if math.IsNaN(err) {
					err = math.Inf(1)
				}
				beta[r] = down(down(beta[r]+dot) - up(err))
			}
			a = l.backward(a, m, st.par)
		case *bchan:
			mIn := boundMax(st)
			gOut := gammaOf(out+1, unit)
			next := make([]T, m*in)
			for r := 0; r < m; r++ {
				row := a[r*out : (r+1)*out]
				dot, s2, s3, pe := 0.0, 0.0, 0.0, 0.0
				for j, v := range row {
					if v == 0 {
						continue
					}
					ch := j % l.c
					x := float64(v)
					p := x * l.t[ch]
					dot += p
					s2 += math.Abs(x) * l.tErr[ch]
					s3 += math.Abs(p)
					q := x * l.s[ch]
					next[r*in+j] = T(q)
					pe += math.Abs(q)*(l.dw+2*fc.u) + fc.eta
				}
				err := (pe*mIn[rowSample[r]] + s2 + gOut*s3 + float64(out)*0x1p-1070) * slack64(out+8)
				if math.IsNaN(err) {
					err = math.Inf(1)
				}
				beta[r] = down(down(beta[r]+dot) - up(err))
			}
			a = next
		case brelu:
			gOut := gammaOf(2*out+2, unit)
			var rx reluRelax
			cur := -1
			for r := 0; r < m; r++ {
				if s := rowSample[r]; s != cur {
					cur = s
					rx = newReluRelax(st.sampleBox(s))
				}
				row := a[r*out : (r+1)*out]
				sum, sumAbs, pe := 0.0, 0.0, 0.0
				for j, v := range row {
					if v == 0 {
						continue
					}
					switch {
					case rx.dead[j]:
						row[j] = 0
					case rx.live[j]:
					case v > 0:
						row[j] = v * T(rx.alpha[j])
					default:
						x := float64(v)
						p := x * rx.s[j]
						row[j] = T(p)
						pe += (math.Abs(p)*(fc.u+2*unit) + fc.eta + 0x1p-1070) * rx.m[j]
						bt := x * rx.t[j]
						sum += bt
						sumAbs += math.Abs(bt) + 0x1p-1070
					}
				}
				err := (pe + gOut*sumAbs) * slack64(out+8)
				if math.IsNaN(err) {
					err = math.Inf(1)
				}
				beta[r] = down(down(beta[r]+sum) - up(err))
			}
		}
	}
	// concretise over each sample's input box
	st := states[0]
	sh := bn.shapes[0]
	n := sh[0] * sh[1] * sh[2]
	res := make([]float64, m)
	g := gammaOf(2*n+2, unit)
	for r := 0; r < m; r++ {
		s := rowSample[r]
		row := a[r*n : (r+1)*n]
		dot, ab, mag := 0.0, 0.0, 0.0
		for j, v := range row {
			if v == 0 {
				continue
			}
			k := s*n + j
			x, c, rd := float64(v), float64(st.c[k]), float64(st.r[k])
			ax := math.Abs(x)
			dot += x * c
			ab += ax * rd
			mag += ax * (math.Abs(c) + rd)
		}
		e := up(g*mag*slack64(2)) + float64(2*n)*0x1p-1070
		res[r] = down(down(down(beta[r]+dot)-ab) - e)
		if math.IsNaN(res[r]) || st.bad[s] {
			res[r] = math.Inf(-1)
		}
	}
	return res
}

// sampleBox returns the float64 box of one sample (NHWC).
func (st *bstate[T]) sampleBox(s int) Box {
	n := st.shape[0] * st.shape[1] * st.shape[2]
	b := Box{L: make([]float64, n), U: make([]float64, n)}
	cs, rs := st.c[s*n:(s+1)*n], st.r[s*n:(s+1)*n]
	for j := range cs {
		c, r := float64(cs[j]), float64(rs[j])
		b.L[j], b.U[j] = down(c-r), up(c+r)
		if st.bad[s] || math.IsNaN(b.L[j]) || math.IsNaN(b.U[j]) {
			b.L[j], b.U[j] = math.Inf(-1), math.Inf(1)
		}
	}
	return b
}

// backward returns A W for the m rows of a (m x ho*wo*cout, NHWC): a
// transposed convolution (patch rows, then col2im), or one matrix product
// for a linear layer, on up to par goroutines. The rows are the left
// operand, so their zeros (from inactive ReLUs) are skipped by gonum.
func (l *bconv[T]) backward(a []T, m, par int) []T {
	howo := l.ho * l.wo
	in := l.cin * l.h * l.w
	out := l.cout * howo
	next := make([]T, m*in)
	if l.dense() {
		gemm(par, m, l.kk, l.cout, a, l.cout, l.wK, l.kk, next, l.kk)
		return next
	}
	chunk := l.chunk(m)
	col := make([]T, chunk*howo*l.kk)
	for r0 := 0; r0 < m; r0 += chunk {
		rows := min(chunk, m-r0)
		n := rows * howo
		gemm(par, n, l.kk, l.cout, a[r0*out:(r0+rows)*out], l.cout, l.wK, l.kk, col[:n*l.kk], l.kk)
		l.col2im(next[r0*in:(r0+rows)*in], col[:n*l.kk], rows)
	}
	return next
}
