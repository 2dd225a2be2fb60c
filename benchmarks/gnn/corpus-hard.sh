#!/bin/sh
# benchmarks/gnn/corpus-hard.sh: assemble the harder GNN corpus (docs/corpus.md,
# "The harder corpus") into OUT, without copying the shared data:
#
#   OUT/gen/FAMILY/      'verify gnn gen --size medium' (the nine corpus families)
#   OUT/hard/FAMILY/     the hard suites' generator families at sizes CaDiCaL
#                        solves in 0.01-1 s (verify gen), seeds disjoint from
#                        benchmarks/sat-hard.suite's
#   OUT/real/FAMILY/     symbolic links into ../shared/data (SATLIB, SAT09
#                        random-medium 3-SAT), never a file of benchmarks/sat-hard.suite
#
# Left out: SAT09 5-SAT and 7-SAT, and planted 5-SAT beyond six formulas: even
# with 10 s per solver call and 60 s per formula CaDiCaL proved no backbone
# literal of them (each probe's UNSAT side times out), so they would cost an
# hour of labelling and teach nothing. 'make corpus-hard' labels with 3 s per
# call and 15 s per formula; a formula cut short keeps the literals proven.
#
# Usage: corpus-hard.sh VERIFY OUT SHARED [SEED]
# Deterministic for a given verify binary and seed; files already there are
# kept, so a rerun after an interruption only adds what is missing.
set -eu
V=$1 OUT=$2 SHARED=$3 SEED=${4:-2}
[ -d "$SHARED/satlib" ] || { echo "corpus-hard.sh: $SHARED/satlib: no shared SAT data there" >&2; exit 1; }
SUITE=$(dirname "$0")/../sat-hard.suite
mkdir -p "$OUT/gen" "$OUT/hard" "$OUT/real"

echo "corpus-hard: verify gnn gen --size medium into $OUT/gen" >&2
"$V" gnn gen --quiet --out "$OUT/gen" --seed "$SEED" --count 12 --size medium

# hard FAMILY NAME SEEDS ARGS...: NAME-sS.cnf for seeds 1001..1000+SEEDS
# (the hard suites use seeds below 100).
hard() {
	fam=$1 name=$2 n=$3
	shift 3
	mkdir -p "$OUT/hard/$fam"
	i=1
	while [ "$i" -le "$n" ]; do
		s=$((1000 + i))
		f="$OUT/hard/$fam/$name-s$s.cnf"
		if [ ! -s "$f" ]; then
			# verify gen writes no "c group" line: the group is the parameters and
			# the seed (like verify gnn gen's), so a family of few parameter
			# sets still spreads over train, val and test.
			{ echo "c family $fam"; echo "c group $fam/$name/seed=$s"; "$V" gen "$@" --seed "$s"; } >"$f.tmp"
			mv "$f.tmp" "$f"
		fi
		i=$((i + 1))
	done
}
echo "corpus-hard: verify gen families into $OUT/hard" >&2
hard latin n36-h300 12 latin --n 36 --holes 300
hard latin n38-h320 12 latin --n 38 --holes 320
hard arx w16-r3-f18 10 arx --w 16 --rounds 3 --free 18
hard arx w16-r3-f20 10 arx --w 16 --rounds 3 --free 20
hard arx w16-r3-f22 10 arx --w 16 --rounds 3 --free 22
hard factor b28 12 factor --bits 28 --prime 0
hard factor b32 12 factor --bits 32 --prime 0
hard ksat k3-n200 16 ksat --k 3 --n 200 --ratio 4200 --planted 0
hard ksat k3-n250 16 ksat --k 3 --n 250 --ratio 4200 --planted 0
hard ksat k5-n120-planted 6 ksat --k 5 --n 120 --ratio 20000 --planted 1
hard xorsat k3-n120-r3 12 xorsat --k 3 --n 120 --r 3
hard xorsat k3-n140-r3 12 xorsat --k 3 --n 140 --r 3
hard colour k3-n400-d460-planted 12 colour --k 3 --n 400 --deg 460 --planted 1

# real FAMILY N FILE...: links to the first N files not in the hard suite.
real() {
	fam=$1 n=$2
	shift 2
	mkdir -p "$OUT/real/$fam"
	k=0
	for f in "$@"; do
		[ "$k" -lt "$n" ] || break
		[ -f "$f" ] || continue
		rel=${f#"$SHARED"/}
		grep -q "data/$rel " "$SUITE" && continue
		ln -sf "$(realpath "$f")" "$OUT/real/$fam/$(basename "$f")"
		k=$((k + 1))
	done
}
echo "corpus-hard: links into $SHARED for $OUT/real" >&2
D=$SHARED/satlib
R=$SHARED/sat09-random-medium
real uf200 40 "$D"/uniform_random/UF200.860.100/sat/*
real uf225 40 "$D"/uniform_random/UF225.960.100/sat/*
real uf250 40 "$D"/uniform_random/UF250.1065.100/sat/*
real bms 60 "$D"/backbone/BMS_k3_n100_m429/*
real rti 60 "$D"/backbone/RTI_k3_n100_m429/*
real sat09-3sat 30 "$R"/3SAT/SATISFIABLE/360/* "$R"/3SAT/SATISFIABLE/380/* "$R"/3SAT/SATISFIABLE/400/*
real qg 30 "$D"/quasigroup/qg*
real bmc 30 "$D"/bmc/*
real planning 30 "$D"/planning/*/*
real ii 60 "$D"/DIMACS/II/*
real jnh 60 "$D"/DIMACS/JNH/*
real aim 60 "$D"/DIMACS/AIM/*yes*
real ais 4 "$D"/ais/*
real parity 10 "$D"/DIMACS/PARITY/par8-* "$D"/DIMACS/PARITY/par16-*
real hanoi 2 "$D"/DIMACS/HANOI/*
echo "corpus-hard: $(find "$OUT/gen" "$OUT/hard" "$OUT/real" \( -name '*.cnf' -o -name '*.cnf.xz' \) | wc -l) formulas in $OUT" >&2
