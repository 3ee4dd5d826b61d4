"""Checkers for the exercises of Part II (notebooks 06–08): the GAN objective, its losses, its training.

In 06 and 07 the learner works in numpy: logits in, numbers out. In 08 the learner writes torch code
(a training step, a penalty); those checkers run it on small float64 networks — or on float32 ones, when
the learner's code builds float32 tensors (torch's default) that cannot meet float64 ones — and compare
at the precision the answer was computed in. References come from :mod:`bpgan.gan`.
"""

from __future__ import annotations

import functools
import re
from contextlib import contextmanager

import numpy as np
import torch
from scipy.special import expit

from bpgan.exercises.core import (FLOAT32_TOLERANCE, PASS, Feedback, Mistake, _Verdict, answer_dtype, as_result_array,
                                  call, check_cases, close, fail, random_inputs)
from bpgan.exercises.core import needs  # noqa: F401 — a learner copy's guard: exercises.needs(f)
from bpgan.gan import discriminator_loss, generator_loss, optimal_discriminator


@contextmanager
def _one_thread():
    """Torch on one thread while a checker runs: its tensors are tiny, and waking a second thread on a busy
    machine costs far more than the arithmetic (milliseconds per operation instead of microseconds)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def _single_threaded(checker):
    @functools.wraps(checker)
    def run(*args, **kwargs):
        with _one_thread():
            return checker(*args, **kwargs)
    return run


def _softplus(x):
    return np.logaddexp(0.0, x)


def _torch_loss(function, *arrays, **kwargs) -> float:
    return function(*(torch.as_tensor(a, dtype=torch.float64) for a in arrays), **kwargs).item()


ORDINARY_LOGITS = 30.0      # up to here a naive log(1 − σ(l)) is still finite in float64; the checkers go to ±100


def _logit_cases(rng):
    # Unequal batch sizes, so that a sum (or one mean over both batches) can never pass for two means; logits
    # up to ±30, then a confident D with logits of ±50 and ±100, where σ(l) rounds to exactly 0 or 1.
    return [(rng.normal(1.0, 3.0, size=7), rng.normal(-1.0, 3.0, size=5)),
            (rng.normal(0.0, 10.0, size=4), rng.normal(0.0, 10.0, size=9)),
            (np.array([30.0, -30.0, 0.5]), np.array([-30.0, 30.0])),
            (np.array([50.0, -50.0, 100.0, -100.0, 1.5]), np.array([-50.0, 50.0, -100.0, 100.0]))]


def _nonfinite_verdict(function, cases, reference, name: str, describe, shape_error_hint: str, unstable: str):
    """A failure for an answer that is NaN or inf where the loss is finite, naming why; None when it never is.

    NaN from a log is a log of a negative number: logits taken for probabilities. inf is a log of 0: a naive
    log σ(l) or log(1 − σ(l)) whose σ rounded to 0 or 1 — for a confident D, or already for ordinary logits in
    float32. ``unstable`` says how to avoid it.
    """
    for args in cases:
        expected = np.asarray(reference(*args), dtype=np.float64)
        result, caught = call(function, args, name, describe(args), shape_error_hint)
        got = as_result_array(result, name)
        if got.shape != expected.shape or np.isfinite(got).all() or not np.isfinite(expected).all():
            continue
        negative_log = any("invalid value encountered in log" in message for message in caught)
        zero_log = any("divide by zero encountered in log" in message for message in caught)
        if negative_log or (not zero_log and np.isnan(got).any()):
            low, high = min(float(a.min()) for a in args), max(float(a.max()) for a in args)
            return fail(name, f"returned NaN for logits between {low:.3g} and {high:.3g}"
                              + (": numpy took the log of a negative number" if negative_log
                                 else " — a log of a negative number?")
                              + ". These are logits l, any real number, not probabilities: D = σ(l), so "
                                "log D = −logaddexp(0, −l) and log(1 − D) = −logaddexp(0, l)")
        biggest = max(float(np.max(np.abs(a))) for a in args)
        where = ("for a confident D (logits of ±50 and ±100)" if biggest > ORDINARY_LOGITS
                 else f"already for logits of ±{biggest:.3g}")
        return fail(name, f"returned inf or NaN {where}, where the loss is finite: {unstable}")
    return None


def _check_logit_loss(function, *, name: str, reference, cases, mistakes, describe, success: str, unstable: str,
                      shape_error_hint: str = "", precision_hint: str = "") -> Feedback:
    """check_cases for a loss on logits, in two rounds: ordinary logits first, then a confident D as well.

    So that a mistake of the formula is named before a lack of numerical stability, and NaN or inf is
    named for its cause (logits taken for probabilities; a log of a σ that rounded to 0 or 1).
    """
    is_ordinary = [max(float(np.max(np.abs(a))) for a in args) <= ORDINARY_LOGITS for args in cases]
    ordinary = [args for args, plain in zip(cases, is_ordinary) if plain]
    confident = [args for args, plain in zip(cases, is_ordinary) if not plain]
    options = dict(name=name, reference=reference, mistakes=mistakes, describe=describe,
                   shape_error_hint=shape_error_hint, precision_hint=precision_hint)
    try:
        verdict = _nonfinite_verdict(function, ordinary, reference, name, describe, shape_error_hint, unstable)
        if verdict is not None:
            return verdict.feedback
        feedback = check_cases(function, cases=ordinary, success=success, **options)
        if not feedback.passed:
            return feedback
        verdict = _nonfinite_verdict(function, confident, reference, name, describe, shape_error_hint, unstable)
        if verdict is not None:
            return verdict.feedback
        return check_cases(function, cases=cases, success=success, **options)
    except _Verdict as verdict:                  # raised by the learner's code (or its stub) inside call()
        return verdict.feedback


# ---- 06 · the GAN objective -----------------------------------------------------------------------

@_single_threaded
def check_discriminator_loss(discriminator_loss_fn, seed: int | None = None) -> Feedback:
    """The learner's ``discriminator_loss(real_logits, fake_logits)`` = −mean log D(x) − mean log(1 − D(G(z)))."""
    rng = random_inputs(seed)
    cases = _logit_cases(rng)
    return _check_logit_loss(
        discriminator_loss_fn, name="discriminator_loss",
        reference=lambda real, fake: _torch_loss(discriminator_loss, real, fake),
        cases=cases,
        mistakes=[
            Mistake(lambda real, fake: np.mean(_softplus(real)) + np.mean(_softplus(-fake)),
                    "the labels are swapped: real samples should be pushed towards D = 1 (label 1), fakes towards "
                    "D = 0 (label 0)"),
            Mistake(lambda real, fake: -np.mean(_softplus(-real)) - np.mean(_softplus(fake)),
                    "the sign is flipped: this is V(D, G) itself, which D maximises; its loss to minimise is −V"),
            Mistake(lambda real, fake: np.sum(_softplus(-real)) + np.sum(_softplus(fake)),
                    "this sums over each batch; take the mean (the expectations in V are averages)"),
            Mistake(lambda real, fake: np.mean(np.concatenate([_softplus(-real), _softplus(fake)])),
                    "this is one mean over the real and fake samples together; V has two expectations — the mean "
                    "over the real batch plus the mean over the fake batch (here of different sizes)"),
            Mistake(lambda real, fake: np.mean(_softplus(-np.concatenate([real, fake]))),
                    "every sample is treated as real: fakes need label 0, i.e. the term −log(1 − D(G(z)))"),
            Mistake(lambda real, fake: np.mean(_softplus(-real)) + np.mean(_softplus(-fake)),
                    "the fakes' term is −log D(G(z)) = logaddexp(0, −l), label 1: fakes need label 0, "
                    "−log(1 − D(G(z))) = logaddexp(0, l) — mind the sign inside"),
            Mistake(lambda real, fake: np.mean(_softplus(real)) + np.mean(_softplus(fake)),
                    "the real samples' term is −log(1 − D(x)) = logaddexp(0, l), label 0: real samples need "
                    "label 1, −log D(x) = logaddexp(0, −l) — mind the sign inside"),
            Mistake(lambda real, fake: np.mean(_softplus(-real)),
                    "the term for the fakes, −mean log(1 − D(G(z))), is missing"),
            Mistake(lambda real, fake: np.mean(_softplus(fake)),
                    "the term for the real samples, −mean log D(x), is missing"),
        ],
        describe=lambda args: f"{len(args[0])} real and {len(args[1])} fake logits",
        shape_error_hint="the real and fake batches have different sizes: average each batch's terms on its own "
                         "(np.mean), then add the two means",
        unstable="for a fake that D is sure of, 1 − σ(l) rounds to 0 — σ(l) is exactly 1.0 from l ≈ 37 in "
                 "float64, from l ≈ 17 in float32 — and log(1 − σ(l)) = log 0 = −inf (log σ(l) does the same for "
                 "a very negative l, where exp(−l) overflows). Use the stable forms −log σ(l) = np.logaddexp(0, −l) and "
                 "−log(1 − σ(l)) = np.logaddexp(0, l), which never round σ",
        precision_hint="is log(1 − σ(l)) computed from σ(l)? It keeps few digits where σ(l) is close to 1; "
                       "−log(1 − σ(l)) = np.logaddexp(0, l) keeps them all",
        success=f"right for {len(cases)} pairs of real and fake batches of unequal sizes, with logits up to ±100",
    )


