"""bpgan.backprop: BP1–BP4 as four functions, each equal to its index form, and the checker of notebook 04's
whole-backprop exercise (it passes the right answer and names the mistakes it claims to recognise)."""

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpgan import activations
from bpgan import backprop as bp
from bpgan.exercises import part1 as ex

sigmoid = activations.sigmoid
shapes = st.tuples(st.integers(1, 5), st.integers(1, 5), st.integers(1, 6))       # n_{l+1} (or n_{l-1}), n_l, m


@settings(max_examples=40)
@given(shapes, st.integers(0, 2 ** 31 - 1), st.sampled_from(["sigmoid", "tanh", "relu"]))
def test_each_equation_is_its_index_form(shape, seed, name):
    n_other, n_l, m = shape
    rng = np.random.default_rng(seed)
    sigma = activations.get(name)
    W_next, delta_next = rng.normal(size=(n_other, n_l)), rng.normal(size=(n_other, m))
    z, nabla_a, a_prev = rng.normal(size=(n_l, m)), rng.normal(size=(n_l, m)), rng.normal(size=(n_other, m))
    delta = rng.normal(size=(n_l, m))
    d = sigma.derivative(z)
    bp1 = np.array([[nabla_a[j, x] * d[j, x] for x in range(m)] for j in range(n_l)])
    bp2 = np.array([[sum(W_next[k, j] * delta_next[k, x] for k in range(n_other)) * d[j, x] for x in range(m)]
                    for j in range(n_l)])
    bp3 = np.array([[sum(delta[j, x] for x in range(m)) / m] for j in range(n_l)])
    bp4 = np.array([[sum(a_prev[k, x] * delta[j, x] for x in range(m)) / m for k in range(n_other)]
                    for j in range(n_l)])
    np.testing.assert_allclose(bp.output_error(nabla_a, z, sigma), bp1, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(bp.backpropagate_error(W_next, delta_next, z, sigma), bp2, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(bp.bias_gradient(delta), bp3, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(bp.weight_gradient(delta, a_prev), bp4, rtol=1e-12, atol=1e-14)


def reference(net, X, Y):
    zs, a = net.forward(X)
    L = net.L
    delta = {L: bp.output_error(a[L] - Y, zs[L], sigmoid)}
    for l in range(L - 1, 1, -1):
        delta[l] = bp.backpropagate_error(net.weights[l + 1], delta[l + 1], zs[l], sigmoid)
    return ({l: bp.weight_gradient(delta[l], a[l - 1]) for l in net.layer_numbers},
            {l: bp.bias_gradient(delta[l]) for l in net.layer_numbers})


def changed(transform_w=lambda l, w, m: w, transform_b=lambda l, b, m: b, drop=()):
    def learner(net, X, Y):
        w, b = reference(net, X, Y)
        m = X.shape[1]
        return ({l: transform_w(l, v, m) for l, v in w.items() if l not in drop},
                {l: transform_b(l, v, m) for l, v in b.items() if l not in drop})
    return learner


def test_the_checker_passes_a_right_backprop():
    feedback = ex.check_backprop(reference, seed=0)
    assert feedback.passed, feedback.message


@pytest.mark.parametrize("learner, message", [
    (changed(lambda l, w, m: w * m, lambda l, b, m: b * m), "times too large: that is the sum over the batch"),
    (changed(drop=(2,)), r"no ∂C/∂W for layer\(s\) \[2\]"),
    (changed(transform_b=lambda l, b, m: b[:, 0]), "keepdims=True"),
    (changed(lambda l, w, m: w.T), "is transposed"),
    (changed(lambda l, w, m: -w, lambda l, b, m: -b), "wrong sign"),
    (changed(lambda l, w, m: w + (l == 2)), r"∂C/∂W\^2 of a \[3, 4, 2\] network is wrong, while the layers after it"),
    (lambda net, X, Y: list(reference(net, X, Y)[0].values()), r"return two dicts, \(nabla_w, nabla_b\)"),
    (lambda net, X, Y: 1 / 0, "ZeroDivisionError"),
])
def test_the_checker_names_each_mistake(learner, message):
    feedback = ex.check_backprop(learner, seed=0)
    assert not feedback.passed
    assert re.search(message, feedback.message), feedback.message


def test_the_checker_refuses_a_backprop_that_updates_the_weights():
    def stepping(net, X, Y):
        result = reference(net, X, Y)
        for l in net.layer_numbers:
            net.weights[l] -= result[0][l]
        return result
    feedback = ex.check_backprop(stepping, seed=0)
    assert not feedback.passed and "changed net.weights" in feedback.message
