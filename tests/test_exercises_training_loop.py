"""bpgan.exercises.part1.check_sgd_epoch (notebook 05's training loop): right loops pass, however they
shuffle with the rng; each mistake it claims to recognise is named; a learner's exception is reported."""

import re

import numpy as np
import pytest

from bpgan.exercises import Feedback
from bpgan.exercises import part1 as ex


def sgd_update(w, nabla_w, eta):
    return w - eta * nabla_w


def sgd_epoch(net, X, Y, batch_size, eta, rng):
    """The notebook's solution."""
    n = X.shape[1]
    order = rng.permutation(n)
    for start in range(0, n, batch_size):
        batch = order[start:start + batch_size]
        nabla_w, nabla_b = net.backprop(X[:, batch], Y[:, batch])
        for l in net.layer_numbers:
            net.weights[l] = sgd_update(net.weights[l], nabla_w[l], eta)
            net.biases[l] = sgd_update(net.biases[l], nabla_b[l], eta)


def loop(*, order=None, cut=None, step=None, batch=None, update=None):
    """An epoch of SGD with one part swapped for a variant, so each mistake below is one visible change.

    order(rng, n) gives the order of the samples, cut(order, n, batch_size) the mini-batches,
    batch(X, Y, columns) the arrays handed to backprop, step(m, eta) the step size for a mini-batch of m
    and update(net, nabla_w, nabla_b, step) the change of the parameters.
    """
    order = order or (lambda rng, n: rng.permutation(n))
    cut = cut or (lambda o, n, size: [o[start:start + size] for start in range(0, n, size)])
    batch = batch or (lambda X, Y, columns: (X[:, columns], Y[:, columns]))
    step = step or (lambda m, eta: eta)

    def update_all(net, nabla_w, nabla_b, size):
        for l in net.layer_numbers:
            net.weights[l] = net.weights[l] - size * nabla_w[l]
            net.biases[l] = net.biases[l] - size * nabla_b[l]

    update = update or update_all

    def epoch(net, X, Y, batch_size, eta, rng):
        n = X.shape[1]
        for columns in cut(order(rng, n), n, batch_size):
            nabla_w, nabla_b = net.backprop(*batch(X, Y, columns))
            update(net, nabla_w, nabla_b, step(len(columns), eta))
    return epoch


def per_sample_then_mean(net, X, Y, batch_size, eta, rng):
    """Nielsen's structure: backprop each sample alone, sum, then one step with η/m — right, only slower."""
    order = rng.permutation(X.shape[1])
    for start in range(0, len(order), batch_size):
        columns = order[start:start + batch_size]
        sums_w = {l: 0 for l in net.layer_numbers}
        sums_b = {l: 0 for l in net.layer_numbers}
        for i in columns:
            nabla_w, nabla_b = net.backprop(X[:, [i]], Y[:, [i]])
            for l in net.layer_numbers:
                sums_w[l] = sums_w[l] + nabla_w[l]
                sums_b[l] = sums_b[l] + nabla_b[l]
        for l in net.layer_numbers:
            net.weights[l] -= eta / len(columns) * sums_w[l]
            net.biases[l] -= eta / len(columns) * sums_b[l]


def shuffled_copies(net, X, Y, batch_size, eta, rng):
    """Shuffle the columns of X and Y together, then take consecutive slices — right."""
    order = rng.permutation(X.shape[1])
    X, Y = X[:, order], Y[:, order]
    for start in range(0, X.shape[1], batch_size):
        nabla_w, nabla_b = net.backprop(X[:, start:start + batch_size], Y[:, start:start + batch_size])
        for l in net.layer_numbers:
            net.weights[l] -= eta * nabla_w[l]
            net.biases[l] -= eta * nabla_b[l]


def shuffle_in_place(rng, n):
    indices = np.arange(n)
    rng.shuffle(indices)
    return indices


