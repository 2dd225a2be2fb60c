package gen

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/verify-tools/verify/sat"
)

func arxFamily() Family {
	return Family{
		Name: "arx",
		Doc:  "preimage of reduced-round ChaCha quarter-rounds with feed-forward (out = QR^rounds(in) + in) on w-bit words: output known, all but free input bits known (SAT)",
		Params: []Param{
			{Name: "w", Default: 16, Min: 4, Max: 32, Doc: "word width"},
			{Name: "rounds", Default: 2, Min: 1, Max: 20, Doc: "quarter-rounds applied"},
			{Name: "free", Default: 24, Min: 1, Max: 128, Doc: "unknown input bits (more: harder)"},
		},
		Answer: func(Params) string { return "sat" },
		gen:    genARX,
	}
}

// chachaRot are ChaCha's rotation amounts for 32-bit words; narrower
// words scale them.
var chachaRot = [4]int{16, 12, 8, 7}

func arxRot(w, i int) int {
	if k := chachaRot[i] * w / 32; k > 0 {
		return k
	}
	return 1
}

// quarterRound applies one ChaCha quarter-round to concrete w-bit words.
func quarterRound(s [4]uint64, w int) [4]uint64 {
	mask := uint64(1)<<w - 1
	rotl := func(x uint64, k int) uint64 { return (x<<k | x>>(w-k)) & mask }
	a, b, c, d := s[0], s[1], s[2], s[3]
	a = (a + b) & mask
	d = rotl(d^a, arxRot(w, 0))
	c = (c + d) & mask
	b = rotl(b^c, arxRot(w, 1))
	a = (a + b) & mask
	d = rotl(d^a, arxRot(w, 2))
	c = (c + d) & mask
	b = rotl(b^c, arxRot(w, 3))
	return [4]uint64{a, b, c, d}
}

// quarterRoundCircuit is quarterRound on words of variables.
func quarterRoundCircuit(c *Circuit, s [4][]int32) [4][]int32 {
	a, b, x, d := s[0], s[1], s[2], s[3]
	w := len(a)
	a = c.Add(a, b)
	d = Rotl(c.XorWords(d, a), arxRot(w, 0))
	x = c.Add(x, d)
	b = Rotl(c.XorWords(b, x), arxRot(w, 1))
	a = c.Add(a, b)
	d = Rotl(c.XorWords(d, a), arxRot(w, 2))
	x = c.Add(x, d)
	b = Rotl(c.XorWords(b, x), arxRot(w, 3))
	return [4][]int32{a, b, x, d}
}

func genARX(_ context.Context, r *rand.Rand, p Params) (*sat.CNF, []Value, error) {
	w, rounds, free := p["w"], p["rounds"], p["free"]
	if free > 4*w {
		return nil, nil, fmt.Errorf("free=%d exceeds the %d input bits", free, 4*w)
	}
	var in [4]uint64
	for i := range in {
		in[i] = r.Uint64N(uint64(1) << w)
	}
	out := in
	c := NewCircuit()
	var vars [4][]int32
	for i := range vars {
		vars[i] = c.Inputs(w)
	}
	state := vars
	for range rounds {
		out = quarterRound(out, w)
		state = quarterRoundCircuit(c, state)
	}
	// Feed-forward, as in ChaCha: without it the rounds invert by unit
	// propagation from the output.
	mask := uint64(1)<<w - 1
	for i := range state {
		c.AssertValue(c.Add(state[i], vars[i]), (out[i]+in[i])&mask)
	}
	known := r.Perm(4 * w)[free:]
	for _, k := range known {
		word, bit := k/w, k%w
		v := vars[word][bit]
		if in[word]>>bit&1 == 0 {
			v = -v
		}
		c.Assert(v)
	}
	return c.F, []Value{{"input", fmt.Sprintf("%x %x %x %x", in[0], in[1], in[2], in[3])}}, nil
}
