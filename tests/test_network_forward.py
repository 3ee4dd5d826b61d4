"""bpgan.network: the forward pass in Nielsen's notation, checked element by element and against torch."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from bpgan.network import Network

architectures = st.lists(st.integers(1, 6), min_size=2, max_size=5)


@given(sizes=architectures, m=st.integers(1, 4), seed=st.integers(0, 2**16))
def test_every_z_and_a_has_shape_n_l_by_m_and_parameters_have_nielsens_shapes(sizes, m, seed):
    net = Network(sizes, seed=seed)
    assert sorted(net.weights) == list(range(2, len(sizes) + 1))
    for l in net.layer_numbers:
        assert net.weights[l].shape == (sizes[l - 1], sizes[l - 2])
        assert net.biases[l].shape == (sizes[l - 1], 1)
    zs, a = net.forward(np.random.default_rng(seed).normal(size=(sizes[0], m)))
    assert a[1].shape == (sizes[0], m)
    for l in net.layer_numbers:
        assert zs[l].shape == a[l].shape == (sizes[l - 1], m)


def test_matrix_form_equals_the_element_by_element_sums():
    net = Network([3, 3, 2], seed=1)
    x = np.array([0.5, -1.0, 2.0])
    a = {1: x}
    for l in (2, 3):
        a[l] = np.array([
            1 / (1 + np.exp(-(sum(net.weights[l][j, k] * a[l - 1][k] for k in range(net.n(l - 1)))
                              + net.biases[l][j, 0])))
            for j in range(net.n(l))
        ])
    np.testing.assert_allclose(net.feedforward(x.reshape(-1, 1))[:, 0], a[3], rtol=1e-14)


@given(sizes=architectures, m=st.integers(1, 5), activation=st.sampled_from(["sigmoid", "tanh", "relu"]))
def test_a_batch_equals_its_columns_one_at_a_time_and_matches_torch(sizes, m, activation):
    net = Network(sizes, activation=activation, seed=2)
    X = np.random.default_rng(3).normal(size=(sizes[0], m))
    batch = net.feedforward(X)
    columns = np.hstack([net.feedforward(X[:, [i]]) for i in range(m)])
    np.testing.assert_allclose(batch, columns, rtol=1e-12, atol=1e-14)
    layers = []
    for l in net.layer_numbers:
        linear = torch.nn.Linear(net.n(l - 1), net.n(l)).double()
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(net.weights[l]))
            linear.bias.copy_(torch.from_numpy(net.biases[l][:, 0]))
        layers += [linear, {"sigmoid": torch.nn.Sigmoid(), "tanh": torch.nn.Tanh(), "relu": torch.nn.ReLU()}[activation]]
    with torch.no_grad():  # torch's rows are samples: transpose in and out
        expected = torch.nn.Sequential(*layers)(torch.from_numpy(X.T)).numpy().T
    np.testing.assert_allclose(batch, expected, rtol=1e-12, atol=1e-14)


def test_the_seed_fixes_the_initial_parameters():
    a, b, c = Network([4, 3, 2], seed=7), Network([4, 3, 2], seed=7), Network([4, 3, 2], seed=8)
    assert all(np.array_equal(a.weights[l], b.weights[l]) for l in a.layer_numbers)
    assert not np.array_equal(a.weights[2], c.weights[2])


def test_float32_networks_compute_in_float32():
    net = Network([5, 4, 3], dtype=np.float32)
    assert net.weights[2].dtype == np.float32
    assert net.feedforward(np.ones((5, 2))).dtype == np.float32


@pytest.mark.parametrize("X, message", [
    (np.ones((2, 3)), r"got shape \(2, 3\) — it looks like one sample per row; .* pass X.T"),
    (np.ones(3), r"got a vector of shape \(3,\)\. For one sample use X.reshape\(-1, 1\)"),
    (np.ones((4, 2)), r"must have n_1 = 3 rows \(one sample per column\); got shape \(4, 2\)$"),
    (np.ones((3, 2, 1)), r"must be 2-D"),
    (np.array([[np.nan], [0.0], [1.0]]), "X contains NaN"),
    (np.array([["a"], ["b"], ["c"]]), "X must hold real numbers"),
])
def test_bad_inputs_are_explained(X, message):
    with pytest.raises((ValueError, TypeError), match=message):
        Network([3, 4, 2]).feedforward(X)


@pytest.mark.parametrize("sizes", [[3], [3, 0, 2], [3, 2.5], "32", [True, 2]])
def test_bad_sizes_are_explained(sizes):
    with pytest.raises(ValueError, match="sizes must list at least two positive ints"):
        Network(sizes)


def test_asking_for_the_input_layers_weights_explains_the_numbering():
    with pytest.raises(KeyError, match="layers are numbered 2..3 as in the notes"):
        Network([3, 3, 2]).weights[1]


def test_unknown_activation_or_cost_names_are_explained():
    with pytest.raises(ValueError, match="unknown activation"):
        Network([2, 2], activation="swish")
    with pytest.raises(ValueError, match="unknown cost"):
        Network([2, 2], cost="hinge")