@_single_threaded
def check_non_saturating_loss(generator_loss_fn, seed: int | None = None) -> Feedback:
    """The learner's ``generator_loss(fake_logits)`` = −mean log D(G(z)), the non-saturating generator loss."""
    rng = random_inputs(seed)
    cases = [(fake,) for _, fake in _logit_cases(rng)]
    return _check_logit_loss(
        generator_loss_fn, name="generator_loss",
        reference=lambda fake: _torch_loss(generator_loss, fake, kind="non_saturating"),
        cases=cases,
        mistakes=[
            Mistake(lambda fake: np.mean(-_softplus(fake)),
                    "this is the minimax loss, mean log(1 − D(G(z))); the non-saturating one is −mean log D(G(z))"),
            Mistake(lambda fake: np.mean(_softplus(fake)),
                    "this is the discriminator's term for the fakes (label 0): minimising it would teach G to be "
                    "caught. G wants D(G(z)) → 1: −mean log D(G(z))"),
            Mistake(lambda fake: -np.mean(_softplus(-fake)),
                    "the sign is flipped: this is mean log D(G(z)), which G wants large; the loss to minimise is "
                    "its negative"),
            Mistake(lambda fake: np.sum(_softplus(-fake)), "this sums over the batch; take the mean"),
            Mistake(lambda fake: -np.mean(expit(fake)),
                    "the log is missing: this is −mean D(G(z)), not −mean log D(G(z))"),
            Mistake(lambda fake: -np.mean(fake),
                    "this is −mean l, as if log σ(l) were the logit l itself; log D = log σ(l) = −logaddexp(0, −l)"),
        ],
        describe=lambda args: f"{len(args[0])} fake logits",
        unstable="for a fake that D rejects with confidence, σ(l) rounds to 0 (in float32 exp(100) already "
                 "overflows), and log σ(l) = log 0 = −inf. Use the stable form −log σ(l) = np.logaddexp(0, −l)",
        precision_hint="is log σ(l) computed from σ(l)? It keeps few digits where σ(l) is tiny; "
                       "−log σ(l) = np.logaddexp(0, −l) keeps them all",
        success=f"right for {len(cases)} batches of fake logits, with logits up to ±100",
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

    def with_density(density):
        return lambda x, mu_d, s_d, mu_g, s_g: density(x, mu_d, s_d) / (density(x, mu_d, s_d) + density(x, mu_g, s_g))

    return check_cases(
        d_star, name="d_star",
        reference=reference,
        cases=cases,
        mistakes=[
            Mistake(lambda x, mu_d, s_d, mu_g, s_g: reference(x, mu_g, s_g, mu_d, s_d),
                    "this is p_g / (p_data + p_g), the probability of *fake*; D* is the probability of real"),
            Mistake(lambda x, mu_d, s_d, mu_g, s_g: _gaussian(x, mu_d, s_d) / _gaussian(x, mu_g, s_g),
                    "p_data / p_g is the odds, not a probability: divide by p_data + p_g"),
            Mistake(with_density(lambda x, mu, s: np.exp(-0.5 * ((x - mu) / s) ** 2)),
                    "the densities need their normalising factor 1/(σ√(2π)): with different σ it does not cancel"),
            Mistake(with_density(lambda x, mu, s: np.exp(-0.5 * ((x - mu) / s) ** 2) / np.sqrt(2 * np.pi) * s),
                    "the normal density multiplies by σ here: `/ np.sqrt(2 * np.pi) * sigma` divides by √(2π), then "
                    "multiplies by σ — put the whole denominator in parentheses: / (sigma * np.sqrt(2 * np.pi))"),
            Mistake(with_density(lambda x, mu, s: np.exp(-((x - mu) / s) ** 2) / s),
                    "the exponent of the normal density is −(x − μ)²/(2σ²): the ½ is missing"),
            Mistake(with_density(lambda x, mu, s: np.exp(-0.5 * (x - mu) ** 2 / s) / s),
                    "the exponent of the normal density divides by 2σ², not 2σ: square sigma (it is the standard "
                    "deviation, not the variance)"),
            Mistake(with_density(lambda x, mu, s: np.exp(-0.5 * (x - mu) ** 2 / s) / np.sqrt(2 * np.pi * s)),
                    "sigma is used as the variance: this is the density of N(μ, σ), with σ where σ² belongs in the "
                    "exponent and √σ where σ belongs in the factor. sigma is the standard deviation: "
                    "exp(−(x − μ)²/(2σ²)) / (σ√(2π))"),
            Mistake(with_density(lambda x, mu, s: np.exp(-0.5 * ((x - mu) / s) ** 2) / np.sqrt(2 * np.pi * s)),
                    "the factor is 1/√(2πσ), as if sigma were the variance: sigma is the standard deviation, so "
                    "the factor is 1/(σ√(2π)) — σ, not √σ"),
            Mistake(lambda x, mu_d, s_d, mu_g, s_g: reference(x, mu_d, s_d, mu_g, s_d),
                    "p_g is computed with sigma_data: the generator's density is N(mu_g, sigma_g²)"),
            Mistake(lambda x, mu_d, s_d, mu_g, s_g: reference(x, mu_d, s_d, mu_d, s_g),
                    "p_g is computed with mu_data: the generator's density is N(mu_g, sigma_g²)"),
        ],
        describe=lambda args: f"data N({args[1]:.2f}, {args[2]:.2f}²), generator N({args[3]:.2f}, {args[4]:.2f}²)",
        success=f"right at 9 points for each of {len(cases)} fresh pairs of Gaussians, with different means and "
                "widths",
    )


# ---- 07 · a GAN in numpy --------------------------------------------------------------------------

def _input_gradient_shape_hint(got: tuple, expected: tuple) -> str:
    if got == expected[::-1]:
        return ("this is its transpose, one row per sample: the course's batches hold one sample per column, "
                "and ∂C_x/∂x has the shape of the input batch, (n_1, m)")
    if got in ((expected[0],), (expected[0], 1)):
        return "one column for the whole batch: return each sample's own gradient, one column per sample"
    return f"∂C_x/∂x has the shape of the input batch, (n_1, m) = {expected}"


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
            Mistake(lambda W, d: (W.T @ d).sum(axis=1, keepdims=True),
                    "this sums the gradients of the batch into one column: return each sample's own gradient, one "
                    "column per sample"),
            Mistake(lambda W, d: (W.T @ d).mean(axis=1, keepdims=True),
                    "this averages the gradients of the batch into one column: return each sample's own gradient, "
                    "one column per sample"),
            Mistake(lambda W, d: (W.T @ d).sum(axis=1),
                    "this sums the gradients of the batch into one vector: return each sample's own gradient, one "
                    "column per sample"),
            Mistake(lambda W, d: (W.T @ d).mean(axis=1),
                    "this averages the gradients of the batch into one vector: return each sample's own gradient, "
                    "one column per sample"),
        ],
        shape_hint=_input_gradient_shape_hint,
        shape_error_hint="W2 is (n_2, n_1) and delta2 is (n_2, m): the matrix product W2.T @ delta2 (not `*`, not "
                         "W2 @ …) is (n_1, m), like the input batch",
        describe=lambda args: f"W2 {args[0].shape}, delta2 {args[1].shape}",
        success=f"one gradient per sample, right for {len(cases)} fresh cases of different shapes",
    )


