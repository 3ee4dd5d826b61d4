"""Checkers for the exercises of Part III (notebooks 09–10): image GANs and how they are judged."""

from __future__ import annotations

import numpy as np
from scipy import linalg

from bpgan.exercises.core import Feedback, Mistake, check_cases
from bpgan.gan.models import transposed_output_size


def check_transposed_size(transposed_size, seed: int | None = None) -> Feedback:
    """The learner's ``transposed_size(size, kernel, stride, padding)``: the side of a ConvTranspose2d's output."""
    rng = np.random.default_rng(seed)
    cases = [(7, 4, 2, 1), (14, 4, 2, 1), (1, 7, 1, 0), (5, 3, 2, 0)] + [
        (int(rng.integers(2, 20)), int(k), int(rng.integers(2, 4)), int(rng.integers(0, k // 2 + 1)))
        for k in rng.integers(3, 6, size=3)]
    return check_cases(
        transposed_size, name="transposed_size",
        reference=transposed_output_size,
        cases=cases,
        mistakes=[
            Mistake(lambda n, k, s, p: (n + 2 * p - k) // s + 1,
                    "this is an ordinary convolution's output size; a transposed convolution runs it backwards: "
                    "(size − 1)·stride − 2·padding + kernel"),
            Mistake(lambda n, k, s, p: n * s, "size·stride is right only for kernel = stride + 2·padding; "
                                               "use (size − 1)·stride − 2·padding + kernel"),
            Mistake(lambda n, k, s, p: (n - 1) * s + k, "the padding is missing: it trims padding pixels from "
                                                        "each side, −2·padding"),
            Mistake(lambda n, k, s, p: (n - 1) * s - p + k, "padding trims both sides: −2·padding, not −padding"),
        ],
        describe=lambda args: "size {}, kernel {}, stride {}, padding {}".format(*args),
        success=f"the output side is right for {len(cases)} layers, including 7 → 14 → 28 of the generator",
    )


def _spd(rng, d):
    a = rng.normal(size=(d, d))
    return a @ a.T + 0.5 * np.eye(d)


def _frechet(mu1, s1, mu2, s2):
    return float(np.sum((mu1 - mu2) ** 2) + np.trace(s1 + s2 - 2 * np.real(linalg.sqrtm(s1 @ s2))))


def check_frechet_gaussians(frechet, seed: int | None = None) -> Feedback:
    """The learner's ``frechet(mu1, sigma1, mu2, sigma2)``: the Fréchet distance between two Gaussians."""
    rng = np.random.default_rng(seed)
    cases = [(rng.normal(size=d), _spd(rng, d), rng.normal(size=d), _spd(rng, d)) for d in (2, 3, 5)]
    return check_cases(
        frechet, name="frechet",
        reference=_frechet,
        cases=cases,
        mistakes=[
            Mistake(lambda m1, s1, m2, s2: _frechet(m1, s1, m1, s2),
                    "the mean term ‖μ₁ − μ₂‖² is missing"),
            Mistake(lambda m1, s1, m2, s2: _frechet(m1, s1, m2, s2) - np.sum((m1 - m2) ** 2) + np.linalg.norm(m1 - m2),
                    "the mean term is the *squared* distance ‖μ₁ − μ₂‖²"),
            Mistake(lambda m1, s1, m2, s2: float(np.sum((m1 - m2) ** 2) + np.trace(
                s1 + s2 - 2 * np.real(linalg.sqrtm(s1) @ linalg.sqrtm(s2)))),
                    "√Σ₁·√Σ₂ is not (Σ₁Σ₂)^{1/2} unless the covariances commute: take linalg.sqrtm(sigma1 @ sigma2)"),
            Mistake(lambda m1, s1, m2, s2: float(np.sum((m1 - m2) ** 2) + np.trace(s1 + s2 - 2 * np.sqrt(
                np.abs(s1 @ s2)))),
                    "np.sqrt takes the square root of each entry; the matrix square root is scipy.linalg.sqrtm"),
            Mistake(lambda m1, s1, m2, s2: float(np.sum((m1 - m2) ** 2) + np.trace(
                s1 + s2 - np.real(linalg.sqrtm(s1 @ s2)))),
                    "the cross term is −2·Tr((Σ₁Σ₂)^{1/2}): the 2 is missing"),
        ],
        describe=lambda args: f"Gaussians in {len(args[0])} dimensions",
        success=f"the Fréchet distance is right for {len(cases)} pairs of Gaussians with non-commuting covariances",
        rtol=1e-6,
    )
