"""bpgan.exercises.part1: properties of the checkers that are not rows of the table (exercise_tables_part1.py,
run by test_exercise_tables.py): short success messages on fresh inputs, a learner's exception reported with
its line, a stub called "not written yet", inputs the learner cannot change, and no wrong answer ever passing."""

import inspect
import linecache

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bpgan import activations, costs, gradcheck
from bpgan.autodiff import Value
from bpgan.exercises import Feedback
from bpgan.exercises import part1 as ex
from exercise_tables_part1 import EXERCISES

sigma = activations.sigmoid.fn

# The checkers whose answer is one array (or number, or pair), which a perturbation makes wrong: the notebooks'
# own solutions, from the table.
SOLUTIONS = {exercise.check: exercise.solution.functions[0] for exercise in EXERCISES
             if exercise.check in (ex.check_centred_difference, ex.check_path_gradient, ex.check_sigmoid_prime,
                                   ex.check_layer_forward, ex.check_cross_entropy_derivative, ex.check_quadratic_cost,
                                   ex.check_output_error, ex.check_backpropagate_error, ex.check_weight_gradient,
                                   ex.check_sgd_update)}


def test_every_checker_of_part1_has_a_table():
    checkers = {f for name, f in inspect.getmembers(ex, inspect.isfunction)
                if name.startswith("check_") and f.__module__ == ex.__name__}
    assert checkers == {exercise.check for exercise in EXERCISES}
    assert len(SOLUTIONS) == 10


def check(exercise, functions, seed):
    """The exercise's checker on ``functions``; a paper exercise has no random inputs, and takes no seed."""
    seeded = "seed" in inspect.signature(exercise.check).parameters
    return exercise.check(*functions, **({"seed": seed} if seeded else {}))


def is_paper(exercise) -> bool:
    return "seed" not in inspect.signature(exercise.check).parameters


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.key)
@pytest.mark.parametrize("seed", [3, None])
def test_the_notebooks_solution_passes_on_fresh_inputs_with_a_short_success_message(exercise, seed):
    feedback = check(exercise, exercise.solution.functions, seed)
    assert isinstance(feedback, Feedback) and feedback.passed, feedback.message
    assert feedback.message.startswith("✓")
    if is_paper(exercise):      # a paper sheet marks each answer on a line of its own
        assert feedback.message.count("\n") == feedback.message.count("✓") - 1, feedback.message
    else:
        assert "\n" not in feedback.message


def _stub(function):
    """A learner copy's stub with the function's signature, its source readable as a notebook cell's is."""
    parameters = ", ".join(inspect.signature(function).parameters)
    source = f"def {function.__name__}({parameters}):\n    raise NotImplementedError('exercise: write this function')\n"
    filename = f"<stub of {function.__name__}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {}
    exec(compile(source, filename, "exec"), namespace)
    return namespace[function.__name__]


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.key)
def test_a_stub_is_not_written_yet(exercise):
    feedback = check(exercise, tuple(map(_stub, exercise.solution.functions)), 0)
    assert not feedback.passed and "not written yet" in feedback.message, feedback.message


def test_a_function_that_calls_an_unwritten_one_says_which():
    def sgd_update(w, nabla_w, eta):
        raise NotImplementedError("exercise: write this function")

    def sgd_epoch(net, X, Y, batch_size, eta, rng):                # written, but it uses the stub
        for l in net.layer_numbers:
            net.weights[l] = sgd_update(net.weights[l], 0, eta)

    feedback = ex.check_sgd_epoch(sgd_epoch, seed=0)
    assert "your code calls `sgd_update`, which is not written yet" in feedback.message, feedback.message


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
@given(size=st.floats(1e-3, 10), seed=st.integers(0, 1000), sign=st.sampled_from([-1, 1]))
def test_a_wrong_answer_never_passes(check, size, seed, sign):
    assert not check(_perturbed(SOLUTIONS[check], sign * size), seed=seed).passed


@given(size=st.floats(1e-8, 1e-4), seed=st.integers(0, 1000), sign=st.sampled_from([-1, 1]))
def test_a_centred_difference_off_in_the_digits_float64_keeps_never_passes(size, seed, sign):
    right = SOLUTIONS[ex.check_centred_difference]
    assert not ex.check_centred_difference(lambda f, x, h: right(f, x, h) * (1 + sign * size), seed=seed).passed


def test_the_checkers_references_are_the_tested_library():
    assert ex.check_cross_entropy_derivative(costs.cross_entropy.derivative).passed
    assert ex.check_quadratic_cost(costs.quadratic.value).passed
    assert ex.check_centred_difference(gradcheck.centred_difference).passed
    x, y = Value(0.7), Value(-1.2)
    ex.path_example(x, y).backward()
    assert ex.check_path_gradient(lambda *_: (x.grad, y.grad), seed=0).passed is False  # one point only
    assert (x.grad, y.grad) == pytest.approx(SOLUTIONS[ex.check_path_gradient](0.7, -1.2))


BACKWARD_WALK = next(e for e in EXERCISES if e.check is ex.check_backward_walk).solution.functions[0]


@given(which=st.integers(0, 10 ** 6), size=st.floats(1e-6, 10), sign=st.sampled_from([-1, 1]),
       seed=st.integers(0, 1000))
def test_a_backward_walk_with_any_one_gradient_wrong_never_passes(which, size, sign, seed):
    """Whichever node's gradient is off, and by however little past float64's round-off, the walk is refused."""
    def walk_with_one_slip(out):
        BACKWARD_WALK(out)
        nodes = out.graph()
        node = nodes[which % len(nodes)]
        node.grad += sign * size * (1 + abs(node.grad))
    assert not ex.check_backward_walk(walk_with_one_slip, seed=seed).passed


@pytest.mark.parametrize("sheet, solution", [(ex.check_bp_on_paper, "bp_on_paper"),
                                             (ex.check_batch_on_paper, "batch_on_paper")])
@given(which=st.integers(0, 2), size=st.floats(0.01, 10), sign=st.sampled_from([-1, 1]))
def test_a_paper_answer_off_by_more_than_its_last_digit_never_passes(sheet, solution, which, size, sign):
    """An answer off by 1% of its size or more is never taken as right to three significant digits."""
    right = next(e for e in EXERCISES if e.check is sheet).solution.functions[0]()
    key = list(right)[which]
    exact = {"delta_output": 1 / (1 + np.exp(-0.5)) - 1}.get(key, right[key])
    answers = {**right, key: exact + sign * size * abs(exact)}
    assert not sheet(lambda: answers).passed
