#!/usr/bin/env python3
"""The configuration model's test-half table beyond `verify bench report`:
per-family PAR-2, and the random control's *expected* times — every
instance's time under a configuration drawn with the model's test-half
frequencies, averaged over the draws (from the same batch's columns of each
configuration), so the control carries no luck of one draw.

With the columns verify-random-config-2 and -3 (two more draws), also the
control averaged over the draws run.

Usage: benchmarks/gnn/config_control.py [DIR]   (default benchmarks/results/config-test)
Reads DIR/results.csv and DIR/choices.tsv (make bench-config). Intervals:
percentile bootstrap over the instances, 10,000 resamples, seed 1.
"""
import collections
import csv
import math
import sys

from ratios import boot, geo, par2

out = sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results/config-test"
column = {"default": "verify", "sat": "verify-sat", "plain": "verify-plain"}
times, family = collections.defaultdict(dict), {}
for r in csv.DictReader(open(f"{out}/results.csv")):
    solved = r["status"] in ("sat", "unsat")
    t = float(r["time_s"]) if solved else 2 * float(r["timeout_s"])
    times[r["instance"]][r["solver"]] = max(t, 0.1)
    family[r["instance"]] = r["family"]
chosen, freq = {}, {}
for line in open(f"{out}/choices.tsv"):
    if line.startswith("# ") and "chosen: " in line:
        freq = {k: float(v) for k, v in (p.split("=") for p in line.split("chosen: ")[1].strip().split(","))}
    elif not line.startswith("#"):
        f = line.rstrip("\n").split("\t")
        chosen[f[0]] = f[2]
insts = sorted(i for i in times if all(s in times[i] for s in ["verify", "verify-guide-config"] + [column[c] for c in freq]))
model = [times[i]["verify-guide-config"] for i in insts]
default = [times[i]["verify"] for i in insts]
expected = [sum(p * times[i][column[c]] for c, p in freq.items()) for i in insts]
expected_geo = [math.exp(sum(p * math.log(times[i][column[c]]) for c, p in freq.items())) for i in insts]


print(f"{len(insts)} instances; frequencies {freq}")
print(f"expected control: PAR-2 {sum(expected) / len(insts):.2f} s")
print(f"  vs default: geometric mean {boot(default, expected_geo, geo)}, PAR-2 {boot(default, expected, par2)}")
print(f"  over the model: geometric mean {boot(model, expected_geo, geo)}, PAR-2 {boot(model, expected, par2)}")
draws = [c for c in ["verify-random-config", "verify-random-config-2", "verify-random-config-3"] if all(c in times[i] for i in insts)]
if len(draws) > 1:
    mean = [sum(times[i][c] for c in draws) / len(draws) for i in insts]
    mean_geo = [math.exp(sum(math.log(times[i][c]) for c in draws) / len(draws)) for i in insts]
    print(f"mean of {len(draws)} draws ({', '.join(draws)}): PAR-2 {sum(mean) / len(insts):.2f} s")
    for c in draws:
        d = [times[i][c] for i in insts]
        print(f"  {c}: PAR-2 {sum(d) / len(insts):.2f} s, over the model: geometric mean {boot(model, d, geo)}, PAR-2 {boot(model, d, par2)}")
    print(f"  vs default: geometric mean {boot(default, mean_geo, geo)}, PAR-2 {boot(default, mean, par2)}")
    print(f"  over the model: geometric mean {boot(model, mean_geo, geo)}, PAR-2 {boot(model, mean, par2)}")
print("\n| family | n | chosen | default PAR-2 (s) | model PAR-2 (s) | model / default |\n|---|---|---|---|---|---|")
by = collections.defaultdict(list)
for k, i in enumerate(insts):
    by[family[i]].append(k)
for fam, ks in sorted(by.items()):
    d, m = sum(default[k] for k in ks), sum(model[k] for k in ks)
    picks = collections.Counter(chosen.get(insts[k], "?") for k in ks)
    print(f"| {fam} | {len(ks)} | {', '.join(f'{c} {n}' for c, n in sorted(picks.items()))} | {d / len(ks):.2f} | {m / len(ks):.2f} | {m / d:.3f} |")
