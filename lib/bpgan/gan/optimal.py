"""The optimal discriminator and the divergence a GAN minimises, for densities we can write down.

For a fixed generator, D maximises ∫ p_data(x) log D(x) + p_g(x) log(1 − D(x)) dx. Pointwise, a log y +
b log(1 − y) is largest at y = a / (a + b), so

    D*(x) = p_data(x) / (p_data(x) + p_g(x)),

which is also Bayes' rule for P(real | x) when a sample is real or fake with probability ½ each.
Putting D* back into V gives C(G) = −log 4 + 2·JSD(p_data ‖ p_g) (notebook 06 checks both); against D*, the
non-saturating generator loss has the gradient of KL(p_g ‖ p_data) − 2·JSD (Arjovsky & Bottou 2017).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from bpgan.validate import as_float_array

Density = Callable[[np.ndarray], np.ndarray]


def optimal_discriminator(p_data: Density, p_g: Density, prior_real: float = 0.5) -> Callable[[np.ndarray], np.ndarray]:
    """x ↦ D*(x) = P(real | x) = π p_data(x) / (π p_data(x) + (1 − π) p_g(x)), with π = ``prior_real``.

    With the GAN's equal priors (π = ½) this is p_data / (p_data + p_g). Where neither density puts any
    mass the posterior is undefined; it is reported as the prior π (nothing was learned about x).
    """
    if not callable(p_data) or not callable(p_g):
        raise TypeError("p_data and p_g must be functions x ↦ density(x)")
    if not 0 < prior_real < 1:
        raise ValueError(f"prior_real must lie strictly between 0 and 1, got {prior_real}")

    def d_star(x) -> np.ndarray:
        x = as_float_array(x, "x")
        real = prior_real * np.asarray(p_data(x), dtype=float)
        fake = (1 - prior_real) * np.asarray(p_g(x), dtype=float)
        if (real < 0).any() or (fake < 0).any():
            raise ValueError("densities must be non-negative")
        total = real + fake
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(total > 0, real / np.where(total > 0, total, 1.0), prior_real)

    return d_star


def _densities_on_grid(p, q, x) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    p, q, x = (as_float_array(v, name, ndim=1) for v, name in ((p, "p"), (q, "q"), (x, "x")))
    if not p.shape == q.shape == x.shape:
        raise ValueError(f"p, q and x must be samples on the same grid; got shapes {p.shape}, {q.shape}, {x.shape}")
    if (p < 0).any() or (q < 0).any():
        raise ValueError("densities must be non-negative")
    return p, q, x


def kl_divergence(p: np.ndarray, q: np.ndarray, x: np.ndarray) -> float:
    """KL(p ‖ q) = ∫ p log(p / q) dx for densities sampled on the grid ``x`` (trapezoid rule), in nats.

    Infinite when p puts mass where q has none: p is then not covered by q at all.
    """
    p, q, x = _densities_on_grid(p, q, x)
    if ((p > 0) & (q == 0)).any():
        return float("inf")
    with np.errstate(divide="ignore", invalid="ignore"):
        integrand = np.where(p > 0, p * np.log(p / np.where(q > 0, q, 1.0)), 0.0)
    return float(np.trapezoid(integrand, x))


def js_divergence(p: np.ndarray, q: np.ndarray, x: np.ndarray) -> float:
    """JSD(p ‖ q) = ½ KL(p ‖ m) + ½ KL(q ‖ m), m = (p + q)/2, for densities sampled on the grid ``x``.

    Integrated with the trapezoid rule; in nats, between 0 (p = q) and log 2 (disjoint supports).
    """
    p, q, x = _densities_on_grid(p, q, x)
    m = (p + q) / 2
    return 0.5 * kl_divergence(p, m, x) + 0.5 * kl_divergence(q, m, x)
