#!/usr/bin/env bash
# Download Debian packages of another suite (Debian 13 "trixie", the
# development suite "sid") as package files and unpack them into a folder,
# without installing anything: apt-get runs with its own sources list,
# state and cache under DIR/apt, the machine's apt state and packages are
# not touched, and the suite's Release file is verified with Debian's
# archive keyring. Prints, per package, its version and the .deb's SHA-256.
#
# Usage: benchmarks/debian/fetch.sh SUITE DIR PKG[+DEPREGEX]...
#   PKG+DEPREGEX also takes the packages PKG depends on at exactly its
#   version whose names match DEPREGEX (libtorch-dev+libtorch[0-9.]*: the
#   headers and their library package)
#   DIR/debs/*.deb, DIR/usr/... (dpkg-deb -x), DIR/VERSIONS ("PKG VERSION SHA256")
#   MIRROR (default: this machine's Debian mirror, else deb.debian.org)
#   KEYRING (default /usr/share/keyrings/debian-archive-keyring.gpg)
# An unchanged set of versions is not downloaded again.
set -euo pipefail
(($# >= 3)) || { echo "usage: $0 SUITE DIR PKG..." >&2; exit 2; }
suite=$1 dir=$2
shift 2
log() { printf 'debian-fetch %s: %s\n' "$suite" "$*" >&2; }
die() { log "$*"; exit 1; }
for c in apt-get apt-cache dpkg-deb dpkg sha256sum; do
	command -v "$c" >/dev/null || die "$c missing: this needs Debian's apt and dpkg"
done
keyring=${KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
test -r "$keyring" || die "$keyring missing: install debian-archive-keyring (it verifies the Release files)"
if [[ -z "${MIRROR:-}" ]]; then
	MIRROR=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
		grep -vE '^[[:space:]]*#' | grep -oE '(https?|ftp)://[^ ]*/debian/?( |$)' | head -n1 | tr -d ' ' || true)
	MIRROR=${MIRROR%/}
	MIRROR=${MIRROR:-http://deb.debian.org/debian}
fi
arch=$(dpkg --print-architecture)
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
a=$dir/apt
mkdir -p "$a/state/lists/partial" "$a/cache/archives/partial"
echo "deb [arch=$arch signed-by=$keyring] $MIRROR $suite main" >"$a/sources.list"
opts=(-o "Dir::Etc::SourceList=$a/sources.list" -o Dir::Etc::SourceParts=/dev/null
	-o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
	-o "Dir::State=$a/state" -o "Dir::Cache=$a/cache" -o Dir::State::status=/dev/null
	-o Acquire::Languages=none -o APT::Get::List-Cleanup=false)
[[ $(id -u) != 0 ]] || opts+=(-o APT::Sandbox::User=root)
apt-get -q "${opts[@]}" update >"$a/update.log" 2>&1 || { cat "$a/update.log" >&2; die "apt-get update failed (above)"; }
if grep -qE '^(W|E): .*(NO_PUBKEY|not signed|InRelease)' "$a/update.log"; then
	cat "$a/update.log" >&2
	die "the Release file could not be verified with $keyring"
fi
want=""
for arg in "$@"; do
	p=${arg%%+*} re=""
	[[ $arg == *+* ]] && re=${arg#*+}
	show=$(apt-cache "${opts[@]}" show --no-all-versions "$p" 2>/dev/null) || die "no package $p in $suite"
	v=$(sed -n 's/^Version: //p' <<<"$show" | head -n1)
	[[ -n $v ]] || die "no package $p in $suite"
	want+="$p=$v "
	if [[ -n $re ]]; then
		deps=$(sed -n 's/^Depends: //p' <<<"$show" | tr ',' '\n' | sed -nE "s/^ *($re) \(= [^)]*\).*/\1/p")
		[[ -n $deps ]] || die "$p $v depends on no package matching $re"
		for d in $deps; do want+="$d=$v "; done
	fi
done
if [[ $(cat "$dir/WANT" 2>/dev/null) != "$want" || ! -d $dir/usr ]]; then
	rm -rf "$dir/debs" "$dir/usr" "$dir/VERSIONS" && mkdir -p "$dir/debs"
	# shellcheck disable=SC2086
	(cd "$dir/debs" && apt-get -q "${opts[@]}" download $want >/dev/null) || die "apt-get download $want failed"
	for d in "$dir"/debs/*.deb; do
		dpkg-deb -x "$d" "$dir"
		printf '%s %s %s\n' "$(dpkg-deb -f "$d" Package)" "$(dpkg-deb -f "$d" Version)" "$(sha256sum "$d" | cut -d' ' -f1)" >>"$dir/VERSIONS"
	done
	echo "$want" >"$dir/WANT"
fi
while read -r p v sum; do log "$p $v sha256 $sum"; done <"$dir/VERSIONS"
