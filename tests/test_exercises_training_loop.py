"""bpgan.exercises.part1.check_sgd_epoch (notebook 05's training loop): properties that are not rows of the table
(exercise_tables_part1.py holds the right loops and the named mistakes): right loops pass on fresh inputs too,
a learner's exception is reported with its line, the stub is named, the checker's data cannot be changed, and a
step that is off by any visible factor never passes."""

import numpy as np
import pytest

from bpgan.exercises import Feedback
from bpgan.exercises import part1 as ex
from exercise_tables_part1 import SGD_EPOCH, loop

RIGHT = [SGD_EPOCH.solution] + SGD_EPOCH.also_right


@pytest.mark.parametrize("answer", RIGHT, ids=[answer.label for answer in RIGHT])
def test_a_right_training_loop_passes_on_fresh_inputs_with_a_short_success_message(answer):
    feedback = ex.check_sgd_epoch(*answer.functions, seed=None)
    assert isinstance(feedback, Feedback) and feedback.passed, feedback.message
    assert feedback.message.startswith("✓ sgd_epoch:") and "\n" not in feedback.message


def test_an_exception_in_the_learners_loop_is_reported_with_its_line():
    def sgd_epoch(net, X, Y, batch_size, eta, rng):
        order = rng.permutation(X.shape[1])
        return order / undefined_batch_size  # noqa: F821

    feedback = ex.check_sgd_epoch(sgd_epoch, seed=0)
    assert not feedback.passed
    assert "raised NameError: name 'undefined_batch_size' is not defined" in feedback.message
    assert "at line 3 of sgd_epoch: `return order / undefined_batch_size" in feedback.message


def test_the_student_stub_and_a_non_function_are_named():
    def sgd_epoch(net, X, Y, batch_size, eta, rng):
        raise NotImplementedError("exercise: write this function")

    assert "not written yet" in ex.check_sgd_epoch(sgd_epoch).message
    assert "expected a function, got int" in ex.check_sgd_epoch(3).message


def test_the_learners_loop_cannot_change_the_checkers_data():
    solution = SGD_EPOCH.solution.functions[0]

    def sneaky(net, X, Y, batch_size, eta, rng):
        X[:] = 0                                        # would corrupt the reference if X were shared
        solution(net, X, Y, batch_size, eta, rng)

    assert not ex.check_sgd_epoch(sneaky, seed=0).passed


@pytest.mark.parametrize("factor", [1 - 1e-4, 1 + 1e-3, 0.9, 1.1, 2.0])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_slightly_wrong_step_never_passes(factor, seed):
    feedback = ex.check_sgd_epoch(loop(step=lambda m, eta: factor * eta), seed=seed)
    assert not feedback.passed
    assert "differ from those of SGD on the same mini-batches" in feedback.message, feedback.message


def test_a_forward_pass_over_all_of_x_is_not_taken_for_a_mini_batch():
    def printing(net, X, Y, batch_size, eta, rng):
        SGD_EPOCH.solution.functions[0](net, X, Y, batch_size, eta, rng)
        net.feedforward(X)                              # the cost of the epoch, printed

    assert ex.check_sgd_epoch(printing, seed=0).passed


def test_float32_parameters_with_a_slightly_wrong_step_never_pass():
    def in_float32(net, X, Y, batch_size, eta, rng):
        loop(step=lambda m, eta: (1 - 1e-3) * eta)(net, X, Y, batch_size, eta, rng)
        for l in net.layer_numbers:
            net.weights[l] = net.weights[l].astype(np.float32)
            net.biases[l] = net.biases[l].astype(np.float32)

    for seed in (0, 1, 2):
        assert not ex.check_sgd_epoch(in_float32, seed=seed).passed
