#!/usr/bin/env bash
# Compile check of the torch build against libtorch 2.x headers (docs/torch.md,
# "Compile checks against libtorch 2.x"). For each Debian suite named in SUITES
# (default: trixie = Debian 13 with libtorch 2.6, sid with the newest), it
#
#   1. downloads libtorch-dev and its libtorch2.x library package into
#      $OUT/<suite> with benchmarks/debian/fetch.sh (apt-get with its own
#      sources list, state and cache: nothing is installed, the system's apt
#      state is not touched; the Release files are verified with Debian's
#      archive keyring);
#   2. unpacks both with dpkg-deb -x into $OUT/<suite>/usr (Debian's layout:
#      include/, lib/<multiarch>/), which gotchprep accepts as LIBTORCH;
#   3. runs gotchprep against it into $OUT/<suite> (gotch copy, go.torch.mod)
#      and prints the bindings it dropped, with the compiler's reason, and
#      compares them with benchmarks/gpu/dropped/<version>.txt when recorded;
#   4. compiles every torch-tagged package given as argument (go build of
#      non-main packages: cgo, gotch's C++ wrapper and our Go code),
#      type-checks them with their tests and ./cmd/verify (go vet), and
#      links $OUT/<suite>/verify-torch against the downloaded libraries, so
#      every libtorch symbol that gotch and our cgo code use must exist there.
#
# The libraries of these suites need a newer glibc and libstdc++ than
# Debian 12's, so the links get -Wl,--allow-shlib-undefined (their own
# unresolved references are not checked) and the binary cannot run here.
# Any download, preparation, compile or link error fails the script.
#
# Usage: benchmarks/gpu/torch-compat.sh PKG...    (make torch-compat)
#   OUT=build/torch-compat  SUITES="trixie sid"  MIRROR=http://deb.debian.org/debian
set -euo pipefail
cd "$(git rev-parse --show-toplevel 2>/dev/null || pwd)"
root=$PWD
out=${OUT:-build/torch-compat}
suites=${SUITES:-trixie sid}
log() { printf 'torch-compat: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
(($# > 0)) || die "usage: $0 PKG... (the torch-tagged packages to compile)"
for c in go g++; do
	command -v $c >/dev/null || die "$c missing: this check needs Debian's apt and dpkg, and g++"
done
log "suites: $suites (downloads: benchmarks/debian/fetch.sh)"

mkdir -p "$out"
go build -o "$out/gotchprep" ./cmd/gotchprep
gotchprep=$root/$out/gotchprep

fetch() { # suite dir: download and unpack libtorch-dev and its library package
	"$root/benchmarks/debian/fetch.sh" "$1" "$2" 'libtorch-dev+libtorch[0-9][0-9.]*' ||
		die "$1: downloading libtorch-dev failed (above)"
}

pkgs=("$@")
ldflags="${CGO_LDFLAGS:-} -Wl,--allow-shlib-undefined"
goflags=$(go env GOFLAGS)
status=0
summary=()
for suite in $suites; do
	dir=$out/$suite
	ts=$(date +%s)
	fetch "$suite" "$root/$dir"
	# Prepare gotch for this libtorch; the stamp makes a rerun a no-op.
	LIBTORCH=$root/$dir/usr "$gotchprep" -install=false -q -out "$dir" -dropped >"$dir/dropped.txt"
	version=$(sed -n 's/.*"Version": "\(.*\)",/\1/p' "$dir/gotch/VERIFY_PREPARED.json" | head -n1)
	std=$(grep -o -- '-std=c++[0-9]*' "$dir/gotch/libtch/lib.go" | head -n1)
	log "$suite: libtorch $version ($std): gotchprep dropped $(wc -l <"$dir/dropped.txt") generated bindings:"
	sed 's/^/    /' "$dir/dropped.txt" >&2
	rec=benchmarks/gpu/dropped/$version.txt
	if [[ -f $rec ]]; then
		if ! diff <(cut -d: -f1 "$rec") <(cut -d: -f1 "$dir/dropped.txt") >"$dir/dropped.diff"; then
			log "$suite: the dropped bindings differ from $rec (< recorded, > now):"
			cat "$dir/dropped.diff" >&2
			log "  if that is intended, record them: cp $dir/dropped.txt $rec"
			status=1
		fi
	else
		log "$suite: no recorded list for libtorch $version; record it: cp $dir/dropped.txt $rec"
	fi
	# Compile. CGO_LDFLAGS reaches cgo's trial link of each package, whose
	# libtorch 2.x libraries need symbols of a newer glibc and libstdc++.
	tc=$(date +%s)
	log "$suite: compiling ${pkgs[*]} against libtorch $version (gotch's C++ takes minutes the first time)"
	gf="$goflags -tags=torch -modfile=$root/$dir/go.torch.mod"
	if CGO_LDFLAGS=$ldflags GOFLAGS=$gf go build "${pkgs[@]}" &&
		CGO_LDFLAGS=$ldflags GOFLAGS=$gf go vet "${pkgs[@]}" ./cmd/verify &&
		CGO_LDFLAGS=$ldflags GOFLAGS=$gf go build -o "$dir/verify-torch" ./cmd/verify; then
		summary+=("libtorch $version ($suite, $std): compiles and links; $(wc -l <"$dir/dropped.txt") bindings dropped; $(($(date +%s) - tc)) s compile, $(($(date +%s) - ts)) s in all")
	else
		summary+=("libtorch $version ($suite, $std): COMPILE ERROR (above)")
		status=1
	fi
done
for s in "${summary[@]}"; do log "$s"; done
exit $status
