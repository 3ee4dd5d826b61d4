"""Datasets that never touch the network: real digits bundled in installed packages, or generated here."""

import numpy as np

from bpgan.data.mnist import load_mnist
from bpgan.validate import as_float_array


def one_hot(labels, n_classes: int = 10) -> np.ndarray:
    """Class labels (m,) as one-hot columns (n_classes, m): column x has a 1 in row labels[x]."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise ValueError(f"labels must be a 1-D array of ints; got {labels.dtype} of shape {labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"labels must lie in 0..{n_classes - 1}; got {labels.min()}..{labels.max()}")
    columns = np.zeros((n_classes, labels.size))
    columns[labels, np.arange(labels.size)] = 1.0
    return columns


def as_columns(images) -> np.ndarray:
    """Images (m, h, w) as float64 columns (h·w, m): the numpy half of the course puts samples in columns."""
    images = as_float_array(images, "images")
    if images.ndim != 3:
        raise ValueError(f"expected images of shape (m, h, w); got {images.shape}")
    return images.reshape(len(images), -1).T.astype(np.float64)


__all__ = ["as_columns", "load_mnist", "one_hot"]
