"""Stroke thickness of digit images: the measurable property behind "thin", "regular" and "thick".

A stroke of width w and length L covers about w·L pixels and has a boundary of about 2L pixels, so
thickness ≈ 2·area / boundary. Here the area is the number of ink pixels (value ≥ ½) and the boundary
the number of ink pixels with a background pixel among their four neighbours. It grows with the
width of the stroke: a one-pixel line, all boundary, measures 2.0; bars 20 pixels long and 3 or 8
pixels wide measure 2.9 and 6.2 (the tests check these). The
classes cut the real training digits' thicknesses at their tertiles: a third of the digits each.
"""

from __future__ import annotations

import numpy as np

INK = 0.5
CLASSES = ("thin", "regular", "thick")


def stroke_thickness(images) -> np.ndarray:
    """Thickness (n,) in pixels of each image in ``images`` (n, h, w), values in [0, 1]."""
    images = np.asarray(images.detach().cpu() if hasattr(images, "detach") else images, dtype=np.float64)
    if images.ndim == 4 and images.shape[1] == 1:
        images = images[:, 0]
    if images.ndim != 3:
        raise ValueError(f"images must have shape (n, h, w) or (n, 1, h, w); got {images.shape}")
    ink = images >= INK
    padded = np.pad(ink, ((0, 0), (1, 1), (1, 1)))
    interior = (padded[:, :-2, 1:-1] & padded[:, 2:, 1:-1] & padded[:, 1:-1, :-2] & padded[:, 1:-1, 2:])
    boundary = (ink & ~interior).sum(axis=(1, 2))
    area = ink.sum(axis=(1, 2))
    return np.divide(2.0 * area, boundary, out=np.zeros(len(images)), where=boundary > 0)


def thickness_edges(train_images) -> tuple[float, float]:
    """The tertiles of the training digits' thicknesses: below the first is thin, above the second thick."""
    low, high = np.quantile(stroke_thickness(train_images), [1 / 3, 2 / 3])
    return float(low), float(high)


def thickness_classes(images, edges: tuple[float, float]) -> np.ndarray:
    """Class numbers (n,): 0 thin, 1 regular, 2 thick, for the cut points ``edges``."""
    return np.digitize(stroke_thickness(images), edges).astype(np.int64)
