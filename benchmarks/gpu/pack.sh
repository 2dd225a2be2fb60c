#!/usr/bin/env bash
# Pack what benchmarks/gpu/run.sh needs on a machine that has libtorch (a
# PyTorch install) but no Go toolchain and no network, into one file that can
# travel with the working tree: build/gpu-bundle.tar.xz (ignored folder).
#
# It holds: a trimmed Go toolchain (the go command, compile, link, cgo, asm,
# the standard library's sources without tests), the pristine gotch source
# (cmd/gotchprep prepares it there against that machine's libtorch), a
# prebuilt gotchprep, and vendor/ with every module the torch build imports
# (made from build/go.torch.mod, so `make torch-prep` must have run here).
#
# Usage: bash benchmarks/gpu/pack.sh        (from the repository root)
set -euo pipefail
cd "$(git rev-parse --show-toplevel 2>/dev/null || pwd)"
test -f build/go.torch.mod || { echo "pack.sh: run 'make torch-prep' first" >&2; exit 1; }

out=build/gpu-bundle
rm -rf "$out" build/gpu-bundle.tar.xz
mkdir -p "$out/go/bin" "$out/go/pkg/tool/linux_amd64" "$out/go/pkg"

# 1. Trimmed Go toolchain (about 60 MB unpacked, far less packed).
goroot=$(go env GOROOT)
cp "$goroot/bin/go" "$out/go/bin/"
for t in compile link cgo asm vet; do cp "$goroot/pkg/tool/linux_amd64/$t" "$out/go/pkg/tool/linux_amd64/"; done
cp -r "$goroot/pkg/include" "$out/go/pkg/"
cp "$goroot/VERSION" "$goroot/go.env" "$out/go/"
(cd "$goroot" && find src -path src/cmd -prune -o -type d -name testdata -prune -o -type f ! -name '*_test.go' -print0 |
	tar --null -T - -cf -) | tar -xf - -C "$out/go"
# The go command reads src/cmd/go.mod and friends only to build commands; std needs none of src/cmd.

# 2. Pristine gotch and a prebuilt gotchprep (pure Go, static).
gotch=$(go mod download -json github.com/sugarme/gotch@v0.9.1 | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
mkdir -p "$out/gotch"
(cd "$gotch" && tar --exclude=./example --exclude=./gen --exclude='*_test.go' -cf - .) | tar -xf - -C "$out/gotch"
chmod -R u+w "$out/gotch"
CGO_ENABLED=0 go build -o "$out/gotchprep" ./cmd/gotchprep

# 3. Every module package the torch build and its tests import.
GOFLAGS="$(go env GOFLAGS) -modfile=build/go.torch.mod" go mod vendor -o "$out/vendor"

tar -C build -cJf build/gpu-bundle.tar.xz gpu-bundle
du -sh "$out" build/gpu-bundle.tar.xz
