"""Numbers that judge a generator: how many modes it covers and how many of its samples are good.

On the 8-Gaussian ring every real sample lies within a few standard deviations of one of the eight
centres. A generated sample is *high quality* when it lies within ``3·std`` of its nearest centre; a
mode is *covered* when at least ``min_share`` of all samples are high-quality samples of that mode
(by default 1%, an eighth of the fair share of a mode of the ring). A collapsed generator scores few
modes; a blurry one scores a low high-quality fraction.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Coverage(NamedTuple):
    modes_covered: int
    high_quality: float          # fraction of samples within 3 std of their nearest centre
    per_mode: np.ndarray         # fraction of all samples that are high-quality samples of each mode


def mode_coverage(samples, centers, std: float, *, within: float = 3.0, min_share: float = 0.01) -> Coverage:
    """Modes covered and the high-quality fraction of ``samples`` (n, d) for mode ``centers`` (k, d)."""
    samples = np.asarray(samples.detach().cpu() if hasattr(samples, "detach") else samples, dtype=np.float64)
    centers = np.asarray(centers.detach().cpu() if hasattr(centers, "detach") else centers, dtype=np.float64)
    if samples.ndim != 2 or centers.ndim != 2 or samples.shape[1] != centers.shape[1] or len(samples) == 0:
        raise ValueError(f"samples must be (n, d) and centers (k, d) with the same d; got {samples.shape} and "
                         f"{centers.shape}")
    if not np.isfinite(samples).all():
        raise ValueError("samples contain NaN or infinite values: the generator has diverged")
    if not std > 0:
        raise ValueError(f"std must be positive, got {std}")
    distances = np.linalg.norm(samples[:, None, :] - centers[None, :, :], axis=2)     # (n, k)
    nearest = distances.argmin(axis=1)
    good = distances[np.arange(len(samples)), nearest] <= within * std
    per_mode = np.bincount(nearest[good], minlength=len(centers)) / len(samples)
    return Coverage(int(np.sum(per_mode >= min_share)), float(good.mean()), per_mode)
