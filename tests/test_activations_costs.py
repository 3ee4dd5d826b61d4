"""bpgan.activations and bpgan.costs: values and derivatives match torch and finite differences."""

import warnings

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from bpgan import activations, costs
from bpgan.gradcheck import numerical_gradient

TORCH = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "prelu": lambda z: torch.nn.functional.prelu(z, torch.tensor([0.25], dtype=z.dtype)),
}

z_arrays = arrays(np.float64, array_shapes(min_dims=1, max_dims=3, max_side=5),
                  elements=st.floats(-20, 20, allow_subnormal=False))


def torch_value_and_derivative(name, z):
    t = torch.tensor(z, requires_grad=True)
    out = TORCH[name](t)
    out.sum().backward()
    return out.detach().numpy(), t.grad.numpy()


@pytest.mark.parametrize("name", list(TORCH))
@given(z=z_arrays)
def test_sigma_and_sigma_prime_match_torch(name, z):
    activation = activations.get(name)
    value, derivative = torch_value_and_derivative(name, z)
    assert activation(z).shape == z.shape and activation.prime(z).shape == z.shape
    np.testing.assert_allclose(activation(z), value, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(activation.prime(z), derivative, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", list(TORCH))
@given(z=arrays(np.float64, st.integers(1, 6), elements=st.floats(-6, 6).filter(lambda v: abs(v) > 1e-3)))
def test_sigma_prime_matches_finite_differences(name, z):
    activation = activations.get(name)
    # σ is elementwise, so the gradient of Σσ(z) is σ′(z); kinks of ReLU/PReLU at 0 are avoided.
    numeric = numerical_gradient(lambda v: activation(v).sum(), z.copy())
    np.testing.assert_allclose(activation.prime(z), numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", list(TORCH))
def test_no_overflow_warning_up_to_1e4(name):
    z = np.array([-1e4, -710.0, -50.0, 0.0, 50.0, 710.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        activation = activations.get(name)
        assert np.isfinite(activation(z)).all() and np.isfinite(activation.prime(z)).all()


def test_activations_keep_float32():
    z = np.linspace(-3, 3, 7, dtype=np.float32)
    for name in TORCH:
        assert activations.get(name)(z).dtype == np.float32
        assert activations.get(name).prime(z).dtype == np.float32


def test_unknown_activation_and_bad_input_are_explained():
    with pytest.raises(ValueError, match="unknown activation 'softplus'; choose one of sigmoid, tanh, relu, prelu"):
        activations.get("softplus")
    with pytest.raises(TypeError, match="z must hold real numbers"):
        activations.sigmoid(np.array(["a", "b"]))
    with pytest.raises(TypeError, match="alpha must be a finite number"):
        activations.prelu(alpha="0.1")


# ---- costs -----------------------------------------------------------------------------------------

@st.composite
def batches(draw, binary_targets=False):
    n, m = draw(st.integers(1, 5)), draw(st.integers(1, 6))
    a = draw(arrays(np.float64, (n, m), elements=st.floats(0.01, 0.99)))
    if binary_targets:
        y = draw(arrays(np.float64, (n, m), elements=st.sampled_from([0.0, 1.0])))
    else:
        y = draw(arrays(np.float64, (n, m), elements=st.floats(0, 1)))
    return a, y


def torch_cost(name, a, y):
    t = torch.tensor(a, requires_grad=True)
    target = torch.tensor(y)
    if name == "quadratic":
        per_sample = 0.5 * ((target - t) ** 2).sum(dim=0)
    else:
        per_sample = torch.nn.functional.binary_cross_entropy(t, target, reduction="none").sum(dim=0)
    per_sample.sum().backward()   # the gradient of Σ_x C_x, column x is ∂C_x/∂a(x)
    return per_sample.mean().item(), t.grad.numpy()


@pytest.mark.parametrize("name", ["quadratic", "cross-entropy"])
@given(batch=batches())
def test_cost_value_and_derivative_match_torch(name, batch):
    a, y = batch
    cost = costs.get(name)
    value, derivative = torch_cost(name, a, y)
    assert cost.value(a, y) == pytest.approx(value, rel=1e-10)
    np.testing.assert_allclose(cost.derivative(a, y), derivative, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(cost.per_sample(a, y).mean(), cost.value(a, y), rtol=1e-12)


@pytest.mark.parametrize("name", ["quadratic", "cross-entropy"])
@given(batch=batches())
def test_cost_derivative_matches_finite_differences(name, batch):
    a, y = batch
    cost = costs.get(name)
    total = lambda v: cost.per_sample(v, y).sum()  # noqa: E731
    numeric = numerical_gradient(total, a.copy())
    # A centred difference's round-off is about eps·|C| / h (h = 1e-6): an exact 0 may read as 1e-8 where C ~ 100.
    round_off = 1e-14 * (1 + abs(total(a))) / 1e-6
    np.testing.assert_allclose(cost.derivative(a, y), numeric, rtol=1e-6, atol=max(1e-8, round_off))


def test_cross_entropy_is_finite_and_has_the_right_limits_at_0_and_1():
    a = np.array([[0.0, 1.0, 0.0, 1.0]])
    y = np.array([[0.0, 1.0, 1.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        per_sample = costs.cross_entropy.per_sample(a, y)
        derivative = costs.cross_entropy.derivative(a, y)
    assert np.isfinite(per_sample).all() and np.isfinite(derivative).all()
    np.testing.assert_allclose(per_sample[:2], 0.0, atol=1e-9)        # perfect outputs cost nothing
    assert per_sample[2] > 20 and per_sample[3] > 20                   # confidently wrong is expensive
    np.testing.assert_allclose(derivative[0, :2], [1.0, -1.0], rtol=1e-6)   # limits of (a − y)/(a(1 − a))


def test_a_single_sample_vector_is_one_column():
    assert costs.quadratic.derivative(np.array([0.2, 0.8]), np.array([0.0, 1.0])).shape == (2, 1)


def test_cost_inputs_are_checked_with_clear_messages():
    with pytest.raises(ValueError, match=r"same shape; got a \(2, 3\) and y \(3, 2\) \(y looks transposed"):
        costs.quadratic.value(np.zeros((2, 3)), np.zeros((3, 2)))
    with pytest.raises(ValueError, match=r"cross-entropy needs a in \[0, 1\]"):
        costs.cross_entropy.value(np.array([[1.5]]), np.array([[1.0]]))
    with pytest.raises(ValueError, match="contains NaN"):
        costs.quadratic.value(np.array([[np.nan]]), np.array([[1.0]]))
    with pytest.raises(ValueError, match="unknown cost 'hinge'"):
        costs.get("hinge")
