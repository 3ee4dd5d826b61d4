"""bpgan.gan.numpy_gan: the numpy GAN's gradients equal torch.autograd's on the same weights."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from bpgan.gan import discriminator_loss, generator_loss
from bpgan.gan.numpy_gan import discriminator_gradients, generator_density, generator_gradients, train_numpy_gan
from bpgan.network import Network

TORCH = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid, "identity": lambda t: t}


def torch_forward(net, x, params, logits=False):
    """The numpy network's forward pass in torch on tensors ``params`` (W, b per layer); columns are samples."""
    a = x
    for l in net.layer_numbers:
        z = params[l][0] @ a + params[l][1]
        a = z if (logits and l == net.L) else TORCH[net.sigma(l).name](z)
    return a


def as_params(net):
    return {l: (torch.tensor(net.weights[l], requires_grad=True), torch.tensor(net.biases[l], requires_grad=True))
            for l in net.layer_numbers}


@settings(max_examples=40)
@given(hidden_g=st.integers(1, 8), hidden_d=st.integers(1, 8), m=st.integers(1, 6), seed=st.integers(0, 1000),
       kind=st.sampled_from(["minimax", "non_saturating"]), activation=st.sampled_from(["tanh", "relu"]))
def test_numpy_gan_gradients_match_torch_autograd(hidden_g, hidden_d, m, seed, kind, activation):
    G = Network([2, hidden_g, 1], activation=activation, output_activation="identity", seed=seed)
    D = Network([1, hidden_d, 1], activation=activation, output_activation="sigmoid", cost="cross-entropy", seed=seed + 1)
    rng = np.random.default_rng(seed)
    z, real = rng.normal(size=(2, m)), rng.normal(size=(1, m))

    d_params, g_params = as_params(D), as_params(G)
    fake_t = torch_forward(G, torch.tensor(z), g_params)
    d_loss = discriminator_loss(torch_forward(D, torch.tensor(real), d_params, logits=True),
                                torch_forward(D, fake_t.detach(), d_params, logits=True))
    d_loss.backward()
    nabla_w, nabla_b = discriminator_gradients(D, real, G.feedforward(z))
    for l in D.layer_numbers:
        np.testing.assert_allclose(nabla_w[l], d_params[l][0].grad.numpy(), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(nabla_b[l], d_params[l][1].grad.numpy(), rtol=1e-9, atol=1e-12)

    g_loss = generator_loss(torch_forward(D, fake_t, d_params, logits=True), kind)
    g_loss.backward()
    nabla_w, nabla_b = generator_gradients(G, D, z, kind)
    for l in G.layer_numbers:
        np.testing.assert_allclose(nabla_w[l], g_params[l][0].grad.numpy(), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(nabla_b[l], g_params[l][1].grad.numpy(), rtol=1e-9, atol=1e-12)


def test_a_discriminator_without_a_sigmoid_cross_entropy_output_is_refused():
    G = Network([1, 2, 1], output_activation="identity")
    with pytest.raises(ValueError, match="one sigmoid output and cost='cross-entropy'"):
        generator_gradients(G, Network([1, 2, 1]), np.zeros((1, 3)))
    with pytest.raises(ValueError, match="kind must be one of"):
        generator_gradients(G, Network([1, 2, 1], cost="cross-entropy"), np.zeros((1, 3)), kind="wgan")


def test_training_records_traces_and_snapshots_and_repeats_for_a_seed():
    def run():
        G = Network([1, 4, 1], activation="tanh", output_activation="identity", seed=0)
        D = Network([1, 4, 1], activation="tanh", output_activation="sigmoid", cost="cross-entropy", seed=1)
        return train_numpy_gan(G, D, lambda m, rng: rng.normal(1, 0.5, (1, m)), lambda m, rng: rng.normal(size=(1, m)),
                               steps=20, batch_size=8, snapshot_steps=(0, 20), x_grid=np.linspace(-1, 3, 5),
                               z_grid=np.linspace(-1, 1, 3), progress=False)
    first, second = run(), run()
    assert len(first.d_real) == len(first.d_fake) == 20
    assert [s.step for s in first.snapshots] == [0, 20]
    assert first.snapshots[1].d_of_x.shape == (5,) and first.snapshots[1].g_of_z.shape == (3,)
    assert first.d_fake == second.d_fake


def test_taking_snapshots_never_changes_training():
    def run(snapshot_steps):
        G = Network([1, 4, 1], activation="tanh", output_activation="identity", seed=0)
        D = Network([1, 4, 1], activation="tanh", output_activation="sigmoid", cost="cross-entropy", seed=1)
        return train_numpy_gan(G, D, lambda m, rng: rng.normal(1, 0.5, (1, m)), lambda m, rng: rng.normal(size=(1, m)),
                               steps=30, batch_size=8, snapshot_steps=snapshot_steps, x_grid=np.linspace(-1, 3, 5),
                               z_grid=np.linspace(-1, 1, 3), progress=False)
    watched, unwatched = run(range(0, 31, 3)), run(())
    assert watched.d_fake == unwatched.d_fake and watched.d_real == unwatched.d_real


def test_generator_density_of_a_linear_generator_is_the_shifted_and_scaled_normal():
    from scipy.stats import norm

    G = Network([1, 1], activation="identity", output_activation="identity", seed=0)
    G.weights[2][:], G.biases[2][:] = 2.0, 1.0                      # G(z) = 2z + 1 ~ N(1, 2²)
    edges = np.linspace(-5, 7, 241)
    centres = (edges[:-1] + edges[1:]) / 2
    density = generator_density(G, edges)
    np.testing.assert_allclose(density, norm.pdf(centres, 1, 2), atol=2e-4)
    assert np.sum(density * np.diff(edges)) == pytest.approx(norm.cdf(3) - norm.cdf(-3), abs=1e-4)


def test_generator_density_explains_bad_input():
    G = Network([1, 3, 1], activation="tanh", output_activation="identity", seed=0)
    with pytest.raises(ValueError, match="increasing"):
        generator_density(G, np.array([1.0, 0.0]))
    with pytest.raises(ValueError, match="1-D generators"):
        generator_density(Network([2, 3, 1], seed=0), np.linspace(0, 1, 5))
