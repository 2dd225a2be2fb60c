package pool

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
)

func TestForEach(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name     string
		n, jobs  int
		failAt   int // index whose call fails; -1: none
		cancelAt int // index whose call cancels the parent ctx; -1: none
		wantErr  error
		wantAll  bool // every index ran
	}{
		{"all run", 100, 4, -1, -1, nil, true},
		{"one job", 10, 1, -1, -1, nil, true},
		{"zero jobs means one", 10, 0, -1, -1, nil, true},
		{"more jobs than work", 3, 16, -1, -1, nil, true},
		{"nothing to do", 0, 4, -1, -1, nil, true},
		{"failure stops the rest", 1000, 1, 5, -1, boom, false},
		{"failure with workers", 1000, 4, 5, -1, boom, false},
		{"parent cancelled", 1000, 1, 5, 5, context.Canceled, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var mu sync.Mutex
			ran := map[int]bool{}
			var running, most atomic.Int32
			err := ForEach(ctx, tc.n, tc.jobs, func(ctx context.Context, i int) error {
				if r := running.Add(1); r > most.Load() {
					most.Store(r)
				}
				defer running.Add(-1)
				mu.Lock()
				ran[i] = true
				mu.Unlock()
				if i == tc.cancelAt {
					cancel()
					return nil
				}
				if i == tc.failAt {
					return fmt.Errorf("job %d: %w", i, boom)
				}
				return nil
			})
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if got := len(ran) == tc.n; got != tc.wantAll {
				t.Errorf("%d of %d ran, want all: %v", len(ran), tc.n, tc.wantAll)
			}
			if int(most.Load()) > max(1, tc.jobs) {
				t.Errorf("%d calls at once, limit %d", most.Load(), tc.jobs)
			}
		})
	}
}

// TestForEachCancelsRunningCalls: when one call fails, the ctx the others
// hold is cancelled, so long calls end early.
func TestForEachCancelsRunningCalls(t *testing.T) {
	boom := errors.New("boom")
	err := ForEach(context.Background(), 2, 2, func(ctx context.Context, i int) error {
		if i == 0 {
			<-ctx.Done() // returns only when the failure of call 1 cancels it
			return ctx.Err()
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the failure, not the cancellation it caused", err)
	}
}
