#!/usr/bin/env bash
# Screens candidate instances for the hard suites (make hard-screen,
# docs/benchmarks.md). Resumable: an instance already in the results file
# for the same stage is skipped, unless its last record is 'unknown' under a
# lower cap than this run's (then it is screened again and the new record,
# appended, is the one that counts).
#
#   benchmarks/hard/screen.sh gen     GENERATED CANDIDATES
#   benchmarks/hard/screen.sh screen  CANDIDATES RESULTS.jsonl [CAP_S]
#   benchmarks/hard/screen.sh confirm CANDIDATES RESULTS.jsonl [CAP_S] [SOLVER]
#
# gen:     GENERATED has 'ID verify-gen-arguments' a line; writes each instance
#          to testdata/external/hard/ID.cnf with bin/verify (existing files are
#          kept) and lists 'ID PATH' pairs in CANDIDATES.
# CANDIDATES has one 'ID PATH' pair a line ('#' comments allowed); PATH is
# a DIMACS file (.xz/.gz allowed).
# screen:  runs Debian's cadical under a CPU-time limit (ulimit -t CAP_S,
#          default 150) and records its answer and CPU time (user+sys, from
#          getrusage via /usr/bin/time, robust to a shared machine); every
#          SAT model is checked against every clause (model=checked|WRONG).
# confirm: for each ID that cadical answered UNSAT in RESULTS in at least
#          MIN_CPU (environment, default 1) CPU seconds, runs a second
#          solver (minisat by default, or cryptominisat5 / picosat) under the
#          CPU limit (default 300) and records its answer.
# JOBS (environment, default 1) screens that many candidates at a time, lane
# k pinned to core k and taking the next candidate no lane took (CPU time is what is
# recorded, and one solver per core keeps it honest); records are appended
# under a lock.
# Each line of RESULTS is one JSON object:
#   {"id":..,"path":..,"stage":"screen|confirm","solver":..,"answer":"sat|unsat|unknown|error",
#    "cpu_s":..,"wall_s":..,"cap_s":..,"exit":..,"model":..}
# (unknown: the CPU limit; error: any other exit, e.g. a crash)
set -euo pipefail

stage=${1:?stage: gen, screen or confirm}
if [[ $stage == gen ]]; then
	gens=${2:?generated-instances file}
	cands=${3:?candidates file to write}
	mkdir -p "$(dirname "$cands")"
	: >"$cands.tmp"
	grep -v '^[[:space:]]*#' "$gens" | while read -r id args; do
		[[ -n $id ]] || continue
		path=testdata/external/hard/$id.cnf
		mkdir -p "$(dirname "$path")"
		# shellcheck disable=SC2086 # args are words
		[[ -f $path ]] || ${VERIFY:-bin/verify} gen $args -o "$path"
		echo "$id $path" >>"$cands.tmp"
	done
	mv "$cands.tmp" "$cands"
	exit 0
fi
cands=${2:?candidates file}
out=${3:?results file}
cap=${4:-}
solver=${5:-minisat}
case $stage in
screen) cap=${cap:-150} solver=cadical ;;
confirm) cap=${cap:-300} ;;
*) echo "hard-screen: unknown stage $stage (want screen or confirm)" >&2; exit 2 ;;
esac
mkdir -p "$(dirname "$out")"
touch "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat_cnf() {
	case $1 in
	*.xz) xz -dc "$1" ;;
	*.gz) gzip -dc "$1" ;;
	*.bz2) bzip2 -dc "$1" ;;
	*) cat "$1" ;;
	esac
}

# check_model CNF SOLVER_OUTPUT: prints "checked" when the 'v' lines satisfy
# every clause, else "WRONG".
check_model() {
	cat_cnf "$1" | awk -v model="$2" '
	BEGIN {
		while ((getline line < model) > 0) {
			if (line !~ /^v /) continue
			n = split(line, w, " ")
			for (i = 2; i <= n; i++) if (w[i] != 0) val[w[i]] = 1
		}
		bad = 0; sat = 0; any = 0
	}
	/^[cp%]/ { next }
	{
		for (i = 1; i <= NF; i++) {
			if ($i == 0) { if (any && !sat) bad++; sat = 0; any = 0; continue }
			any = 1
			if ($i in val) sat = 1
		}
	}
	END { if (any && !sat) bad++; print (bad == 0 ? "checked" : "WRONG") }'
}

