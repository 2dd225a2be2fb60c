package certtrain

import (
	"math/rand/v2"

	"github.com/verify-tools/verify/ibp/data"
)

// Streams of the run's random numbers; each is a PCG seeded with the run
// seed and a stream number, so any epoch or batch can be replayed on resume.
const (
	streamInit    = 0x1417
	streamShuffle = 0x5f0e
	streamAugment = 0xa097
)

// batches is the training data in batches of a fixed size: a full pass per
// epoch in an order fixed by the seed and the epoch. The last incomplete
// batch is dropped (BatchNorm statistics of a tiny batch are noise) unless
// the data holds less than one batch.
type batches struct {
	set     *data.Set
	n       int // samples used
	size    int
	augment bool
	seed    uint64
}

func newBatches(set *data.Set, limit, size int, augment bool, seed uint64) *batches {
	n := set.Len()
	if limit > 0 && limit < n {
		n = limit
	}
	if size > n {
		size = n
	}
	return &batches{set: set, n: n, size: size, augment: augment, seed: seed}
}

// Steps is the number of batches per epoch.
func (b *batches) Steps() int { return b.n / b.size }

// order is the sample order of an epoch.
func (b *batches) order(epoch int) []int {
	return rand.New(rand.NewPCG(b.seed^streamShuffle, uint64(epoch))).Perm(b.n)
}

// fill writes batch k of an epoch (given its order) as pixels in [0, 1]
// ([N, C, H, W], row-major) and labels.
func (b *batches) fill(order []int, epoch, k int, x []float32, y []int64) {
	idx := order[k*b.size : (k+1)*b.size]
	size := b.set.ImageSize()
	var rng *rand.Rand
	if b.augment {
		rng = rand.New(rand.NewPCG(b.seed^streamAugment, uint64(epoch)<<32|uint64(k)))
	}
	for i, s := range idx {
		dst := x[i*size : (i+1)*size]
		raw := b.set.RawImage(s)
		if rng != nil {
			cropFlip(dst, raw, b.set.Shape, rng.IntN(5)-2, rng.IntN(5)-2, rng.IntN(2) == 1)
		} else {
			for j, v := range raw {
				dst[j] = float32(v) / 255
			}
		}
		y[i] = int64(b.set.Labels[s])
	}
}

// cropFlip is the paper's CIFAR augmentation for one image: pad by 2 with
// zeros, crop back to the original size at offset (dy, dx) ∈ [−2, 2]², and
// mirror horizontally when flip is set.
func cropFlip(dst []float32, raw []byte, shape [3]int, dy, dx int, flip bool) {
	c, h, w := shape[0], shape[1], shape[2]
	for ch := 0; ch < c; ch++ {
		for i := 0; i < h; i++ {
			for j := 0; j < w; j++ {
				sj := j
				if flip {
					sj = w - 1 - j
				}
				si, sj := i+dy, sj+dx
				v := float32(0)
				if si >= 0 && si < h && sj >= 0 && sj < w {
					v = float32(raw[(ch*h+si)*w+sj]) / 255
				}
				dst[(ch*h+i)*w+j] = v
			}
		}
	}
}
