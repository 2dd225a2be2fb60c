#!/usr/bin/env bash
# Headroom of the two levers the GNN can pull before solving (docs/gnn.md,
# "Headroom"), measured on the dev half of a hard suite only:
#
#   config  every dev instance under CaDiCaL's built-in configurations
#           (default, sat, plain; CONFIGS lists the presets): the virtual
#           best against default is the ceiling of a per-instance choice,
#           and the runs are the configuration model's training data
#           (`make config-model`). unsat ran on the first 71 instances
#           only: it times out on SAT ones (CONFIGS="... verify-unsat");
#   phases  every SAT dev instance seeded with its own checked model, a
#           fraction f of the seeds negated at random (f = 0, 5, 10, 20,
#           30 %), at full coverage and at the default model's coverage
#           (64 % of the variables), beside the default phases and random
#           phases (the control): how accurate predictions must be to pay;
#   noise   the quick suite's dev half under 5 random-phase seeds: each
#           instance's spread under a perturbation that means nothing.
#
# Usage: benchmarks/gnn/headroom.sh BIN OUT [config|phases|noise]...
# Each part is one `verify bench` batch in OUT/PART, resumable; the models
# the phase part seeds are solved once into MODELS (build/headroom/models,
# kept; not in git).
set -euo pipefail
(($# >= 2)) || { echo "usage: $0 BIN OUT [config|phases|noise]..." >&2; exit 2; }
bin=$(realpath "$1") out=$2
shift 2
parts=${*:-config phases noise}
suite=${SUITE:-benchmarks/sat-hard.suite}
quick=${QUICK:-benchmarks/sat-hard-quick.suite}
timeout=${TIMEOUT:-300s}
jobs=${JOBS:-2}
models=${MODELS:-build/headroom/models}
mkdir -p "$out" "$models"
models=$(realpath "$models")

bench() { # PART SUITE SOLVER...
	local part=$1 s=$2
	shift 2
	local args=()
	for v in "$@"; do args+=(--solver "$v"); done
	"$bin" bench --suite "$s" --split dev "${args[@]}" --timeout "$timeout" --mem 8GiB --jobs "$jobs" --out "$out/$part"
}

for part in $parts; do
	case $part in
	config)
		# shellcheck disable=SC2086 # CONFIGS is a list of presets
		bench config "$suite" ${CONFIGS:-verify verify-sat verify-plain}
		;;
	phases)
		# The SAT dev instances, and each one's model from a plain solve
		# (checked by the solver before it is printed).
		sat=$out/sat-dev.suite
		{
			echo "# The SAT instances of $suite's dev half (benchmarks/gnn/headroom.sh); paths from the module root."
			grep -E '^[^#].* sat .*split=dev' "$suite"
		} >"$sat"
		grep -vE '^#' "$sat" | while read -r id _; do
			m=$models/$id.model
			[[ -s $m ]] && continue
			mkdir -p "$(dirname "$m")"
			code=0
			"$bin" solve --quiet --no-gnn "$id" >"$m.tmp" || code=$?
			[[ $code == 10 ]] || { echo "headroom: $id: exit $code, not SAT" >&2; exit 1; }
			mv "$m.tmp" "$m"
		done
		o() { # NAME KEEP FLIP
			echo "$1={self} solve --quiet --no-gnn --phases $models/{id}.model --phases-keep $2 --phases-flip $3 {file}"
		}
		bench phases "$sat" verify verify-random \
			"$(o oracle-f0 1 0)" "$(o oracle-f5 1 0.05)" "$(o oracle-f10 1 0.1)" "$(o oracle-f20 1 0.2)" "$(o oracle-f30 1 0.3)" \
			"$(o cov64-f0 0.64 0)" "$(o cov64-f10 0.64 0.1)" "$(o cov64-f20 0.64 0.2)"
		;;
	noise)
		r() { echo "random-$1={self} solve --quiet --no-gnn --random-phases $1 {file}"; }
		bench noise "$quick" verify "$(r 1)" "$(r 2)" "$(r 3)" "$(r 4)" "$(r 5)"
		;;
	*)
		echo "headroom: unknown part $part (config, phases, noise)" >&2
		exit 2
		;;
	esac
done
