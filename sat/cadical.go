//go:build cadical

package sat

/*
#cgo CXXFLAGS: -std=c++11 -O2
#cgo LDFLAGS: -l:libcadical.a -lstdc++ -lm
#include <stdlib.h>
#include "cadical_wrap.h"
*/
import "C"

import (
	"context"
	"fmt"
	"time"
	"unsafe"

	"github.com/verify-tools/verify/internal/lit"
)

// Cadical is the CaDiCaL engine (Debian's static libcadical.a through a
// thin C wrapper of our own). It writes DRAT proofs for UNSAT answers.
type Cadical struct {
	// Proof, when set, is the path of a text DRAT proof to write.
	Proof string
}

// CadicalVersion is the linked CaDiCaL version.
func CadicalVersion() string { return C.GoString(C.vf_cadical_version()) }

// Name implements Engine.
func (Cadical) Name() string { return "cadical" }

// Solve implements Engine.
func (e Cadical) Solve(ctx context.Context, f *CNF, opts Options) (Result, error) {
	if f.NumVars > MaxVars {
		return Result{}, fmt.Errorf("formula has %d variables; at most %d are supported", f.NumVars, MaxVars)
	}
	if opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.Timeout)
		defer cancel()
	}
	seeded := C.int(0)
	if len(opts.Phases) > 0 {
		seeded = 1
	}
	s := C.vf_cadical_new(seeded)
	defer C.vf_cadical_delete(s)
	if e.Proof != "" {
		path := C.CString(e.Proof)
		ok := C.vf_cadical_trace_proof(s, path)
		C.free(unsafe.Pointer(path))
		if ok == 0 {
			return Result{}, fmt.Errorf("cadical: cannot open proof file %s", e.Proof)
		}
		defer C.vf_cadical_close_proof(s)
	}
	if err := cadicalAdd(s, f); err != nil {
		return Result{}, err
	}
	var res Result
	if len(opts.Phases) > 0 {
		t0 := time.Now()
		var seeds []C.int
		for _, l := range opts.Phases {
			if l != 0 && int(lit.Var(l)) <= f.NumVars {
				seeds = append(seeds, C.int(l))
			}
		}
		if len(seeds) > 0 {
			C.vf_cadical_phase(s, &seeds[0], C.long(len(seeds)))
		}
		res.Stats.SeededVars = len(seeds)
		res.Stats.SeedTime = time.Since(t0)
	}
	t0 := time.Now()
	done := make(chan C.int, 1)
	go func() { done <- C.vf_cadical_solve(s) }()
	var code C.int
	select {
	case code = <-done:
	case <-ctx.Done():
		C.vf_cadical_terminate(s)
		code = <-done
	}
	res.Stats.SolveTime = time.Since(t0)
	// CaDiCaL 1.5 has no public counters.
	res.Stats.Conflicts, res.Stats.Decisions, res.Stats.Propagations, res.Stats.Restarts = -1, -1, -1, -1
	switch code {
	case 10:
		res.Status = Sat
		vals := make([]byte, f.NumVars+1)
		C.vf_cadical_model(s, C.int(f.NumVars), (*C.uchar)(unsafe.Pointer(&vals[0])))
		res.Model = make([]bool, f.NumVars+1)
		for v := 1; v <= f.NumVars; v++ {
			res.Model[v] = vals[v] != 0
		}
	case 20:
		res.Status = Unsat
	default:
		res.Status, res.Interrupted = Unknown, true
	}
	return checked(f, res)
}

// cadicalAdd passes the clauses in chunks, 0-separated, to keep the
// temporary C copy small.
func cadicalAdd(s *C.vf_cadical, f *CNF) error {
	const chunk = 1 << 16
	buf := make([]C.int, 0, chunk+64)
	flush := func() {
		if len(buf) > 0 {
			C.vf_cadical_add_clauses(s, &buf[0], C.long(len(buf)))
			buf = buf[:0]
		}
	}
	for i := 0; i < f.NumClauses(); i++ {
		for _, l := range f.Clause(i) {
			buf = append(buf, C.int(l))
		}
		buf = append(buf, 0)
		if len(buf) >= chunk {
			flush()
		}
	}
	flush()
	return nil
}