@_single_threaded
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
                    "−σ(l) is the gradient of the minimax loss log(1 − D); the non-saturating loss is −log D"),
            Mistake(lambda l: expit(l),
                    "σ(l) is the gradient of −log(1 − σ(l)), the loss with label 0 (D's term for the fakes), which "
                    "would teach G to be caught; G's non-saturating loss is −log σ(l), label 1"),
            Mistake(lambda l: expit(l) * (1 - expit(l)),
                    "that is σ′(l) alone; differentiate −log σ(l) with the chain rule: −σ′(l)/σ(l)"),
            Mistake(lambda l: -expit(l) * (1 - expit(l)),
                    "that is −σ′(l), the derivative of −σ(l); the loss is −log σ(l), and the log's derivative "
                    "divides by σ(l): −σ′(l)/σ(l)"),
            Mistake(lambda l: -1 / expit(l),
                    "−1/σ(l) is the derivative with respect to D = σ(l); the chain rule multiplies it by "
                    "∂σ/∂l = σ(l)(1 − σ(l))"),
            Mistake(lambda l: -expit(-l) * expit(l) * expit(-l),
                    "this multiplies by σ′(l) once more: the derivative of −log σ(l) with respect to l already "
                    "contains it"),
            Mistake(lambda l: -expit(-l) / len(l), "this is divided by the batch size: one gradient per sample"),
            Mistake(lambda l: np.logaddexp(0, -l),
                    "this is the loss −log σ(l) = logaddexp(0, −l) itself, not its derivative: differentiate it "
                    "with respect to l (the chain rule, with σ′(l) = σ(l)(1 − σ(l)))"),
            Mistake(lambda l: -np.logaddexp(0, -l),
                    "this is log σ(l), the loss's negative, not the derivative of the loss −log σ(l): "
                    "differentiate it with respect to l (the chain rule, with σ′(l) = σ(l)(1 − σ(l)))"),
        ],
        shape_hint=lambda got, expected: ("one number for the whole batch: return each sample's own gradient, an "
                                          f"array of shape {expected}" if got == () else ""),
        describe=lambda args: f"{len(args[0])} logits",
        success=f"right for every sample of {len(cases)} batches, with logits up to ±30",
    )


