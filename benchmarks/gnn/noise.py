#!/usr/bin/env python3
"""The noise table of docs/gnn.md ("Headroom"): how much of a virtual best
is luck. Reads the noise batch (default phases and 5 random-phase seeds per
instance, make headroom HEADROOM_PARTS=noise) and prints each instance's
spread over the seeds and the virtual best of the default with 1, 2 and 4
random-phase runs: the gain a "choice" among runs that differ only by luck
would show.

Usage: benchmarks/gnn/noise.py [DIR]   (default benchmarks/results/headroom/noise)
Intervals: percentile bootstrap over the instances, 10,000 resamples, seed 1.
"""
import collections
import csv
import itertools
import math
import statistics
import sys

from ratios import boot, geo, par2

out = sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results/headroom/noise"
times = collections.defaultdict(dict)
for r in csv.DictReader(open(f"{out}/results.csv")):
    solved = r["status"] in ("sat", "unsat")
    times[r["instance"]][r["solver"]] = max(float(r["time_s"]) if solved else 2 * float(r["timeout_s"]), 0.1)
seeds = [f"random-{k}" for k in range(1, 6)]
insts = sorted(i for i in times if all(s in times[i] for s in ["verify"] + seeds))
default = [times[i]["verify"] for i in insts]


spread = [max(times[i][s] for s in seeds) / min(times[i][s] for s in seeds) for i in insts]
print(f"{len(insts)} instances; spread over the 5 random-phase seeds (max/min time): "
      f"median {statistics.median(spread):.2f}×, largest {max(spread):.1f}×, over 2× on {sum(x > 2 for x in spread)}")
print("\n| runs | PAR-2 (s) | geometric mean [95 % CI] | PAR-2 ratio [95 % CI] |\n|---|---|---|---|")
print(f"| default phases | {sum(default) / len(insts):.2f} | 1 | 1 |")
r1 = [times[i]["random-1"] for i in insts]
print(f"| random phases, seed 1 | {sum(r1) / len(insts):.2f} | {boot(default, r1, geo)} | {boot(default, r1, par2)} |")
for k in (1, 2, 4):
    # virtual best of the default and k random-phase runs, averaged over
    # the choices of k seeds of the 5
    combos = list(itertools.combinations(seeds, k))
    vb = [statistics.mean(min([times[i]["verify"]] + [times[i][s] for s in c]) for c in combos) for i in insts]
    print(f"| virtual best of default + {k} random-phase run{'s' if k > 1 else ''} | {sum(vb) / len(insts):.2f} | {boot(default, vb, geo)} | {boot(default, vb, par2)} |")
