package bound

// Normalize maps pixels in [0,1] (CHW) to the network input (x-mean)/std.
func (n *Net) Normalize(x []float64) []float64 {
	out := make([]float64, len(x))
	hw := n.InShape[1] * n.InShape[2]
	for j, v := range x {
		c := j / hw
		out[j] = (v - n.Mean[c]) / n.Std[c]
	}
	return out
}

// Logits evaluates the network on pixels x (CHW, values in [0,1]) in
// float64 arithmetic. It is not a rigorous computation; certified claims
// use the bounds instead.
func (n *Net) Logits(x []float64) []float64 {
	h, _ := n.forwardTrace(n.Normalize(x), false)
	out := make([]float64, n.last.out)
	n.last.forward(out, h)
	return out
}

// Predict returns the arg max of the logits (the first on ties).
func (n *Net) Predict(x []float64) int {
	return argmax(n.Logits(x))
}

func argmax(v []float64) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}

// forwardTrace runs the hidden layers on a normalised input and returns the
// classifier's input; with masks it also returns, per ReLU layer (in
// order), which inputs were positive.
func (n *Net) forwardTrace(x []float64, masks bool) ([]float64, [][]bool) {
	var ms [][]bool
	cur := x
	for _, l := range n.hidden {
		switch l := l.(type) {
		case reluLayer:
			next := make([]float64, len(cur))
			var m []bool
			if masks {
				m = make([]bool, len(cur))
			}
			for j, v := range cur {
				if v > 0 {
					next[j] = v
					if masks {
						m[j] = true
					}
				}
			}
			if masks {
				ms = append(ms, m)
			}
			cur = next
		case affine:
			next := make([]float64, l.outSize())
			l.forward(next, cur)
			cur = next
		}
	}
	return cur, ms
}

// marginLayer folds the margin specification into the classifier: row r is
// z_y - z_j for the r-th class j != y. Its error model charges the
// classifier's error for both rows (|W_y| + |W_j|) plus one rounding of the
// subtraction.
func (n *Net) marginLayer(y int) *dense {
	last := n.last
	in := last.in
	rows := last.out - 1
	w := make([]float64, rows*in)
	b := make([]float64, rows)
	be := make([]float64, rows)
	ra := make([]float64, rows)
	r := 0
	for j := 0; j < last.out; j++ {
		if j == y {
			continue
		}
		wy, wj := last.w[y*in:(y+1)*in], last.w[j*in:(j+1)*in]
		for k := 0; k < in; k++ {
			w[r*in+k] = wy[k] - wj[k]
		}
		b[r] = last.b[y] - last.b[j]
		by, bj := last.b[y], last.b[j]
		if by < 0 {
			by = -by
		}
		if bj < 0 {
			bj = -bj
		}
		be[r] = up(last.biasErrV[y] + last.biasErrV[j] + float64(4*unit*(by+bj)))
		ra[r] = up(last.rowAbsV[y] + last.rowAbsV[j])
		r++
	}
	d := newDense(in, rows, w, b, be, n.lastDW+unit)
	d.rowAbsV = ra
	if last.dep.g != 0 {
		// the decision compares the two float32 logits exactly: the margin's
		// deployed error is the sum of theirs
		row, dd := make([]float64, rows), make([]float64, rows)
		for r, j := range n.marginClasses(y) {
			row[r] = ra[r]
			dd[r] = up(last.dep.d[y] + last.dep.d[j])
		}
		d.dep = deployedTerms{g: last.dep.g, fan: last.dep.fan, row: row, d: dd}
		// underflow: deployedErr charges it once with the sum of both rows
		for r := range d.dep.d {
			d.dep.d[r] = up(d.dep.d[r] + deployedAbs(last.dep.fan, 0)/d.dep.g)
		}
	}
	return d
}

// marginClasses lists the classes j != y in the order of marginLayer's rows.
func (n *Net) marginClasses(y int) []int {
	var out []int
	for j := 0; j < n.Classes; j++ {
		if j != y {
			out = append(out, j)
		}
	}
	return out
}
