//go:build cadical

package engine

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
	"github.com/verify-tools/verify/sat"
)

// cadicalPackage names the Debian package the library was linked from
// ("libcadical-dev 2.1.3-3"); `make build` sets it (-ldflags -X), since
// CaDiCaL 1.5.3 reports itself as "sc2021". Empty in other builds.
var cadicalPackage string

// cadicalSpec is the CaDiCaL engine (Debian's static libcadical.a through
// a thin C wrapper of our own). It writes DRAT proofs for UNSAT answers.
var cadicalSpec = Spec{
	Name:  "cadical",
	Built: true,
	Version: func() string {
		v := C.GoString(C.vf_cadical_version())
		if cadicalPackage != "" {
			v += " (" + cadicalPackage + ")"
		}
		return v
	},
	New: func(cfg Config) (searcher, error) {
		return cadicalSearcher{proof: cfg.Proof, configuration: cfg.Configuration}, nil
	},
	NewIncremental: newCadicalIncremental,
	Configurations: cadicalConfigurations,
}

// cadicalSearcher solves with one CaDiCaL instance; proof, when set, is
// the path of a text DRAT proof to write; configuration, when set, one of
// CaDiCaL's built-in configurations.
type cadicalSearcher struct{ proof, configuration string }

func (e cadicalSearcher) search(ctx context.Context, f *sat.CNF, opts Options) (Result, error) {
	s := C.vf_cadical_new()
	defer C.vf_cadical_delete(s)
	if e.configuration != "" && withCString(e.configuration, func(n *C.char) C.int { return C.vf_cadical_configure(s, n) }) == 0 {
		return Result{}, fmt.Errorf("cadical: no configuration %q in this library", e.configuration)
	}
	if e.proof != "" {
		if withCString(e.proof, func(p *C.char) C.int { return C.vf_cadical_trace_proof(s, p) }) == 0 {
			return Result{}, fmt.Errorf("cadical: cannot open proof file %s", e.proof)
		}
		defer C.vf_cadical_close_proof(s)
	}
	cadicalAdd(s, f)
	var res Result
	t0 := time.Now()
	// Seeds on variables beyond the formula's are dropped, early and late.
	keep := func(lits []int32) []int32 { return keepVars(lits, f.NumVars) }
	opts.Phases = keep(opts.Phases)
	d := drive(ctx, &cadicalPausable{s: s}, opts, keep, &res.Stats)
	res.Stats.SolveTime = time.Since(t0) - res.Stats.SeedTime
	res.Stats.Conflicts = int64(C.vf_cadical_conflicts(s))
	// CaDiCaL 1.5 has no public counters but the learned clauses.
	res.Stats.Decisions, res.Stats.Propagations, res.Stats.Restarts = -1, -1, -1
	res.Status, res.Interrupted = d.status, d.status == sat.Unknown
	if d.status == sat.Sat {
		vals := make([]byte, f.NumVars+1)
		C.vf_cadical_model(s, C.int(f.NumVars), (*C.uchar)(unsafe.Pointer(&vals[0])))
		res.Model = make([]bool, f.NumVars+1)
		for v := 1; v <= f.NumVars; v++ {
			res.Model[v] = vals[v] != 0
		}
	}
	return res, nil
}

// cadicalPausable is CaDiCaL as a pausable search: one incremental solver
// (learned clauses stay) whose solve calls carry a conflict limit; seeds
// are forced phases (phase), released by unphase; a stretch that late
// seeds interrupt is stopped through the terminate flag, cleared again.
type cadicalPausable struct{ s *C.vf_cadical }

func (p *cadicalPausable) place(_ context.Context, lits []int32, _ bool) (sat.Status, int) {
	if seeds := cadicalLits(lits); len(seeds) > 0 {
		C.vf_cadical_phase(p.s, &seeds[0], C.long(len(seeds)))
	}
	return sat.Unknown, len(lits)
}

func (p *cadicalPausable) forces() bool { return true }

func (p *cadicalPausable) release(lits []int32) {
	if seeds := cadicalLits(lits); len(seeds) > 0 {
		C.vf_cadical_unphase(p.s, &seeds[0], C.long(len(seeds)))
	}
}

func (p *cadicalPausable) conflicts() int64 { return int64(C.vf_cadical_conflicts(p.s)) }

func (p *cadicalPausable) run(ctx context.Context, limit int64, late <-chan []int32) (sat.Status, []int32, bool) {
	code, arrived, got := cadicalSolve(ctx, p.s, limit, late, late != nil)
	switch code {
	case 10:
		return sat.Sat, nil, false
	case 20:
		return sat.Unsat, nil, false
	}
	return sat.Unknown, got, arrived
}

// cadicalSolve runs one solve call with a conflict limit (< 0: none),
// stopping it when ctx ends or, while watch is set, when late seeds
// arrive; arrived says they did (got holds them). A late channel closed
// without seeds leaves the search undisturbed.
func cadicalSolve(ctx context.Context, s *C.vf_cadical, limit int64, late <-chan []int32, watch bool) (code C.int, arrived bool, got []int32) {
	done := make(chan C.int, 1)
	go func() { done <- C.vf_cadical_solve(s, C.long(limit)) }()
	if !watch {
		late = nil // a nil channel never delivers
	}
	for {
		select {
		case code = <-done:
			return code, false, nil
		case <-ctx.Done():
			C.vf_cadical_terminate(s)
			return <-done, false, nil
		case got = <-late:
			if len(got) == 0 {
				// Closed without seeds (inference failed, skipped or its
				// predictions were dropped): interrupting would restart the
				// solve call for nothing, and that alone can change the
				// search a lot (vmpc_24: 4.5 s or 20 s).
				late = nil
				continue
			}
			C.vf_cadical_terminate(s)
			code = <-done
			C.vf_cadical_clear_terminate(s)
			return code, true, got
		}
	}
}

// withCString calls f with a C copy of s, freed after.
func withCString(s string, f func(*C.char) C.int) C.int {
	c := C.CString(s)
	defer C.free(unsafe.Pointer(c))
	return f(c)
}

// keepVars keeps the seeds on variables 1..numVars.
func keepVars(lits []int32, numVars int) []int32 {
	var out []int32
	for _, l := range lits {
		if l != 0 && int(lit.Var(l)) <= numVars {
			out = append(out, l)
		}
	}
	return out
}

// cadicalLits converts literals for the C wrapper.
func cadicalLits(lits []int32) []C.int {
	out := make([]C.int, len(lits))
	for i, l := range lits {
		out[i] = C.int(l)
	}
	return out
}

// cadicalAdd passes the clauses in chunks, 0-separated, to keep the
// temporary C copy small.
func cadicalAdd(s *C.vf_cadical, f *sat.CNF) {
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
}
