// Package pool runs indexed jobs on a bounded number of goroutines, on
// golang.org/x/sync/errgroup: the one worker pool of certification
// (ibp/cert), benchmark runs (sat/bench) and corpus generation (gnn/corpus).
package pool

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// ForEach calls fn(ctx, i) for every i in [0, n), at most jobs at a time
// (jobs < 1 means one), handing out indices in increasing order. The ctx
// fn receives is cancelled as soon as a call fails or the parent ctx ends;
// from then on no new call starts. ForEach waits for the calls it started
// and returns the first error one of them returned, else the parent's
// ctx.Err() (nil when it did not end). Callers that need results in index
// order store them by index.
func ForEach(ctx context.Context, n, jobs int, fn func(ctx context.Context, i int) error) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, jobs))
	for i := 0; i < n && gctx.Err() == nil; i++ {
		g.Go(func() error {
			if gctx.Err() != nil {
				return nil // ended while this call waited for a free worker
			}
			return fn(gctx, i)
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return ctx.Err()
}
