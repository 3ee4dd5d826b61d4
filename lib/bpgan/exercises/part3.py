"""Checkers for the exercises of Part III (notebooks 09–10): image GANs and how they are judged."""

from __future__ import annotations

import numpy as np
import torch
from scipy import linalg

from bpgan.exercises.core import Feedback, Mistake, check_cases, random_inputs
from bpgan.gan.models import transposed_output_size


def check_transposed_size(transposed_size, seed: int | None = None) -> Feedback:
    """The learner's ``transposed_size(size, kernel, stride, padding)``: the side of a ConvTranspose2d's output."""
    rng = random_inputs(seed)
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
    rng = random_inputs(seed)
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


# ---- 10 · text to image ---------------------------------------------------------------------------

def _generator_input(noise, digits, thickness):
    return torch.cat([noise, torch.nn.functional.one_hot(digits, 10).float(),
                      torch.nn.functional.one_hot(thickness, 3).float()], dim=1)


def check_generator_input(generator_input, seed: int | None = None) -> Feedback:
    """The learner's ``generator_input(noise, digits, thickness)``: noise (m, d) followed by the one-hot condition."""
    random = torch.Generator().manual_seed(int(random_inputs(seed).integers(2**31)))
    cases = [(torch.randn(m, d, generator=random), torch.randint(0, 10, (m,), generator=random),
              torch.randint(0, 3, (m,), generator=random)) for m, d in [(5, 4), (8, 32)]]
    one_hot = torch.nn.functional.one_hot
    return check_cases(
        generator_input, name="generator_input",
        reference=_generator_input,
        cases=cases,
        mistakes=[
            Mistake(lambda z, d, t: torch.cat([one_hot(d, 10).float(), one_hot(t, 3).float(), z], dim=1),
                    "the condition comes first here; the generator expects the noise first, then the digit's "
                    "one-hot, then the thickness's"),
            Mistake(lambda z, d, t: torch.cat([z, one_hot(t, 3).float(), one_hot(d, 10).float()], dim=1),
                    "the digit and the thickness are swapped: noise, then the digit's 10 entries, then the "
                    "thickness's 3"),
        ],
        shape_hint=lambda got, expected: (
            "the numbers are there but not one-hot: use torch.nn.functional.one_hot(digits, 10) and "
            "one_hot(thickness, 3), so that no digit looks 'larger' than another" if got[-1] == expected[-1] - 11
            else "the thickness is missing: add its one-hot (3 entries)" if got[-1] == expected[-1] - 3
            else f"expected (m, noise_dim + 13) = {expected}; concatenate along dim=1, the features"),
        shape_error_hint="concatenate along dim=1 (features), not dim=0 (samples): every part has m rows",
        describe=lambda args: f"noise {tuple(args[0].shape)}, {len(args[1])} digits and thicknesses",
        success=f"noise then one-hot digit then one-hot thickness, right for {len(cases)} fresh batches",
    )


def _condition_planes(images, condition):
    return torch.cat([images, condition[:, :, None, None].expand(-1, -1, *images.shape[2:])], dim=1)


def check_condition_planes(condition_planes, seed: int | None = None) -> Feedback:
    """The learner's ``condition_planes(images, condition)``: (m, 1, h, w) and (m, c) → (m, 1 + c, h, w)."""
    random = torch.Generator().manual_seed(int(random_inputs(seed).integers(2**31)))
    cases = [(torch.randn(m, 1, h, h, generator=random), torch.rand(m, c, generator=random))
             for m, h, c in [(3, 5, 4), (2, 28, 13)]]
    return check_cases(
        condition_planes, name="condition_planes",
        reference=_condition_planes,
        cases=cases,
        mistakes=[
            Mistake(lambda x, c: torch.cat([c[:, :, None, None].expand(-1, -1, *x.shape[2:]), x], dim=1),
                    "the condition planes come first here; the discriminator expects the image's channel first"),
        ],
        shape_hint=lambda got, expected: (
            f"expected (m, 1 + c, h, w) = {expected}: each of the c condition numbers becomes one constant "
            "h×w plane (condition[:, :, None, None].expand(-1, -1, h, w)), stacked after the image along dim=1"),
        shape_error_hint=("torch.cat along dim=1 (channels) needs the same m, h and w in every part: expand the "
                          "condition to (m, c, h, w) first"),
        describe=lambda args: f"images {tuple(args[0].shape)}, condition {tuple(args[1].shape)}",
        success=f"the condition as constant planes after the image, right for {len(cases)} fresh batches",
    )
