"""Checkers for the exercises of Part II (notebooks 06–08): the GAN objective and its losses.

The learner works in numpy here: logits in, numbers out. References come from :mod:`bpgan.gan`.
"""

from __future__ import annotations

import numpy as np
import torch
from scipy.special import expit

from bpgan.exercises.core import Feedback, Mistake, check_cases
from bpgan.gan import discriminator_loss, generator_loss, optimal_discriminator


def _softplus(x):
    return np.logaddexp(0.0, x)


def _torch_loss(function, *arrays, **kwargs) -> float:
    return function(*(torch.as_tensor(a, dtype=torch.float64) for a in arrays), **kwargs).item()


def _logit_cases(rng):
    # Unequal batch sizes, so that a sum can never pass for a mean; logits up to ±30 (confident D).
    return [(rng.normal(1.0, 3.0, size=7), rng.normal(-1.0, 3.0, size=5)),
            (rng.normal(0.0, 10.0, size=4), rng.normal(0.0, 10.0, size=9)),
            (np.array([30.0, -30.0, 0.5]), np.array([-30.0, 30.0]))]


def check_discriminator_loss(discriminator_loss_fn, seed: int | None = None) -> Feedback:
    """The learner's ``discriminator_loss(real_logits, fake_logits)`` = −mean log D(x) − mean log(1 − D(G(z)))."""
    rng = np.random.default_rng(seed)
    cases = _logit_cases(rng)
    return check_cases(
        discriminator_loss_fn, name="discriminator_loss",
        reference=lambda real, fake: _torch_loss(discriminator_loss, real, fake),
        cases=cases,
        mistakes=[
            Mistake(lambda real, fake: np.mean(_softplus(real)) + np.mean(_softplus(-fake)),
                    "the labels are swapped: real samples should be pushed towards D = 1 (label 1), fakes towards "
                    "D = 0 (label 0)"),
            Mistake(lambda real, fake: np.sum(_softplus(-real)) + np.sum(_softplus(fake)),
                    "this sums over each batch; take the mean (the expectations in V are averages)"),
            Mistake(lambda real, fake: np.mean(_softplus(-np.concatenate([real, fake]))),
                    "every sample is treated as real: fakes need label 0, i.e. the term −log(1 − D(G(z)))"),
            Mistake(lambda real, fake: np.mean(_softplus(-real)),
                    "the term for the fakes, −mean log(1 − D(G(z))), is missing"),
            Mistake(lambda real, fake: np.mean(-np.log(real)) + np.mean(-np.log(1 - fake)) if (real > 0).all() and
                    (fake < 1).all() else np.nan,
                    "these are logits, not probabilities: log D = −softplus(−l) and log(1 − D) = −softplus(l)"),
        ],
        describe=lambda args: f"{len(args[0])} real and {len(args[1])} fake logits",
        success=f"−V on logits is right for {len(cases)} fresh batches, including logits of ±30",
    )


def check_non_saturating_loss(generator_loss_fn, seed: int | None = None) -> Feedback:
    """The learner's ``generator_loss(fake_logits)`` = −mean log D(G(z)), the non-saturating generator loss."""
    rng = np.random.default_rng(seed)
    cases = [(fake,) for _, fake in _logit_cases(rng)]
    return check_cases(
        generator_loss_fn, name="generator_loss",
        reference=lambda fake: _torch_loss(generator_loss, fake, kind="non_saturating"),
        cases=cases,
        mistakes=[
            Mistake(lambda fake: np.mean(-_softplus(fake)),
                    "this is the minimax loss, mean log(1 − D(G(z))); the non-saturating one is −mean log D(G(z))"),
            Mistake(lambda fake: np.mean(_softplus(fake)),
                    "this is the discriminator's term for the fakes (label 0): minimising it would teach G to be "
                    "caught. G wants D(G(z)) → 1: −mean log D(G(z))"),
            Mistake(lambda fake: np.sum(_softplus(-fake)), "this sums over the batch; take the mean"),
        ],
        describe=lambda args: f"{len(args[0])} fake logits",
        success=f"−mean log D(G(z)) on logits is right for {len(cases)} fresh batches",
    )


def _gaussian(x, mu, sigma):
    return np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))


