#!/usr/bin/env bash
# The ablation table of docs/training.md from benchmarks/train/ablation.sh's
# results: per architecture, ε and configuration, the clean and
# IBP-verified test error of the last epoch, mean ± sample standard
# deviation over the seeds run so far, and the verified error's change
# relative to the default configuration's run with the same seed (same
# initialisation and data order but for the ingredient), mean over the
# seeds with the smallest and largest in brackets (negative: better).
#
# Rows are grouped by architecture, ε and schedule.
#
# Usage: benchmarks/train/table.sh RESULTS.CSV
set -euo pipefail
(($# == 1)) || { echo "usage: $0 RESULTS.CSV" >&2; exit 2; }
order="default no-init no-bn no-reg precise-bn kappa train-eps l1 ctbench pbn-l1 pbn-kappa"
awk -F, -v order="$order" '
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{
	grp = $col["arch"] SUBSEP $col["eps"] SUBSEP $col["schedule"]
	k = grp SUBSEP $col["config"]
	n[k]++
	c = 100 * $col["clean_err"]; v = 100 * $col["verified_err"]
	sc[k] += c; sc2[k] += c * c; sv[k] += v; sv2[k] += v * v
	ver[k SUBSEP $col["seed"]] = v; seeds[k] = seeds[k] " " $col["seed"]
	if (!(grp in seen)) { seen[grp] = 1; groups[++ng] = grp }
	if (!($col["config"] in known)) { known[$col["config"]] = 1; extra[++nx] = $col["config"] }
	cpu[$col["cpu"]] = 1
}
function sd(s, s2, m) { return m > 1 ? sqrt(((s2 - s * s / m) > 0 ? (s2 - s * s / m) : 0) / (m - 1)) : 0 }
END {
	nc = split(order, cfg, " ")
	for (i = 1; i <= nc; i++) listed[cfg[i]] = 1
	# configurations not in the list (tuning ones, combinations) follow in
	# the order they first appear
	for (i = 1; i <= nx; i++) if (!(extra[i] in listed)) cfg[++nc] = extra[i]
	print "| arch | ε | schedule | configuration | seeds | clean error % | IBP-verified error % | verified vs default, same seed |"
	print "|---|---|---|---|---|---|---|---|"
	for (g = 1; g <= ng; g++) {
		split(groups[g], ae, SUBSEP)
		d = groups[g] SUBSEP "default"
		for (i = 1; i <= nc; i++) {
			k = groups[g] SUBSEP cfg[i]
			if (!(k in n)) continue
			m = n[k]
			rel = "—"
			if (cfg[i] != "default") {
				np = split(seeds[k], ss, " "); cnt = 0; sum = 0; lo = 1e9; hi = -1e9
				for (j = 1; j <= np; j++) {
					if (!((d SUBSEP ss[j]) in ver) || ver[d SUBSEP ss[j]] <= 0) continue
					x = 100 * (ver[k SUBSEP ss[j]] / ver[d SUBSEP ss[j]] - 1)
					cnt++; sum += x; if (x < lo) lo = x; if (x > hi) hi = x
				}
				if (cnt == 1) rel = sprintf("%+.1f %%", sum)
				else if (cnt > 1) rel = sprintf("%+.1f %% [%+.1f, %+.1f]", sum / cnt, lo, hi)
			}
			printf "| %s | %s | %s | %s | %d | %.2f ± %.2f | %.2f ± %.2f | %s |\n", ae[1], ae[2], ae[3], cfg[i], m, sc[k] / m, sd(sc[k], sc2[k], m), sv[k] / m, sd(sv[k], sv2[k], m), rel
		}
	}
	for (c in cpu) printf "\nCPU: %s\n", c
}' "$1"
