"""bpgan.exercises.part1: each checker passes the right answer, names each mistake it claims to
recognise, reports a learner's exception with its line, and never passes a wrong answer."""

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bpgan import activations, costs, gradcheck
from bpgan.autodiff import Value
from bpgan.exercises import Feedback
from bpgan.exercises import part1 as ex

sigma = activations.sigmoid.fn


def _u(x, y):
    return x * y + x


def naive_sigmoid(z):
    return 1 / (1 + np.exp(-z))


SOLUTIONS = {
    ex.check_centred_difference: lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h),
    ex.check_path_gradient: lambda x, y: (2 * _u(x, y) * (y + 1), 2 * _u(x, y) * x),
    ex.check_sigmoid_prime: lambda z: activations.sigmoid.prime(z),
    ex.check_layer_forward: lambda W, a, b: sigma(W @ a + b),
    ex.check_cross_entropy_derivative: lambda a, y: (a - y) / (a * (1 - a)),
    ex.check_quadratic_cost: lambda a, y: np.mean(0.5 * np.sum((y - a) ** 2, axis=0)),
    ex.check_output_error: lambda a, z, y: (a - y) * a * (1 - a),
    ex.check_backpropagate_error: lambda W, d, z: (W.T @ d) * activations.sigmoid.prime(z),
    ex.check_weight_gradient: lambda d, a: d @ a.T / d.shape[1],
    ex.check_sgd_update: lambda w, g, eta: w - eta * g,
}
sigma_prime = activations.sigmoid.prime

