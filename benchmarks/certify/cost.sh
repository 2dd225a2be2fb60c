#!/usr/bin/env bash
# What the deployed claim costs (docs/certificates.md): each round runs
# every binary given on the model, the real claim and then the deployed
# one (`verify certify --attack none --batch 256`), and appends one row
# per run to OUT (wall and CPU seconds, certified samples, the CPU model).
# Binaries alternate within a round, so a slow spell of a shared machine
# touches them alike; cost.py turns the rows into per-round ratios.
#
# Usage: benchmarks/certify/cost.sh OUT ROUNDS MODEL EPS LIMIT BIN...
#   LIMIT 0 certifies the whole test split; DATA (data/mnist) is the data.
# A rerun appends more rounds (their numbers go on from the last).
set -euo pipefail
(($# >= 6)) || { echo "usage: $0 OUT ROUNDS MODEL EPS LIMIT BIN..." >&2; exit 2; }
out=$1 rounds=$2 model=$3 eps=$4 limit=$5
shift 5
data=${DATA:-data/mnist}
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1 | tr -s ' ,' ' ')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
header=round,bin,claim,model,eps,limit,wall_s,cpu_s,certified,cpu,date
[[ -s $out ]] || echo "$header" >"$out"
first=$(awk -F, 'NR > 1 && $1 ~ /^[0-9]+$/ && $1 + 0 > m { m = $1 + 0 } END { print m + 0 }' "$out")
for r in $(seq $((first + 1)) $((first + rounds))); do
	for bin in "$@"; do
		for claim in real deployed; do
			args=(certify --model "$model" --data-dir "$data" --eps "$eps" --limit "$limit"
				--attack none --batch 256 --quiet --out "$tmp/cert.json")
			[[ $claim == deployed ]] && args+=(--deployed float32)
			/usr/bin/time -f '%e %U %S' -o "$tmp/time" "$bin" "${args[@]}" >/dev/null
			read -r wall user sys <"$tmp/time"
			certified=$(jq '.summary.certified' "$tmp/cert.json")
			echo "$r,$(basename "$bin"),$claim,$model,$eps,$limit,$wall,$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }'),$certified,$cpu,$(date -u +%FT%TZ)" >>"$out"
		done
	done
	echo "cost: round $r done"
done
