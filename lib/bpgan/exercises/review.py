"""The self-test of notebook 13: five questions across the course, each answer checked and each known slip named.

The learner's ``answers()`` returns a dict with one entry per question (see :data:`QUESTIONS`). The checker
looks at every answer, names the mistake behind a wrong one where it recognises it, and passes only when all
five are right.

The answers are worked out on paper, so a number is right when it agrees with the exact value to
:data:`SIGNIFICANT_DIGITS` significant digits (−1.39 or −1.386 for −log 4 = −1.3863…); an exact expression
(``-math.log(4)``) is right too. Shapes and pixel counts are whole numbers and must be exact.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from bpgan.exercises.core import FAIL, PASS, Feedback, _Verdict, call, fail, is_stub
from bpgan.exercises.core import needs  # noqa: F401 — a learner copy's guard: exercises.needs(f)

SIGNIFICANT_DIGITS = 3         # a paper answer rounded to 3 significant digits is right
SLIP_DIGITS = 2                # a known slip is recognised from 2 significant digits on

QUESTIONS = {
    "gradient_shape": "the shape of ∂C/∂W^2 in Nielsen's [784, 30, 10] network (notebook 04)",
    "d_star": "D*(x) where p_data(x) = 0.2 and p_g(x) = 0.6 (notebook 06)",
    "optimum_value": "C(G) = max_D V(D, G) when p_g = p_data, in nats (notebook 06)",
    "sigmoid_slope_at_0": "σ′(0) for the sigmoid (notebook 02)",
    "receptive_field": "the receptive field, in pixels, of two 4×4 stride-2 convolutions then a 3×3 stride-1 one "
                       "(notebook 11)",
}

# The right answer, and the wrong ones learners give with what each means.
_KEY = {
    "gradient_shape": ((30, 784), {(784, 30): "transposed: ∂C/∂W^l has the shape of W^l, (n_l, n_{l−1})",
                                   (10, 30): "that is W^3 (layer 3, the output); W^2 maps the 784 inputs to the 30 "
                                             "hidden neurons",
                                   (30,): "that is the shape of the bias b^2 (and of δ^2); ∂C/∂W^2 has the shape "
                                          "of the weight matrix W^2",
                                   (30, 1): "that is the shape of the bias b^2 (and of δ^2) as a column; ∂C/∂W^2 "
                                            "has the shape of the weight matrix W^2"}),
    "d_star": (0.25, {0.75: "that is p_g / (p_data + p_g): D* is the probability of *real*, p_data / (p_data + p_g)",
                      1 / 3: "that is the ratio p_data / p_g; D* = p_data / (p_data + p_g)",
                      0.5: "½ is D* only where p_g = p_data",
                      0.2: "that is p_data(x) itself; D* weighs it against p_g: p_data / (p_data + p_g)"}),
    "optimum_value": (-math.log(4), {math.log(4): "the sign is flipped: C(G) = −log 4 + 2·JSD, and JSD = 0 here",
                                     -math.log(2): "V has two log ½ terms, one for real and one for fake: −log 4",
                                     0.0: "0 is the JSD at the optimum; C(G) itself is −log 4 + 2·0",
                                     0.5: "½ is D*(x) at the optimum (p_g = p_data), not C(G): C(G) is V(D*, G), "
                                          "the value of the objective with that D* put in",
                                     -2.0: "that is in bits (log base 2); nats are natural logarithms",
                                     -math.log10(4): "that is log base 10; nats are natural logarithms (math.log)"}),
    "sigmoid_slope_at_0": (0.25, {0.5: "that is σ(0); σ′(0) = σ(0)(1 − σ(0)) = ¼",
                                  1.0: "1 is tanh′(0) (or ReLU's slope); the sigmoid's is σ(0)(1 − σ(0)) = ¼",
                                  0.0: "the sigmoid is flat far from 0, but steepest at 0: σ′(0) = σ(0)(1 − σ(0))"}),
    "receptive_field": (18, {10: "each layer adds (kernel − 1) × jump, and the jump is the product of the *earlier* "
                                "strides: 1 + 3·1 + 3·2 + 2·4 = 18",
                             14: "the last layer's step is 4 input pixels (2 × 2), not 2: 1 + 3·1 + 3·2 + 2·4 = 18",
                             8: "that is the jump (the product of the strides), not the field",
                             9: "the strides are forgotten: 4 + 4 + 3 − 2 = 1 + 3 + 3 + 2 counts every layer's "
                                "steps as 1 input pixel, but after a stride-2 layer a step is 2 input pixels, after "
                                "two of them 4: each layer adds (kernel − 1) × jump",
                             48: "that is the product of the kernels, 4 × 4 × 3: the kernels overlap, they do not "
                                 "multiply — each layer adds (kernel − 1) × jump to the field",
                             11: "adding the kernel sizes counts each overlap twice and ignores the strides",
                             17: "one short: a single output starts from a field of 1 pixel, then each layer adds "
                                 "(kernel − 1) × jump"}),
}

_WHOLE = {"receptive_field"}          # counted in pixels: exact


def _number(value):
    """The learner's answer as a float, or None when it is not a number (a string that is not one, a list…)."""
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _within_digits(got: float, right: float, digits: int) -> bool:
    """``got`` agrees with ``right`` to ``digits`` significant digits: within half a unit of the last one."""
    if right == 0:
        return abs(got) <= 0.5 * 10.0 ** -digits
    unit = 10.0 ** (math.floor(math.log10(abs(right))) - digits + 1)
    return abs(got - right) <= 0.5 * unit * (1 + 1e-9)


