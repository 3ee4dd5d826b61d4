"""Toy distributions in the plane, generated here: nothing to download, exact densities known.

The 8-Gaussian ring: eight modes on a circle of radius 2, each a small round Gaussian (std 0.02). A
generator that covers some modes and ignores the others shows *mode collapse* at a glance.
Samples are drawn on the CPU with a ``torch.Generator`` and returned as float32 tensors of shape
(m, 2) — rows are samples, as torch keeps them — so the same seed gives the same data on any device.
"""

from __future__ import annotations

import math

import torch

RING_MODES, RING_RADIUS, RING_STD = 8, 2.0, 0.02


def ring_centers(n_modes: int = RING_MODES, radius: float = RING_RADIUS) -> torch.Tensor:
    """The (n_modes, 2) centres, evenly spaced on the circle, the first at angle 0."""
    if n_modes < 1:
        raise ValueError(f"n_modes must be at least 1, got {n_modes}")
    angles = torch.arange(n_modes, dtype=torch.float64) * (2 * math.pi / n_modes)
    return (radius * torch.stack([torch.cos(angles), torch.sin(angles)], dim=1)).float()


def sample_ring(m: int, generator: torch.Generator | None = None, *, n_modes: int = RING_MODES,
                radius: float = RING_RADIUS, std: float = RING_STD) -> torch.Tensor:
    """m samples (m, 2) of the ring: a centre chosen uniformly, plus N(0, std²) noise in each coordinate."""
    if m < 1:
        raise ValueError(f"m must be a positive number of samples, got {m}")
    centers = ring_centers(n_modes, radius)
    which = torch.randint(0, n_modes, (m,), generator=generator)
    return centers[which] + std * torch.randn(m, 2, generator=generator)
