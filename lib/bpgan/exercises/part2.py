"""Checkers for the exercises of Part II (notebooks 06–08): the GAN objective, its losses, its training.

In 06 and 07 the learner works in numpy: logits in, numbers out. In 08 the learner writes torch code
(a training step, a penalty); those checkers run it on small float64 networks. References come from
:mod:`bpgan.gan`.
"""

from __future__ import annotations

import numpy as np
import torch
from scipy.special import expit

from bpgan.exercises.core import PASS, Feedback, Mistake, _Verdict, call, check_cases, fail, random_inputs
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
    rng = random_inputs(seed)
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
    rng = random_inputs(seed)
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
    rng = random_inputs(seed)
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
    rng = random_inputs(seed)
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
    rng = random_inputs(seed)
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


# ---- 08 · training dynamics -----------------------------------------------------------------------

def _tiny_networks(seed: int):
    """A small generator (3 → 2) and discriminator (2 → 1) in float64, the same for a seed."""
    torch.manual_seed(seed)
    G = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Linear(8, 2)).double()
    D = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1)).double()
    return G, D


def _algorithm1_variant(*, labels_swapped=False, kind="non_saturating", g_first=False, zero_d=True, zero_g=True,
                        d_steps_after_g=False, same_noise=False, detach=True):
    """One iteration of Algorithm 1 (k = 1), or a known way of getting it wrong."""
    def step(G, D, opt_g, opt_d, real, z_d, z_g):
        def d_step():
            if zero_d:
                opt_d.zero_grad()
            fake = G(z_d)
            real_logits, fake_logits = D(real), D(fake.detach() if detach else fake)
            loss = (discriminator_loss(fake_logits, real_logits) if labels_swapped
                    else discriminator_loss(real_logits, fake_logits))
            loss.backward()
            opt_d.step()

        def g_step():
            if zero_g:
                opt_g.zero_grad()
            generator_loss(D(G(z_d if same_noise else z_g)), kind).backward()
            opt_g.step()
            if d_steps_after_g:
                opt_d.step()

        for part in ((g_step, d_step) if g_first else (d_step, g_step)):
            part()
    return step


_ALGORITHM1_MISTAKES = [
    (dict(labels_swapped=True), "the discriminator's labels are swapped: real samples get label 1 (D → 1), fakes "
                                "label 0 — discriminator_loss(D(real), D(fake)), in that order"),
    (dict(kind="minimax"), "the generator's loss is the minimax one, log(1 − D(G(z))); Algorithm 1 as used in "
                           "practice takes the non-saturating −log D(G(z))"),
    (dict(g_first=True), "the generator moves before the discriminator: Algorithm 1 takes the k discriminator "
                         "steps first, then one generator step against the updated D"),
    (dict(d_steps_after_g=True), "the generator's update leaks into the discriminator: G's loss.backward() also "
                                 "fills D's .grad, and opt_d.step() after it moves D to help G. Only opt_g steps "
                                 "after G's backward"),
    (dict(zero_d=False), "the generator's update leaks into the discriminator: without opt_d.zero_grad() before "
                         "D's backward, the gradients G's backward left in D's .grad are added to D's own"),
    (dict(zero_g=False), "opt_g.zero_grad() is missing before G's backward: G's update adds gradients left over "
                         "from earlier backward passes"),
    (dict(detach=False, zero_g=False), "the discriminator's update leaks into the generator: without "
                                       ".detach() on the fakes, D's loss.backward() fills G's .grad, and "
                                       "without opt_g.zero_grad() G's step then follows it — partly helping D"),
    (dict(same_noise=True), "the generator's step reuses z_d: Algorithm 1 draws a fresh minibatch of noise, z_g"),
]


def _parameters(module) -> list[torch.Tensor]:
    return [p.detach().clone() for p in module.parameters()]


def _same(a: list[torch.Tensor], b: list[torch.Tensor]) -> bool:
    return all(torch.allclose(x, y, rtol=1e-9, atol=1e-12) for x, y in zip(a, b))


def _run_steps(step_fn, seed: int, batches, name: str = "", count_g_backward: bool = False):
    """Fresh networks and SGD optimisers for ``seed``; ``step_fn`` applied to each batch in turn.

    Returns the parameters of G and D after each call, and how many backward passes reached G.
    """
    G, D = _tiny_networks(seed)
    opt_g = torch.optim.SGD(G.parameters(), lr=0.1)
    opt_d = torch.optim.SGD(D.parameters(), lr=0.1)
    backward_through_g = []
    if count_g_backward:
        next(G.parameters()).register_hook(lambda grad: backward_through_g.append(1))
    after = []
    for real, z_d, z_g in batches:
        if name:
            call(step_fn, (G, D, opt_g, opt_d, real.clone(), z_d.clone(), z_g.clone()), name,
                 "G, D, opt_g, opt_d and batches real (16, 2), z_d (16, 3), z_g (16, 3)", allow_none=True)
        else:
            step_fn(G, D, opt_g, opt_d, real, z_d, z_g)
        after.append((_parameters(G), _parameters(D)))
    return after, len(backward_through_g)


