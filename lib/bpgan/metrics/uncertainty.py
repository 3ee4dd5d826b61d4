"""How sure a comparison over a handful of seeds can be: exact tests and a bootstrap interval.

Notebook 08 compares recipes over ten seeds each. Ten runs are few: a difference of one seed in ten, or of
a mode on average, can be chance. These helpers say how often chance alone would give a difference as large:

- :func:`permutation_p` — two groups of numbers (modes covered at the end, one per seed): the exact two-sided
  permutation test of the difference of their means. Every way of splitting the pooled numbers into groups of
  the same sizes is tried (184,756 splits for 10 + 10), so the p-value is exact, not sampled.
- :func:`fisher_p` — two counts of yes/no outcomes (seeds that collapsed, out of ten): Fisher's exact test.
- :func:`bootstrap_interval` — a percentile bootstrap interval for one group's mean: how far it could move
  with other seeds. With ten seeds and whole-number outcomes it is rough; it is shown beside the exact tests,
  not in place of them.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from scipy import stats

from bpgan.validate import as_count, as_float_array, as_seed

MAX_SPLITS = 2_000_000       # splits an exact permutation test may enumerate (10 + 10 needs 184,756)


def _group(values, name: str) -> np.ndarray:
    group = as_float_array(values, name, ndim=1)
    if len(group) < 2:
        raise ValueError(f"{name} needs at least 2 values (one per seed); got {len(group)}")
    return group


def permutation_p(a, b) -> float:
    """Exact two-sided p-value of mean(a) − mean(b) under the null that the labels a and b do not matter.

    The share of all splits of the pooled values into groups of len(a) and len(b) whose difference of means is
    at least as far from 0 as the observed one (ties count, so the observed split itself does).
    """
    a, b = _group(a, "a"), _group(b, "b")
    splits = math.comb(len(a) + len(b), len(a))
    if splits > MAX_SPLITS:
        raise ValueError(f"an exact test of {len(a)} + {len(b)} values would try {splits:,} splits (at most "
                         f"{MAX_SPLITS:,}): use fewer values")
    pooled = np.concatenate([a, b])
    chosen = np.fromiter(itertools.chain.from_iterable(itertools.combinations(range(len(pooled)), len(a))),
                         dtype=np.int64, count=splits * len(a)).reshape(splits, len(a))
    sums = pooled[chosen].sum(axis=1)
    differences = sums / len(a) - (pooled.sum() - sums) / len(b)
    observed = abs(a.mean() - b.mean())
    return float(np.mean(np.abs(differences) >= observed - 1e-12 * max(1.0, observed)))


def fisher_p(yes_a: int, n_a: int, yes_b: int, n_b: int) -> float:
    """Fisher's exact two-sided p-value for ``yes_a`` of ``n_a`` against ``yes_b`` of ``n_b``."""
    for name, count, total in (("yes_a", yes_a, n_a), ("yes_b", yes_b, n_b)):
        as_count(total, f"n_{name[-1]}")
        as_count(count, name, minimum=0)
        if count > total:
            raise ValueError(f"{name} ({count}) cannot exceed its total ({total})")
    table = [[yes_a, n_a - yes_a], [yes_b, n_b - yes_b]]
    return float(stats.fisher_exact(table, alternative="two-sided").pvalue)


def bootstrap_interval(values, *, level: float = 0.95, resamples: int = 10_000, seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval (low, high) for the mean of ``values``, from ``resamples`` resamplings."""
    values = _group(values, "values")
    if not 0 < level < 1:
        raise ValueError(f"level must lie strictly between 0 and 1; got {level!r}")
    resamples = as_count(resamples, "resamples")
    rng = np.random.default_rng(as_seed(seed))
    means = rng.choice(values, size=(resamples, len(values)), replace=True).mean(axis=1)
    tail = (1 - level) / 2
    low, high = np.quantile(means, [tail, 1 - tail])
    return float(low), float(high)
