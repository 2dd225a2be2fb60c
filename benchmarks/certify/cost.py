#!/usr/bin/env python3
"""Summarise benchmarks/certify/cost.sh rows: per model, ε and binary, the
deployed / real wall-time ratio of each round, its mean with a bootstrap
95 % interval over rounds, the CPU-time ratio, median times and the
certified counts.

Usage: benchmarks/certify/cost.py RESULTS.csv
"""
import csv
import random
import statistics as st
import sys


def boot(v, n=4000):
    rng = random.Random(1)
    means = sorted(st.mean(rng.choices(v, k=len(v))) for _ in range(n))
    return means[int(0.025 * n)], means[int(0.975 * n) - 1]


def main(path):
    rounds = {}
    for r in csv.DictReader(open(path)):
        key = (r["model"], r["eps"], r["bin"], r["cpu"])
        rounds.setdefault(key, {}).setdefault(r["round"], {})[r["claim"]] = r
    print("| model | ε | binary | rounds | deployed / real (wall) | CPU | real s | deployed s | certified real → deployed | CPU model |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (model, eps, binary, cpu), by in sorted(rounds.items()):
        pairs = [d for d in by.values() if "real" in d and "deployed" in d]
        if not pairs:
            continue
        wall = [float(d["deployed"]["wall_s"]) / float(d["real"]["wall_s"]) for d in pairs]
        cpus = [float(d["deployed"]["cpu_s"]) / float(d["real"]["cpu_s"]) for d in pairs]
        lo, hi = boot(wall)
        real = st.median(float(d["real"]["wall_s"]) for d in pairs)
        dep = st.median(float(d["deployed"]["wall_s"]) for d in pairs)
        cert = f'{pairs[0]["real"]["certified"]} → {pairs[0]["deployed"]["certified"]}'
        print(f"| {model} | {eps} | {binary} | {len(pairs)} | {st.mean(wall):.3f} [{lo:.3f}, {hi:.3f}] | "
              f"{st.mean(cpus):.3f} | {real:.2f} | {dep:.2f} | {cert} | {cpu} |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