def check_algorithm1_step(algorithm1_step, seed: int | None = None) -> Feedback:
    """The learner's ``algorithm1_step(G, D, opt_g, opt_d, real, z_d, z_g)``: one iteration of Algorithm 1, k = 1.

    Run twice in a row on fresh batches (so that gradients left over from one step would show in the next)
    with plain SGD, and compared with Algorithm 1 and with the known ways of getting it wrong.
    """
    name = "algorithm1_step"
    seed = int(random_inputs(seed).integers(2**31))
    random = torch.Generator().manual_seed(seed)
    batches = [(torch.randn(16, 2, generator=random, dtype=torch.float64) + 1.5,
                torch.randn(16, 3, generator=random, dtype=torch.float64),
                torch.randn(16, 3, generator=random, dtype=torch.float64)) for _ in range(2)]
    try:
        got, g_backward = _run_steps(algorithm1_step, seed, batches, name, count_g_backward=True)
        expected, _ = _run_steps(_algorithm1_variant(), seed, batches)
        start = _run_steps(lambda *args: None, seed, batches[:1])[0][0]
        if _same(got[-1][0], start[0]) and _same(got[-1][1], start[1]):
            raise fail(name, "neither network changed: call opt_d.step() after D's backward and opt_g.step() "
                             "after G's")
        if _same(got[-1][0], expected[-1][0]) and _same(got[-1][1], expected[-1][1]):
            if g_backward > len(batches):
                raise fail(name, "the updates are right, but D's loss also ran backward through G: detach the "
                                 "fakes in D's step (G(z_d).detach()). It wastes a backward pass, and G's .grad "
                                 "then holds D's gradient until opt_g.zero_grad() clears it")
            return Feedback(True, f"{PASS} {name}: D's step then G's, labels, loss and gradients right over "
                                  f"{len(batches)} iterations; nothing leaks from one player into the other")
        for options, message in _ALGORITHM1_MISTAKES:
            wrong, _ = _run_steps(_algorithm1_variant(**options), seed, batches)
            if _same(got[-1][0], wrong[-1][0]) and _same(got[-1][1], wrong[-1][1]):
                raise fail(name, message)
        if _same(got[0][0], start[0]):
            raise fail(name, "the generator did not change: G's step needs generator_loss(D(G(z_g))).backward() "
                             "and opt_g.step()")
        if _same(got[0][1], start[1]):
            raise fail(name, "the discriminator did not change: D's step needs its loss's backward and "
                             "opt_d.step()")
        which = "the discriminator" if not _same(got[0][1], expected[0][1]) else "the generator"
        raise fail(name, f"after the first iteration {which}'s parameters differ from Algorithm 1's; are both "
                         "losses means over their batches, built from discriminator_loss and generator_loss?")
    except _Verdict as verdict:
        return verdict.feedback


def check_r1_penalty(r1_penalty, seed: int | None = None) -> Feedback:
    """The learner's ``r1_penalty(D, real, gamma)`` = (γ/2)·mean_i ‖∇ₓ l(x_i)‖², l = D's logit, on real samples.

    The penalty must be a differentiable function of D's weights (``create_graph=True``), or adding it to
    D's loss changes nothing.
    """
    name = "r1_penalty"
    seed = int(random_inputs(seed).integers(2**31))
    _, D = _tiny_networks(seed)
    random = torch.Generator().manual_seed(seed)
    real, gamma = torch.randn(12, 2, generator=random, dtype=torch.float64), 0.7

    def reference(function):
        x = real.clone().requires_grad_(True)
        return function(x)

    def penalty(transform=lambda logits: logits, square=True, mean=True, factor=gamma / 2):
        def compute(x):
            (gradient,) = torch.autograd.grad(transform(D(x)).sum(), x, create_graph=True)
            norms = gradient.pow(2).sum(dim=1) if square else gradient.norm(dim=1)
            return factor * (norms.mean() if mean else norms.sum())
        return compute

    try:
        result, _ = call(r1_penalty, (D, real.clone(), gamma), name, "D (2 → 1), real (12, 2), gamma 0.7")
        if not isinstance(result, torch.Tensor) or result.numel() != 1:
            shape = f" of shape {tuple(result.shape)}" if hasattr(result, "shape") else ""
            raise fail(name, f"expected a scalar torch tensor (one number for the batch), got "
                             f"{type(result).__name__}{shape}")
        expected = reference(penalty())
        if not torch.allclose(result.detach().double(), expected.detach(), rtol=1e-6):
            for wrong, message in [
                (penalty(transform=torch.sigmoid), "this penalises the gradient of D's probability σ(l); R1 "
                                                   "penalises the gradient of the logit l = D(x)"),
                (penalty(square=False), "the norms need squaring: ‖∇ₓ l‖², i.e. gradient.pow(2).sum(dim=1)"),
                (penalty(mean=False), "this sums over the batch; take the mean over the real samples"),
                (penalty(factor=gamma), "the factor is γ/2, not γ"),
                (penalty(factor=1.0), "γ/2 is missing: multiply by gamma / 2"),
            ]:
                if torch.allclose(result.detach().double(), reference(wrong).detach(), rtol=1e-6):
                    raise fail(name, message)
            raise fail(name, f"expected {expected.item():.6g} for this batch, got {result.item():.6g}")
        if not result.requires_grad:
            raise fail(name, "the value is right but it does not depend on D's weights in autograd: pass "
                             "create_graph=True to torch.autograd.grad, or D's loss cannot feel the penalty")
        D.zero_grad()
        result.backward()
        got = [p.grad.clone() if p.grad is not None else torch.zeros_like(p) for p in D.parameters()]
        D.zero_grad()
        expected.backward()
        if not _same(got, [p.grad if p.grad is not None else torch.zeros_like(p) for p in D.parameters()]):
            raise fail(name, "the value is right but its gradient with respect to D's weights is not")
    except _Verdict as verdict:
        return verdict.feedback
    return Feedback(True, f"{PASS} {name}: (γ/2)·mean ‖∇ₓ D(x)‖² on real samples, value and its gradient with "
                          "respect to D's weights right")
