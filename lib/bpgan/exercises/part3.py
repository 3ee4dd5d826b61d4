"""Checkers for the exercises of Part III (notebooks 09–10): image GANs and how they are judged.

These checkers (and Part IV's) compare the learner's answer with the reference on *every* case before naming a
mistake: a known mistake is named only when it reproduces the answer on all cases, so that two mistakes which
happen to agree on one input (size·stride − 2p + k and (size − 1)·stride + k agree whenever stride = 2p) are
never confused.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import torch
from scipy import linalg

from bpgan.exercises.core import (FLOAT32_TOLERANCE, PASS, Feedback, Mistake, _Verdict, as_result_array, call,
                                  check_cases, close, fail, random_inputs)
from bpgan.exercises.core import needs  # noqa: F401 — a learner copy's guard: exercises.needs(f)
from bpgan.gan.models import transposed_output_size


# ---- the engine of Parts III and IV -------------------------------------------------------------------

@dataclass(frozen=True)
class _Case:
    """One input of a checker: its arguments, the tolerance it allows and, optionally, how to describe it."""

    args: tuple
    rtol: float = FLOAT32_TOLERANCE
    label: str = ""


def _as_numbers(value) -> np.ndarray:
    """A reference's or a mistake's value (number, array, tensor) as float64 numbers."""
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    return np.asarray(value, dtype=np.float64)


def _same(got: np.ndarray, wanted: np.ndarray, rtol: float) -> bool:
    """:func:`core.close`, with NaN equal to NaN (a mistake that makes NaN reproduces a NaN answer)."""
    if got.shape != wanted.shape:
        return False
    nan = np.isnan(wanted)
    if not np.array_equal(np.isnan(got), nan):
        return False
    return bool(nan.all()) or close(got[~nan], wanted[~nan], rtol=rtol)


def _fresh(arg):
    return arg.clone() if isinstance(arg, torch.Tensor) else arg


def _check_every_case(function: Callable, *, name: str, cases: Sequence, reference: Callable,
                      mistakes: Sequence[Mistake] = (), success: str,
                      describe: Callable[[tuple], str] = lambda args: "",
                      prepare: Callable | None = None,
                      error_hint: Callable[[tuple, str], str] | None = None,
                      diagnose: Callable[[list, list, list], str | None] | None = None,
                      closest: Callable[[tuple, np.ndarray], np.ndarray] | None = None,
                      shape_hint: Callable[[tuple, tuple], str] | None = None,
                      precision_hint: str = "") -> Feedback:
    """Run the learner's ``function`` on every case, then judge the answers together.

    In order: an exception (with ``error_hint(args, message)`` added, where it has one), a stub, a missing
    return, complex or non-numeric results (:func:`core.as_result_array`); all right → ✓; a known mistake that
    reproduces the answers on *every* case; ``diagnose(cases, got, expected)``, the checker's own diagnosis;
    otherwise :func:`core.check_cases`' general diagnosis (shape, NaN, sign, precision, a constant factor) of
    the first case that is wrong. ``prepare`` turns the learner's raw result into the numbers compared (it may
    raise :func:`core.fail`). Where several answers are right (two border rules), ``closest(args, got)`` gives
    the right answer nearest the learner's, compared in place of ``reference``.
    """
    cases = [case if isinstance(case, _Case) else _Case(tuple(case)) for case in cases]

    def told(case):
        return case.label or describe(case.args)

    try:
        got = []
        for case in cases:
            try:
                result, _ = call(function, tuple(_fresh(arg) for arg in case.args), name, told(case))
            except _Verdict as verdict:
                message = verdict.feedback.message
                hint = error_hint(case.args, message) if error_hint and "your code raised" in message else ""
                if hint:
                    raise _Verdict(Feedback(False, f"{message}\n  hint: {hint}")) from None
                raise
            got.append(as_result_array(prepare(result) if prepare else result, name))
        expected = [_as_numbers(closest(case.args, g) if closest else reference(*case.args))
                    for case, g in zip(cases, got)]
        wrong = [i for i, case in enumerate(cases) if not _same(got[i], expected[i], case.rtol)]
        if not wrong:
            return Feedback(True, f"{PASS} {name}: {success}")
        for mistake in mistakes:
            try:
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore")
                    made = [_as_numbers(mistake.compute(*(_fresh(arg) for arg in case.args))) for case in cases]
            except Exception:      # a mistake that cannot even be made on these inputs is not this one
                continue
            if (all(_same(g, m, case.rtol) for g, m, case in zip(got, made, cases))
                    and any(not _same(m, e, case.rtol) for m, e, case in zip(made, expected, cases))):
                raise fail(name, mistake.message)
        if diagnose is not None:
            message = diagnose([case.args for case in cases], got, expected)
            if message:
                raise fail(name, message)
    except _Verdict as verdict:
        return verdict.feedback
    first = cases[wrong[0]]

    def replay(*args):
        return got[wrong[0]]

    feedback = check_cases(replay, name=name, reference=lambda *args: expected[wrong[0]], cases=[first.args],
                           shape_hint=shape_hint, describe=lambda args: told(first), success=success,
                           rtol=first.rtol, precision_hint=precision_hint)
    if feedback.passed:          # cannot happen: close() and _same() agree where the answer is finite
        return Feedback(False, f"✗ {name}: wrong values for {told(first) or 'an input'}")
    return feedback


# ---- 09 · image generation ----------------------------------------------------------------------------

_TRANSPOSED_MISTAKES = [
    Mistake(lambda n, k, s, p: (n + 2 * p - k) // s + 1,
            "this is an ordinary convolution's output size; a transposed convolution runs that map backwards"),
    Mistake(lambda n, k, s, p: (n + 2 * p - k) / s + 1,
            "this is an ordinary convolution's output size; a transposed convolution runs that map backwards"),
    Mistake(lambda n, k, s, p: n * s - 2 * p + k,
            "size·stride counts one stride too many: n input pixels paint n patches whose starts are s apart, so "
            "they span (size − 1) strides, plus one kernel"),
    Mistake(lambda n, k, s, p: n * s,
            "size·stride matches only when kernel = stride + 2·padding (as in 7 → 14); the kernel and the "
            "padding are missing"),
    Mistake(lambda n, k, s, p: (n - 1) * s + k,
            "the padding is missing: it trims padding pixels from each side of the output"),
    Mistake(lambda n, k, s, p: (n - 1) * s - p + k,
            "padding trims both sides: −2·padding, not −padding"),
    Mistake(lambda n, k, s, p: (n - 1) * s + 2 * p + k,
            "the padding is added: a transposed convolution trims its padding from each side (−2·padding)"),
    Mistake(lambda n, k, s, p: (n - 1) * s + 2 * p - k,
            "the signs of the padding and the kernel are flipped: solving n = (m + 2p − k)/s + 1 for m moves "
            "+2p and −k to the other side with the opposite signs"),
    Mistake(lambda n, k, s, p: (n - 1) * k - 2 * p + s,
            "kernel and stride are swapped: the arguments come in the order (size, kernel, stride, padding)"),
    Mistake(lambda n, k, s, p: (n - 1) * s - 2 * p + k - 1,
            "one pixel short, on every layer: (size − 1)·stride + kernel − 1 is the index of the last painted pixel "
            "counted from 0, not the number of pixels, which is one more — or a − 1 brought over from the "
            "convolution's + 1, which the (size − 1) already accounts for"),
    Mistake(lambda n, k, s, p: (n - 1) * s - 2 * p + k + 1,
            "one pixel too many, on every layer: the convolution's + 1 is already used up in (size − 1) — solving "
            "n = (m + 2p − k)/s + 1 for m leaves no + 1 — or a fencepost counted twice: the last patch starts "
            "(size − 1)·stride pixels after the first and is kernel pixels wide, nothing more"),
]


def check_transposed_size(transposed_size, seed: int | None = None) -> Feedback:
    """The learner's ``transposed_size(size, kernel, stride, padding)``: the side of a ConvTranspose2d's output."""
    rng = random_inputs(seed)
    cases = [(7, 4, 2, 1), (14, 4, 2, 1), (1, 7, 1, 0), (5, 3, 2, 0), (3, 5, 3, 2)] + [
        (int(rng.integers(2, 20)), int(k), int(rng.integers(2, 4)), int(rng.integers(0, k // 2 + 1)))
        for k in rng.integers(3, 6, size=3)]
    return _check_every_case(
        transposed_size, name="transposed_size",
        reference=transposed_output_size,
        cases=cases,
        mistakes=_TRANSPOSED_MISTAKES,
        describe=lambda args: "size {}, kernel {}, stride {}, padding {}".format(*args),
        success=f"the output side is right for {len(cases)} layers of different kernels, strides and paddings, "
                "including 7 → 14 → 28 of the generator",
    )


def _spd(rng, d):
    a = rng.normal(size=(d, d))
    return a @ a.T + 0.5 * np.eye(d)


def _root_of_psd(sigma):
    values, vectors = np.linalg.eigh((sigma + sigma.T) / 2)
    return (vectors * np.sqrt(np.clip(values, 0, None))) @ vectors.T


def _frechet(mu1, s1, mu2, s2):
    """The reference, stable even for singular covariances: Tr((Σ₁Σ₂)^½) = Tr((√Σ₁ Σ₂ √Σ₁)^½)."""
    root = _root_of_psd(s1)
    middle = root @ s2 @ root
    cross = np.sum(np.sqrt(np.clip(np.linalg.eigvalsh((middle + middle.T) / 2), 0, None)))
    return float(np.sum((mu1 - mu2) ** 2) + np.trace(s1) + np.trace(s2) - 2 * cross)


def _sqrtm(a):
    return np.real(linalg.sqrtm(a))


def _fd(mean_term, cross):
    """A Fréchet distance with the learner's mean term ``mean_term(μ₁, μ₂)`` and trace ``cross(Σ₁, Σ₂)``."""
    return lambda m1, s1, m2, s2: float(mean_term(m1, m2) + cross(s1, s2))


