package cert

import (
	"context"
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
// passes (decideGroup) with its margin lower bounds and the ε-pass's guess
// that its clean point is misclassified.
type pending struct {
	index int
	lb    []float64
	wrong bool
	pred  int                // set by the point passes
	clean *bound.Adversarial // set by the point passes when they prove it
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
