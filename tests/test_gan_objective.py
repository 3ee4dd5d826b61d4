"""bpgan.gan: the losses on logits and the optimal discriminator, against hand-computed cases."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import norm

from bpgan.gan import discriminator_loss, generator_loss, js_divergence, kl_divergence, optimal_discriminator

logit_lists = st.lists(st.floats(-40, 40), min_size=1, max_size=20)


def test_losses_by_hand_at_d_equal_one_half():
    zero = torch.zeros(3)
    assert discriminator_loss(zero, zero).item() == pytest.approx(2 * math.log(2))     # −log ½ − log ½
    assert generator_loss(zero, "minimax").item() == pytest.approx(-math.log(2))       # log(1 − ½)
    assert generator_loss(zero, "non_saturating").item() == pytest.approx(math.log(2))  # −log ½


@given(real=logit_lists, fake=logit_lists)
def test_discriminator_loss_is_minus_v_with_d_equal_sigmoid_of_the_logit(real, fake):
    r, f = torch.tensor(real, dtype=torch.float64), torch.tensor(fake, dtype=torch.float64)
    # −log σ(l) = log(1 + e^(−l)) and −log(1 − σ(l)) = log(1 + e^l), computed exactly by numpy's logaddexp.
    minus_v = np.mean(np.logaddexp(0, -np.array(real))) + np.mean(np.logaddexp(0, np.array(fake)))
    assert discriminator_loss(r, f).item() == pytest.approx(minus_v, rel=1e-12)
    small = [v for v in real if abs(v) < 10], [v for v in fake if abs(v) < 10]
    if all(small):   # where the textbook formula with probabilities is still accurate, it agrees too
        rs, fs = (torch.tensor(v, dtype=torch.float64) for v in small)
        naive = -(torch.log(torch.sigmoid(rs)).mean() + torch.log(1 - torch.sigmoid(fs)).mean())
        assert discriminator_loss(rs, fs).item() == pytest.approx(naive.item(), rel=1e-9)


@given(fake=logit_lists)
def test_the_two_generator_losses_and_their_gradients(fake):
    f = torch.tensor(fake, dtype=torch.float64, requires_grad=True)
    d = torch.sigmoid(f.detach())
    generator_loss(f, "minimax").backward()
    # d/dl log(1 − σ(l)) = −σ(l) = −D: vanishes when D rejects the fakes (D → 0).
    np.testing.assert_allclose(f.grad.numpy(), -d.numpy() / len(fake), rtol=1e-9, atol=1e-15)
    f.grad = None
    generator_loss(f, "non_saturating").backward()
    # d/dl −log σ(l) = −(1 − D): close to −1 when D → 0, the strong signal G needs early on.
    np.testing.assert_allclose(f.grad.numpy(), -(1 - d.numpy()) / len(fake), rtol=1e-9, atol=1e-15)


def test_loss_inputs_are_checked():
    with pytest.raises(ValueError, match="kind must be one of 'minimax', 'non_saturating'; got 'wasserstein'"):
        generator_loss(torch.zeros(2), "wasserstein")
    with pytest.raises(TypeError, match="real_logits must be a torch tensor of logits, got ndarray"):
        discriminator_loss(np.zeros(2), torch.zeros(2))
    with pytest.raises(ValueError, match="fake_logits contains NaN"):
        discriminator_loss(torch.zeros(2), torch.tensor([0.0, float("nan")]))
    with pytest.raises(TypeError, match="floating-point logits"):
        generator_loss(torch.zeros(2, dtype=torch.int64))


@given(mu_d=st.floats(-2, 2), s_d=st.floats(0.3, 2), mu_g=st.floats(-2, 2), s_g=st.floats(0.3, 2))
def test_optimal_discriminator_of_two_gaussians_matches_the_closed_form(mu_d, s_d, mu_g, s_g):
    x = np.linspace(-3, 3, 13)
    d_star = optimal_discriminator(lambda v: norm.pdf(v, mu_d, s_d), lambda v: norm.pdf(v, mu_g, s_g))(x)
    # log-odds of real: log p_data − log p_g, and D* = σ(log-odds)
    log_odds = norm.logpdf(x, mu_d, s_d) - norm.logpdf(x, mu_g, s_g)
    np.testing.assert_allclose(d_star, 1 / (1 + np.exp(-log_odds)), rtol=1e-9, atol=1e-300)


def test_optimal_discriminator_with_a_prior_is_bayes_posterior_and_one_half_at_equilibrium():
    same = optimal_discriminator(norm.pdf, norm.pdf)
    np.testing.assert_allclose(same(np.linspace(-3, 3, 7)), 0.5)
    posterior = optimal_discriminator(norm.pdf, lambda v: norm.pdf(v, 1.0), prior_real=0.8)
    x = np.array([0.3])
    expected = 0.8 * norm.pdf(x) / (0.8 * norm.pdf(x) + 0.2 * norm.pdf(x, 1.0))
    np.testing.assert_allclose(posterior(x), expected)
    nowhere = optimal_discriminator(lambda v: np.zeros_like(v), lambda v: np.zeros_like(v), prior_real=0.3)
    np.testing.assert_allclose(nowhere(np.array([1.0])), 0.3)
    with pytest.raises(ValueError, match="prior_real must lie strictly between 0 and 1"):
        optimal_discriminator(norm.pdf, norm.pdf, prior_real=1.0)


def test_js_divergence_limits_and_symmetry():
    x = np.linspace(-12, 12, 24001)
    p, q = norm.pdf(x, -1, 1), norm.pdf(x, 1.5, 0.7)
    assert js_divergence(p, p, x) == pytest.approx(0.0, abs=1e-12)
    assert js_divergence(p, q, x) == pytest.approx(js_divergence(q, p, x), rel=1e-12)
    assert js_divergence(norm.pdf(x, -6, 0.5), norm.pdf(x, 6, 0.5), x) == pytest.approx(math.log(2), rel=1e-9)
    assert 0 < js_divergence(p, q, x) < math.log(2)
    with pytest.raises(ValueError, match="same grid"):
        js_divergence(p, q[:-1], x)


def test_kl_divergence_of_two_gaussians_matches_the_closed_form():
    x = np.linspace(-15, 15, 60001)
    for (m1, s1), (m2, s2) in [((0, 1), (0, 1)), ((-1, 0.8), (1, 1.2)), ((2, 0.5), (-1, 2.0))]:
        closed = math.log(s2 / s1) + (s1 ** 2 + (m1 - m2) ** 2) / (2 * s2 ** 2) - 0.5
        assert kl_divergence(norm.pdf(x, m1, s1), norm.pdf(x, m2, s2), x) == pytest.approx(closed, abs=1e-9)


def test_kl_divergence_is_infinite_where_q_misses_mass_of_p_and_refuses_bad_densities():
    x = np.linspace(-1, 1, 5)
    p, q = np.array([0, 1, 1, 1, 0.0]), np.array([0, 0, 1, 1, 1.0])
    assert kl_divergence(p, q, x) == math.inf
    assert kl_divergence(q, q, x) == 0.0
    with pytest.raises(ValueError, match="non-negative"):
        kl_divergence(-p, q, x)
