#!/usr/bin/env bash
# Compare the generated bindings that gotchprep dropped for a libtorch with
# what the compile checks (make torch-compat) recorded in
# benchmarks/gpu/dropped/<version>.txt for the nearest versions below and
# above it. A binding dropped by both neighbours is expected to be dropped;
# one dropped by neither is a surprise. Both are reported, neither is an
# error: gotchprep drops whatever does not compile, and the build goes on.
#
# Usage: expect-dropped.sh VERSION DROPPED_FILE    (VERSION e.g. 2.11.0+cu130)
# Exit status: 0 within the expectation, 1 outside it, 2 no neighbour recorded.
set -euo pipefail
cd "$(dirname "$0")/dropped"
v=${1%%+*}
got=$2
[[ $got = /* ]] || got=$OLDPWD/$got
log() { printf 'expect-dropped: %s\n' "$*" >&2; }
[[ -n $v ]] || { log "no version given"; exit 2; }

lo="" hi=""
for r in $(ls *.txt 2>/dev/null | sed 's/\.txt$//' | sort -V); do
	if [[ $(printf '%s\n%s\n' "$r" "$v" | sort -V | head -n1) == "$r" ]]; then lo=$r; fi
	if [[ -z $hi && $(printf '%s\n%s\n' "$v" "$r" | sort -V | head -n1) == "$v" ]]; then hi=$r; fi
done
[[ -n $lo || -n $hi ]] || { log "no recorded list near libtorch $v"; exit 2; }
lo=${lo:-$hi} hi=${hi:-$lo}
names() { cut -d: -f1 "$1" | sort -u; }
both=$(comm -12 <(names "$lo.txt") <(names "$hi.txt"))
either=$(sort -u <(names "$lo.txt") <(names "$hi.txt"))
now=$(names "$got")
kept=$(comm -23 <(printf '%s\n' "$both" | sed '/^$/d') <(printf '%s\n' "$now" | sed '/^$/d'))
new=$(comm -13 <(printf '%s\n' "$either" | sed '/^$/d') <(printf '%s\n' "$now" | sed '/^$/d'))
if [[ $lo == "$hi" ]]; then range="like libtorch $lo ($(names "$lo.txt" | wc -l) dropped, the nearest recorded)"
else range="between libtorch $lo ($(names "$lo.txt" | wc -l) dropped) and $hi ($(names "$hi.txt" | wc -l) dropped)"; fi
log "libtorch $v: expected $range; dropped now: $(printf '%s' "$now" | grep -c . || true)"
status=0
if [[ -n $kept ]]; then
	log "  dropped by both $lo and $hi but compiled here: $(echo $kept)"
	status=1
fi
if [[ -n $new ]]; then
	log "  dropped here but by neither $lo nor $hi: $(echo $new)"
	status=1
fi
((status)) || log "  within the expectation"
exit $status