# ---- 08 · training dynamics -----------------------------------------------------------------------

_DTYPE_ERROR = re.compile(r"(dtype|scalar type).*(Double|Float|float64|float32)|(Double|Float).*(dtype|scalar type)",
                          re.IGNORECASE)


def _float32_needed(verdict: _Verdict) -> bool:
    """The learner's code raised because it mixes torch's default float32 with the checker's float64 tensors."""
    return "your code raised" in verdict.feedback.message and bool(_DTYPE_ERROR.search(verdict.feedback.message))


def _with_hint(verdict: _Verdict, hints: list[tuple[str, str]]) -> _Verdict:
    """The verdict, with the hint for the first error text it contains added (an exception named for its cause)."""
    for text, hint in hints:
        if text in verdict.feedback.message:
            return _Verdict(Feedback(False, f"{verdict.feedback.message}\n  hint: {hint}"))
    return verdict


def _tiny_networks(seed: int, dtype: torch.dtype = torch.float64):
    """A small generator (3 → 2) and discriminator (2 → 1), the same for a seed."""
    torch.manual_seed(seed)
    G = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Linear(8, 2)).to(dtype)
    D = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1)).to(dtype)
    return G, D


# One iteration of Algorithm 1 (k = 1) as a program: dl/gl build D's/G's loss, db/gb run its backward, ab the
# backward of their sum, ds/gs step an optimiser, zd/zg zero its gradients.
ALGORITHM1 = ("dl", "zd", "db", "ds", "gl", "zg", "gb", "gs")


def _algorithm1_variant(ops=ALGORITHM1, *, labels_swapped=False, kind="non_saturating", detach=True,
                        d_noise="z_d", g_noise="z_g", d_scale=1.0, g_scale=1.0, d_sigmoid=False, g_sigmoid=False):
    """One iteration of Algorithm 1, or a known way of getting it wrong, with the operations in the order ``ops``.

    ``d_sigmoid`` / ``g_sigmoid``: D's outputs passed through torch.sigmoid before D's / G's loss (probabilities
    where the losses take logits)."""
    def step(G, D, opt_g, opt_d, real, z_d, z_g):
        noise, loss = {"z_d": z_d, "z_g": z_g}, {}
        d_out = (lambda x: torch.sigmoid(D(x))) if d_sigmoid else D
        g_out = (lambda x: torch.sigmoid(D(x))) if g_sigmoid else D
        for op in ops:
            if op == "dl":
                fake = G(noise[d_noise])
                real_logits, fake_logits = d_out(real), d_out(fake.detach() if detach else fake)
                loss["d"] = d_scale * (discriminator_loss(fake_logits, real_logits) if labels_swapped
                                       else discriminator_loss(real_logits, fake_logits))
            elif op == "gl":
                loss["g"] = g_scale * generator_loss(g_out(G(noise[g_noise])), kind)
            elif op in ("db", "gb"):
                loss[op[0]].backward()
            elif op == "ab":
                (loss["d"] + loss["g"]).backward()
            else:
                {"zd": opt_d.zero_grad, "zg": opt_g.zero_grad, "ds": opt_d.step, "gs": opt_g.step}[op]()
    return step


