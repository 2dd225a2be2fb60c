package engine

import (
	"context"
	"time"

	"github.com/verify-tools/verify/sat"
)

// pausable is a search that runs in stretches bounded by conflicts, with
// the learned clauses kept between them: what the seed schedule needs of
// an engine. drive is the one place the schedule is carried out.
type pausable interface {
	// place applies lits as phases for the next stretch and returns how
	// many variables got a phase from them; Unsat when placing them
	// refuted the formula. first says neither a search nor a placement
	// came before.
	place(ctx context.Context, lits []int32, first bool) (sat.Status, int)
	// forces says placed phases are forced until release (CaDiCaL),
	// rather than saved phases the search may flip at once (gini).
	forces() bool
	// release ends the forcing of lits placed before.
	release(lits []int32)
	// run searches for at most limit more conflicts (limit < 0: no
	// limit). It returns an answer, or Unknown when the limit is reached,
	// ctx ends, or seeds arrive on late (got, arrived true; a nil late
	// never delivers). A late channel closed without seeds must leave
	// the search undisturbed: run goes on as if it were nil.
	run(ctx context.Context, limit int64, late <-chan []int32) (st sat.Status, got []int32, arrived bool)
	// conflicts is the conflict count so far (-1 if unknown).
	conflicts() int64
}

// driven is what drive leaves: the answer (Unknown when ctx ended it),
// and the seeds last applied (nil when none).
type driven struct {
	status sat.Status
	seeds  []int32
}

// drive runs the search p from the seeds on the schedule of opts:
// application k (k = 0 at the start, or when late seeds arrive, mapped by
// mapLate when not nil) places the seeds (negated when the schedule
// inverts k); a forcing engine holds them for Forced conflicts and
// releases them; then, for k < Rounds, the search is free for gap(k)
// conflicts before application k+1; after the last application it is
// free without limit. It records every application in st.
func drive(ctx context.Context, p pausable, opts Options, mapLate func([]int32) []int32, st *Stats) driven {
	sched := opts.Schedule.orDefault()
	start := time.Now()
	seeds, late := opts.Phases, opts.LatePhases
	type step int
	const (
		apply step = iota // place application next
		gap               // the free stretch after application next-1
		free              // no more applications
	)
	next, isLate, started := 0, false, false
	at := free
	if len(seeds) > 0 {
		at = apply
	}
	for {
		limit, due := int64(-1), int64(-1)
		var forced []int32
		switch at {
		case apply:
			lits := seeds
			if sched.inverted(next) {
				lits = negated(seeds)
			}
			t, c := time.Now(), p.conflicts()
			status, n := p.place(ctx, lits, !started)
			started = true
			st.SeedTime += time.Since(t)
			st.SeedRounds = append(st.SeedRounds, SeedRound{Seeds: len(lits), Placed: n,
				Inverted: sched.inverted(next), Late: isLate, Conflicts: c, At: time.Since(start)})
			if len(st.SeedRounds) == 1 {
				st.SeededVars = n
			}
			if status != sat.Unknown {
				return driven{status, seeds}
			}
			next++
			switch {
			case p.forces():
				forced, limit, at = lits, sched.Forced, gap
			case next-1 < sched.Rounds:
				limit, at = sched.gap(next-1), apply
			default:
				at = free
			}
		case gap:
			limit, at = sched.gap(next-1), apply
		}
		if at == gap && next-1 >= sched.Rounds {
			at = free // no stretch after the last application
		}
		if limit >= 0 {
			due = p.conflicts() + limit
		}
		status, got, arrived := p.run(ctx, limit, late)
		started = true
		for status == sat.Unknown && arrived && ctx.Err() == nil {
			late = nil // one delivery at most
			if mapLate != nil {
				got = mapLate(got)
			}
			if len(got) > 0 {
				break
			}
			// Nothing left to seed: the stretch goes on.
			rest := int64(-1)
			if due >= 0 {
				rest = max(0, due-p.conflicts())
			}
			status, got, arrived = p.run(ctx, rest, nil)
		}
		if forced != nil {
			p.release(forced)
		}
		if status != sat.Unknown || ctx.Err() != nil {
			return driven{status, seeds}
		}
		switch {
		case arrived:
			seeds, next, isLate, at = got, 0, true, apply
		case limit < 0:
			return driven{status, seeds} // a free search stops only on ctx or late seeds
		}
	}
}