_SQUARED = lambda m1, m2: np.sum((m1 - m2) ** 2)                       # noqa: E731
_RIGHT_TRACE = lambda s1, s2: np.trace(s1 + s2 - 2 * _sqrtm(s1 @ s2))  # noqa: E731
_ENTRYWISE_ROOT = ("np.sqrt takes the square root of each entry; the matrix square root (Σ₁Σ₂)^{1/2} is "
                   "scipy.linalg.sqrtm")

_FRECHET_MISTAKES = [
    Mistake(_fd(lambda m1, m2: 0.0, _RIGHT_TRACE), "the mean term ‖μ₁ − μ₂‖² is missing"),
    Mistake(_fd(lambda m1, m2: np.linalg.norm(m1 - m2), _RIGHT_TRACE),
            "the mean term is the *squared* distance ‖μ₁ − μ₂‖²; np.linalg.norm gives ‖μ₁ − μ₂‖ itself"),
    Mistake(_fd(lambda m1, m2: np.mean((m1 - m2) ** 2), _RIGHT_TRACE),
            "the mean term is a mean over the d coordinates; ‖μ₁ − μ₂‖² is their sum"),
    Mistake(_fd(_SQUARED, lambda s1, s2: np.trace(s1 + s2 - 2 * _sqrtm(s1) @ _sqrtm(s2))),
            "√Σ₁·√Σ₂ is not (Σ₁Σ₂)^{1/2} unless the covariances commute: take linalg.sqrtm(sigma1 @ sigma2)"),
    Mistake(_fd(_SQUARED, lambda s1, s2: np.trace(s1 + s2 - 2 * np.sqrt(s1 @ s2))), _ENTRYWISE_ROOT),
    Mistake(_fd(_SQUARED, lambda s1, s2: np.trace(s1 + s2 - 2 * np.sqrt(np.abs(s1 @ s2)))), _ENTRYWISE_ROOT),
    Mistake(_fd(_SQUARED, lambda s1, s2: np.trace(s1 + s2 - 2 * np.sqrt(s1) @ np.sqrt(s2))), _ENTRYWISE_ROOT),
    Mistake(_fd(_SQUARED, lambda s1, s2: np.trace(s1 + s2) - 2 * np.sqrt(np.trace(s1 @ s2))),
            "the square root of the trace is not the trace of the square root: Tr((Σ₁Σ₂)^{1/2}), with the matrix "
            "square root linalg.sqrtm taken first"),
    Mistake(_fd(_SQUARED, lambda s1, s2: np.trace(s1 + s2 - 2 * _sqrtm(s1 * s2))),
            "sigma1 * sigma2 multiplies entry by entry; the product of matrices Σ₁Σ₂ is sigma1 @ sigma2"),
    Mistake(_fd(_SQUARED, lambda s1, s2: np.trace(s1 + s2 - _sqrtm(s1 @ s2))),
            "the cross term is −2·Tr((Σ₁Σ₂)^{1/2}): the 2 is missing"),
    Mistake(_fd(_SQUARED, lambda s1, s2: np.trace(s1 + s2 + 2 * _sqrtm(s1 @ s2))),
            "the cross term is subtracted: Tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^{1/2})"),
    Mistake(_fd(_SQUARED, lambda s1, s2: np.sum(s1 + s2 - 2 * _sqrtm(s1 @ s2))),
            "np.sum adds every entry of the matrix; the trace adds only its diagonal (np.trace)"),
    Mistake(_fd(_SQUARED, lambda s1, s2: np.trace(s1 + s2 - 2 * s1 @ s2)),
            "no matrix square root: the cross term is −2·Tr((Σ₁Σ₂)^{1/2}), the trace of the square root of Σ₁Σ₂ "
            "(scipy.linalg.sqrtm(sigma1 @ sigma2)), not of Σ₁Σ₂ itself"),
    Mistake(lambda m1, s1, m2, s2: np.sqrt(max(_frechet(m1, s1, m2, s2), 0.0)),
            "this is d, the square root of the formula: frechet returns d² itself — the squared distance, which is "
            "what the course (like FID) calls the Fréchet distance. Leave out the final square root"),
]


