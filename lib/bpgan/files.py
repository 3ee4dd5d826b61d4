"""Files a crash or a damaged disk cannot spoil: atomic writes, and caches that are verified or rebuilt."""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path
from typing import BinaryIO, Callable, TypeVar

T = TypeVar("T")


def atomic_write(path: str | Path, write: Callable[[BinaryIO], None]) -> None:
    """Call ``write(handle)`` on a temporary file beside ``path``, then rename it to ``path``.

    The rename is atomic, so readers see the old file or the complete new one; if ``write`` fails,
    the temporary file is removed and ``path`` is untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name + ".", suffix=".tmp", delete=False)
    try:
        with handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


class UnreadableFile(ValueError):
    """A file torch cannot read back; the message says why in words (empty, cut short, not torch's)."""


def load_torch_file(path: str | Path, map_location="cpu"):
    """``torch.load(path, weights_only=True)``, or :class:`UnreadableFile` saying why the file cannot be read.

    torch's own errors for a damaged file come from its zip reader and its unpickler ("PytorchStreamReader
    failed reading zip archive", "Weights only load failed … In PyTorch 2.6 …"); they say where torch stopped,
    not what is wrong with the file. A missing file stays a FileNotFoundError, which names it.
    """
    import pickle

    import torch

    path = Path(path)
    if path.is_dir():
        raise UnreadableFile("it is a folder, not a file")
    if path.exists() and path.stat().st_size == 0:
        raise UnreadableFile("it is empty (0 bytes) — a save that never finished?")
    try:
        return torch.load(path, map_location=map_location, weights_only=True)
    except FileNotFoundError:
        raise
    except Exception as error:  # torch raises many kinds for a damaged file
        text = str(error)
        if "zip archive" in text or "PytorchStreamReader" in text or isinstance(error, EOFError):
            reason = "it is cut short or damaged (its archive cannot be read to the end)"
        elif isinstance(error, pickle.UnpicklingError):
            reason = ("it is not a file written by torch.save, or it holds objects other than tensors, numbers "
                      "and text")
        else:
            reason = f"{type(error).__name__}: {text[:200]}"
        raise UnreadableFile(reason) from error


class CacheError(ValueError):
    """A cache file that cannot be trusted: unreadable, foreign, or not what was written."""


def read_or_rebuild(path: Path, read: Callable[[Path], T], build: Callable[[], T], write: Callable[[Path, T], None],
                    what: str) -> T:
    """``read(path)`` if the cache there is sound; otherwise ``build()``, then ``write(path, value)`` for next time.

    ``read`` verifies what it reads (a checksum) and raises :class:`CacheError` when it cannot be trusted.
    Any other error from reading is treated the same way — a cache is never worth a crash: the value is
    rebuilt, with a warning that names the file and the problem. A cache that cannot be written (a
    read-only disk) only costs a warning and a rebuild next time.
    """
    if path.exists():
        try:
            return read(path)
        except Exception as error:  # noqa: BLE001 — any unreadable cache is rebuilt, never trusted
            reason = str(error) if isinstance(error, CacheError) else f"{type(error).__name__}: {error}"
            warnings.warn(f"the cached {what} at {path} was not used ({reason}); rebuilding it", stacklevel=3)
    value = build()
    try:
        write(path, value)
    except OSError as error:
        warnings.warn(f"could not cache the {what} at {path} ({error}); it will be rebuilt next time", stacklevel=3)
    return value

