#!/usr/bin/env bash
# Which CaDiCaL `make build` links, as shell assignments for eval:
#   CADICAL_TAG (cadical or empty), CGO_CPPFLAGS, CGO_LDFLAGS, CADICAL_PKG
# (the Debian package and version, for `verify version`).
#
# CADICAL=1 (the default: on the hard suite 1.5.3's PAR-2 is the lower,
# docs/benchmarks.md) prefers Debian 12's system libcadical-dev 1.5.3,
# CADICAL=2 the 2.x library downloaded into CADICAL2_DIR by `make deps`
# (benchmarks/debian/fetch.sh); each falls back to the other. A library counts when a probe
# program compiles, links statically (with sat/engine/cadical_shim.c) and
# runs: it prints the library's version and solves a two-clause formula.
# Each fallback is said in one line on stderr; without any, CADICAL_TAG is
# empty and the build is pure Go.
set -uo pipefail
want=${CADICAL:-1}
dir=${CADICAL2_DIR:-build/cadical2}
cxx=${CXX:-g++}
cc=${CC:-gcc}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
say() { printf 'make build: %s\n' "$*" >&2; }

cat >"$tmp/probe.cpp" <<'CPP'
#include <cadical.hpp>
#include <cstdio>
int main() {
  CaDiCaL::Solver s;
  s.add(1); s.add(2); s.add(0); s.add(-1); s.add(0);
  int r = s.solve();
  std::printf("%s\n", CaDiCaL::Solver::version());
  return r == 10 && s.val(2) > 0 ? 0 : 1;
}
CPP

# probe CPPFLAGS LDFLAGS: compile, link and run; prints the version.
probe() {
	"$cc" -c -o "$tmp/shim.o" "$root/sat/engine/cadical_shim.c" 2>"$tmp/err" &&
		"$cxx" -std=c++11 $1 "$tmp/probe.cpp" "$tmp/shim.o" -o "$tmp/probe" $2 -l:libcadical.a 2>>"$tmp/err" &&
		"$tmp/probe" 2>>"$tmp/err"
}

if [[ $(go env CGO_ENABLED 2>/dev/null) != 1 ]]; then
	say "cgo is off (no C compiler?): bin/verify is pure Go with the gini engine"
	echo "CADICAL_TAG="
	exit 0
fi
arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
inc=$root/$dir/usr/include/cadical lib=$root/$dir/usr/lib/$arch

try2() { # CaDiCaL 2.x from the download
	if [[ ! -r $inc/cadical.hpp || ! -r $lib/libcadical.a ]]; then
		say "CaDiCaL 2.x not downloaded ($dir: 'make deps' or 'make cadical2' fetches it)"
		return 1
	fi
	if ! v=$(probe "-I$inc" "-L$lib"); then
		say "CaDiCaL 2.x in $dir does not link or run here ($(head -c 300 "$tmp/err" | tr '\n' ' '))"
		return 1
	fi
	pkg=$(awk '$1 == "libcadical-dev" {print $1 " " $2}' "$root/$dir/VERSIONS" 2>/dev/null)
	printf 'CADICAL_TAG=cadical\nCGO_CPPFLAGS=%q\nCGO_LDFLAGS=%q\nCADICAL_PKG=%q\n' "-I$inc" "-L$lib" "${pkg:-CaDiCaL $v}"
}

try1() { # Debian 12's system libcadical-dev 1.5.3
	if ! v=$(probe "" ""); then
		say "Debian's libcadical-dev (1.5.3) is not usable ('make deps' installs it)"
		return 1
	fi
	pkg=$(dpkg-query -W -f='${Package} ${Version}' libcadical-dev 2>/dev/null)
	printf 'CADICAL_TAG=cadical\nCGO_CPPFLAGS=\nCGO_LDFLAGS=\nCADICAL_PKG=%q\n' "${pkg:-CaDiCaL $v}"
}

if [[ $want == 2 ]]; then
	try2 || try1
else
	try1 || try2
fi || {
	say "no usable CaDiCaL: bin/verify is pure Go with the gini engine"
	echo "CADICAL_TAG="
}
