package bound

// channelAffine is y = s_c x + t_c per channel c over planes of size hw: a
// batch norm layer that does not follow a linear or conv layer.
type channelAffine struct {
	c, hw int
	s, t  []float64 // per channel
	tFull []float64 // per element
	errModel
}

func newChannelAffine(c, hw int, s, t, tErr []float64, dw float64) *channelAffine {
	a := &channelAffine{c: c, hw: hw, s: s, t: t}
	a.tFull = make([]float64, c*hw)
	a.biasErrV = make([]float64, c*hw)
	a.rowAbsV = make([]float64, c*hw)
	for ch := 0; ch < c; ch++ {
		for j := ch * hw; j < (ch+1)*hw; j++ {
			a.tFull[j] = t[ch]
			a.biasErrV[j] = tErr[ch]
			if s[ch] < 0 {
				a.rowAbsV[j] = -s[ch]
			} else {
				a.rowAbsV[j] = s[ch]
			}
		}
	}
	a.n = 2
	a.dw = dw
	a.rel = relErr(a.n, dw)
	return a
}

func (a *channelAffine) inSize() int     { return a.c * a.hw }
func (a *channelAffine) outSize() int    { return a.c * a.hw }
func (a *channelAffine) bias() []float64 { return a.tFull }
func (a *channelAffine) macs() int       { return a.c * a.hw }

func (a *channelAffine) forward(dst, src []float64) {
	for j := range dst {
		dst[j] = a.s[j/a.hw]*src[j] + a.tFull[j]
	}
}

func (a *channelAffine) forwardAbs(dst, src []float64) {
	for j := range dst {
		dst[j] = a.rowAbsV[j] * src[j]
	}
}

func (a *channelAffine) backward(dst, m_ []float64, m int) {
	n := a.c * a.hw
	for r := 0; r < m; r++ {
		for j := 0; j < n; j++ {
			dst[r*n+j] = m_[r*n+j] * a.s[j/a.hw]
		}
	}
}
