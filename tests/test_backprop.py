"""Network.backprop and input_gradient: the four equations agree with torch.autograd and finite differences."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from bpgan.data import one_hot
from bpgan.gradcheck import numerical_gradient, relative_error
from bpgan.network import Network, minibatches

TORCH_ACTIVATION = {
    "sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu, "identity": lambda t: t,
    "prelu": lambda t: torch.nn.functional.prelu(t, torch.tensor([0.25], dtype=t.dtype)),
}


@st.composite
def problems(draw, smooth=False):
    """A random network, batch and targets; ``smooth`` keeps to activations differentiable everywhere."""
    kinked = () if smooth else ("relu", "prelu")
    hidden = draw(st.lists(st.integers(1, 16), min_size=1, max_size=4))
    sizes = [draw(st.integers(1, 16))] + hidden + [draw(st.integers(1, 16))]
    activation = draw(st.sampled_from(["sigmoid", "tanh", *kinked]))
    cost = draw(st.sampled_from(["quadratic", "cross-entropy"]))
    # Cross-entropy needs outputs in (0, 1): a sigmoid output layer. The quadratic cost takes any output.
    outputs = [name for name in TORCH_ACTIVATION if name not in ("relu", "prelu") or not smooth]
    output = "sigmoid" if cost == "cross-entropy" else draw(st.sampled_from(outputs))
    m = draw(st.integers(1, 6))
    seed = draw(st.integers(0, 2**16))
    return sizes, activation, output, cost, m, seed


def make(problem):
    sizes, activation, output, cost, m, seed = problem
    net = Network(sizes, activation=activation, output_activation=output, cost=cost, seed=seed)
    rng = np.random.default_rng(seed + 1)
    X = rng.normal(size=(sizes[0], m))
    Y = rng.uniform(0, 1, size=(sizes[-1], m))
    return net, X, Y


def torch_gradients(net, X, Y):
    """The same network and mean cost in torch (float64, rows are samples), differentiated by autograd."""
    weights = {l: torch.tensor(net.weights[l], requires_grad=True) for l in net.layer_numbers}
    biases = {l: torch.tensor(net.biases[l], requires_grad=True) for l in net.layer_numbers}
    x = torch.tensor(X, requires_grad=True)
    a = x
    for l in net.layer_numbers:
        a = TORCH_ACTIVATION[net.sigma(l).name.split("(")[0]](weights[l] @ a + biases[l])
    y = torch.tensor(Y)
    if net.cost.name == "quadratic":
        per_sample = 0.5 * ((y - a) ** 2).sum(dim=0)
    else:
        per_sample = torch.nn.functional.binary_cross_entropy(a, y, reduction="none").sum(dim=0)
    per_sample.mean().backward()
    return ({l: w.grad.numpy() for l, w in weights.items()}, {l: b.grad.numpy() for l, b in biases.items()},
            x.grad.numpy())


@settings(max_examples=150)
@given(problems())
def test_backprop_and_input_gradient_match_torch_autograd(problem):
    net, X, Y = make(problem)
    nabla_w, nabla_b = net.backprop(X, Y)
    expected_w, expected_b, expected_x = torch_gradients(net, X, Y)
    for l in net.layer_numbers:
        assert nabla_w[l].shape == net.weights[l].shape and nabla_b[l].shape == net.biases[l].shape
        np.testing.assert_allclose(nabla_w[l], expected_w[l], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(nabla_b[l], expected_b[l], rtol=1e-9, atol=1e-12)
    gradient_x = net.input_gradient(X, Y)
    assert gradient_x.shape == X.shape
    np.testing.assert_allclose(gradient_x, expected_x, rtol=1e-9, atol=1e-12)


@settings(max_examples=30)
@given(problems(smooth=True))    # finite differences straddle the kinks of ReLU and PReLU; torch covers those above
def test_backprop_matches_centred_differences_on_every_parameter(problem):
    net, X, Y = make(problem)
    nabla_w, nabla_b = net.backprop(X, Y)
    for l in net.layer_numbers:
        for parameter, analytic in ((net.weights[l], nabla_w[l]), (net.biases[l], nabla_b[l])):
            numeric = numerical_gradient(lambda _: net.cost_value(X, Y), parameter, h=1e-5)
            # Round-off of a centred difference is about ε·|C|/h ≈ 1e-11·|C| in absolute terms: for
            # gradients much smaller than 1e-4 it dominates, so those are compared absolutely.
            assert relative_error(analytic, numeric) < 1e-7 or np.abs(analytic - numeric).max() < 1e-9


def test_a_batch_gives_the_mean_of_the_per_sample_gradients():
    net = Network([5, 4, 3], seed=3)
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(5, 7)), rng.uniform(size=(3, 7))
    nabla_w, nabla_b = net.backprop(X, Y)
    singles = [net.backprop(X[:, [i]], Y[:, [i]]) for i in range(7)]
    for l in net.layer_numbers:
        np.testing.assert_allclose(nabla_w[l], np.mean([s[0][l] for s in singles], axis=0), rtol=1e-12)
        np.testing.assert_allclose(nabla_b[l], np.mean([s[1][l] for s in singles], axis=0), rtol=1e-12)


def test_cross_entropy_output_error_stays_exact_when_the_output_saturates():
    net = Network([1, 1], cost="cross-entropy", seed=0)
    net.weights[2][:] = 100.0
    net.biases[2][:] = 0.0
    X, Y = np.array([[1.0]]), np.array([[0.0]])        # a = σ(100) rounds to 1.0, the target is 0
    nabla_w, _ = net.backprop(X, Y)
    assert nabla_w[2][0, 0] == pytest.approx(1.0)      # δ = a − y = 1, times a^1 = 1


def test_sgd_steps_lower_the_cost_and_training_reaches_the_tolerance():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(2, 40))
    labels = (X[0] + X[1] > 0).astype(int)
    net = Network([2, 4, 2], seed=1)
    Y = one_hot(labels, 2)
    before = net.cost_value(X, Y)
    net.sgd_step(X, Y, eta=1.0)
    assert net.cost_value(X, Y) < before
    history = net.train(X, Y, epochs=500, batch_size=8, eta=2.0, tolerance=0.05, progress=False)
    assert history.cost[-1] <= 0.05 and "within tolerance" in history.stopped
    assert len(history.cost) < 500 and history.steps == 5 * len(history.cost)


def test_training_stops_at_the_step_budget_and_records_test_accuracy():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(3, 30))
    labels = rng.integers(0, 2, 30)
    net = Network([3, 2], seed=0)
    history = net.train(X, one_hot(labels, 2), epochs=10, batch_size=4, eta=0.1, max_steps=17,
                        test=(X, labels), progress=False)
    assert history.steps == 17 and "step budget of 17 steps" in history.stopped
    assert len(history.test_accuracy) == len(history.cost) == 3


def test_minibatches_cover_every_column_once_per_epoch_and_repeat_for_a_seed():
    epochs = list(minibatches(23, 5, 3, seed=4))
    assert len(epochs) == 3
    for batches in epochs:
        assert [len(b) for b in batches] == [5, 5, 5, 5, 3]
        assert sorted(np.concatenate(batches)) == list(range(23))
    again = list(minibatches(23, 5, 3, seed=4))
    assert all(np.array_equal(a, b) for e1, e2 in zip(epochs, again) for a, b in zip(e1, e2))


@pytest.mark.parametrize("Y, message", [
    (np.zeros((4, 3)), r"Y must have shape \(n_L, m\) = \(3, 4\) to match X; got \(4, 3\) — .* pass Y.T"),
    (np.array([0, 1, 2, 1]), r"these look like class labels: bpgan.data.one_hot"),
    (np.zeros((3, 5)), r"got \(3, 5\)$"),
])
def test_bad_targets_are_explained(Y, message):
    with pytest.raises(ValueError, match=message):
        Network([2, 3]).backprop(np.zeros((2, 4)), Y)


def test_bad_training_arguments_are_explained():
    net = Network([2, 2])
    X, Y = np.zeros((2, 4)), np.zeros((2, 4))
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        net.train(X, Y, epochs=1, batch_size=0, eta=1.0)
    with pytest.raises(ValueError, match="eta .* must be a positive, finite number"):
        net.train(X, Y, epochs=1, batch_size=2, eta=-1.0)


def test_one_hot_and_as_columns():
    from bpgan.data import as_columns

    np.testing.assert_array_equal(one_hot(np.array([2, 0]), 3), [[0, 1], [0, 0], [1, 0]])
    with pytest.raises(ValueError, match="labels must lie in 0..2"):
        one_hot(np.array([3]), 3)
    images = np.arange(12).reshape(3, 2, 2)
    columns = as_columns(images)
    assert columns.shape == (4, 3) and np.array_equal(columns[:, 1], images[1].ravel())


def test_an_sgd_epoch_is_one_sgd_step_per_shuffled_mini_batch():
    rng = np.random.default_rng(5)
    X, Y = rng.normal(size=(4, 23)), rng.uniform(size=(3, 23))
    by_epoch, by_step = Network([4, 5, 3], seed=2), Network([4, 5, 3], seed=2)
    assert by_epoch.sgd_epoch(X, Y, batch_size=5, eta=0.7, seed=9) == 5
    for columns in next(minibatches(23, 5, 1, seed=9)):
        by_step.sgd_step(X[:, columns], Y[:, columns], eta=0.7)
    for l in by_epoch.layer_numbers:
        np.testing.assert_allclose(by_epoch.weights[l], by_step.weights[l], rtol=1e-13)
        np.testing.assert_allclose(by_epoch.biases[l], by_step.biases[l], rtol=1e-13)
    assert Network([4, 5, 3]).sgd_epoch(X, Y, batch_size=5, eta=0.7, max_steps=2) == 2


def test_sgd_step_is_the_update_with_backprops_gradient():
    rng = np.random.default_rng(6)
    X, Y = rng.normal(size=(3, 4)), rng.uniform(size=(2, 4))
    net = Network([3, 4, 2], seed=0)
    before = {l: net.weights[l].copy() for l in net.layer_numbers}
    nabla_w, _ = net.backprop(X, Y)
    net.sgd_step(X, Y, eta=0.3)
    for l in net.layer_numbers:
        np.testing.assert_allclose(net.weights[l], before[l] - 0.3 * nabla_w[l], rtol=1e-13)


def test_backprop_from_a_given_output_gradient_equals_backprop_through_the_cost():
    rng = np.random.default_rng(7)
    net = Network([3, 4, 2], output_activation="identity", seed=3)
    X, Y = rng.normal(size=(3, 5)), rng.normal(size=(2, 5))
    upstream = net.feedforward(X) - Y                    # ∂C_x/∂a^L of the quadratic cost
    through_cost = net.backprop(X, Y)
    given = net.backprop(X, output_gradient=upstream)
    for l in net.layer_numbers:
        np.testing.assert_allclose(given[0][l], through_cost[0][l], rtol=1e-13)
        np.testing.assert_allclose(given[1][l], through_cost[1][l], rtol=1e-13)
    np.testing.assert_allclose(net.input_gradient(X, Y, scale=1.0), 5 * net.input_gradient(X, Y), rtol=1e-13)


def test_exactly_one_of_targets_and_output_gradient():
    net = Network([2, 2])
    with pytest.raises(ValueError, match="give either Y .* or output_gradient"):
        net.backprop(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="give either Y"):
        net.backprop(np.zeros((2, 3)), np.zeros((2, 3)), output_gradient=np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"output_gradient must have the output's shape \(n_L, m\) = \(2, 3\)"):
        net.backprop(np.zeros((2, 3)), output_gradient=np.zeros((3, 2)))
