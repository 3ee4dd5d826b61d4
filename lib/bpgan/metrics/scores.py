"""Scores for a batch of generated images, from a judge's class probabilities and features.

- **class coverage**: the entropy (in nats) of the histogram of predicted classes. A generator that
  draws every digit equally often scores log 10 ≈ 2.303; one that draws a single digit scores 0.
- **mean confidence**: the judge's average top-class probability; blurry or ambiguous digits lower it.
- **Fréchet distance** between two sets of features, each summarised by a Gaussian (mean μ, covariance Σ):
  ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^{1/2}). It is the FID of Heusel et al. (2017) computed in the
  judge's features instead of Inception's: 0 for identical statistics, growing as the sets part.
- **precision and recall** (Kynkäänniemi et al. 2019): one number for quality, one for coverage, where the
  Fréchet distance folds both into one. Around each real sample put a ball reaching its k-th nearest real
  neighbour; **precision** is the share of generated samples inside at least one real ball — samples that look
  like some real digit. Swap the roles for **recall**: the share of real samples inside some generated sample's
  ball — the real variety the generator reaches.

Every score takes numpy arrays (or tensors) with rows as samples.
"""

from __future__ import annotations

import warnings
from typing import NamedTuple

import numpy as np
from scipy import linalg

N_CLASSES = 10


def _rows(values, name: str, columns: int | None = None) -> np.ndarray:
    array = np.asarray(values.detach().cpu() if hasattr(values, "detach") else values, dtype=np.float64)
    if array.ndim != 2 or (columns is not None and array.shape[1] != columns):
        wanted = f"(n, {columns})" if columns is not None else "(n, d)"
        raise ValueError(f"{name} must have shape {wanted}, one row per sample; got {array.shape}")
    if len(array) == 0:
        raise ValueError(f"{name} is empty")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return array


def class_coverage(labels, n_classes: int = N_CLASSES) -> float:
    """Entropy (nats) of the histogram of integer class ``labels`` (n,): 0 for one class, log n_classes at most."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or len(labels) == 0 or labels.dtype.kind not in "iu":
        raise ValueError(f"labels must be a non-empty 1-D array of class numbers; got {labels.dtype}{labels.shape}")
    if labels.min() < 0 or labels.max() >= n_classes:
        raise ValueError(f"labels must lie in 0..{n_classes - 1}; got {labels.min()}..{labels.max()}")
    shares = np.bincount(labels, minlength=n_classes) / len(labels)
    shares = shares[shares > 0]
    return float(-(shares * np.log(shares)).sum()) + 0.0          # + 0.0 turns −0.0 into 0.0


def mean_confidence(probabilities) -> float:
    """The mean over samples of the top class probability, for ``probabilities`` of shape (n, classes)."""
    probabilities = _rows(probabilities, "probabilities")
    if (probabilities < 0).any() or not np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-4):
        raise ValueError("probabilities must be non-negative and sum to 1 in each row (apply softmax to logits)")
    return float(probabilities.max(axis=1).mean())


def frechet_distance(features_a, features_b) -> float:
    """The Fréchet distance between Gaussians fitted to two feature sets (n_a, d) and (n_b, d)."""
    a = _rows(features_a, "features_a")
    b = _rows(features_b, "features_b", columns=a.shape[1])
    if len(a) < 2 or len(b) < 2:
        raise ValueError(f"each set needs at least 2 samples for a covariance; got {len(a)} and {len(b)}")
    mu_a, mu_b = a.mean(axis=0), b.mean(axis=0)
    sigma_a, sigma_b = np.atleast_2d(np.cov(a, rowvar=False)), np.atleast_2d(np.cov(b, rowvar=False))
    with warnings.catch_warnings():
        # Features that are always 0 (dead ReLUs) make the covariances singular; the square root of a
        # singular PSD product is still well defined, and scipy's warning about it would only alarm.
        warnings.simplefilter("ignore", linalg.LinAlgWarning)
        root = linalg.sqrtm(sigma_a @ sigma_b)
    root = np.real(root)                     # round-off gives tiny imaginary parts for a PSD product
    distance = float(np.sum((mu_a - mu_b) ** 2) + np.trace(sigma_a + sigma_b - 2 * root))
    return max(distance, 0.0)                # round-off can dip a hair below 0 for identical sets


class PrecisionRecall(NamedTuple):
    precision: float         # generated samples inside the real samples' k-NN balls: quality
    recall: float            # real samples inside the generated samples' k-NN balls: coverage


def _squared_distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(len(a), len(b)) squared Euclidean distances, never below 0 (round-off)."""
    return np.maximum((a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2 * a @ b.T, 0.0)


def _inside_balls(points: np.ndarray, centres: np.ndarray, k: int) -> np.ndarray:
    """For each point, whether it lies within some centre's distance to that centre's k-th nearest other centre."""
    between = _squared_distances(centres, centres)
    radii = np.partition(between, k, axis=1)[:, k]          # column 0 of the sorted row is the centre itself
    inside = np.zeros(len(points), dtype=bool)
    for start in range(0, len(points), 1000):               # 1,000 points at a time: bounded memory
        chunk = _squared_distances(points[start:start + 1000], centres)
        inside[start:start + 1000] = (chunk <= radii[None, :]).any(axis=1)
    return inside


def precision_recall(real_features, generated_features, k: int = 3) -> PrecisionRecall:
    """Precision and recall of generated samples (n_g, d) against real ones (n_r, d), with k-NN balls.

    Both sets should have the same size: a larger set has smaller balls, and the numbers depend on it.
    """
    real = _rows(real_features, "real_features")
    generated = _rows(generated_features, "generated_features", columns=real.shape[1])
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k < min(len(real), len(generated)):
        raise ValueError(f"k must be a whole number from 1 to one less than the smaller set "
                         f"({min(len(real), len(generated)) - 1}); got {k!r}")
    return PrecisionRecall(float(_inside_balls(generated, real, k).mean()), float(_inside_balls(real, generated, k).mean()))
