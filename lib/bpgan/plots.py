"""Pictures the notebooks share: grids of images (more to come: curves, densities, surfaces)."""

from __future__ import annotations

import numpy as np


def _as_numpy(images) -> np.ndarray:
    """Accept numpy arrays and torch tensors (on any device) alike."""
    if hasattr(images, "detach"):
        images = images.detach().cpu().numpy()
    return np.asarray(images)


def tile(images, ncols: int = 10, pad: int = 1, fill: float = 0.0) -> np.ndarray:
    """Lay ``images`` out in rows of ``ncols``, ``pad`` pixels apart, as one 2-D array.

    ``images`` has shape (n, h, w), or (n, 1, h, w) as torch's convolutions keep them. The result
    has shape (rows·(h+pad)−pad, ncols·(w+pad)−pad); empty slots of the last row are ``fill``.
    """
    images = _as_numpy(images)
    if images.ndim == 4 and images.shape[1] == 1:
        images = images[:, 0]
    if images.ndim != 3 or images.shape[0] == 0:
        raise ValueError(
            f"expected a non-empty stack of grey images of shape (n, h, w) or (n, 1, h, w); got shape {images.shape}"
        )
    if not isinstance(ncols, (int, np.integer)) or ncols < 1:
        raise ValueError(f"ncols must be a positive int, got {ncols!r}")
    if not isinstance(pad, (int, np.integer)) or pad < 0:
        raise ValueError(f"pad must be a non-negative int, got {pad!r}")
    n, h, w = images.shape
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    mosaic = np.full((nrows * (h + pad) - pad, ncols * (w + pad) - pad), fill, dtype=np.result_type(images, fill))
    for index, image in enumerate(images):
        row, col = divmod(index, ncols)
        mosaic[row * (h + pad): row * (h + pad) + h, col * (w + pad): col * (w + pad) + w] = image
    return mosaic


def show_grid(images, ncols: int = 10, *, ax=None, title: str | None = None, cmap: str = "gray_r",
              vmin: float = 0.0, vmax: float = 1.0):
    """Draw ``images`` (see :func:`tile`) as one grid on ``ax`` (a new figure if None); return the axes.

    ``gray_r`` draws ink dark on a light page, as digits are written; pixel values are expected in
    [vmin, vmax] (by default [0, 1], the range :func:`bpgan.data.load_mnist` returns).
    """
    import matplotlib.pyplot as plt

    mosaic = tile(images, ncols=ncols, pad=1, fill=vmin)
    if ax is None:
        rows, cols = mosaic.shape
        _, ax = plt.subplots(figsize=(min(8.0, cols / 45), min(8.0, rows / 45) + (0.4 if title else 0.0)))
    ax.imshow(mosaic, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax
