"""The self-test of notebook 13: five questions across the course, each answer checked and each known slip named.

The learner's ``answers()`` returns a dict with one entry per question (see :data:`QUESTIONS`). The checker
looks at every answer, names the mistake behind a wrong one where it recognises it, and passes only when all
five are right.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from bpgan.exercises.core import FAIL, PASS, Feedback, _Verdict, call, fail

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
                                             "hidden neurons"}),
    "d_star": (0.25, {0.75: "that is p_g / (p_data + p_g): D* is the probability of *real*, p_data / (p_data + p_g)",
                      1 / 3: "that is the ratio p_data / p_g; D* = p_data / (p_data + p_g)",
                      0.5: "½ is D* only where p_g = p_data"}),
    "optimum_value": (-math.log(4), {math.log(4): "the sign is flipped: C(G) = −log 4 + 2·JSD, and JSD = 0 here",
                                     -math.log(2): "V has two log ½ terms, one for real and one for fake: −log 4",
                                     0.0: "0 is the JSD at the optimum; C(G) itself is −log 4 + 2·0"}),
    "sigmoid_slope_at_0": (0.25, {0.5: "that is σ(0); σ′(0) = σ(0)(1 − σ(0)) = ¼",
                                  1.0: "1 is tanh′(0) (or ReLU's slope); the sigmoid's is σ(0)(1 − σ(0)) = ¼"}),
    "receptive_field": (18, {10: "each layer adds (kernel − 1) × jump, and the jump is the product of the *earlier* "
                                "strides: 1 + 3·1 + 3·2 + 2·4 = 18",
                             14: "the last layer's step is 4 input pixels (2 × 2), not 2: 1 + 3·1 + 3·2 + 2·4 = 18",
                             8: "that is the jump (the product of the strides), not the field"}),
}


def _same(got, right) -> bool:
    if isinstance(right, tuple):
        return isinstance(got, (tuple, list)) and tuple(got) == right
    try:
        return math.isclose(float(got), right, rel_tol=1e-6, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


def check_self_test(answers) -> Feedback:
    """The learner's ``answers()`` → {question: answer} for the five :data:`QUESTIONS`."""
    name = "self-test"
    try:
        given, _ = call(answers, (), name)
        if not isinstance(given, Mapping):
            raise fail(name, f"answers() must return a dict with the keys {', '.join(QUESTIONS)}; got "
                             f"{type(given).__name__}")
        missing = [key for key in QUESTIONS if key not in given]
        if missing:
            raise fail(name, f"no answer for {', '.join(missing)}")
    except _Verdict as verdict:
        return verdict.feedback
    lines, right = [], 0
    for key, question in QUESTIONS.items():
        answer, slips = _KEY[key]
        if _same(given[key], answer):
            right += 1
            lines.append(f"  {PASS} {question}")
            continue
        why = next((message for wrong, message in slips.items() if _same(given[key], wrong)), "not the answer")
        lines.append(f"  {FAIL} {question}: {given[key]!r} — {why}")
    verdict = PASS if right == len(QUESTIONS) else FAIL
    return Feedback(right == len(QUESTIONS), f"{verdict} {name}: {right} of {len(QUESTIONS)} right\n" + "\n".join(lines))
