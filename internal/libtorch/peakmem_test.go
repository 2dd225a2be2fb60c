package libtorch

import "testing"

func TestPeakRSSSeesAnAllocation(t *testing.T) {
	if err := ResetPeakRSS(); err != nil {
		t.Fatal(err)
	}
	before, err := PeakRSS()
	if err != nil {
		t.Fatal(err)
	}
	const size = 256 << 20
	buf := make([]byte, size)
	for i := range buf {
		buf[i] = byte(i) // touch every page
	}
	after, err := PeakRSS()
	if err != nil {
		t.Fatal(err)
	}
	if after-before < size*9/10 {
		t.Errorf("peak RSS grew by %d bytes after touching %d", after-before, size)
	}
	_ = buf[len(buf)-1]
}
