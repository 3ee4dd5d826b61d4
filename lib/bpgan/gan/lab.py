"""What GAN Lab shows, computed from a trainer: D's surface over the plane and the way G is pushed.

A :class:`LabSnapshot` freezes one moment of training in the plane: the discriminator's probability
D(x) on a grid, a batch of real samples, a batch of fakes, and at each fake the direction its own
generator loss pushes it, −∂L_G/∂x (for the non-saturating loss, ∇ₓ log D(x): uphill on D's surface).
The generator cannot move a sample directly — it changes its weights — but these arrows are exactly
what backprop hands to the generator at x = G(z), as in notebook 07.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch

from bpgan.gan.losses import generator_loss


class LabSnapshot(NamedTuple):
    step: int
    xs: np.ndarray            # (r,) grid coordinates along the first axis
    ys: np.ndarray            # (r,) along the second
    d_grid: np.ndarray        # (r, r) D(x) = σ(logit), row i at ys[i], column j at xs[j]
    real: np.ndarray          # (n, 2)
    fake: np.ndarray          # (n, 2)
    arrows: np.ndarray        # (n, 2) −∂L_G/∂x at each fake: where G's loss pushes it


def lab_snapshot(trainer, real: torch.Tensor, noise: torch.Tensor, *, extent: float = 2.8,
                 resolution: int = 60) -> LabSnapshot:
    """Freeze ``trainer`` (a 2-D :class:`~bpgan.gan.training.GanTrainer`) on fixed real samples and noise."""
    if real.ndim != 2 or real.shape[1] != 2:
        raise ValueError(f"the lab view is for samples in the plane: real must be (n, 2), got {tuple(real.shape)}")
    D, G, device = trainer.discriminator, trainer.generator, trainer.device
    axis = torch.linspace(-extent, extent, resolution)
    grid_y, grid_x = torch.meshgrid(axis, axis, indexing="ij")
    points = torch.stack([grid_x.ravel(), grid_y.ravel()], dim=1)
    with torch.no_grad():
        d_grid = torch.sigmoid(D(points.to(device))).reshape(resolution, resolution).cpu()
        fake = G(noise.to(device))
    fake = fake.detach().requires_grad_(True)
    # The loss summed, not averaged, so each arrow is that sample's own gradient, whatever the batch size.
    (gradient,) = torch.autograd.grad(generator_loss(D(fake), trainer.kind) * len(fake), fake)
    return LabSnapshot(trainer.steps, axis.numpy(), axis.numpy(), d_grid.numpy(), real.cpu().numpy(),
                       fake.detach().cpu().numpy(), -gradient.cpu().numpy())
