package bound

import "math"

// Box is an axis-aligned box [L, U].
type Box struct{ L, U []float64 }

// pixelRange returns floats lo <= b/255 <= hi for a pixel byte b.
func pixelRange(b byte) (lo, hi float64) {
	x := float64(b) / 255
	if b == 0 || b == 255 {
		return x, x // exact
	}
	return down(x), up(x)
}

// PixelBox returns, in pixel space, a box that contains every point within
// eps (l-infinity) of the image raw/255 and inside [0,1].
func PixelBox(raw []byte, eps float64) Box {
	b := Box{L: make([]float64, len(raw)), U: make([]float64, len(raw))}
	for j, p := range raw {
		lo, hi := pixelRange(p)
		b.L[j] = math.Max(0, down(float64(lo-eps)))
		b.U[j] = math.Min(1, up(float64(hi+eps)))
	}
	return b
}

// InnerBox returns a box of float64 points that all lie within eps of the
// image raw/255 and inside [0,1]: attacks search it and check accepts
// exactly its points. It can be empty (L > U) for tiny eps.
func InnerBox(raw []byte, eps float64) Box {
	b := Box{L: make([]float64, len(raw)), U: make([]float64, len(raw))}
	for j, p := range raw {
		lo, hi := pixelRange(p)
		b.L[j] = math.Max(0, up(float64(hi-eps)))
		b.U[j] = math.Min(1, down(float64(lo+eps)))
	}
	return b
}

// Contains reports whether every x_j lies in [L_j, U_j].
func (b Box) Contains(x []float64) bool {
	if len(x) != len(b.L) {
		return false
	}
	for j, v := range x {
		if !(v >= b.L[j] && v <= b.U[j]) {
			return false
		}
	}
	return true
}

// normalizeBox maps a pixel-space box to a box that contains its image under
// (x - mean)/std, with directed rounding. In the deployed claim the box
// first grows to every float32 rounding of its points, and the result by
// the float32 error of the normalisation.
func (n *Net) normalizeBox(p Box) Box {
	hw := n.InShape[1] * n.InShape[2]
	out := Box{L: make([]float64, len(p.L)), U: make([]float64, len(p.L))}
	for j := range p.L {
		out.L[j], out.U[j] = n.normalizePixel(j/hw, p.L[j], p.U[j])
	}
	return out
}

// normalizePixel is normalizeBox for one value of channel c in [l, u].
func (n *Net) normalizePixel(c int, l, u float64) (float64, float64) {
	if n.deployed {
		l, u = deployedPixel(l, u)
	}
	m, s := n.Mean[c], n.Std[c]
	if m == 0 && s == 1 {
		return l, u
	}
	ol := down(float64(down(float64(l-m)) / s))
	ou := up(float64(up(float64(u-m)) / s))
	if n.deployed {
		e := deployedNormErr(maxAbs(l, u), m, s)
		ol, ou = down(ol-e), up(ou+e)
	}
	return ol, ou
}

// inputBoxes returns normalizeBox(PixelBox(raw, eps)) for every image. A
// box's ends depend only on the pixel's byte and channel: they are looked
// up in a table of the 256 bytes of each channel instead of being rounded
// pixel by pixel.
func (n *Net) inputBoxes(raws [][]byte, eps float64) []Box {
	ch, hw := n.InShape[0], n.InShape[1]*n.InShape[2]
	lo, hi := make([]float64, ch*256), make([]float64, ch*256)
	all := everyByte()
	px := PixelBox(all[:], eps)
	for c := 0; c < ch; c++ {
		for b := range all {
			lo[c*256+b], hi[c*256+b] = n.normalizePixel(c, px.L[b], px.U[b])
		}
	}
	out := make([]Box, len(raws))
	for i, raw := range raws {
		bx := Box{L: make([]float64, len(raw)), U: make([]float64, len(raw))}
		for j, b := range raw {
			k := j/hw*256 + int(b)
			bx.L[j], bx.U[j] = lo[k], hi[k]
		}
		out[i] = bx
	}
	return out
}

// everyByte returns the 256 byte values in order: the image whose pixel
// j is j, from which the per-byte tables are built.
func everyByte() [256]byte {
	var all [256]byte
	for b := range all {
		all[b] = byte(b)
	}
	return all
}

// pointBox is the degenerate pixel box of one point.
func pointBox(x []float64) Box {
	return Box{L: append([]float64(nil), x...), U: append([]float64(nil), x...)}
}