def _frechet_error_hint(args, message: str) -> str:
    if "no attribute 'sqrtm'" in message:
        return "NumPy has no matrix square root: it is scipy.linalg.sqrtm (from scipy import linalg)"
    if "not aligned" in message or "matmul" in message:
        return "sigma1 @ sigma2 is the product of the two (d, d) matrices; the means are vectors (d,)"
    return ""


def _singular_pair(rng, samples, d):
    """Means and covariances of ``samples`` < d points: singular covariances, drawn until rounding shows, as it
    does on real features, as complex parts in sqrtm(Σ₁Σ₂) and an eigenvalue of Σ₁Σ₂ just below 0."""
    for _ in range(50):
        s1, s2 = (np.cov(rng.normal(size=(samples, d)), rowvar=False) for _ in range(2))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            shows = np.iscomplexobj(linalg.sqrtm(s1 @ s2)) and np.linalg.eigvals(s1 @ s2).real.min() < 0
        if shows:
            break
    return rng.normal(size=d), s1, rng.normal(size=d), s2


def check_frechet_gaussians(frechet, seed: int | None = None) -> Feedback:
    """The learner's ``frechet(mu1, sigma1, mu2, sigma2)``: the Fréchet distance between two Gaussians."""
    rng = random_inputs(seed)
    cases = [_Case((rng.normal(size=d), _spd(rng, d), rng.normal(size=d), _spd(rng, d)),
                  label=f"Gaussians in {d} dimensions") for d in (2, 3, 5)]
    samples = 3      # fewer samples than dimensions: singular covariances, as FD on a small sample gives
    cases.append(_Case(_singular_pair(rng, samples, 5), rtol=3e-3,
                      label=f"Gaussians in 5 dimensions with singular covariances ({samples} samples each)"))

    def diagnose(inputs, got, expected):
        singular = len(inputs) - 1
        if np.isnan(got[singular]).any() and not any(np.isnan(g).any() for g in got[:singular]):
            return ("NaN for singular covariances (fewer samples than dimensions), right for the others: an "
                    "eigenvalue of Σ₁Σ₂ that rounding left slightly below 0 has no real square root — clip the "
                    "eigenvalues at 0, or use linalg.sqrtm(sigma1 @ sigma2).real")
        return None

    return _check_every_case(
        frechet, name="frechet",
        reference=_frechet,
        cases=cases,
        mistakes=_FRECHET_MISTAKES,
        error_hint=_frechet_error_hint,
        diagnose=diagnose,
        shape_hint=lambda got, expected: ("the distance is one number: sum the squared differences of the means "
                                          "(‖μ₁ − μ₂‖²) and take the trace of the matrices"),
        success=f"the Fréchet distance is right for {len(cases)} pairs of Gaussians with non-commuting covariances, "
                "singular ones included",
        precision_hint="compute in float64, or check the matrix square root",
    )


