package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// outSlotBytes is the size given to a call's output slots: room for 8
// tensor handles (the most any gotch binding writes is 6).
const outSlotBytes = 64

// outSlot matches gotch's output-slot allocation, optionally followed by
// the line that frees it.
var outSlot = regexp.MustCompile(`(?m)^([ \t]*)(\w+) := \(\*lib\.Ctensor\)\(unsafe\.Pointer\(C\.malloc\(0\)\)\)\n(?:([ \t]*)defer C\.free\(unsafe\.Pointer\((\w+)\)\)\n)?`)

// sizeOutSlots patches every file of the Go package in dir where gotch
// allocates the slots a libtorch call writes its output handles into.
// gotch asks for malloc(0) and writes one to six 8-byte handles into it:
// glibc happens to hand out 24 usable bytes, other allocators (jemalloc,
// tcmalloc, mimalloc) a smaller chunk whose neighbours the write corrupts.
// And the slot is never freed: every libtorch call leaked one chunk. Each
// allocation becomes malloc(outSlotBytes), freed when the function returns
// (the handles are copied out before that). It returns the number of
// allocations patched.
func sizeOutSlots(dir string) (int, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return 0, err
	}
	total := 0
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			return 0, err
		}
		n := 0
		out := outSlot.ReplaceAllStringFunc(string(src), func(m string) string {
			g := outSlot.FindStringSubmatch(m)
			indent, v := g[1], g[2]
			n++
			s := fmt.Sprintf("%s%s := (*lib.Ctensor)(unsafe.Pointer(C.malloc(%d)))\n", indent, v, outSlotBytes)
			if g[4] != "" && g[4] != v { // a free of something else: keep it
				s += g[3] + "defer C.free(unsafe.Pointer(" + g[4] + "))\n"
			}
			return s + indent + "defer C.free(unsafe.Pointer(" + v + "))\n"
		})
		if n == 0 {
			continue
		}
		if err := os.WriteFile(name, []byte(out), 0o644); err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}
