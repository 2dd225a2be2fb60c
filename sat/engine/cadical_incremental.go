//go:build cadical

package engine

/*
#include "cadical_wrap.h"
*/
import "C"

import (
	"context"
	"time"
	"unsafe"

	"github.com/verify-tools/verify/sat"
)

// cadicalIncremental is CaDiCaL behind the Incremental interface (and a
// Propagator through its root-level units): one solver kept across
// calls, assumptions passed with assume() before each solve() (CaDiCaL
// drops them when it returns), limits enforced through the terminate
// flag as in Cadical.Solve.
type cadicalIncremental struct {
	s       *C.vf_cadical
	numVars int
	model   []byte // val(v) > 0 after the last SAT answer, index 0 unused
	buf     []C.int
}

func newCadicalIncremental(f *sat.CNF) (Incremental, error) {
	s := &cadicalIncremental{s: C.vf_cadical_new(), numVars: f.NumVars, model: make([]byte, f.NumVars+1)}
	cadicalAdd(s.s, f)
	return s, nil
}

// AddClause implements Incremental.
func (s *cadicalIncremental) AddClause(lits ...int32) {
	s.buf = s.buf[:0]
	for _, l := range lits {
		s.buf = append(s.buf, C.int(l))
	}
	s.buf = append(s.buf, 0)
	C.vf_cadical_add_clauses(s.s, &s.buf[0], C.long(len(s.buf)))
}

// Solve implements Incremental.
func (s *cadicalIncremental) Solve(ctx context.Context, assumptions []int32, limit time.Duration) sat.Status {
	if limit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, limit)
		defer cancel()
	}
	if ctx.Err() != nil {
		return sat.Unknown
	}
	if len(assumptions) > 0 {
		s.buf = s.buf[:0]
		for _, l := range assumptions {
			s.buf = append(s.buf, C.int(l))
		}
		C.vf_cadical_assume(s.s, &s.buf[0], C.long(len(s.buf)))
	}
	code, _, _ := cadicalSolve(ctx, s.s, -1, nil, false)
	// A limit that fired (even just as the solve ended) leaves the
	// terminate flag set; clear it, or every later call stops at once.
	C.vf_cadical_clear_terminate(s.s)
	switch code {
	case 10:
		C.vf_cadical_model(s.s, C.int(s.numVars), (*C.uchar)(unsafe.Pointer(&s.model[0])))
		return sat.Sat
	case 20:
		return sat.Unsat
	}
	return sat.Unknown
}

// Refuted implements Propagator: an assumption whose negation CaDiCaL
// has fixed at the root level (a derived unit, or one implied by the
// units added so far after propagation in an earlier call) cannot hold.
func (s *cadicalIncremental) Refuted(assumptions []int32) bool {
	for _, l := range assumptions {
		if C.vf_cadical_fixed(s.s, C.int(l)) < 0 {
			return true
		}
	}
	return false
}

// Value implements Incremental.
func (s *cadicalIncremental) Value(v int32) bool {
	return int(v) <= s.numVars && s.model[v] != 0
}

// Close implements Incremental.
func (s *cadicalIncremental) Close() {
	if s.s != nil {
		C.vf_cadical_delete(s.s)
		s.s = nil
	}
}
