package configsel

import (
	"math"
	"slices"

	"github.com/verify-tools/verify/internal/lit"
	"github.com/verify-tools/verify/sat"
)

// FeatureNames name the entries of a feature vector, in order. They are
// cheap graph statistics of the clause–variable graph, computed in one
// pass over the clauses (and one over the variables), in the spirit of
// kissat-pred's 15 features: size, clause lengths, signs, degree spread
// and how much of the formula encodes XOR constraints.
var FeatureNames = []string{
	"log_vars",       // log10(variables + 1)
	"log_clauses",    // log10(clauses + 1)
	"log_density",    // log10(clauses / variables)
	"mean_length",    // literals per clause
	"binary",         // share of clauses of length 2
	"ternary",        // share of clauses of length 3
	"long",           // share of clauses of length ≥ 5
	"modal_length",   // share of clauses of the most common length
	"horn",           // share of clauses with at most one positive literal
	"positive",       // share of positive literals
	"degree_cv",      // coefficient of variation of variable occurrences
	"log_degree_max", // log10(largest occurrence count / mean)
	"sign_balance",   // mean over variables of |pos − neg| / (pos + neg)
	"xor",            // share of clauses in a complete XOR group (length 2–6)
	"unused",         // share of variables 1..n that occur nowhere
}

// NumFeatures is len(FeatureNames).
const NumFeatures = 15

// maxXorGroups bounds the memory of the XOR detection: clauses of a
// variable set first met after this many sets are not counted (on huge
// formulas the share is then a lower bound).
const maxXorGroups = 1 << 21

// maxXorLength bounds the clause length of the XOR detection: a complete
// XOR over k variables is 2^(k−1) clauses.
const maxXorLength = 6

// Features computes the feature vector of f (FeatureNames). An empty
// formula gives zeros where a share is undefined.
func Features(f *sat.CNF) []float64 {
	x := make([]float64, NumFeatures)
	n, m := f.NumVars, f.NumClauses()
	x[0] = math.Log10(float64(n) + 1)
	x[1] = math.Log10(float64(m) + 1)
	if n > 0 && m > 0 {
		x[2] = math.Log10(float64(m) / float64(n))
	}
	if m == 0 {
		return x
	}
	pos := make([]int32, n+1)
	neg := make([]int32, n+1)
	byLen := map[int]int{}
	var lits, positive, binary, ternary, long, horn int
	xors := newXorCounter()
	for i := range m {
		c := f.Clause(i)
		byLen[len(c)]++
		lits += len(c)
		p := 0
		for _, l := range c {
			if l > 0 {
				p++
				pos[lit.Var(l)]++
			} else {
				neg[lit.Var(l)]++
			}
		}
		positive += p
		switch {
		case len(c) == 2:
			binary++
		case len(c) == 3:
			ternary++
		case len(c) >= 5:
			long++
		}
		if p <= 1 {
			horn++
		}
		xors.add(c)
	}
	fm := float64(m)
	x[3] = float64(lits) / fm
	x[4] = float64(binary) / fm
	x[5] = float64(ternary) / fm
	x[6] = float64(long) / fm
	modal := 0
	for _, k := range byLen {
		modal = max(modal, k)
	}
	x[7] = float64(modal) / fm
	x[8] = float64(horn) / fm
	if lits > 0 {
		x[9] = float64(positive) / float64(lits)
	}
	x[10], x[11], x[12], x[14] = degreeStats(pos, neg)
	x[13] = float64(xors.complete()) / fm
	return x
}

// degreeStats returns the occurrence counts' coefficient of variation,
// log10 of max/mean, the mean sign balance (over variables that occur)
// and the share of variables that occur nowhere.
func degreeStats(pos, neg []int32) (cv, logMax, balance, unused float64) {
	var sum, sq, top float64
	occurring := 0
	for v := 1; v < len(pos); v++ {
		d := float64(pos[v] + neg[v])
		if d == 0 {
			continue
		}
		occurring++
		sum += d
		sq += d * d
		top = max(top, d)
		balance += math.Abs(float64(pos[v]-neg[v])) / d
	}
	if n := len(pos) - 1; n > 0 {
		unused = float64(n-occurring) / float64(n)
	}
	if occurring == 0 {
		return 0, 0, 0, unused
	}
	k := float64(occurring)
	mean := sum / k
	cv = math.Sqrt(max(sq/k-mean*mean, 0)) / mean
	return cv, math.Log10(top / mean), balance / k, unused
}

// xorCounter groups short clauses by their variable set and the parity
// of their negations: a set of k variables with all 2^(k−1) clauses of
// one parity is a complete XOR constraint.
type xorCounter struct {
	groups map[uint64]*[2]int32
	vars   []int32
	sizes  map[uint64]int
}

func newXorCounter() *xorCounter {
	return &xorCounter{groups: map[uint64]*[2]int32{}, sizes: map[uint64]int{}}
}

func (x *xorCounter) add(c []int32) {
	if len(c) < 2 || len(c) > maxXorLength {
		return
	}
	x.vars = x.vars[:0]
	parity := 0
	for _, l := range c {
		x.vars = append(x.vars, lit.Var(l))
		if l < 0 {
			parity ^= 1
		}
	}
	slices.Sort(x.vars)
	// FNV-1a over the sorted variables: a collision merges two groups,
	// which can only make the share of complete groups smaller.
	h := uint64(14695981039346656037)
	for _, v := range x.vars {
		h ^= uint64(v)
		h *= 1099511628211
	}
	g := x.groups[h]
	if g == nil {
		if len(x.groups) >= maxXorGroups {
			return
		}
		g = &[2]int32{}
		x.groups[h] = g
		x.sizes[h] = len(c)
	}
	g[parity]++
}

// complete counts the clauses in complete XOR groups.
func (x *xorCounter) complete() int {
	total := 0
	for h, g := range x.groups {
		want := int32(1) << (x.sizes[h] - 1)
		for _, n := range g {
			if n == want {
				total += int(n)
			}
		}
	}
	return total
}