def check_gaussian_optimal_discriminator(d_star, seed: int | None = None) -> Feedback:
    """The learner's ``d_star(x, mu_data, sigma_data, mu_g, sigma_g)`` = D*(x) for two normal densities."""
    rng = np.random.default_rng(seed)
    cases = [(np.linspace(-4, 4, 9), float(rng.uniform(-1, 1)), float(rng.uniform(0.5, 1.5)),
              float(rng.uniform(-1, 1)), float(rng.uniform(0.5, 1.5))) for _ in range(3)]

    def reference(x, mu_d, s_d, mu_g, s_g):
        return optimal_discriminator(lambda v: _gaussian(v, mu_d, s_d), lambda v: _gaussian(v, mu_g, s_g))(x)

    return check_cases(
        d_star, name="d_star",
        reference=reference,
        cases=cases,
        mistakes=[
            Mistake(lambda x, mu_d, s_d, mu_g, s_g: reference(x, mu_g, s_g, mu_d, s_d),
                    "this is p_g / (p_data + p_g), the probability of *fake*; D* is the probability of real"),
            Mistake(lambda x, mu_d, s_d, mu_g, s_g: _gaussian(x, mu_d, s_d) / _gaussian(x, mu_g, s_g),
                    "p_data / p_g is the odds, not a probability: divide by p_data + p_g"),
            Mistake(lambda x, mu_d, s_d, mu_g, s_g: (np.exp(-0.5 * ((x - mu_d) / s_d) ** 2)
                                                     / (np.exp(-0.5 * ((x - mu_d) / s_d) ** 2)
                                                        + np.exp(-0.5 * ((x - mu_g) / s_g) ** 2))),
                    "the densities need their normalising factor 1/(σ√(2π)): with different σ it does not cancel"),
        ],
        describe=lambda args: f"data N({args[1]:.2f}, {args[2]:.2f}²), generator N({args[3]:.2f}, {args[4]:.2f}²)",
        success=f"D*(x) = p_data/(p_data + p_g) is right for {len(cases)} fresh pairs of Gaussians",
    )


# ---- 07 · a GAN in numpy --------------------------------------------------------------------------

def check_input_gradient(input_gradient, seed: int | None = None) -> Feedback:
    """The learner's ``input_gradient(W2, delta2)`` = ∂C_x/∂x = (W²)ᵀ δ², one column per sample."""
    rng = np.random.default_rng(seed)
    cases = [(rng.normal(size=(n_2, n_1)), rng.normal(size=(n_2, m))) for n_2, n_1, m in [(5, 2, 4), (3, 1, 6)]]
    return check_cases(
        input_gradient, name="input_gradient",
        reference=lambda W, d: W.T @ d,
        cases=cases,
        mistakes=[
            Mistake(lambda W, d: W.T @ d / d.shape[1],
                    "this is divided by the batch size: return each sample's own gradient ∂C_x/∂x (one column each); "
                    "the generator's backprop averages later"),
        ],
        shape_hint=lambda got, expected: f"∂C_x/∂x has the shape of the input batch, (n_1, m) = {expected}: W2.T @ delta2",
        shape_error_hint="W2 is (n_2, n_1) and delta2 is (n_2, m): W2.T @ delta2 is (n_1, m), like the input",
        describe=lambda args: f"W2 {args[0].shape}, delta2 {args[1].shape}",
        success=f"∂C_x/∂x = (W²)ᵀ δ² is right for {len(cases)} fresh cases",
    )


def check_generator_logit_gradient(logit_gradient, seed: int | None = None) -> Feedback:
    """The learner's ``logit_gradient(fake_logits)`` = ∂(−log D)/∂l = −(1 − σ(l)) per sample (non-saturating)."""
    rng = np.random.default_rng(seed)
    cases = [(rng.normal(-2.0, 3.0, size=6),), (np.array([-30.0, -5.0, 0.0, 5.0, 30.0]),)]
    return check_cases(
        logit_gradient, name="logit_gradient",
        reference=lambda l: -expit(-l),                    # −(1 − σ(l)) = −σ(−l), exact for every l
        cases=cases,
        mistakes=[
            Mistake(lambda l: -expit(l),
                    "−σ(l) is the gradient of the minimax loss log(1 − D); the non-saturating −log D gives −(1 − σ(l))"),
            Mistake(lambda l: expit(l) * (1 - expit(l)),
                    "that is σ′(l); differentiate −log σ(l): −σ′(l)/σ(l) = −(1 − σ(l))"),
            Mistake(lambda l: -(1 - expit(l)) / len(l), "this is divided by the batch size: one gradient per sample"),
        ],
        describe=lambda args: f"{len(args[0])} logits",
        success=f"∂(−log σ(l))/∂l = −(1 − σ(l)) is right on {len(cases)} fresh batches, logits up to ±30",
    )
