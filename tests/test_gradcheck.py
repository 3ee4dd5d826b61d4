"""bpgan.gradcheck: finite differences converge at the rates the notes claim."""

import math

import numpy as np
import pytest

from bpgan.gradcheck import centred_difference, forward_difference, numerical_gradient, relative_error


def test_forward_difference_error_shrinks_like_h_and_centred_like_h_squared():
    f, x, exact = math.exp, 0.3, math.exp(0.3)
    forward = [abs(forward_difference(f, x, h) - exact) for h in (1e-2, 1e-3)]
    centred = [abs(centred_difference(f, x, h) - exact) for h in (1e-2, 1e-3)]
    assert forward[0] / forward[1] == pytest.approx(10, rel=0.05)
    assert centred[0] / centred[1] == pytest.approx(100, rel=0.05)


def test_numerical_gradient_of_a_quadratic_form_and_restores_its_input():
    rng = np.random.default_rng(0)
    A = rng.normal(size=(3, 3))
    x = rng.normal(size=3)
    before = x.copy()
    gradient = numerical_gradient(lambda v: v @ A @ v, x)
    np.testing.assert_allclose(gradient, (A + A.T) @ before, rtol=1e-8)
    assert np.array_equal(x, before)


def test_numerical_gradient_needs_a_float_array():
    with pytest.raises(TypeError, match="x must be a float ndarray"):
        numerical_gradient(lambda v: v.sum(), np.arange(3))


def test_relative_error_is_scale_free_and_zero_for_zeros():
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([0.0], [0.0]) == 0.0
    assert relative_error([1e-6 * 1.001], [1e-6]) == pytest.approx(relative_error([1.001], [1.0]))
    with pytest.raises(ValueError, match="shapes differ"):
        relative_error(np.zeros(2), np.zeros(3))
