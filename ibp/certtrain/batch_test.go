package certtrain

import (
	"slices"
	"testing"

	"github.com/verify-tools/verify/ibp/data"
)

func TestCropFlip(t *testing.T) {
	// One channel 3×3 image with pixels 1..9 (as bytes 1..9).
	raw := []byte{1, 2, 3, 4, 5, 6, 7, 8, 9}
	shape := [3]int{1, 3, 3}
	px := func(vals ...float32) []float32 {
		for i := range vals {
			vals[i] /= 255
		}
		return vals
	}
	cases := []struct {
		dy, dx int
		flip   bool
		want   []float32
	}{
		{0, 0, false, px(1, 2, 3, 4, 5, 6, 7, 8, 9)},
		{0, 0, true, px(3, 2, 1, 6, 5, 4, 9, 8, 7)},
		{1, 0, false, px(4, 5, 6, 7, 8, 9, 0, 0, 0)},
		{0, -2, false, px(0, 0, 1, 0, 0, 4, 0, 0, 7)},
	}
	for _, c := range cases {
		got := make([]float32, 9)
		cropFlip(got, raw, shape, c.dy, c.dx, c.flip)
		if !slices.Equal(got, c.want) {
			t.Errorf("dy %d dx %d flip %t: %v, want %v", c.dy, c.dx, c.flip, got, c.want)
		}
	}
}

func TestBatchesCoverEpoch(t *testing.T) {
	set := &data.Set{Shape: [3]int{1, 1, 1}, Classes: 10}
	for i := 0; i < 10; i++ {
		set.Raw = append(set.Raw, byte(i))
		set.Labels = append(set.Labels, uint8(i))
	}
	b := newBatches(set, 9, 4, false, 7)
	if b.Steps() != 2 {
		t.Fatalf("steps %d, want 2 (9 samples, batch 4, last one dropped)", b.Steps())
	}
	o1, o2 := b.order(1), b.order(2)
	if slices.Equal(o1, o2) {
		t.Error("two epochs in the same order")
	}
	if !slices.Equal(o1, b.order(1)) {
		t.Error("an epoch's order is not reproducible")
	}
	x, y := make([]float32, 4), make([]int64, 4)
	seen := map[int64]bool{}
	for k := 0; k < b.Steps(); k++ {
		b.fill(o1, 1, k, x, y)
		for i := range y {
			if x[i] != float32(y[i])/255 {
				t.Fatalf("pixel %v does not belong to label %d", x[i], y[i])
			}
			if y[i] >= 9 || seen[y[i]] {
				t.Fatalf("sample %d repeated or beyond the limit", y[i])
			}
			seen[y[i]] = true
		}
	}
}