_ALGORITHM1_MISTAKES = [
    (dict(labels_swapped=True), "the discriminator's labels are swapped: real samples get label 1 (D → 1), fakes "
                                "label 0 — discriminator_loss(D(real), D(fake)), in that order"),
    (dict(kind="minimax"), "the generator's loss is the minimax one, log(1 − D(G(z))); Algorithm 1 as used in "
                           "practice takes the non-saturating −log D(G(z))"),
    (dict(ops=("gl", "zg", "gb", "gs", "dl", "zd", "db", "ds")),
     "the generator moves before the discriminator: Algorithm 1 takes the k discriminator steps first, then one "
     "generator step against the updated D"),
    (dict(ops=ALGORITHM1 + ("ds",)),
     "the generator's update leaks into the discriminator: G's loss.backward() also fills D's .grad, and "
     "opt_d.step() after it moves D again, on its own gradient plus G's. Only opt_g steps after G's backward"),
    (dict(ops=("dl", "zd", "db", "ds", "gl", "zg", "zd", "gb", "gs", "ds")),
     "the generator's update leaks into the discriminator: the opt_d.step() after G's backward moves D again, along "
     "the gradient that G's loss.backward() left in D's .grad (G's loss flows through D, so its backward fills D's "
     ".grad too; zeroing D's gradients before it does not help, the step comes after). Only opt_g steps after G's "
     "backward"),
    (dict(d_sigmoid=True, g_sigmoid=True),
     "D's outputs go through torch.sigmoid before both losses: discriminator_loss and generator_loss take logits "
     "and apply σ themselves, so σ is applied twice — probabilities where logits belong, and both steps are wrong. "
     "Pass D(…) itself: discriminator_loss(D(real), D(G(z_d).detach())) and generator_loss(D(G(z_g)))"),
    (dict(d_sigmoid=True),
     "D's outputs go through torch.sigmoid before discriminator_loss: it takes logits and applies σ itself, so σ is "
     "applied twice — probabilities where logits belong. Pass D(real) and D(G(z_d).detach()) themselves"),
    (dict(g_sigmoid=True),
     "D's output goes through torch.sigmoid before generator_loss: it takes logits and applies σ itself, so σ is "
     "applied twice — probabilities where logits belong. Pass D(G(z_g)) itself"),
    (dict(ops=ALGORITHM1[:-1] + ("ds",)),
     "G's step ends with opt_d.step() instead of opt_g.step(): the generator never moves, and D takes a second "
     "step, on its own gradient plus the one G's backward left in D's .grad"),
    (dict(ops=("dl", "zd", "db", "gs", "gl", "zg", "gb", "ds")),
     "the optimisers' steps are swapped: opt_g.step() runs after D's backward, before G has a gradient of its own "
     "(it steps on what the previous iteration left), and opt_d.step() after G's, on D's gradient plus G's. "
     "opt_d.step() belongs right after D's backward, opt_g.step() right after G's"),
    (dict(ops=("zd", "zg", "dl", "gl", "ab", "ds", "gs")),
     "both losses go through one backward: (D's loss + G's loss).backward() adds G's gradient into D's .grad, so "
     "D's step partly helps G, and G's loss is taken against D before its update. Give each player its own "
     "backward, after zeroing its gradients: D's step first, then G's against the new D"),
    (dict(ops=("dl", "db", "ds", "gl", "zg", "gb", "gs")),
     "the generator's update leaks into the discriminator: without opt_d.zero_grad() before D's backward, the "
     "gradients G's backward left in D's .grad are added to D's own"),
    (dict(ops=("dl", "db", "ds", "zd", "gl", "zg", "gb", "gs")),
     "the generator's update leaks into the discriminator: opt_d.zero_grad() runs right after D's step, before "
     "G's backward, so what G's backward then leaves in D's .grad is still there at D's next backward and is added "
     "to D's own gradient. Zero D's gradients right before D's backward"),
    (dict(ops=("dl", "zd", "db", "ds", "gl", "gb", "gs")),
     "opt_g.zero_grad() is missing before G's backward: G's update in the second iteration adds the gradient left "
     "over from the first"),
    (dict(detach=False, ops=("zd", "zg", "dl", "db", "ds", "gl", "gb", "gs")),
     "the discriminator's update leaks into the generator: without .detach() on the fakes, D's loss.backward() "
     "also fills G's .grad, and your opt_g.zero_grad() ran before that (at the top), so G's step follows its own "
     "gradient plus D's — partly helping D. Detach the fakes in D's step (G(z_d).detach()), and zero G's gradients "
     "right before G's backward"),
    (dict(detach=False, ops=("dl", "zd", "db", "ds", "gl", "gb", "gs")),
     "the discriminator's update leaks into the generator: without .detach() on the fakes, D's loss.backward() "
     "fills G's .grad, and without opt_g.zero_grad() G's step then follows it — partly helping D"),
    (dict(g_noise="z_d"), "the generator's step reuses z_d: Algorithm 1 draws a fresh minibatch of noise, z_g"),
    (dict(d_noise="z_g", g_noise="z_d"), "z_d and z_g are swapped: D's step takes its fakes from G(z_d), and G's "
                                         "step the fresh noise z_g"),
    (dict(d_noise="z_g"), "D's step takes its fakes from z_g: the noise for D's step is z_d; z_g is for G's step"),
    (dict(d_scale=16.0), "the discriminator's parameters differ from Algorithm 1's as if its loss were 16 times "
                         "larger (the batch size): its loss sums over each batch, where Algorithm 1 takes means over "
                         "their batches (1/m Σ), as discriminator_loss does"),
    (dict(d_scale=0.5), "the discriminator's loss is half of Algorithm 1's: one mean over the real and fake samples "
                        "together is (mean over real + mean over fake)/2; −V adds the two means — "
                        "discriminator_loss(D(real), D(fake))"),
    (dict(g_scale=16.0), "the generator's parameters differ from Algorithm 1's as if its loss were 16 times larger "
                         "(the batch size): its loss sums over the batch; take the mean, as generator_loss does"),
]

_ALGORITHM1_ERRORS = [
    ("modified by an inplace operation",
     "G's loss was built before opt_d.step(): autograd saved D's weights for G's backward, and D's step changed "
     "them in place. Compute G's loss after D's step — Algorithm 1's generator step plays against the updated D"),
    ("backward through the graph a second time",
     "one graph is run backward twice: without .detach() on the fakes, D's loss.backward() already went through G "
     "and freed its graph, and G's backward then ran through it again. Detach the fakes in D's step "
     "(G(z_d).detach()) and build G's loss afresh from G(z_g)"),
    ("does not require grad and does not have a grad_fn",
     "this loss has no gradient at all: it was computed under torch.no_grad(), or from detached tensors only. In "
     "D's step only the fakes are detached; in G's step the loss must flow through D into G — no detach, no "
     "torch.no_grad()"),
]


def _parameters(module) -> list[torch.Tensor]:
    return [p.detach().clone() for p in module.parameters()]


def _tolerance(dtype: torch.dtype) -> dict:
    """How close two results must be to count as the same: what float64 keeps, or what float32 does."""
    return dict(rtol=1e-9, atol=1e-12) if dtype == torch.float64 else dict(rtol=FLOAT32_TOLERANCE, atol=1e-6)


