//go:build torch

package certtrain

import (
	"sync"
	"time"

	"github.com/verify-tools/verify/internal/libtorch"
)

// heapProfile records the most C-heap bytes in use (libtorch.ReadHeap) in
// each phase of a training step. trainStep's probe moves it from phase to
// phase (forward → graph → backward → update), sampling at each boundary;
// with an interval it also samples from a goroutine while a phase runs, so
// the peak inside libtorch's backward pass is seen too.
type heapProfile struct {
	mu    sync.Mutex
	phase string
	most  map[string]int64
	stop  chan struct{}
	done  chan struct{}
}

// newHeapProfile starts a profile in phase "base"; every > 0 starts the
// sampler.
func newHeapProfile(every time.Duration) *heapProfile {
	h := &heapProfile{phase: "base", most: map[string]int64{}}
	if every > 0 {
		h.stop, h.done = make(chan struct{}), make(chan struct{})
		go func() {
			defer close(h.done)
			t := time.NewTicker(every)
			defer t.Stop()
			for {
				select {
				case <-h.stop:
					return
				case <-t.C:
					h.sample()
				}
			}
		}()
	}
	return h
}

func (h *heapProfile) sample() {
	s := libtorch.ReadHeap()
	h.mu.Lock()
	h.most[h.phase] = max(h.most[h.phase], s.InUse)
	h.mu.Unlock()
}

// enter samples the phase that ends and starts the next one.
func (h *heapProfile) enter(phase string) {
	h.sample()
	h.mu.Lock()
	h.phase = phase
	h.mu.Unlock()
	h.sample()
}

// probe is trainStep's probe: each stage boundary starts the next phase
// (the intermediates are freed in phase "free"), and the bytes in use at
// stageGraph, when only the autograd graph is left, are kept as "graph".
func (h *heapProfile) probe(stage string) {
	switch stage {
	case stageForward:
		h.enter("free")
	case stageGraph:
		h.enter("graph") // a point: the next boundary follows at once
		h.enter("backward")
	case stageBackward:
		h.enter("update")
	case stageUpdate:
		h.enter("base")
	}
}

// Most returns the most bytes in use seen in phase.
func (h *heapProfile) Most(phase string) int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.most[phase]
}

// Stop ends the sampler.
func (h *heapProfile) Stop() {
	if h.stop != nil {
		close(h.stop)
		<-h.done
		h.stop = nil
	}
}