# ---- 10 · text to image ---------------------------------------------------------------------------

def _generator_input(noise, digits, thickness):
    return torch.cat([noise, torch.nn.functional.one_hot(digits, 10).float(),
                      torch.nn.functional.one_hot(thickness, 3).float()], dim=1)


def _one_hot(labels, classes=None):
    one_hot = torch.nn.functional.one_hot
    return (one_hot(labels) if classes is None else one_hot(labels, classes)).float()


_SIZED_BY_THE_BATCH = ("one_hot without num_classes sizes the code by the largest label in the batch: a batch "
                       "without a 9 (or without thickness class 2) gets fewer columns — pass num_classes, "
                       "one_hot(digits, 10) and one_hot(thickness, 3)")

_DIGIT_AS_A_NUMBER = ("the digit is put in as one number (one column), not as its one-hot: one_hot(digits, 10) "
                      "gives 10 columns, one per digit, so that no digit looks 'larger' than another")
_THICKNESS_AS_A_NUMBER = ("the thickness is put in as one number (one column), not as its one-hot: "
                          "one_hot(thickness, 3) gives 3 columns, one per class")


def _generator_input_shape_hint(got: tuple, expected: tuple) -> str:
    """What the number of columns after the noise says: a label put in as one number, or one-hots left out."""
    if len(got) != 2 or got[0] != expected[0]:
        return f"expected (m, noise_dim + 13) = {expected}: concatenate along dim=1"
    condition = got[1] - (expected[1] - 13)
    known = {1 + 3: _DIGIT_AS_A_NUMBER, 10 + 1: _THICKNESS_AS_A_NUMBER,
             1 + 1: "both labels are put in as numbers (one column each), not one-hot: one_hot(digits, 10) and "
                    "one_hot(thickness, 3) give the condition's 13 columns"}
    return known.get(condition, f"expected (m, noise_dim + 13) = {expected}: the noise's columns, then the digit's "
                                f"10 and the thickness's 3, concatenated along dim=1")


