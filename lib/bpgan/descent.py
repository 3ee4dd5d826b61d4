"""Gradient descent on small functions of a few variables, for seeing how the step size behaves.

The networks of the course train with :meth:`bpgan.network.Network.train`; this module is the same
update, w → w − η ∇C(w), on functions whose picture fits on a page, with the stopping rule of the
course: stop when the cost is within a tolerance, or when the step budget is spent, or when the
iterates blow up (divergence).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from bpgan.validate import as_float_array

DIVERGED_NORM = 1e6


@dataclass
class Descent:
    """The iterates of a run, one per row (the start included), and why it stopped."""

    path: np.ndarray
    stopped: str

    @property
    def steps(self) -> int:
        return len(self.path) - 1


def gradient_descent(gradient: Callable[[np.ndarray], np.ndarray], start, eta: float, steps: int, *,
                     cost: Callable[[np.ndarray], float] | None = None,
                     tolerance: float | None = None) -> Descent:
    """Iterate v → v − η ∇C(v) from ``start`` for at most ``steps`` steps.

    With ``cost`` and ``tolerance`` given, stop as soon as C(v) ≤ tolerance. A run whose iterate
    leaves the ball of radius 1e6 (or becomes NaN) stops as diverged.
    """
    v = as_float_array(start, "start", ndim=1).copy()
    if not eta > 0:
        raise ValueError(f"eta (the step size η) must be positive, got {eta!r}")
    if (tolerance is None) != (cost is None):
        raise ValueError("give both cost and tolerance for the stopping rule, or neither")
    path = [v.copy()]
    for step in range(1, steps + 1):
        v = v - eta * np.asarray(gradient(v), dtype=float)
        path.append(v.copy())
        if not np.isfinite(v).all() or np.linalg.norm(v) > DIVERGED_NORM:
            return Descent(np.array(path), f"diverged at step {step}")
        if cost is not None and cost(v) <= tolerance:
            return Descent(np.array(path), f"cost within tolerance {tolerance:g} at step {step}")
    return Descent(np.array(path), f"step budget of {steps} steps used up")


def largest_stable_step(hessian) -> float:
    """2 / λ_max: gradient descent on a quadratic with this (symmetric, positive definite) Hessian
    converges for every η below it and diverges for every η above it."""
    hessian = as_float_array(hessian, "hessian", ndim=2)
    if hessian.shape[0] != hessian.shape[1] or not np.allclose(hessian, hessian.T):
        raise ValueError(f"the Hessian must be a symmetric square matrix; got shape {hessian.shape}")
    eigenvalues = np.linalg.eigvalsh(hessian)
    if eigenvalues.min() <= 0:
        raise ValueError(f"the Hessian must be positive definite; its smallest eigenvalue is {eigenvalues.min():g}")
    return float(2 / eigenvalues.max())
