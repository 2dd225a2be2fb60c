#!/usr/bin/env bash
# GPU proof: build verify's libtorch path against the PyTorch install of this
# machine and run one training step (forward, backward, SGD update) on CUDA.
#
# Meant for a machine with PyTorch (e.g. 2.11, CUDA 13) in its Python, gcc and
# g++, and no network. When `go` is not on PATH it uses build/gpu-bundle.tar.xz
# made by benchmarks/gpu/pack.sh on a machine with Go (see docs/torch.md).
# Idempotent: a run cut short continues from its caches in build/.
#
# Usage: bash benchmarks/gpu/run.sh            (from the repository root)
#   LIBTORCH=/path/to/torch  to skip asking python3 where torch is
#   REQUIRE_CUDA=0           to accept a CPU-only run (for a dry run)
set -euo pipefail
cd "$(git rev-parse --show-toplevel 2>/dev/null || pwd)"
root=$PWD
log() { printf 'gpu/run.sh: %s\n' "$*" >&2; }
t0=$(date +%s)

# 1. libtorch: the torch/ folder of the Python install. Its version and
#    layout are checked first, so that a surprise costs seconds, not the lease.
if [[ -z "${LIBTORCH:-}" ]]; then
	LIBTORCH=$(python3 -c 'import os, torch; print(os.path.dirname(torch.__file__))') ||
		{ log "python3 cannot import torch: set LIBTORCH to a PyTorch torch/ folder or a libtorch folder"; exit 2; }
fi
export LIBTORCH
torch_version=$(sed -n "s/^__version__ *= *['\"]\([^'\"]*\)['\"].*/\1/p" "$LIBTORCH/version.py" 2>/dev/null || true)
log "PyTorch ${torch_version:-(no version.py)} at LIBTORCH=$LIBTORCH"
python3 -c 'import torch; print("python torch", torch.__version__, "cuda", torch.version.cuda, "devices", torch.cuda.device_count())' || true
command -v nvidia-smi >/dev/null && nvidia-smi -L || true
need=(include/torch/csrc/api/include/torch/version.h include/ATen/ATen.h include/c10/core/Device.h lib/libtorch.so lib/libtorch_cpu.so lib/libc10.so)
[[ ${REQUIRE_CUDA:-1} == 0 ]] || need+=(lib/libtorch_cuda.so lib/libc10_cuda.so)
missing=()
for f in "${need[@]}"; do [[ -e $LIBTORCH/$f ]] || missing+=("$f"); done
if ((${#missing[@]})); then
	log "STOP: $LIBTORCH is not the layout gotchprep expects (a PyTorch torch/ folder or a libtorch folder"
	log "  with include/, include/torch/csrc/api/include/ and lib/); missing: ${missing[*]}"
	log "  (REQUIRE_CUDA=0 accepts a CPU-only install)"
	exit 2
fi

# 2. A C and C++ compiler (cgo, gotch's C++ wrapper).
for c in gcc g++; do command -v $c >/dev/null || { log "$c missing: gotch's C++ wrapper must be compiled here"; exit 2; }; done

# 3. Go: the one on PATH, else the packed toolchain.
prep=(go run ./cmd/gotchprep)
if ! command -v go >/dev/null; then
	test -f build/gpu-bundle.tar.xz || { log "no go on PATH and no build/gpu-bundle.tar.xz (make it with benchmarks/gpu/pack.sh)"; exit 2; }
	if [[ ! -x build/gpu-bundle/go/bin/go ]]; then
		log "unpacking build/gpu-bundle.tar.xz"
		tar -C build -xJf build/gpu-bundle.tar.xz
	fi
	export GOROOT=$root/build/gpu-bundle/go PATH=$root/build/gpu-bundle/go/bin:$PATH
	export GOTCHPREP_SRC=$root/build/gpu-bundle/gotch
	prep=("$root/build/gpu-bundle/gotchprep")
	bundle=1
fi
export GOTOOLCHAIN=local GOPROXY=off CGO_ENABLED=1
export GOCACHE=$root/build/gocache GOPATH=$root/build/gopath
go version

# 4. Prepare gotch for this libtorch (drops the bindings it cannot compile,
#    writes CUDA link flags, the C++ ABI and an rpath to $LIBTORCH/lib).
#    -print first: the facts and flags, or a clear error, in a second.
"${prep[@]}" -print -install=false | grep -E '"(Version|CUDA|ABI|ABISource)"|cgo' >&2 ||
	{ log "STOP: gotchprep cannot read this libtorch (above)"; exit 2; }
"${prep[@]}" -install=false -dropped >build/dropped.txt
log "gotchprep dropped $(wc -l <build/dropped.txt) generated bindings:"
sed 's/^/    /' build/dropped.txt >&2
bash benchmarks/gpu/expect-dropped.sh "${torch_version:-}" build/dropped.txt || true
flags="-buildvcs=false -tags=torch -modfile=$root/build/go.torch.mod"
if [[ -n "${bundle:-}" ]]; then
	# vendor/ comes from the bundle; refresh its gotch packages from the copy
	# prepared for this libtorch.
	# A vendor/ folder would switch every later go command here to vendor
	# mode, so it lives only while this script runs.
	test ! -e vendor || { log "vendor/ exists already; remove it first"; exit 2; }
	trap 'rm -rf "$root/vendor"' EXIT
	cp -r build/gpu-bundle/vendor vendor
	for d in $(sed -n 's|^github.com/sugarme/gotch\(/[^ ]*\)\{0,1\}$|.\1|p' vendor/modules.txt); do
		find "build/gotch/$d" -maxdepth 1 -type f ! -name '*_test.go' -exec cp {} "vendor/github.com/sugarme/gotch/$d/" \;
	done
	flags="$flags -mod=vendor"
fi
export GOFLAGS=$flags
log "building (the first compile of gotch's C++ takes minutes)"
tb=$(date +%s)
go build -o bin/verify-torch ./cmd/verify
go test -c -vet=off -o bin/libtorch.test ./internal/libtorch
log "built in $(( $(date +%s) - tb ))s"

# 5. What the binary sees, then the training step on CUDA.
bin/verify-torch doctor
export VERIFY_REQUIRE_CUDA=${REQUIRE_CUDA:-1}
(cd internal/libtorch && "$root/bin/libtorch.test" -test.v -test.run 'TestTrainStep|TestGradientsMatchFiniteDifferences|TestSetThreads')
log "done in $(( $(date +%s) - t0 ))s"
