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
	s := C.vf_cadical_new()
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
	t0 := time.Now()
	code := cadicalWindows(ctx, s, f.NumVars, opts, &res.Stats, t0)
	res.Stats.SolveTime = time.Since(t0) - res.Stats.SeedTime
	res.Stats.Conflicts = int64(C.vf_cadical_conflicts(s))
	// CaDiCaL 1.5 has no public counters but the learned clauses.
	res.Stats.Decisions, res.Stats.Propagations, res.Stats.Restarts = -1, -1, -1
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

// cadicalWindows runs the search as a sequence of solve calls on one
// incremental solver (learned clauses stay): a forced window of
// opts.Schedule.Forced conflicts for each application of the seeds, then
// free search up to the next application, then free search without limit.
// Late seeds interrupt the free search they arrive in (through the
// terminate flag, cleared again) and start the schedule. It returns
// CaDiCaL's answer code: 10, 20, or 0 when ctx ended the search.
func cadicalWindows(ctx context.Context, s *C.vf_cadical, numVars int, opts Options, st *Stats, start time.Time) C.int {
	sched := opts.Schedule.orDefault()
	seeds := cadicalSeeds(opts.Phases, numVars)
	late, watch := opts.LatePhases, opts.LatePhases != nil
	isLate := false
	next := 0       // the next application of the seeds
	gapDue := false // the free stretch after application next-1 comes first
	for {
		limit := int64(-1)
		var forced []C.int
		switch {
		case gapDue:
			limit = sched.gap(next - 1)
		case next <= sched.Rounds && len(seeds) > 0:
			t := time.Now()
			forced = seeds
			if sched.inverted(next) {
				forced = cadicalNegated(seeds)
			}
			C.vf_cadical_phase(s, &forced[0], C.long(len(forced)))
			st.SeedTime += time.Since(t)
			st.SeedRounds = append(st.SeedRounds, SeedRound{Seeds: len(forced), Placed: len(forced),
				Inverted: sched.inverted(next), Late: isLate,
				Conflicts: int64(C.vf_cadical_conflicts(s)), At: time.Since(start)})
			if len(st.SeedRounds) == 1 {
				st.SeededVars = len(forced)
			}
			limit = sched.Forced
		}
		code, arrived, got := cadicalSolve(ctx, s, limit, late, watch)
		if forced != nil {
			C.vf_cadical_unphase(s, &forced[0], C.long(len(forced)))
		}
		if code != 0 || ctx.Err() != nil {
			return code
		}
		switch {
		case arrived:
			watch = false
			if seeds = cadicalSeeds(got, numVars); len(seeds) > 0 {
				next, gapDue, isLate = 0, false, true
			}
		case limit < 0:
			return code // not reached: only ctx or late seeds stop a free search
		case forced != nil:
			next++
			gapDue = next <= sched.Rounds
		default:
			gapDue = false
		}
	}
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

// cadicalSeeds keeps the seeds on variables of the formula.
func cadicalSeeds(phases []int32, numVars int) []C.int {
	var out []C.int
	for _, l := range phases {
		if l != 0 && int(lit.Var(l)) <= numVars {
			out = append(out, C.int(l))
		}
	}
	return out
}

// cadicalNegated flips every seed.
func cadicalNegated(seeds []C.int) []C.int {
	out := make([]C.int, len(seeds))
	for i, l := range seeds {
		out[i] = -l
	}
	return out
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