_GENERATOR_INPUT_MISTAKES = [
    Mistake(lambda z, d, t: torch.cat([_one_hot(d, 10), _one_hot(t, 3), z], dim=1),
            "the condition comes first here; the generator expects the noise first, then the digit's one-hot, "
            "then the thickness's"),
    Mistake(lambda z, d, t: torch.cat([z, _one_hot(t, 3), _one_hot(d, 10)], dim=1),
            "the digit and the thickness are swapped: noise, then the digit's 10 entries, then the thickness's 3"),
    Mistake(lambda z, d, t: torch.cat([z, _one_hot(d), _one_hot(t, 3)], dim=1), _SIZED_BY_THE_BATCH),
    Mistake(lambda z, d, t: torch.cat([z, _one_hot(d, 10), _one_hot(t)], dim=1), _SIZED_BY_THE_BATCH),
    Mistake(lambda z, d, t: torch.cat([z, _one_hot(d), _one_hot(t)], dim=1), _SIZED_BY_THE_BATCH),
    Mistake(lambda z, d, t: torch.cat([z, d[:, None].float(), t[:, None].float()], dim=1),
            "the labels are there as numbers, not one-hot: use torch.nn.functional.one_hot(digits, 10) and "
            "one_hot(thickness, 3), so that no digit looks 'larger' than another"),
    Mistake(lambda z, d, t: torch.cat([z, d[:, None].float(), _one_hot(t, 3)], dim=1), _DIGIT_AS_A_NUMBER),
    Mistake(lambda z, d, t: torch.cat([z, _one_hot(d, 10), t[:, None].float()], dim=1), _THICKNESS_AS_A_NUMBER),
    Mistake(lambda z, d, t: torch.cat([z, _one_hot(d, 10)], dim=1),
            "the thickness is missing: add its one-hot (3 entries) after the digit's"),
    Mistake(lambda z, d, t: torch.cat([z, _one_hot(d, 10), _one_hot(t, 10)], dim=1),
            "the thickness has 3 classes: one_hot(thickness, 3), not 10 entries"),
    Mistake(lambda z, d, t: torch.cat([_one_hot(d, 10), _one_hot(t, 3)], dim=1),
            "the noise is missing: the generator's input is the noise followed by the condition"),
]


