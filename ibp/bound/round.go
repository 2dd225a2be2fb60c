// Package bound evaluates a model in float64 and computes sound bounds on
// its classification margins over an l-infinity input box: interval bound
// propagation (IBP) and CROWN (backward linear relaxation). It also runs a
// PGD attack with hand-written gradients.
//
// Soundness in floating point: every bound is valid for the real-arithmetic
// network whose parameters are exactly the values stored in the model file.
// Each layer widens its computed bounds by a proven bound on the rounding
// error of that layer (see docs/certificates.md, "Soundness"), and scalar
// steps use directed rounding (math.Nextafter).
package bound

import "math"

// unit is the unit roundoff of float64 (round to nearest).
const unit = 0x1p-53

// tiny is the smallest positive subnormal float64; an underflowing
// product or quotient is off by at most half of it.
const tiny = 0x1p-1074

// up returns the next float64 above x: for any real r with x = fl(r),
// up(x) >= r.
func up(x float64) float64 { return math.Nextafter(x, math.Inf(1)) }

// down returns the next float64 below x: for any real r with x = fl(r),
// down(x) <= r.
func down(x float64) float64 { return math.Nextafter(x, math.Inf(-1)) }

// relErr is twice the classic bound gamma_n = n*u/(1-n*u) on the relative
// error of a sum of n rounded products (any order, FMA or not), plus the
// relative perturbation dw of the weights. The factor 2 covers gamma's
// denominator and the rounding of the error terms themselves.
func relErr(n int, dw float64) float64 {
	return 2 * (float64(n+2)*unit + dw)
}

// absErr bounds the absolute error that underflow can add to a sum of n
// rounded products (half a subnormal per product), with the same slack.
func absErr(n int) float64 { return float64(4*(n+2)) * tiny }

// maxAbs is max(|l|, |u|).
func maxAbs(l, u float64) float64 { return math.Max(math.Abs(l), math.Abs(u)) }

// radius returns r >= max(u - c, c - l) exactly, for l <= c <= u. A zero
// difference is exact (x - y == 0 only when x == y), so it stays 0 rather
// than becoming a subnormal, which would slow every later product down.
func radius(l, c, u float64) float64 {
	r := 0.0
	if d := float64(u - c); d != 0 {
		r = up(d)
	}
	if d := float64(c - l); d != 0 {
		r = math.Max(r, up(d))
	}
	return r
}