def two_calls_per_batch(net, X, Y, batch_size, eta, rng):
    """Asks backprop twice for the same mini-batch at the same weights — wasteful, but the step is right."""
    order = rng.permutation(X.shape[1])
    for start in range(0, len(order), batch_size):
        columns = order[start:start + batch_size]
        nabla_w = net.backprop(X[:, columns], Y[:, columns])[0]
        nabla_b = net.backprop(X[:, columns], Y[:, columns])[1]
        for l in net.layer_numbers:
            net.weights[l] = sgd_update(net.weights[l], nabla_w[l], eta)
            net.biases[l] = sgd_update(net.biases[l], nabla_b[l], eta)


RIGHT = {
    "the notebook's solution": sgd_epoch,
    "backprop per sample, then the mean": per_sample_then_mean,
    "X and Y shuffled together, then sliced": shuffled_copies,
    "rng.shuffle of the indices": loop(order=shuffle_in_place),
    "backprop asked twice per mini-batch": two_calls_per_batch,
}


@pytest.mark.parametrize("solution", list(RIGHT.values()), ids=list(RIGHT))
@pytest.mark.parametrize("seed", [0, 1, 2, None])
def test_a_right_training_loop_passes_with_a_short_success_message(solution, seed):
    feedback = ex.check_sgd_epoch(solution, seed=seed)
    assert isinstance(feedback, Feedback) and feedback.passed, feedback.message
    assert feedback.message.startswith("✓ sgd_epoch:") and "\n" not in feedback.message


# ---- the mistakes, one change each -------------------------------------------------------------------

def update_loop_variable(net, nabla_w, nabla_b, size):
    for l, w in net.weights.items():
        w = w - size * nabla_w[l]                     # rebinds the name; the network keeps its weights  # noqa: F841


def update_weights_only(net, nabla_w, nabla_b, size):
    for l in net.layer_numbers:
        net.weights[l] = net.weights[l] - size * nabla_w[l]


def update_biases_only(net, nabla_w, nabla_b, size):
    for l in net.layer_numbers:
        net.biases[l] = net.biases[l] - size * nabla_b[l]


def skip_output_layer(net, nabla_w, nabla_b, size):
    for l in range(2, net.L):
        net.weights[l] = net.weights[l] - size * nabla_w[l]
        net.biases[l] = net.biases[l] - size * nabla_b[l]


def update_after_the_loop(net, X, Y, batch_size, eta, rng):
    order = rng.permutation(X.shape[1])
    for start in range(0, len(order), batch_size):
        columns = order[start:start + batch_size]
        nabla_w, nabla_b = net.backprop(X[:, columns], Y[:, columns])
    for l in net.layer_numbers:                       # dedented one level too far
        net.weights[l] = sgd_update(net.weights[l], nabla_w[l], eta)
        net.biases[l] = sgd_update(net.biases[l], nabla_b[l], eta)


def update_after_each_sample(net, X, Y, batch_size, eta, rng):
    order = rng.permutation(X.shape[1])
    for start in range(0, len(order), batch_size):
        for i in order[start:start + batch_size]:
            nabla_w, nabla_b = net.backprop(X[:, [i]], Y[:, [i]])
            for l in net.layer_numbers:
                net.weights[l] = sgd_update(net.weights[l], nabla_w[l], eta)
                net.biases[l] = sgd_update(net.biases[l], nabla_b[l], eta)


def backprop_per_layer(net, X, Y, batch_size, eta, rng):
    order = rng.permutation(X.shape[1])
    for start in range(0, len(order), batch_size):
        columns = order[start:start + batch_size]
        for l in net.layer_numbers:
            nabla_w, nabla_b = net.backprop(X[:, columns], Y[:, columns])    # after the previous layer moved
            net.weights[l] = sgd_update(net.weights[l], nabla_w[l], eta)
            net.biases[l] = sgd_update(net.biases[l], nabla_b[l], eta)


def never_calls_backprop(net, X, Y, batch_size, eta, rng):
    for l in net.layer_numbers:
        net.weights[l] = net.weights[l] * 0.5


def x_and_y_shuffled_separately(net, X, Y, batch_size, eta, rng):
    X, Y = X[:, rng.permutation(X.shape[1])], Y[:, rng.permutation(Y.shape[1])]
    for start in range(0, X.shape[1], batch_size):
        nabla_w, nabla_b = net.backprop(X[:, start:start + batch_size], Y[:, start:start + batch_size])
        for l in net.layer_numbers:
            net.weights[l] = sgd_update(net.weights[l], nabla_w[l], eta)
            net.biases[l] = sgd_update(net.biases[l], nabla_b[l], eta)