def _generator_input_error_hint(args, message: str) -> str:
    if "stack expects" in message:
        return ("torch.stack puts equal-shaped tensors on a new axis; torch.cat joins the parts side by side "
                "along dim=1, the features")
    if "except in dimension 0" in message:
        return "this joins along dim=0 (the samples); every part has m rows: concatenate along dim=1, the features"
    if "one_hot is only applicable to index tensor" in message:
        return "one_hot needs integer labels (a LongTensor), as digits and thickness are given"
    return ""


def check_generator_input(generator_input, seed: int | None = None) -> Feedback:
    """The learner's ``generator_input(noise, digits, thickness)``: noise (m, d) followed by the one-hot condition.

    The generator's input: a float32 torch tensor (its weights are float32), so a float64 tensor or a numpy array
    with the right numbers is refused, saying why. Integer one-hots promoted by torch.cat are fine."""
    random = torch.Generator().manual_seed(int(random_inputs(seed).integers(2**31)))
    cases = [
        (torch.randn(5, 4, generator=random), torch.randint(0, 10, (5,), generator=random),
         torch.randint(0, 3, (5,), generator=random)),
        # every digit and every thickness, shuffled
        (torch.randn(13, 32, generator=random), torch.randperm(13, generator=random) % 10,
         torch.randperm(13, generator=random) % 3),
        # a batch without a 9 and without a thick stroke, as small batches often are
        (torch.randn(6, 8, generator=random), torch.randint(0, 9, (6,), generator=random),
         torch.randint(0, 2, (6,), generator=random)),
    ]

    name, returned = "generator_input", []

    def diagnose(inputs, got, expected):
        for (noise, _, _), g, e in zip(inputs, got, expected):
            d = noise.shape[1]
            if g.shape == e.shape and np.allclose(g[:, d:], e[:, d:]) and not np.allclose(g[:, :d], e[:, :d]):
                return ("the condition's 13 columns are right, but the first columns are not the noise you were "
                        "given: put `noise` itself first (no fresh torch.randn, no change to its values)")
        return None

    feedback = _check_every_case(
        generator_input, name=name,
        reference=_generator_input,
        cases=cases,
        mistakes=_GENERATOR_INPUT_MISTAKES,
        error_hint=_generator_input_error_hint,
        diagnose=diagnose,
        prepare=lambda result: returned.append(result) or result,
        shape_hint=_generator_input_shape_hint,
        describe=lambda args: f"noise {tuple(args[0].shape)}, {len(args[1])} digits and thicknesses",
        success=f"right for {len(cases)} batches, including one with every digit and thickness and one without a 9 "
                "or a thick stroke",
    )
    if not feedback.passed:
        return feedback
    for result in returned:
        if not isinstance(result, torch.Tensor):
            kind = "numpy array" if isinstance(result, np.ndarray) else type(result).__name__
            return Feedback(False, f"✗ {name}: the numbers are right, but it is a {kind}, not a "
                                   "torch tensor: the generator is a torch network and takes a tensor — build it "
                                   "with torch.cat (or torch.from_numpy(…).float())")
        if result.dtype == torch.float64:
            return Feedback(False, f"✗ {name}: the numbers are right, but they are float64 (torch.float64, "
                                   "'Double'): the generator's weights are float32, and a float64 input fails there "
                                   "(\"expected Float but found Double\", or \"mat1 and mat2 must have the same "
                                   "dtype\"). Keep torch's float32: .float() on the result, or one-hots made with "
                                   ".float() next to the float32 noise")
        if result.dtype != torch.float32:
            return Feedback(False, f"✗ {name}: the numbers are right, but they are "
                                   f"{str(result.dtype).replace('torch.', '')}: the generator's weights are float32, "
                                   "and its input must be float32 too — .float() on the result")
    return feedback


def _condition_planes(images, condition):
    return torch.cat([images, condition[:, :, None, None].expand(-1, -1, *images.shape[2:])], dim=1)