def _as_shape(value):
    if hasattr(value, "tolist") and not isinstance(value, (tuple, list)):
        value = value.tolist()
    if isinstance(value, (tuple, list)) and all(isinstance(n, int) or (_number(n) is not None and
                                                                       float(n).is_integer()) for n in value):
        return tuple(int(n) for n in value)
    return None


def _same(key: str, got, right, digits: int = SIGNIFICANT_DIGITS) -> bool:
    if isinstance(right, tuple):
        return _as_shape(got) == right
    number = _number(got)
    if number is None:
        return False
    if key in _WHOLE:
        return number == right
    return _within_digits(number, right, digits)


_PROBABILITIES = {"d_star"}       # answers between 0 and 1


def _verdict(key: str, answer) -> tuple[bool, str]:
    right, slips = _KEY[key]
    if isinstance(answer, (str, bytes)) and not isinstance(right, tuple) and _number(answer) is not None:
        return False, (f"this is text (a {type(answer).__name__}), where a number is asked: give the number itself, "
                       f"{_number(answer):g}, without quotes")
    if _same(key, answer, right):
        return True, ""
    slip = next((message for wrong, message in slips.items() if _same(key, answer, wrong, SLIP_DIGITS)), None)
    if slip:
        return False, slip
    if isinstance(right, tuple):
        if _as_shape(answer) is None:
            return False, "give the shape as a tuple of whole numbers, (rows, columns)"
        return False, "not the answer"
    number = _number(answer)
    if number is None:
        return False, f"not a number ({type(answer).__name__}): give a number, or an expression such as 1 / 8"
    if key in _WHOLE:
        return False, "not the answer" + (" (a count of pixels is a whole number)" if not number.is_integer() else "")
    if _same(key, answer, right, SLIP_DIGITS):
        return False, (f"close, but not right to {SIGNIFICANT_DIGITS} significant digits: round (do not cut off) "
                       f"to {SIGNIFICANT_DIGITS} digits or more, or give the exact expression")
    if key in _PROBABILITIES and not 0 <= number <= 1:
        if 1 < number <= 100 and _same(key, number / 100, right):
            return False, "that looks like a percentage: give D* as a probability between 0 and 1, not in %"
        return False, "not the answer: D* is a probability, between 0 and 1"
    return False, "not the answer"


def _unanswered(value) -> bool:
    return value is Ellipsis


def _answers_of(answers, name: str):
    """The learner's dict. A stub (``raise NotImplementedError``, or every answer still ``...``) stops here as
    "not written yet"; a template with only some answers filled in comes back, its ``...`` marked later."""
    try:
        return call(answers, (), name)[0]
    except _Verdict as not_written:
        if not is_stub(answers):
            raise

        def template():          # the same answers, without the stub test: which of them are still `...`?
            return answers()

        try:
            given, _ = call(template, (), name)
        except _Verdict:
            raise not_written from None
        if not isinstance(given, Mapping) or all(_unanswered(given.get(key, ...)) for key in QUESTIONS):
            raise not_written from None
        return given


def check_self_test(answers) -> Feedback:
    """The learner's ``answers()`` → {question: answer} for the five :data:`QUESTIONS`."""
    name = "self-test"
    try:
        given = _answers_of(answers, name)
        if not isinstance(given, Mapping):
            raise fail(name, f"answers() must return a dict with the keys {', '.join(QUESTIONS)}; got "
                             f"{type(given).__name__}")
        missing = [key for key in QUESTIONS if key not in given]
        if missing:
            unknown = [str(key) for key in given if key not in QUESTIONS]
            raise fail(name, f"no answer for {', '.join(missing)}"
                             + (f" (the dict has {', '.join(unknown)}, which is not one of the questions' keys)"
                                if unknown else ""))
        if all(_unanswered(given[key]) for key in QUESTIONS):
            raise fail(name, "not written yet — replace every `...` in answers() with your answer, run the cell, "
                             "then this checker again")
    except _Verdict as verdict:
        return verdict.feedback
    lines, right = [], 0
    unanswered = [key for key in QUESTIONS if _unanswered(given[key])]
    for key, question in QUESTIONS.items():
        if key in unanswered:
            lines.append(f"  … {question}: not answered yet ({key} is still `...`)")
            continue
        passed, why = _verdict(key, given[key])
        if passed:
            right += 1
            lines.append(f"  {PASS} {question}")
        else:
            lines.append(f"  {FAIL} {question}: {given[key]!r} — {why}")
    verdict = PASS if right == len(QUESTIONS) else FAIL
    header = f"{verdict} {name}: {right} of {len(QUESTIONS)} right"
    if unanswered:
        header += f"; not answered yet: {', '.join(unanswered)}"
    return Feedback(right == len(QUESTIONS), header + "\n" + "\n".join(lines))
