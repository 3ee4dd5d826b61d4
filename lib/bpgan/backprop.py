"""The four equations of backpropagation (notebook 04), one small function each.

Shapes follow the notes: columns are samples, m of them. The error δ^l = ∂C_x/∂z^l is kept per sample —
column x of ``delta`` is the error of sample x's own cost C_x — and the cost of a batch is their mean,
C = (1/m) Σ_x C_x, so BP3 and BP4 average over the columns::

    BP1   δ^L = ∇_a C_x ⊙ σ′(z^L)                  output_error(nabla_a, z, sigma)
    BP2   δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l)       backpropagate_error(W_next, delta_next, z, sigma)
    BP3   ∂C/∂b^l = mean over x of δ^l_x             bias_gradient(delta)
    BP4   ∂C/∂W^l = (1/m) δ^l (a^{l−1})ᵀ             weight_gradient(delta, a_prev)

BP3 and BP4 are linear in δ: gradient descent's step η ∂C/∂W^l is BP4 with η/m in place of 1/m.

They trust their inputs: :class:`bpgan.network.Network` checks a batch once, at its public methods, and
then runs these on arrays it knows to be right. ``sigma`` is a :class:`bpgan.activations.Activation`.
"""

from __future__ import annotations

import numpy as np


def output_error(nabla_a: np.ndarray, z: np.ndarray, sigma) -> np.ndarray:
    """BP1: δ^L (n_L, m) from ∇_a C_x (n_L, m) — how each sample's cost changes with its output — and z^L."""
    return nabla_a * sigma.derivative(z)


def backpropagate_error(W_next: np.ndarray, delta_next: np.ndarray, z: np.ndarray, sigma) -> np.ndarray:
    """BP2: δ^l (n_l, m) from W^{l+1} (n_{l+1}, n_l), δ^{l+1} (n_{l+1}, m) and z^l (n_l, m)."""
    return (W_next.T @ delta_next) * sigma.derivative(z)


def bias_gradient(delta: np.ndarray, scale: float | None = None) -> np.ndarray:
    """BP3: ∂C/∂b^l (n_l, 1), the mean over the batch of δ^l (n_l, m).

    ``scale`` replaces the 1/m of the mean: η/m gives the gradient-descent step η ∂C/∂b^l in the same pass.
    """
    scale = 1 / delta.shape[1] if scale is None else scale
    return scale * delta.sum(axis=1, keepdims=True)


def weight_gradient(delta: np.ndarray, a_prev: np.ndarray, scale: float | None = None) -> np.ndarray:
    """BP4: ∂C/∂W^l (n_l, n_{l−1}) = δ^l (a^{l−1})ᵀ / m, for δ^l (n_l, m) and a^{l−1} (n_{l−1}, m).

    ``scale`` replaces the 1/m: η/m gives the step η ∂C/∂W^l. It multiplies the small δ^l rather than the
    large product: the same numbers, less work.
    """
    scale = 1 / delta.shape[1] if scale is None else scale
    return (scale * delta) @ a_prev.T
