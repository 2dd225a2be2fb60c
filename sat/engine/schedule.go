package engine

import "time"

// SeedSchedule says when an engine applies the seeds and for how long it
// holds them, in conflicts, so that what a wrong prediction can cost is
// bounded by the schedule rather than by the length of the search.
//
// Applications happen at the start (or when late seeds arrive, see
// Options.LatePhases) and then again after free stretches of Interval,
// 2·Interval, 4·Interval, ... conflicts, Rounds re-applications in all;
// after the last one the engine searches on its own.
//
//   - CaDiCaL: an application forces the seeds' phases (decide_phase
//     consults forced phases first, on every decision) for a window of
//     Forced conflicts; then they are unphased and the search is free, its
//     saved phases starting from where the forced window left them.
//   - gini: an application makes the seeds the saved phases (gini has no
//     forced phases); the search flips them on conflicts as it would its
//     own. Forced is not used.
type SeedSchedule struct {
	// Forced is the length of a CaDiCaL forced window, in conflicts.
	Forced int64
	// Interval is the first free stretch between applications, in
	// conflicts; each next one is twice as long.
	Interval int64
	// Rounds is the number of re-applications after the first.
	Rounds int
	// Invert applies the negation of the seeds on every second
	// re-application, like NeuroBack's inverted rephase in Kissat.
	Invert bool
}

// DefaultSeedSchedule holds seeds for at most 5 × 500 forced conflicts
// (CaDiCaL) and re-applies them after 2 000, 4 000, 8 000 and 16 000
// conflicts of free search: the scale of CaDiCaL's own rephase interval
// (1 000 conflicts, growing).
var DefaultSeedSchedule = SeedSchedule{Forced: 500, Interval: 2000, Rounds: 4}

// orDefault fills a zero schedule with DefaultSeedSchedule.
func (s SeedSchedule) orDefault() SeedSchedule {
	if s == (SeedSchedule{}) {
		return DefaultSeedSchedule
	}
	return s
}

// gap is the free stretch after application k (0 = the first).
func (s SeedSchedule) gap(k int) int64 {
	g := s.Interval
	for i := 0; i < k && g < 1<<40; i++ {
		g *= 2
	}
	return g
}

// inverted says whether application k applies the negated seeds.
func (s SeedSchedule) inverted(k int) bool { return s.Invert && k%2 == 0 && k > 0 }

// SeedRound is one application of the seeds.
type SeedRound struct {
	// Seeds is the number of seed literals applied; with gini, Placed is
	// how many variables got their phase from them (seeds fixed at level
	// 0 or in conflict under propagation are skipped; implied values
	// count). CaDiCaL places every seed: Placed = Seeds.
	Seeds, Placed int
	// Inverted says the negation of the seeds was applied; Late that
	// the seeds were those of Options.LatePhases.
	Inverted, Late bool
	// Conflicts is the engine's conflict count when they were applied;
	// At the time since the search started.
	Conflicts int64
	At        time.Duration
}

// negated returns the seeds with every sign flipped.
func negated(seeds []int32) []int32 {
	out := make([]int32, len(seeds))
	for i, l := range seeds {
		out[i] = -l
	}
	return out
}
