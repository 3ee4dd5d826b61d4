"""Convolutional GAN players for 28×28 digits, sized for a laptop CPU (notebooks 09 and 10).

DCGAN (Radford et al., 2016) in miniature. The generator grows an image from noise with transposed
convolutions, each doubling the side (7 → 14 → 28), with batch norm and ReLU between them and tanh
at the end, so pixels lie in [−1, 1] like the real digits it is shown. The discriminator mirrors it:
strided convolutions halve the side (28 → 14 → 7), LeakyReLU keeps a gradient for negative inputs
(G learns only through D's gradient), and one linear layer gives the logit. Rows are samples; images
are (m, 1, 28, 28).

The conditional versions (notebook 10) take a condition vector c — a one-hot digit and a one-hot
thickness class — and concatenate it: to the noise for G, and as extra constant image channels for D,
so each player sees what was asked for. D also adds the projection term ⟨embed(c), φ(x)⟩ of Miyato &
Koyama (2018) to its logit, φ(x) being its last features: a direct way to score "is this x a good
example of c?", with which the conditional GAN learned its digits faster in the recipe search.
"""

from __future__ import annotations

import torch
from torch import nn


def transposed_output_size(size: int, kernel: int, stride: int, padding: int) -> int:
    """Side of a transposed convolution's output: (size − 1)·stride − 2·padding + kernel."""
    return (size - 1) * stride - 2 * padding + kernel


class Generator(nn.Module):
    """Noise (m, noise_dim) [+ condition (m, n_condition)] → images (m, 1, 28, 28) in [−1, 1]."""

    def __init__(self, noise_dim: int = 32, width: int = 32, n_condition: int = 0):
        super().__init__()
        self.noise_dim, self.n_condition, self.width = noise_dim, n_condition, width
        self.project = nn.Sequential(                                   # (m, noise_dim + c) → (m, 2w·7·7)
            nn.Linear(noise_dim + n_condition, 2 * width * 7 * 7, bias=False),
            nn.BatchNorm1d(2 * width * 7 * 7), nn.ReLU())
        self.grow = nn.Sequential(
            nn.ConvTranspose2d(2 * width, width, 4, stride=2, padding=1, bias=False),   # (m, w, 14, 14)
            nn.BatchNorm2d(width), nn.ReLU(),
            nn.ConvTranspose2d(width, 1, 4, stride=2, padding=1),                      # (m, 1, 28, 28)
            nn.Tanh())

    def forward(self, noise: torch.Tensor, condition: torch.Tensor | None = None) -> torch.Tensor:
        if self.n_condition:
            noise = torch.cat([noise, condition], dim=1)
        return self.grow(self.project(noise).view(-1, 2 * self.width, 7, 7))


class Discriminator(nn.Module):
    """Images (m, 1, 28, 28) [+ condition (m, n_condition)] → logits (m, 1)."""

    def __init__(self, width: int = 32, n_condition: int = 0):
        super().__init__()
        self.n_condition = n_condition
        self.features = nn.Sequential(
            nn.Conv2d(1 + n_condition, width, 4, stride=2, padding=1),               # (m, w, 14, 14)
            nn.LeakyReLU(0.2),
            nn.Conv2d(width, 2 * width, 4, stride=2, padding=1),                     # (m, 2w, 7, 7)
            nn.LeakyReLU(0.2),
            nn.Flatten())                                                            # (m, 2w·49)
        self.logit = nn.Linear(2 * width * 7 * 7, 1)
        if n_condition:                                      # the projection term of Miyato & Koyama (2018)
            self.embed = nn.Linear(n_condition, 2 * width * 7 * 7, bias=False)

    def forward(self, images: torch.Tensor, condition: torch.Tensor | None = None) -> torch.Tensor:
        if not self.n_condition:
            return self.logit(self.features(images))
        planes = condition[:, :, None, None].expand(-1, -1, *images.shape[2:])
        features = self.features(torch.cat([images, planes], dim=1))
        return self.logit(features) + (self.embed(condition) * features).sum(dim=1, keepdim=True)