def _same(a: list[torch.Tensor], b: list[torch.Tensor]) -> bool:
    tolerance = _tolerance(torch.float64 if all(x.dtype == torch.float64 for x in a + b) else torch.float32)
    return all(x.shape == y.shape and torch.allclose(x.double(), y.double(), **tolerance) for x, y in zip(a, b))


class _Trace:
    """What the learner's step did, in order: zero_grad (zd, zg), step (ds, gs), a backward reaching D or G (bd, bg)."""

    def __init__(self, G, D, opt_g, opt_d):
        self.events: list[str] = []
        for owner, event in ((opt_d, "zd"), (opt_g, "zg"), (D, "zd"), (G, "zg")):
            self._record(owner, "zero_grad", event)
        self._record(opt_d, "step", "ds")
        self._record(opt_g, "step", "gs")
        next(D.parameters()).register_hook(lambda grad: self.events.append("bd"))
        next(G.parameters()).register_hook(lambda grad: self.events.append("bg"))

    def _record(self, owner, method: str, event: str) -> None:
        original = getattr(owner, method)

        def recorded(*args, **kwargs):
            self.events.append(event)
            return original(*args, **kwargs)
        setattr(owner, method, recorded)

    def why_unmoved(self, player: str) -> str:
        """Why ``player`` ("d" or "g") never moved, as far as the order of the calls tells; "" if it does not."""
        optimiser, zero, step, backward = f"opt_{player}", f"z{player}", f"{player}s", f"b{player}"
        if step not in self.events:
            return f"{optimiser}.step() is never called"
        if backward not in self.events:
            return ""
        cleared, stepped_on_a_gradient = True, False          # before any backward there is no gradient
        for event in self.events:
            if event == backward:
                cleared = False
            elif event == zero:
                cleared = True
            elif event == step and not cleared:
                stepped_on_a_gradient = True
        if stepped_on_a_gradient:
            return ""
        return (f"{optimiser}.zero_grad() sits between the backward and {optimiser}.step(), so it clears the "
                "gradients just computed before the step can use them. Zero them before the backward")


def _run_steps(step_fn, seed: int, batches, name: str = "", dtype: torch.dtype = torch.float64):
    """Fresh networks and SGD optimisers for ``seed``; ``step_fn`` applied to each batch in turn.

    Returns the parameters of G and D after each call, and, for the learner's step (``name`` given), the trace
    of what it called.
    """
    G, D = _tiny_networks(seed, dtype)
    opt_g = torch.optim.SGD(G.parameters(), lr=0.1)
    opt_d = torch.optim.SGD(D.parameters(), lr=0.1)
    trace = _Trace(G, D, opt_g, opt_d) if name else None
    after = []
    for real, z_d, z_g in batches:
        real, z_d, z_g = (t.to(dtype) for t in (real, z_d, z_g))
        if name:
            call(step_fn, (G, D, opt_g, opt_d, real.clone(), z_d.clone(), z_g.clone()), name,
                 "G, D, opt_g, opt_d and batches real (16, 2), z_d (16, 3), z_g (16, 3)", allow_none=True)
        else:
            step_fn(G, D, opt_g, opt_d, real, z_d, z_g)
        after.append((_parameters(G), _parameters(D)))
    return after, trace


def _diagnose_algorithm1(name, got, trace: _Trace, seed, batches, dtype) -> Feedback:
    expected = _run_steps(_algorithm1_variant(), seed, batches, dtype=dtype)[0]
    start = _run_steps(lambda *args: None, seed, batches[:1], dtype=dtype)[0][0]
    if _same(got[-1][0], start[0]) and _same(got[-1][1], start[1]):
        reasons = [why for why in (trace.why_unmoved("d"), trace.why_unmoved("g")) if why]
        raise fail(name, "neither network changed: " + ("; ".join(reasons) if reasons else
                         "opt_d.step() must come after D's backward and opt_g.step() after G's, with each "
                         "zero_grad before its backward"))
    if _same(got[-1][0], expected[-1][0]) and _same(got[-1][1], expected[-1][1]):
        if trace.events.count("bg") > len(batches):
            raise fail(name, "the updates are right, but D's loss also ran backward through G: detach the "
                             "fakes in D's step (G(z_d).detach()). It wastes a backward pass, and G's .grad "
                             "then holds D's gradient until opt_g.zero_grad() clears it")
        return Feedback(True, f"{PASS} {name}: D's step then G's, labels, loss and gradients right over "
                              f"{len(batches)} iterations; nothing leaks from one player into the other")
    for options, message in _ALGORITHM1_MISTAKES:
        wrong = _run_steps(_algorithm1_variant(**options), seed, batches, dtype=dtype)[0]
        if _same(got[-1][0], wrong[-1][0]) and _same(got[-1][1], wrong[-1][1]):
            raise fail(name, message)
    if _same(got[-1][0], start[0]):
        why = trace.why_unmoved("g")
        if not why and "bg" not in trace.events:
            why = ("no gradient reached G. Its loss must flow through D into G — generator_loss(D(G(z_g))) with "
                   "nothing detached and no torch.no_grad() in G's step — then its backward and opt_g.step()")
        raise fail(name, "the generator never moved: " + (why or "G's step needs generator_loss(D(G(z_g))), its "
                                                                 "backward and opt_g.step()"))
    if _same(got[-1][1], start[1]):
        why = trace.why_unmoved("d")
        raise fail(name, "the discriminator never moved: " + (why or "D's step needs its loss's backward and "
                                                                     "opt_d.step()"))
    if _same(got[0][1], expected[0][1]) and _same(got[0][0], expected[0][0]):
        raise fail(name, "both networks are right after the first iteration but not after the second: something "
                         "carries over from one call to the next — a gradient that is not zeroed before its "
                         "backward, or state kept between calls")
    if not _same(got[0][1], expected[0][1]):
        raise fail(name, "after the first iteration D's parameters differ from Algorithm 1's, in a way none of the "
                         "known mistakes explains: check D's step line by line — "
                         "discriminator_loss(D(real), D(G(z_d).detach())), opt_d.zero_grad() before its backward, "
                         "opt_d.step() after it, and nothing else that changes D")
    raise fail(name, "D's first step is right, but after it G's parameters differ from Algorithm 1's, in a way none "
                     "of the known mistakes explains: check G's step line by line — generator_loss(D(G(z_g))) built "
                     "after D's step, opt_g.zero_grad() before its backward, opt_g.step() after it")


