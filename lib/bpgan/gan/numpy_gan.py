"""A GAN trained with nothing but the course's numpy :class:`~bpgan.network.Network` and its backprop.

The discriminator D is a network with a sigmoid output and the cross-entropy cost, so its loss
BCE(D(real), 1) + BCE(D(fake), 0) is two ordinary backprops. The generator G has no cost of its own:
its loss is the discriminator's verdict on G's samples. Its gradient flows through D first, down to
D's *input* (``Network.input_gradient``, one step past BP2), and from there into G as the gradient at
G's output (``Network.backprop(..., output_gradient=...)``). Columns are samples, as everywhere in numpy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from bpgan.gan.losses import GENERATOR_LOSS_KINDS
from bpgan.network import Layers, Network
from bpgan.progress import progress_bar
from bpgan.validate import as_float_array


def _check_discriminator(D: Network) -> None:
    if D.output_activation.name != "sigmoid" or D.cost.name != "cross-entropy" or D.sizes[-1] != 1:
        raise ValueError("the discriminator must be a Network with one sigmoid output and cost='cross-entropy', "
                         f"so that its cost is the GAN's binary cross-entropy; got {D!r}")


def discriminator_gradients(D: Network, real: np.ndarray, fake: np.ndarray) -> tuple[Layers, Layers]:
    """Gradients of D's loss, mean BCE(D(real), 1) + mean BCE(D(fake), 0): two backprops, added."""
    _check_discriminator(D)
    w_real, b_real = D.backprop(real, np.ones((1, real.shape[1])))
    w_fake, b_fake = D.backprop(fake, np.zeros((1, fake.shape[1])))
    return (Layers({l: w_real[l] + w_fake[l] for l in D.layer_numbers}),
            Layers({l: b_real[l] + b_fake[l] for l in D.layer_numbers}))


def generator_gradients(G: Network, D: Network, z: np.ndarray, kind: str = "non_saturating") -> tuple[Layers, Layers]:
    """Gradients of G's loss on the noise batch ``z``, through D (whose parameters are not changed).

    ``kind='non_saturating'``: the loss is mean −log D(G(z)) = BCE(D(G(z)), 1);
    ``kind='minimax'``: the loss is mean log(1 − D(G(z))) = −BCE(D(G(z)), 0).
    """
    _check_discriminator(D)
    x = G.feedforward(z)
    m = x.shape[1]
    if kind == "non_saturating":
        upstream = D.input_gradient(x, np.ones((1, m)), scale=1.0)      # ∂(−log D(x))/∂x, per sample
    elif kind == "minimax":
        upstream = -D.input_gradient(x, np.zeros((1, m)), scale=1.0)    # ∂ log(1 − D(x))/∂x, per sample
    else:
        raise ValueError(f"kind must be one of {', '.join(map(repr, GENERATOR_LOSS_KINDS))}; got {kind!r}")
    return G.backprop(z, output_gradient=upstream)


def _descend(net: Network, nabla_w: Layers, nabla_b: Layers, eta: float) -> None:
    for l in net.layer_numbers:
        net.weights[l] -= eta * nabla_w[l]
        net.biases[l] -= eta * nabla_b[l]


@dataclass
class Snapshot:
    """The state of a 1-D GAN at one step, for drawing: D on a grid of x, and G's samples of a grid of z."""

    step: int
    x: np.ndarray
    d_of_x: np.ndarray
    z: np.ndarray
    g_of_z: np.ndarray
    samples: np.ndarray


@dataclass
class GanHistory:
    """Per step: mean D(x) on real samples and mean D(G(z)) on fakes; and the snapshots taken."""

    d_real: list[float] = field(default_factory=list)
    d_fake: list[float] = field(default_factory=list)
    snapshots: list[Snapshot] = field(default_factory=list)


def train_numpy_gan(G: Network, D: Network, sample_data: Callable, sample_noise: Callable, *, steps: int,
                    batch_size: int = 64, eta_d: float = 0.1, eta_g: float = 0.1, k: int = 1,
                    kind: str = "non_saturating", snapshot_steps=(), x_grid=None, z_grid=None, seed: int = 0,
                    progress: bool = True) -> GanHistory:
    """Algorithm 1 of Goodfellow et al. (2014) with plain SGD: k discriminator steps, then one generator step.

    ``sample_data(m, rng)`` returns m real samples (n_x, m); ``sample_noise(m, rng)`` returns noise
    (n_z, m). At each step in ``snapshot_steps`` (0 is before training), D is recorded on ``x_grid`` and
    G on ``z_grid`` (1-D GANs), with a batch of 2,000 fresh samples of G. The snapshots draw their noise
    from a random stream of their own, so that looking at training never changes it.
    """
    _check_discriminator(D)
    rng, snapshot_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
    history = GanHistory()
    wanted = set(snapshot_steps)

    def snapshot(step):
        samples = G.feedforward(sample_noise(2000, snapshot_rng))
        history.snapshots.append(Snapshot(step, x_grid, D.feedforward(x_grid[None])[0], z_grid,
                                          G.feedforward(z_grid[None])[0], samples[0]))

    if 0 in wanted:
        snapshot(0)
    for step in progress_bar(range(1, steps + 1), enabled=progress, desc="GAN steps"):
        for _ in range(k):
            real = sample_data(batch_size, rng)
            fake = G.feedforward(sample_noise(batch_size, rng))
            _descend(D, *discriminator_gradients(D, real, fake), eta_d)
        z = sample_noise(batch_size, rng)
        _descend(G, *generator_gradients(G, D, z, kind), eta_g)
        history.d_real.append(float(D.feedforward(real).mean()))
        history.d_fake.append(float(D.feedforward(G.feedforward(z)).mean()))
        if step in wanted:
            snapshot(step)
    return history


def generator_density(G: Network, edges: np.ndarray, *, z_limit: float = 6.0, points: int = 400_001) -> np.ndarray:
    """The density of G(z), z ~ N(0, 1), for a 1-D generator, on the bins between ``edges`` (k + 1,) → (k,).

    A fine grid of z is pushed through G, each point carrying its normal probability p(z)·Δz, and the
    masses landing in each bin are divided by its width. No samples, so no sampling noise: the result
    is the generator's exact density up to the bin width (mass beyond ``edges`` is not counted).
    """
    edges = as_float_array(edges, "edges", ndim=1)
    if len(edges) < 2 or (np.diff(edges) <= 0).any():
        raise ValueError("edges must be an increasing 1-D array of at least two bin edges")
    if G.n(1) != 1 or G.n(G.L) != 1:
        raise ValueError(f"generator_density is for 1-D generators (one input, one output); got {G}")
    z = np.linspace(-z_limit, z_limit, points)
    mass = np.exp(-z ** 2 / 2) / np.sqrt(2 * np.pi) * (z[1] - z[0])
    counts, _ = np.histogram(G.feedforward(z[None])[0], edges, weights=mass)
    return counts / np.diff(edges)