MISTAKES = [
    (ex.check_centred_difference, lambda f, x, h: (f(x + h) - f(x)) / h, "forward difference"),
    (ex.check_centred_difference, lambda f, x, h: (f(x) - f(x - h)) / h, "backward difference"),
    (ex.check_centred_difference, lambda f, x, h: (f(x + h) - f(x - h)) / h, "divide by 2h, not h"),
    (ex.check_centred_difference, lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h), "sign is flipped"),
    (ex.check_path_gradient, lambda x, y: (2 * _u(x, y) * y, 2 * _u(x, y) * x), "only the path through x·y"),
    (ex.check_path_gradient, lambda x, y: (2 * _u(x, y), 2 * _u(x, y) * x), "only the path through '\\+ x'"),
    (ex.check_path_gradient, lambda x, y: (y + 1, x), "outer derivative is missing"),
    (ex.check_path_gradient, lambda x, y: (2 * _u(x, y) * x, 2 * _u(x, y) * (y + 1)), "swapped"),
    (ex.check_sigmoid_prime, lambda z: sigma(z), "returns σ\\(z\\) itself"),
    (ex.check_sigmoid_prime, lambda z: z * (1 - z), "z\\(1 − z\\) is σ′ written for the activation"),
    (ex.check_sigmoid_prime, lambda z: sigma(sigma(z)) * (1 - sigma(sigma(z))), "this is σ′\\(a\\) with a = σ\\(z\\)"),
    (ex.check_sigmoid_prime, lambda z: -sigma(z) * (1 - sigma(z)), "sign is flipped"),
    (ex.check_sigmoid_prime, lambda z: 2 * sigma(z) * (1 - sigma(z)), "2 times the right one"),
    (ex.check_layer_forward, lambda W, a, b: W @ a + b, "this is z\\^l = W a \\+ b; apply the activation"),
    (ex.check_layer_forward, lambda W, a, b: sigma(W @ a), "the bias is missing"),
    (ex.check_layer_forward, lambda W, a, b: sigma(a.T @ W.T + b.T), "rows are samples"),
    (ex.check_layer_forward, lambda W, a, b: sigma(W.T @ a + b), "raised ValueError.*hint: W is \\(n_l, n_\\{l−1\\}\\)"),
    (ex.check_layer_forward, lambda W, a, b: sigma(W @ a + b.T), "raised ValueError.*hint: W is \\(n_l, n_\\{l−1\\}\\)"),
    (ex.check_layer_forward, lambda W, a, b: sigma(W @ a) + b, "the bias goes inside σ"),
    (ex.check_cross_entropy_derivative, lambda a, y: a - y, "a − y is δ\\^L"),
    (ex.check_cross_entropy_derivative, lambda a, y: (y - a) / (a * (1 - a)), "sign is flipped"),
    (ex.check_cross_entropy_derivative, lambda a, y: (a - y) / (a * (1 - a)) / a.shape[1], "divided by the batch size"),
    (ex.check_cross_entropy_derivative, lambda a, y: -y / a - (1 - y) / (1 - a), "the second term's sign"),
    (ex.check_cross_entropy_derivative, lambda a, y: ((a - y) / (a * (1 - a))).T, "shape of a: \\(n_L, m\\)"),
    (ex.check_quadratic_cost, lambda a, y: 0.5 * np.sum((y - a) ** 2), "sum over the batch.*mean of the per-sample"),
    (ex.check_quadratic_cost, lambda a, y: 0.5 * np.mean((y - a) ** 2), "averages over every entry"),
    (ex.check_quadratic_cost, lambda a, y: np.mean(np.sum((y - a) ** 2, axis=0)), "the ½ is missing"),
    (ex.check_quadratic_cost, lambda a, y: 0.5 * np.mean(np.linalg.norm(y - a, axis=0)), "must be squared"),
    (ex.check_quadratic_cost, lambda a, y: 0.5 * np.sum((y - a) ** 2, axis=0), "the cost C is a single number"),
    (ex.check_output_error, lambda a, z, y: (a - y) * sigma_prime(a), "σ′ was applied to a"),
    (ex.check_output_error, lambda a, z, y: a - y, "σ′\\(z\\^L\\) is missing"),
    (ex.check_output_error, lambda a, z, y: (y - a) * sigma_prime(z), "sign is flipped"),
    (ex.check_output_error, lambda a, z, y: (a - y) * sigma(z), "multiplies by σ\\(z\\)"),
    (ex.check_output_error, lambda a, z, y: (a - y) @ sigma_prime(z).T, "Hadamard"),
    (ex.check_backpropagate_error, lambda W, d, z: (W @ d) * sigma_prime(z), "raised ValueError.*hint: W_next is"),
    (ex.check_backpropagate_error, lambda W, d, z: (W.T @ d) * sigma_prime(sigma(z)), "σ′\\(a\\^l\\)"),
    (ex.check_backpropagate_error, lambda W, d, z: W.T @ d, "the factor σ′\\(z\\^l\\) is missing"),
    (ex.check_backpropagate_error, lambda W, d, z: -(W.T @ d) * sigma_prime(z), "sign is flipped"),
    (ex.check_weight_gradient, lambda d, a: d @ a.T, "sum over the batch.*divide by m"),
    (ex.check_weight_gradient, lambda d, a: a @ d.T / d.shape[1], "shape of W\\^l"),
    (ex.check_weight_gradient, lambda d, a: -d @ a.T / d.shape[1], "sign is flipped"),
    (ex.check_sgd_update, lambda w, g, eta: w + eta * g, "gradient ascent"),
    (ex.check_sgd_update, lambda w, g, eta: w - g, "learning rate η is missing"),
    (ex.check_sgd_update, lambda w, g, eta: -eta * g, "only the change"),
]


@pytest.mark.parametrize("check", list(SOLUTIONS), ids=lambda c: c.__name__)
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_right_answer_passes_with_a_short_success_message(check, seed):
    feedback = check(SOLUTIONS[check], seed=seed)
    assert isinstance(feedback, Feedback) and feedback.passed, feedback.message
    assert feedback.message.startswith("✓") and "\n" not in feedback.message


@pytest.mark.parametrize("check, wrong, message", MISTAKES,
                         ids=[f"{c.__name__}-{i}" for i, (c, _, _) in enumerate(MISTAKES)])
