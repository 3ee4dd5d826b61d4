"""The self-test of notebook 13: five questions across the course, each answer checked and each known slip named.

The learner's ``answers()`` returns a dict with one entry per question (see :data:`QUESTIONS`). The checker
looks at every answer, names the mistake behind a wrong one where it recognises it, and passes only when all
five are right. The answers are worked out on paper, and marked as every paper answer is
(:mod:`bpgan.exercises.paper`): to three significant digits, or exact for shapes and pixel counts.
"""

from __future__ import annotations

import math

from bpgan.exercises.core import Feedback
from bpgan.exercises.core import needs  # noqa: F401 — a learner copy's guard: exercises.needs(f)
from bpgan.exercises.paper import SIGNIFICANT_DIGITS, Question, check_sheet

__all__ = ["QUESTIONS", "SIGNIFICANT_DIGITS", "check_self_test"]

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
                                   (30, 10): "that is W^3 (layer 3, the output) transposed; W^2 maps the 784 "
                                             "inputs to the 30 hidden neurons, and ∂C/∂W^2 has W^2's shape "
                                             "(n_2, n_1) = (30, 784)",
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
                             27: "a layer's own stride widens the layers after it, not its own kernel: add "
                                 "(kernel − 1) × jump first, then multiply the jump by the stride — 1 + 3·1 + 3·2 + "
                                 "2·4 = 18",
                             12: "the layers are taken last first: the list runs from the first layer (nearest the "
                                 "image), and only the strides of earlier layers widen a layer's steps",
                             17: "one short: a single output starts from a field of 1 pixel, then each layer adds "
                                 "(kernel − 1) × jump"}),
}


_SHEET = [Question(key, text, *_KEY[key], whole=key == "receptive_field", probability="D*" if key == "d_star" else "")
          for key, text in QUESTIONS.items()]


def check_self_test(answers) -> Feedback:
    """The learner's ``answers()`` → {question: answer} for the five :data:`QUESTIONS`."""
    return check_sheet(answers, _SHEET, "self-test")
