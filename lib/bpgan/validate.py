"""Input checks shared by the numpy helpers: say what was expected and what arrived.

A learner who passes a list of strings, a boolean mask or an array full of NaNs should read one line
that names the argument and the problem, not a traceback from deep inside numpy.
"""

from __future__ import annotations

import numpy as np


def as_float_array(value, name: str, *, ndim: int | None = None, finite: bool = True) -> np.ndarray:
    """``value`` as a float ndarray (ints are converted; float32 stays float32), or a clear error.

    Lists, numpy arrays and torch tensors (on any device) are all accepted: the one door through which
    the helpers take arrays of numbers.
    """
    if hasattr(value, "detach"):                      # a torch tensor: to the CPU, out of autograd
        value = value.detach().cpu().numpy()
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:  # ragged nested lists
        raise TypeError(f"{name} must be an array of numbers; got {type(value).__name__} ({error})") from error
    if array.dtype == bool or array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers (ints or floats); got dtype {array.dtype}")
    if array.dtype.kind in "iu":
        array = array.astype(np.float64)
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array; got shape {array.shape}")
    if finite and not np.isfinite(array).all():
        bad = "NaN" if np.isnan(array).any() else "infinite"
        raise ValueError(f"{name} contains {bad} values (first at index {np.argwhere(~np.isfinite(array))[0].tolist()})")
    return array


SEED_LIMIT = 2**32          # numpy's legacy global generator accepts seeds in [0, 2**32); so does everything here


def as_seed(seed, *, allow_none: bool = False) -> int | None:
    """``seed`` as an int in [0, 2**32), or a clear error; None passes only with ``allow_none`` (fresh randomness)."""
    if seed is None and allow_none:
        return None
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be a whole number in [0, 2**32) (it fixes the random numbers); got "
                        f"{type(seed).__name__} ({seed!r})")
    if not 0 <= seed < SEED_LIMIT:
        raise ValueError(f"seed must be a whole number in [0, 2**32) (it fixes the random numbers); got {seed}")
    return int(seed)


def as_count(value, name: str, *, minimum: int = 1) -> int:
    """``value`` as a whole number ≥ ``minimum`` (a count of samples, epochs, requests), or a clear error.

    Booleans, floats (even 2.0) and strings are refused: a count that arrives as 2.5 or "4" is a slip somewhere
    upstream, and rounding it would hide the slip.
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number ≥ {minimum}; got {type(value).__name__} ({value!r})")
    if value < minimum:
        raise ValueError(f"{name} must be a whole number ≥ {minimum}; got {value}")
    return int(value)


MAX_BYTES = 4 * 2**30        # the most one call may allocate: 4 GiB, within a laptop's memory


def check_memory(what: str, bytes_needed: float, advice: str = "ask for fewer, in several calls if need be") -> None:
    """Refuse a call that would allocate more than :data:`MAX_BYTES`, saying how much it would need.

    Without it, a slip of a few zeros (``faces(4000, size=256)``, ``samples(10**9)``) is met by the operating
    system swapping for minutes or killing the kernel, not by a message.
    """
    if bytes_needed > MAX_BYTES:
        raise MemoryError(f"{what} would need about {bytes_needed / 2**30:.1f} GiB of memory (the limit is "
                          f"{MAX_BYTES / 2**30:.0f} GiB): {advice}")