@pytest.mark.parametrize("seed", [0, 1])
def test_each_recognised_mistake_is_named(check, wrong, message, seed):
    feedback = check(wrong, seed=seed)
    assert not feedback.passed
    assert feedback.message.startswith("✗")
    assert re.search(message, feedback.message, flags=re.S), feedback.message


@pytest.mark.parametrize("check, wrong, message", [
    (ex.check_layer_forward, lambda W, a, b: sigma((W.T if W.shape[0] == W.shape[1] else W) @ a + b), "W is transposed"),
    (ex.check_backpropagate_error,
     lambda W, d, z: ((W if W.shape[0] == W.shape[1] else W.T) @ d) * sigma_prime(z), "the transpose is missing"),
])
def test_a_transpose_that_fits_a_square_layer_is_still_named(check, wrong, message):
    assert message in check(wrong, seed=0).message


def test_a_naive_but_right_sigmoid_passes_with_a_note_about_overflow():
    feedback = ex.check_sigmoid_prime(lambda z: naive_sigmoid(z) * (1 - naive_sigmoid(z)))
    assert feedback.passed and "overflow" in feedback.message


def test_an_exception_in_the_learners_code_is_reported_with_its_line():
    def sigmoid_prime(z):
        s = 1 / (1 + np.exp(-z))
        return s * (1 - s) + undefined_name  # noqa: F821

    feedback = ex.check_sigmoid_prime(sigmoid_prime)
    assert not feedback.passed
    assert "raised NameError: name 'undefined_name' is not defined" in feedback.message
    assert "at line 3 of sigmoid_prime: `return s * (1 - s) + undefined_name" in feedback.message


def test_a_missing_return_is_named():
    def quadratic_cost(a, y):
        0.5 * np.mean(np.sum((y - a) ** 2, axis=0))

    assert "returned None — is a `return` statement missing?" in ex.check_quadratic_cost(quadratic_cost).message


def test_something_that_is_not_a_function_is_named():
    assert "expected a function, got int" in ex.check_sigmoid_prime(3).message


def test_the_learners_function_cannot_change_the_checkers_inputs():
    def sneaky(W, a, b):
        W[:] = 0  # would corrupt the reference if inputs were shared
        return sigma(b + 0 * (W @ a))

    assert not ex.check_layer_forward(sneaky).passed


def _perturbed(solution, size):
    def wrong(*args):
        right = np.asarray(solution(*args), dtype=float)
        return right + size * (1 + np.abs(right))
    return wrong


@pytest.mark.parametrize("check", list(SOLUTIONS), ids=lambda c: c.__name__)
@given(size=st.floats(1e-5, 10), seed=st.integers(0, 1000), sign=st.sampled_from([-1, 1]))
def test_a_wrong_answer_never_passes(check, size, seed, sign):
    assert not check(_perturbed(SOLUTIONS[check], sign * size), seed=seed).passed


def test_a_numerically_unstable_answer_that_gives_nan_is_named():
    def unstable(z):
        e = np.exp(-z)               # inf for z = −1000, and then inf / inf = NaN
        return e / (1 + e) ** 2

    with np.errstate(all="ignore"):
        feedback = ex.check_sigmoid_prime(unstable)
    assert not feedback.passed and "NaN or inf" in feedback.message


def test_the_checkers_references_are_the_tested_library():
    assert ex.check_cross_entropy_derivative(costs.cross_entropy.derivative).passed
    assert ex.check_quadratic_cost(costs.quadratic.value).passed
    assert ex.check_centred_difference(gradcheck.centred_difference).passed
    x, y = Value(0.7), Value(-1.2)
    ex.path_example(x, y).backward()
    assert ex.check_path_gradient(lambda *_: (x.grad, y.grad), seed=0).passed is False  # one point only
    assert (x.grad, y.grad) == pytest.approx(SOLUTIONS[ex.check_path_gradient](0.7, -1.2))