def _planes(images, condition):
    return condition[:, :, None, None].expand(-1, -1, *images.shape[2:])


_CONDITION_PLANES_MISTAKES = [
    Mistake(lambda x, c: torch.cat([_planes(x, c), x], dim=1),
            "the condition planes come first here; the discriminator expects the image's channel first"),
    Mistake(_planes, "the image is missing: return the image's channel followed by the c condition planes"),
    Mistake(lambda x, c: x + _planes(x, c),
            "adding the planes to the image mixes them into it; stack them as extra channels with torch.cat "
            "along dim=1"),
    Mistake(lambda x, c: x * _planes(x, c),
            "multiplying the image by the planes mixes them into it; stack them as extra channels with "
            "torch.cat along dim=1"),
]


def _condition_planes_error_hint(args, message: str) -> str:
    images, condition = args
    m, _, h, w = images.shape
    mismatch = re.search(r"except in dimension (\d+)\. Expected size (\d+) but got size (\d+)", message)
    if mismatch:
        dim, a, b = (int(g) for g in mismatch.groups())
        if dim != 1:
            return (f"this joins along dim={dim}; the planes are extra channels: torch.cat along dim=1 (the "
                    "channels), after expanding the condition to (m, c, h, w)")
        if {a, b} == {h, w} and h != w:
            return (f"height and width are swapped: the images are h × w = {h} × {w}, so expand to "
                    "(images.shape[2], images.shape[3]) — shape[2] is the height h, shape[3] the width w")
        side = "height" if a == h else "width" if a == w else "size"
        return (f"the planes have {side} {b} where the image has {a}: expand the condition (m, c, 1, 1) to the "
                f"image's h × w = {h} × {w}, (m, c, images.shape[2], images.shape[3]), before torch.cat")
    if "expanded size" in message or "must match the size" in message:
        return ("condition[:, :, None, None] (shape (m, c, 1, 1)) can be expanded to (m, c, h, w); the c numbers "
                "stay on axis 1, the channels")
    return ""


def check_condition_planes(condition_planes, seed: int | None = None) -> Feedback:
    """The learner's ``condition_planes(images, condition)``: (m, 1, h, w) and (m, c) → (m, 1 + c, h, w)."""
    random = torch.Generator().manual_seed(int(random_inputs(seed).integers(2**31)))
    # Never square: a height and width swapped would go unseen on square images.
    cases = [(torch.randn(m, 1, h, w, generator=random), torch.rand(m, c, generator=random))
             for m, h, w, c in [(3, 5, 7, 4), (2, 28, 20, 13), (4, 3, 6, 2)]]

    def diagnose(inputs, got, expected):
        for (images, condition), g, e in zip(inputs, got, expected):
            if g.shape != e.shape:
                continue
            if not np.allclose(g[:, :1], e[:, :1]):
                last = np.allclose(g[:, -1:], e[:, :1])
                return ("channel 0 is not the image" + (" (it is the last channel)" if last else "") + ": the image's "
                        "channel comes first, unchanged, then the c condition planes")
            planes = g[:, 1:]
            constant = np.allclose(planes, planes[:, :, :1, :1])
            if not constant:
                return ("the image's channel is right, but the planes after it are not constant: each of the c "
                        "condition numbers must fill its own h × w plane (condition[:, :, None, None].expand(…)), "
                        "not be spread over the pixels")
            if not np.allclose(planes, e[:, 1:]):
                return ("the planes are constant, but not in the condition's order: plane k (channel 1 + k) holds "
                        "condition[:, k]")
        return None

    return _check_every_case(
        condition_planes, name="condition_planes",
        reference=_condition_planes,
        cases=cases,
        mistakes=_CONDITION_PLANES_MISTAKES,
        error_hint=_condition_planes_error_hint,
        diagnose=diagnose,
        shape_hint=lambda got, expected: (
            f"expected (m, 1 + c, h, w) = {expected}: each of the c condition numbers becomes one constant "
            "h × w plane, stacked after the image along dim=1"),
        describe=lambda args: f"images {tuple(args[0].shape)}, condition {tuple(args[1].shape)}",
        success=f"right for {len(cases)} batches of images that are not square (h ≠ w), so that height and width "
                "cannot be mixed up",
    )