@_single_threaded
def check_algorithm1_step(algorithm1_step, seed: int | None = None) -> Feedback:
    """The learner's ``algorithm1_step(G, D, opt_g, opt_d, real, z_d, z_g)``: one iteration of Algorithm 1, k = 1.

    Run twice in a row on fresh batches (so that gradients left over from one step would show in the next)
    with plain SGD, and compared with Algorithm 1 and with the known ways of getting it wrong. The networks are
    float64, or float32 when the learner's code builds float32 tensors (torch's default) that meet them.
    """
    name = "algorithm1_step"
    seed = int(random_inputs(seed).integers(2**31))
    random = torch.Generator().manual_seed(seed)
    batches = [(torch.randn(16, 2, generator=random, dtype=torch.float64) + 1.5,
                torch.randn(16, 3, generator=random, dtype=torch.float64),
                torch.randn(16, 3, generator=random, dtype=torch.float64)) for _ in range(2)]
    try:
        for dtype in (torch.float64, torch.float32):
            try:
                got, trace = _run_steps(algorithm1_step, seed, batches, name, dtype)
                break
            except _Verdict as verdict:
                if dtype == torch.float32 or not _float32_needed(verdict):
                    raise _with_hint(verdict, _ALGORITHM1_ERRORS) from None
        return _diagnose_algorithm1(name, got, trace, seed, batches, dtype)
    except _Verdict as verdict:
        return verdict.feedback


_R1_ERRORS = [
    ("One of the differentiated Tensors does not require grad",
     "real does not require grad, so autograd cannot differentiate with respect to it: call "
     "real.requires_grad_(True) before D(real) — the gradient with respect to the input needs it"),
    ("appears to not have been used in the graph",
     "the logits were not computed from this `real`: call real.requires_grad_(True) (or take "
     "real = real.detach().requires_grad_(True)) before D(real), and differentiate with respect to that same tensor"),
    ("grad can be implicitly created only for scalar outputs",
     "D(real) holds one logit per sample, (m, 1), and autograd.grad needs a scalar: differentiate D(real).sum() — "
     "each logit depends only on its own sample, so the gradient of the sum holds every sample's ∇ₓ l — or pass "
     "grad_outputs=torch.ones_like(logits)"),
]


@_single_threaded
def check_r1_penalty(r1_penalty, seed: int | None = None) -> Feedback:
    """The learner's ``r1_penalty(D, real, gamma)`` = (γ/2)·mean_i ‖∇ₓ l(x_i)‖², l = D's logit, on real samples.

    The penalty must be a differentiable function of D's weights (``create_graph=True``), or adding it to
    D's loss changes nothing. D and the batch are float64, or float32 when the learner's code builds float32
    tensors (torch's default) that meet them; the value is compared at the precision it was computed in.
    """
    name = "r1_penalty"
    seed = int(random_inputs(seed).integers(2**31))
    random = torch.Generator().manual_seed(seed)
    batch, gamma = torch.randn(12, 2, generator=random, dtype=torch.float64), 0.7
    try:
        for dtype in (torch.float64, torch.float32):
            D, real = _tiny_networks(seed, dtype)[1], batch.to(dtype)
            try:
                result, _ = call(r1_penalty, (D, real.clone(), gamma), name, "D (2 → 1), real (12, 2), gamma 0.7")
                break
            except _Verdict as verdict:
                if dtype == torch.float32 or not _float32_needed(verdict):
                    raise _with_hint(verdict, _R1_ERRORS) from None
        return _diagnose_r1(name, result, D, real, gamma)
    except _Verdict as verdict:
        return verdict.feedback


def _r1_variant(D, real, gamma, *, of=lambda logits: logits.sum(), norms=lambda g: g.pow(2).sum(dim=1),
                reduce=torch.mean, factor=lambda gamma: gamma / 2, square_of_mean=False):
    """(γ/2)·mean ‖∇ₓ l‖² for D and the batch ``real`` — or a known way of getting it wrong."""
    x = real.clone().requires_grad_(True)
    (gradient,) = torch.autograd.grad(of(D(x)), x, create_graph=True)
    if square_of_mean:
        return factor(gamma) * gradient.norm(dim=1).mean() ** 2
    return factor(gamma) * reduce(norms(gradient))


