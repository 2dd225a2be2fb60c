package cert

import (
	"context"
	"fmt"
	"sync"

	"github.com/verify-tools/verify/ibp/bound"
	"github.com/verify-tools/verify/internal/pool"
)

// forEachBatch splits todo into consecutive batches of size batch
// (DefaultBatch when not positive) and calls fn on each, jobs at a time,
// as pool.ForEach does: no new batch starts once one failed or ctx ended.
// fn gets no context of its own: a batch that started runs to its end.
func forEachBatch(ctx context.Context, todo []int, batch, jobs int, fn func(idx []int) error) error {
	if batch <= 0 {
		batch = DefaultBatch
	}
	nb := (len(todo) + batch - 1) / batch
	return pool.ForEach(ctx, nb, jobs, func(_ context.Context, k int) error {
		return fn(todo[k*batch : min(len(todo), (k+1)*batch)])
	})
}

// pending is a sample the ε-pass left uncertified, waiting for the point
// passes (decideGroup) with its margin lower bounds.
type pending struct {
	index int
	lb    []float64
	// set by the point passes (points.go)
	pred  int                // the prediction, -1 while undecided
	x     []float32          // the clean point the passes tried
	clean *bound.Adversarial // x, where the passes prove it misclassified
	proof bound.PointVerdict // their verdict for x (Class -1: none)
}

// pendingQueue gathers the uncertified samples of many batches, so that
// their point passes run in groups of about a batch: a few uncertified
// samples per pass would stream every layer's weights for little work (on
// CNN-7, 35 samples a pass cost 1.5× what 280 do per sample).
type pendingQueue struct {
	mu    sync.Mutex
	size  int
	items []pending
}

// add appends ps and returns the whole queue as a group once it holds at
// least size samples (nil before; always nil when size is 0: the queue
// then only gathers).
func (q *pendingQueue) add(ps []pending) []pending {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, ps...)
	if q.size <= 0 || len(q.items) < q.size {
		return nil
	}
	g := q.items
	q.items = nil
	return g
}

// rest empties the queue and returns what it held.
func (q *pendingQueue) rest() []pending {
	q.mu.Lock()
	defer q.mu.Unlock()
	g := q.items
	q.items = nil
	return g
}

// epsStage is the ε-pass of certify and check: it bounds the samples over
// their ε-boxes batch by batch and hands each on once its bounds are final
// (bound.DefaultPrecision's: float32, and float64 where float32 leaves a
// sample uncertified by a narrow gap). The float64 re-runs, a few samples
// per batch, are gathered across batches into passes of about a batch, as
// the point passes are.
type epsStage struct {
	in    *Inputs
	c     *Certificate
	batch int
	jobs  int
	// final reports whether a sample whose bounds certify it is decided by
	// them (nil: always); the others go to group.
	final func(i int) bool
	// done gets the samples decided by their bounds, group the others in
	// groups of about a batch (the last ones with all the jobs).
	done  func(ps []pending)
	group func(g []pending, jobs int) error
}

// run runs the stage on the samples todo; no new batch starts once ctx
// ends or one failed. Batches and groups that started run to their end
// (they get no context cancelled by another's failure), so every sample
// handed on is finished; samples still gathered when it stops are not
// handed on.
func (e *epsStage) run(ctx context.Context, todo []int) error {
	retry := &pendingQueue{size: e.batch}
	q := &pendingQueue{size: e.batch}
	// pass hands on the samples ps, whose bounds are final
	pass := func(ps []pending, jobs int) error {
		var done, rest []pending
		for _, p := range ps {
			if bound.Certified(p.lb) && (e.final == nil || e.final(p.index)) {
				done = append(done, p)
			} else {
				rest = append(rest, p)
			}
		}
		e.done(done)
		if g := q.add(rest); g != nil {
			return e.group(g, jobs)
		}
		return nil
	}
	refine := func(g []pending, jobs int) error {
		idx, lbs := unzip(g)
		raws, ys := batchInputs(e.in, idx)
		if err := e.in.Net.MarginLowerBatchRefine(raws, ys, e.c.Eps, e.c.Method, crownOptions(e.c), lbs); err != nil {
			return fmt.Errorf("samples %s: %w", sampleList(idx), err)
		}
		return pass(g, jobs)
	}
	err := forEachBatch(ctx, todo, e.batch, e.jobs, func(idx []int) error {
		raws, ys := batchInputs(e.in, idx)
		lbs, again, err := e.in.Net.MarginLowerBatchSplit(raws, ys, e.c.Eps, e.c.Method, crownOptions(e.c))
		if err != nil {
			return fmt.Errorf("samples %s: %w", sampleList(idx), err)
		}
		var now, later []pending
		for j, i := range idx {
			p := pending{index: i, lb: lbs[j]}
			if again[j] {
				later = append(later, p)
			} else {
				now = append(now, p)
			}
		}
		if err := pass(now, 1); err != nil {
			return err
		}
		if g := retry.add(later); g != nil {
			return refine(g, 1)
		}
		return nil
	})
	if g := retry.rest(); err == nil && len(g) > 0 {
		err = refine(g, e.jobs)
	}
	if g := q.rest(); err == nil && len(g) > 0 {
		err = e.group(g, e.jobs)
	}
	return err
}

// unzip returns the indices and bounds of the samples ps.
func unzip(ps []pending) (idx []int, lbs [][]float64) {
	idx, lbs = make([]int, len(ps)), make([][]float64, len(ps))
	for k, p := range ps {
		idx[k], lbs[k] = p.index, p.lb
	}
	return idx, lbs
}
