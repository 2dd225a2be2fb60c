"""Paired time ratios with percentile-bootstrap intervals over instances
(10,000 resamples, seed 1), for the scripts of this folder; the same
statistics `verify bench` prints (internal/stats), in Python."""
import math
import random


def boot(a, b, stat, resamples=10000):
    """stat(a, b) and its 95 % interval, resampling the pairs."""
    rnd, n, vals = random.Random(1), len(a), []
    for _ in range(resamples):
        idx = [rnd.randrange(n) for _ in range(n)]
        vals.append(stat([a[k] for k in idx], [b[k] for k in idx]))
    vals.sort()
    return f"{stat(a, b):.3f} [{vals[int(0.025 * resamples)]:.3f}, {vals[int(0.975 * resamples) - 1]:.3f}]"


def par2(a, b):
    """B's PAR-2 over A's."""
    return sum(b) / sum(a)


def geo(a, b):
    """Geometric mean of the per-instance ratios b/a."""
    return math.exp(sum(math.log(y / x) for x, y in zip(a, b)) / len(a))