_R1_MISTAKES = [
    (dict(of=lambda logits: torch.sigmoid(logits).sum()),
     "this penalises the gradient of D's probability σ(l); R1 penalises the gradient of the logit l = D(x)"),
    (dict(of=lambda logits: torch.nn.functional.softplus(-logits).mean()),
     "this differentiates D's loss on the real batch, BCE(l, 1), not D's logit: R1 penalises ∇ₓ l(x) of the logit "
     "itself — torch.autograd.grad(D(real).sum(), real, …)"),
    (dict(of=lambda logits: torch.nn.functional.softplus(-logits).sum()),
     "this differentiates D's loss on the real samples, −log σ(l), not D's logit: R1 penalises ∇ₓ l(x) of the "
     "logit itself — torch.autograd.grad(D(real).sum(), real, …)"),
    (dict(of=lambda logits: logits.mean()),
     "this differentiates the mean of the logits, which divides every sample's gradient by the batch size m: "
     "differentiate their sum, D(real).sum(), to get each sample's own ∇ₓ l"),
    (dict(norms=lambda g: g.norm(dim=1)), "the norms need squaring: ‖∇ₓ l‖², i.e. gradient.pow(2).sum(dim=1)"),
    (dict(norms=lambda g: g.pow(2).mean(dim=1)),
     "exactly half the penalty: this averages the squares over the 2 coordinates of x as well as over the batch. "
     "‖∇ₓ l‖² sums over the coordinates (gradient.pow(2).sum(dim=1)); only the batch is averaged"),
    (dict(norms=lambda g: g.pow(2).sum(dim=0)),
     "this sums the squares over the batch (dim=0: rows are samples) and averages over the coordinates: sum over "
     "the coordinates, dim=1, and take the mean over the batch"),
    (dict(reduce=torch.sum), "this sums over the batch; take the mean over the real samples"),
    (dict(square_of_mean=True), "this squares the mean of the norms, (mean ‖∇ₓ l‖)²; R1 takes the mean of the "
                                "squared norms, mean ‖∇ₓ l‖²"),
    (dict(factor=lambda gamma: gamma), "the factor is γ/2, not γ"),
    (dict(factor=lambda gamma: 1.0), "γ/2 is missing: multiply by gamma / 2"),
    (dict(factor=lambda gamma: 0.5), "this multiplies by ½ but not by γ: the factor is gamma / 2"),
]


_WEIGHT_GRADIENT = ("this penalises the gradient with respect to D's weights (D.parameters()); R1 penalises the "
                    "gradient with respect to D's input, ∇ₓ l at each real sample: "
                    "torch.autograd.grad(D(real).sum(), real, create_graph=True), after real.requires_grad_(True)")


def _weight_gradient_penalties(D, real, gamma):
    """Penalties built from the gradient of the logits with respect to D's weights instead of the input, in the
    ways a learner would normalise them: summed or averaged logits, squares summed or averaged per parameter,
    divided by the batch size or not, times γ/2, γ or 1."""
    parameters = list(D.parameters())
    values = []
    with torch.enable_grad():
        for of in (lambda l: l.sum(), lambda l: l.mean()):
            gradients = torch.autograd.grad(of(D(real.detach())), parameters)
            for squares in (lambda g: g.pow(2).sum(), lambda g: g.pow(2).mean()):
                total = sum(squares(g) for g in gradients).detach()
                for scale in (1.0, 1.0 / len(real)):
                    values += [factor * total * scale for factor in (gamma / 2, gamma, 1.0)]
    return values


def _diagnose_r1(name, result, D, real, gamma) -> Feedback:
    expected = _r1_variant(D, real, gamma)
    if isinstance(result, (float, int, np.floating, np.ndarray)) and np.size(result) == 1 \
            and not isinstance(result, bool) and np.isclose(float(np.asarray(result).ravel()[0]), expected.item(),
                                                            rtol=FLOAT32_TOLERANCE):
        raise fail(name, f"the value is right, but it is a {type(result).__name__}, cut off from autograd (by .item(), "
                         "float() or numpy): return the scalar torch tensor itself, so that D's loss can "
                         "backpropagate through the penalty")
    if not isinstance(result, torch.Tensor) or result.numel() != 1:
        shape = f" of shape {tuple(result.shape)}" if hasattr(result, "shape") else ""
        hint = ""
        if isinstance(result, torch.Tensor) and tuple(result.shape) in ((len(real),), (len(real), 1)):
            hint = " — one value per sample: take the mean over the batch"
        raise fail(name, f"expected a scalar torch tensor (one number for the batch), got "
                         f"{type(result).__name__}{shape}{hint}")
    precision = answer_dtype(result)
    rtol = 1e-9 if precision == np.float64 and real.dtype == torch.float64 else FLOAT32_TOLERANCE
    got = as_result_array(result, name).reshape(())

    def same(value: torch.Tensor) -> bool:
        return close(got, np.asarray(value.item()), rtol=rtol)

    if not same(expected):
        for options, message in _R1_MISTAKES:
            if same(_r1_variant(D, real, gamma, **options)):
                raise fail(name, message)
        if any(same(value) for value in _weight_gradient_penalties(D, real, gamma)):
            raise fail(name, _WEIGHT_GRADIENT)
        if not np.isfinite(got):
            raise fail(name, f"returned {got.item()} where the penalty is finite ({expected.item():.6g})")
        raise fail(name, f"expected {expected.item():.6g} for this batch, got {got.item():.6g} — none of the known "
                         "mistakes gives this value")
    if not result.requires_grad:
        raise fail(name, "the value is right but it does not depend on D's weights in autograd: pass "
                         "create_graph=True to torch.autograd.grad (and detach nothing after it: no .detach(), "
                         ".data or numpy), or D's loss cannot feel the penalty")
    D.zero_grad()
    try:
        result.backward()
    except RuntimeError as error:
        raise fail(name, f"the value is right, but its backward to D's weights fails ({error}): build the penalty "
                         "from torch.autograd.grad(…, create_graph=True) and return it without running its "
                         "backward yourself") from None
    got_gradient = [p.grad.clone() if p.grad is not None else torch.zeros_like(p) for p in D.parameters()]
    D.zero_grad()
    expected.backward()
    tolerance = (dict(rtol=1e-9, atol=1e-12) if rtol == 1e-9 else dict(rtol=FLOAT32_TOLERANCE, atol=1e-6))
    if not all(torch.allclose(g.double(), (p.grad if p.grad is not None else torch.zeros_like(p)).double(), **tolerance)
               for g, p in zip(got_gradient, D.parameters())):
        raise fail(name, "the value is right but its gradient with respect to D's weights is not: is part of the "
                         "penalty detached from D (a .detach() or .data on the gradient, or a copy of D)?")
    return Feedback(True, f"{PASS} {name}: value and its gradient with respect to D's weights right on a fresh batch "
                          f"of {len(real)} real samples")
