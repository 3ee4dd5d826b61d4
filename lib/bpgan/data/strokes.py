"""Stroke width of digit images: the measurable property behind "thin", "regular" and "thick".

A stroke's width is twice the distance from its centre line to its edge. The distance transform
(``scipy.ndimage.distance_transform_edt``) gives every ink pixel the distance from its centre to the nearest
background pixel's centre, and the stroke's centre line is its ridge, where no neighbour is farther inside.
On the pixel grid that ridge is awkward: a stroke of odd width w has a middle pixel, at distance (w + 1)/2,
but one of even width has its centre line between two pixels, both at w/2, so a single rule reads either
the odd or the even widths one pixel off. Measured on a grid of half pixels (each pixel split in four),
every stroke is an even 2w half pixels wide, its centre line always between two of them, each at distance
w half pixels: **the width in pixels is the ridge's distance in half pixels**, for odd and even widths
alike. Bars 1 to 6 pixels wide measure 1 to 6, and a diagonal stroke its width across the stroke to within
a few percent (the tests check these).

Generated digits have speckle: stray ink pixels and pinholes. A measure that counts boundary pixels
reads both as "thin". This one ignores them: ink specks smaller than ``SPECK`` pixels are removed and
background holes smaller than that are filled before measuring, so a speckled stroke measures what
its stroke is. The classes cut the real training digits' widths at their tertiles: a third each.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from bpgan.validate import as_float_array

INK = 0.5
SPECK = 3                           # ink blobs and holes smaller than this many pixels are speckle
CLASSES = ("thin", "regular", "thick")
_EIGHT_NEIGHBOURS = np.ones((3, 3), dtype=bool)


def _as_images(images) -> np.ndarray:
    images = as_float_array(images, "images")
    if images.ndim == 4 and images.shape[1] == 1:
        images = images[:, 0]
    if images.ndim != 3:
        raise ValueError(f"images must have shape (n, h, w) or (n, 1, h, w); got {images.shape}")
    return images


def _without_speckle(ink: np.ndarray) -> np.ndarray:
    """``ink`` (h, w) with ink blobs and background holes smaller than SPECK pixels removed."""
    blobs, n = ndimage.label(ink, structure=_EIGHT_NEIGHBOURS)
    sizes = ndimage.sum(ink, blobs, np.arange(1, n + 1))
    ink = np.isin(blobs, 1 + np.flatnonzero(sizes >= SPECK))
    holes, n = ndimage.label(~ink)
    sizes = ndimage.sum(~ink, holes, np.arange(1, n + 1))
    return ink | np.isin(holes, 1 + np.flatnonzero(sizes < SPECK))


def stroke_width(images) -> np.ndarray:
    """Mean stroke width (n,) in pixels of each image in ``images`` (n, h, w), values in [0, 1]; 0 for no ink."""
    widths = np.zeros(len(_as_images(images)))
    for i, image in enumerate(_as_images(images)):
        ink = np.kron(_without_speckle(image >= INK), np.ones((2, 2), dtype=bool))      # half pixels
        inside = ndimage.distance_transform_edt(ink)
        ridge = ink & (inside >= ndimage.maximum_filter(inside, footprint=_EIGHT_NEIGHBOURS))
        if ridge.any():
            widths[i] = inside[ridge].mean()
    return widths


def thickness_edges(train_images) -> tuple[float, float]:
    """The tertiles of the training digits' stroke widths: below the first is thin, above the second thick."""
    low, high = np.quantile(stroke_width(train_images), [1 / 3, 2 / 3])
    return float(low), float(high)


def thickness_classes(images, edges: tuple[float, float]) -> np.ndarray:
    """Class numbers (n,): 0 thin, 1 regular, 2 thick, for the cut points ``edges``."""
    return np.digitize(stroke_width(images), edges).astype(np.int64)
