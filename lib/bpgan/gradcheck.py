"""Finite differences: the slow, independent check that every gradient in the course must pass.

The centred difference (f(x+h) − f(x−h)) / 2h has truncation error O(h²), against O(h) for the forward
difference (f(x+h) − f(x)) / h; both suffer round-off error of order ε·|f| / h, with ε ≈ 2.2e-16 in
float64. Balancing the two gives the best step: about ε^(1/2) ≈ 1e-8 forward, ε^(1/3) ≈ 6e-6 centred.
Notebook 01 measures this.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from bpgan.validate import as_float_array

DEFAULT_H = 1e-6


def _check_step(h) -> None:
    if isinstance(h, bool) or not isinstance(h, (int, float, np.integer, np.floating)) or not 0 < h < np.inf:
        raise ValueError(f"the step h must be a small positive number (1e-5, say); got {h!r}")


def forward_difference(f: Callable[[float], float], x: float, h: float = 1e-8) -> float:
    """(f(x + h) − f(x)) / h: first-order accurate."""
    _check_step(h)
    return (f(x + h) - f(x)) / h


def centred_difference(f: Callable[[float], float], x: float, h: float = DEFAULT_H) -> float:
    """(f(x + h) − f(x − h)) / 2h: second-order accurate, the default check of the course."""
    _check_step(h)
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = DEFAULT_H) -> np.ndarray:
    """The gradient of a scalar function of an array, one centred difference per entry.

    ``x`` is perturbed in place and restored, so ``f`` may close over it (as a network's cost closes
    over its weights). Returns an array of ``x``'s shape. Use float64: in float32 round-off swamps
    the answer.
    """
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise TypeError(f"x must be a float ndarray (it is perturbed in place); got {type(x).__name__}"
                        + (f" of dtype {x.dtype}" if isinstance(x, np.ndarray) else ""))
    _check_step(h)
    gradient = np.zeros_like(x, dtype=np.float64)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + h
        above = float(f(x))
        x[index] = original - h
        below = float(f(x))
        x[index] = original
        gradient[index] = (above - below) / (2 * h)
    return gradient


def relative_error(computed, reference) -> float:
    """max |computed − reference| / max(|computed| + |reference|), a scale-free distance in [0, 1].

    Zero when both are zero. Around 1e-7 or less, in float64 against centred differences, means a
    gradient is right; 1e-2 or more means it is wrong.
    """
    computed = as_float_array(computed, "computed", finite=False)
    reference = as_float_array(reference, "reference", finite=False)
    if computed.shape != reference.shape:
        raise ValueError(f"shapes differ: computed {computed.shape}, reference {reference.shape}")
    scale = np.max(np.abs(computed) + np.abs(reference), initial=0.0)
    if scale == 0:
        return 0.0
    return float(np.max(np.abs(computed - reference)) / scale)
