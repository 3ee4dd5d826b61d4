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

