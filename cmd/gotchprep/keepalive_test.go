package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKeepArgsAlive(t *testing.T) {
	const src = `package ts

import (
	lib "github.com/sugarme/gotch/libtch"
)

type Tensor struct{ ctensor lib.Ctensor }
type Scalar struct{ cscalar lib.Cscalar }

func (ts *Tensor) Add(other *Tensor, del bool) (*Tensor, error) {
	lib.AtgAdd(nil, ts.ctensor, other.ctensor)
	return nil, nil
}

func Cat(tensors []*Tensor, dim int64) *Tensor {
	lib.AtgCat(nil, nil, len(tensors), dim)
	return nil
}

func (ts *Tensor) AddScalar(s *Scalar, _ *Tensor) {
	lib.AtgAddScalar(nil, ts.ctensor, s.cscalar)
}

func Dims(xs []int64, n int) { lib.AtgDims(nil, xs, n) }

func (ts *Tensor) Name() string { return "no C call" }
`
	dir := t.TempDir()
	name := filepath.Join(dir, "tensor.go")
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	n, err := keepArgsAlive(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("patched %d functions, want 3 (Add, Cat, AddScalar)", n)
	}
	b, _ := os.ReadFile(name)
	got := string(b)
	for _, tc := range []struct {
		fn, want string
	}{
		{"Add", "defer verifyKeepAlive(ts, other)"},
		{"Cat", "defer verifyKeepAlive(tensors)"},
		{"AddScalar", "defer verifyKeepAlive(ts, s)"},
	} {
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q missing in\n%s", tc.fn, tc.want, got)
		}
	}
	for _, bad := range []string{"verifyKeepAlive(xs", "verifyKeepAlive(ts)\n\treturn \"no"} {
		if strings.Contains(got, bad) {
			t.Errorf("unexpected %q in\n%s", bad, got)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "verify_keepalive.go")); err != nil {
		t.Errorf("helper file: %v", err)
	}
}

func TestSizeOutSlots(t *testing.T) {
	const src = `package ts

func (ts *Tensor) Add(other *Tensor) {
	ptr := (*lib.Ctensor)(unsafe.Pointer(C.malloc(0)))
	lib.AtgAdd(ptr, ts.ctensor, other.ctensor)
}

func Two() {
  ctensorPtr0 := (*lib.Ctensor)(unsafe.Pointer(C.malloc(0)))
  ctensorPtr1 := (*lib.Ctensor)(unsafe.Pointer(uintptr(unsafe.Pointer(ctensorPtr0)) + unsafe.Sizeof(ctensorPtr0)))
}

func Loop() {
	for i := 0; i < 3; i++ {
		outputPtr := (*lib.Ctensor)(unsafe.Pointer(C.malloc(0)))
		defer C.free(unsafe.Pointer(outputPtr))
	}
}
`
	dir := t.TempDir()
	name := filepath.Join(dir, "tensor.go")
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	n, err := sizeOutSlots(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("patched %d allocations, want 3", n)
	}
	b, _ := os.ReadFile(name)
	got := string(b)
	for _, want := range []string{
		"\tptr := (*lib.Ctensor)(unsafe.Pointer(C.malloc(64)))\n\tdefer C.free(unsafe.Pointer(ptr))\n\tlib.AtgAdd",
		"  ctensorPtr0 := (*lib.Ctensor)(unsafe.Pointer(C.malloc(64)))\n  defer C.free(unsafe.Pointer(ctensorPtr0))\n  ctensorPtr1",
		"\t\toutputPtr := (*lib.Ctensor)(unsafe.Pointer(C.malloc(64)))\n\t\tdefer C.free(unsafe.Pointer(outputPtr))\n\t}",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "malloc(0)") {
		t.Errorf("a malloc(0) is left:\n%s", got)
	}
}
