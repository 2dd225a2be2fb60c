package cert

import (
	"context"

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
