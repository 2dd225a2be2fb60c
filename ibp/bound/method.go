package bound

import (
	"fmt"
	"strings"
)

// Method names a way of bounding the margins z_y - z_j over an input box.
// The valid methods are the rows of methodTable; ParseMethod turns a name
// from the command line or a certificate into one.
type Method string

// The bound methods (docs/certificates.md, "Methods").
const (
	MethodIBP      Method = "ibp"
	MethodCROWN    Method = "crown"
	MethodCROWNIBP Method = "crown-ibp"
)

// MethodInfo describes a bound method for its users: the CLI's help, the
// certificate format and the documentation.
type MethodInfo struct {
	Method Method
	// Help is a one-line description (the --method help of verify certify
	// and the Methods table of docs/certificates.md).
	Help string
	// CrownOptions reports whether the method reads CrownOptions; only
	// such methods record them in a certificate ("crown"). The others
	// ignore the options they are passed.
	CrownOptions bool
}

// sampleFn is a method's per-sample reference implementation: sound lower
// bounds of the margin rows of label y (in marginClasses order) over the
// normalised input box in, computed in float64 with directed rounding.
type sampleFn func(n *Net, in Box, y int, opt CrownOptions) []float64

// batchFn is a method's batched implementation in precision T: the lower
// and upper bounds of every sample's margin rows over the input boxes of
// st (hi: the IBP upper bounds, the scale of Auto's float64 re-runs). It
// must be sound with the a-priori rounding bounds of the batched layers
// and leave a sample marked bad (non-finite) at -Inf.
type batchFn[T elem] func(n *Net, bn *bnet[T], st *bstate[T], ys []int, opt CrownOptions) (lb, hi [][]float64)

// methodDef is one row of the method table: what a method is and the code
// that computes it, per sample and batched in both precisions.
type methodDef struct {
	MethodInfo
	sample  sampleFn
	batch32 batchFn[float32]
	batch64 batchFn[float64]
}

// methodTable is the one list of bound methods: everything that accepts,
// records, checks or documents a method goes through it. A function, not
// a variable, so that the table is immutable and its entries may refer to
// code that looks methods up.
func methodTable() []methodDef {
	return []methodDef{
		{
			MethodInfo: MethodInfo{Method: MethodIBP,
				Help: "interval bound propagation, the classifier folded with the margin specification"},
			sample:  ibpSample,
			batch32: ibpBatch[float32],
			batch64: ibpBatch[float64],
		},
		{
			MethodInfo: MethodInfo{Method: MethodCROWN,
				Help:         "CROWN from the margins; intermediate bounds by IBP, refined by CROWN on narrow layers; never below IBP",
				CrownOptions: true},
			sample:  crownSample,
			batch32: crownBatch[float32],
			batch64: crownBatch[float64],
		},
		{
			MethodInfo: MethodInfo{Method: MethodCROWNIBP,
				Help: "CROWN-IBP (Zhang et al. 2020): intermediate bounds by IBP, CROWN from the margins; never below IBP"},
			sample:  crownIBPSample,
			batch32: crownIBPBatch[float32],
			batch64: crownIBPBatch[float64],
		},
	}
}

// Methods lists the bound methods, in the order of the table.
func Methods() []MethodInfo {
	t := methodTable()
	out := make([]MethodInfo, len(t))
	for i, d := range t {
		out[i] = d.MethodInfo
	}
	return out
}

// MethodNames lists the names of the bound methods, in table order.
func MethodNames() []string {
	t := methodTable()
	out := make([]string, len(t))
	for i, d := range t {
		out[i] = string(d.Method)
	}
	return out
}

// ParseMethod returns the method called name, or an error that lists the
// valid names.
func ParseMethod(name string) (Method, error) {
	d, err := Method(name).def()
	if err != nil {
		return "", err
	}
	return d.Method, nil
}

// Info returns the description of m, or an error when m is not a method.
func (m Method) Info() (MethodInfo, error) {
	d, err := m.def()
	return d.MethodInfo, err
}

// def looks m up in the method table.
func (m Method) def() (methodDef, error) {
	for _, d := range methodTable() {
		if d.Method == m {
			return d, nil
		}
	}
	if m == "" {
		return methodDef{}, fmt.Errorf("no bound method given (want %s)", methodList())
	}
	return methodDef{}, fmt.Errorf("unknown bound method %q (want %s)", string(m), methodList())
}

// methodList is "ibp, crown or crown-ibp".
func methodList() string {
	names := MethodNames()
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// batchOf returns the implementation of d in precision T.
func batchOf[T elem](d methodDef) batchFn[T] {
	if f, ok := any(d.batch32).(batchFn[T]); ok {
		return f
	}
	return any(d.batch64).(batchFn[T])
}