MISTAKES = [
    (loop(order=lambda rng, n: np.arange(n)), "not shuffled"),
    (loop(order=lambda rng, n: np.random.default_rng(0).permutation(n)), "both epochs took the samples in the same order"),
    (loop(order=lambda rng, n: np.random.permutation(n)), "equally seeded rngs shuffled differently"),
    (loop(cut=lambda o, n, size: [o[start:start + size] for start in range(0, n - size + 1, size)]),
     "the last, smaller mini-batch was left out: 3 of the 23"),
    (loop(cut=lambda o, n, size: [o[start:start + size] for start in range(0, n - size, size)]), "never used"),
    (loop(cut=lambda o, n, size: [o[start:start + size] for start in range(0, n, size - 1)]), "used more than once"),
    (loop(order=lambda rng, n: rng.integers(0, n, n)), "used more than once"),
    (loop(cut=lambda o, n, size: np.array_split(o, n // size)), "the mini-batches held"),
    (loop(order=lambda rng, n: np.concatenate([np.arange(s, min(s + 4, n)) for s in rng.permutation(range(0, n, 4))])),
     "only the order of the mini-batches"),
    (loop(step=lambda m, eta: eta * m), "the sum of the mini-batch's per-sample gradients"),
    (loop(step=lambda m, eta: eta / m), "divided by the mini-batch size once too often"),
    (loop(step=lambda m, eta: -eta), "gradient ascent"),
    (loop(step=lambda m, eta: 1.0), "learning rate η is missing"),
    (loop(step=lambda m, eta: 0.9 * eta), "differ from those of SGD on the same mini-batches"),
    (loop(update=update_loop_variable), "assigning to a loop variable"),
    (loop(update=update_weights_only), "the biases never changed"),
    (loop(update=update_biases_only), "only the biases changed"),
    (loop(update=skip_output_layer), "layer 3 never changed"),
    (loop(batch=lambda X, Y, columns: (X[columns], Y[columns])), "raised IndexError.*hint: X\\[batch\\] picks rows"),
    (loop(batch=lambda X, Y, columns: (X[:, columns].T, Y[:, columns])), "raised ValueError.*one sample per row"),
    (loop(batch=lambda X, Y, columns: (X[:, columns] / 2, Y[:, columns])), "not columns of X"),
    (x_and_y_shuffled_separately, "do not belong to its inputs"),
    (update_after_the_loop, "changed only once in the epoch"),
    (update_after_each_sample, "changed after every single sample"),
    (backprop_per_layer, "between two backprop calls on the same mini-batch"),
    (never_calls_backprop, "net.backprop was never called"),
]


@pytest.mark.parametrize("wrong, message", MISTAKES, ids=[m for _, m in MISTAKES])
@pytest.mark.parametrize("seed", [0, 1])
def test_each_recognised_mistake_is_named(wrong, message, seed):
    feedback = ex.check_sgd_epoch(wrong, seed=seed)
    assert not feedback.passed
    assert feedback.message.startswith("✗ sgd_epoch:")
    assert re.search(message, feedback.message, flags=re.S), feedback.message


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

    assert "raised NotImplementedError: exercise: write this function" in ex.check_sgd_epoch(sgd_epoch).message
    assert "expected a function, got int" in ex.check_sgd_epoch(3).message


def test_the_learners_loop_cannot_change_the_checkers_data():
    def sneaky(net, X, Y, batch_size, eta, rng):
        X[:] = 0                                        # would corrupt the reference if X were shared
        sgd_epoch(net, X, Y, batch_size, eta, rng)

    assert not ex.check_sgd_epoch(sneaky, seed=0).passed


@pytest.mark.parametrize("factor", [1 - 1e-4, 1 + 1e-3, 1.1, 2.0])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_slightly_wrong_step_never_passes(factor, seed):
    assert not ex.check_sgd_epoch(loop(step=lambda m, eta: factor * eta), seed=seed).passed