# run_solver PATH: runs the stage's solver; sets ans, cpu, wall and rc (exit code), leaves
# the output in $work/out ($work: the lane's scratch folder).
run_solver() {
	local path=$1 in=$work/in.cnf
	rc=0
	# Every solver gets plain DIMACS without SATLIB's '%' trailer (CaDiCaL
	# rejects it; MiniSat and PicoSAT read no xz).
	cat_cnf "$path" | awk '/^%/ { exit } { print }' >"$in"
	case $solver in
	cadical) cmd=(cadical -q "$in") ;;
	minisat) cmd=(minisat -verb=0 "$in") ;;
	picosat) cmd=(picosat "$in") ;;
	cryptominisat5) cmd=(cryptominisat5 --verb=0 "$in") ;;
	*) echo "hard-screen: unknown solver $solver" >&2; exit 2 ;;
	esac
	(
		ulimit -t "$cap"
		exec nice -n 5 /usr/bin/time -f '%U %S %e' -o "$work/time" "${cmd[@]}"
	) >"$work/out" 2>"$work/err" || rc=$?
	read -r u s wall <"$work/time" || true
	# /usr/bin/time writes "Command terminated by signal" first when killed
	if ! [[ $u =~ ^[0-9.]+$ ]]; then read -r u s wall < <(tail -n 1 "$work/time"); fi
	cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
	ans=unknown
	if grep -q '^s SATISFIABLE\|^SATISFIABLE' "$work/out"; then ans=sat; fi
	if grep -q '^s UNSATISFIABLE\|^UNSATISFIABLE' "$work/out"; then ans=unsat; fi
	case $rc in
	10) [[ $ans == sat ]] || ans=error ;;
	20) [[ $ans == unsat ]] || ans=error ;;
	137 | 152) ans=unknown ;; # SIGKILL / SIGXCPU: the CPU limit
	*) ans=error ;;        # a crash or a rejected input: never 'unknown'
	esac
	rm -f "$work/in.cnf"
}

declare -A cadical_unsat
if [[ $stage == confirm ]]; then
	# only answers worth confirming: UNSAT in at least MIN_CPU (default 1) s
	while read -r id cpu; do
		awk -v c="$cpu" -v m="${MIN_CPU:-1}" 'BEGIN { exit !(c >= m) }' && cadical_unsat[$id]=1
	done < <(grep '"stage":"screen"' "$out" | grep '"answer":"unsat"' |
		sed 's/^{"id":"\([^"]*\)".*"cpu_s":\([0-9.]*\).*/\1 \2/')
fi

# lane K of JOBS: screens the candidates still to do, each lane claiming
# the next one no lane has claimed (a directory made atomically), so that
# the lanes share the work left however the finished records fall
lane() {
	local k=$1 id path prev pcap model
	work=$tmp/lane$k
	mkdir -p "$work" "$tmp/claims"
	grep -v '^[[:space:]]*#' "$cands" | while read -r id path; do
		[[ -n $id ]] || continue
		if prev=$(grep "^{\"id\":\"$id\",.*\"stage\":\"$stage\",\"solver\":\"$solver\"" "$out" | tail -n 1); then
			# done, unless the last try ran out of a lower cap than this one
			# (the newest record is the one cmd/hardsuite reads)
			[[ $prev == *'"answer":"unknown"'* ]] || continue
			pcap=$(sed 's/.*"cap_s":\([0-9.]*\).*/\1/' <<<"$prev")
			awk -v p="$pcap" -v c="$cap" 'BEGIN { exit !(p < c) }' || continue
		fi
		if [[ $stage == confirm && -z ${cadical_unsat[$id]:-} ]]; then continue; fi
		mkdir "$tmp/claims/$(md5sum <<<"$id" | cut -c1-32)" 2>/dev/null || continue
		if [[ ! -f $path ]]; then echo "hard-screen: $id: $path not found" >&2; exit 1; fi
		run_solver "$path"
		model=""
		if [[ $ans == sat && $solver == cadical ]]; then model=$(check_model "$path" "$work/out"); fi
		{
			flock 9
			printf '{"id":"%s","path":"%s","stage":"%s","solver":"%s","answer":"%s","cpu_s":%s,"wall_s":%s,"cap_s":%s,"exit":%s,"model":"%s"}\n' \
				"$id" "$path" "$stage" "$solver" "$ans" "$cpu" "$wall" "$cap" "$rc" "$model" >&9
		} 9>>"$out"
		echo "$id $solver $ans ${cpu}s $model" >&2
	done
}

jobs=${JOBS:-1}
if ((jobs <= 1)); then
	lane 0
	exit 0
fi
pids=()
for ((k = 0; k < jobs; k++)); do
	(
		taskset -c -p "$k" "$BASHPID" >/dev/null
		lane "$k"
	) &
	pids+=($!)
done
status=0
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit $status
