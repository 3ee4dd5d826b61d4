"""The losses of a GAN, computed from the discriminator's logits (torch tensors, autograd-friendly).

The discriminator outputs a logit l; D = σ(l) is its probability that the input is real. Working on
logits is both simpler and safer: log D = −softplus(−l) and log(1 − D) = −softplus(l) never take the
log of 0, however confident D is. With the value function

    V(D, G) = E_data[log D(x)] + E_z[log(1 − D(G(z)))],

D maximises V, i.e. minimises ``discriminator_loss`` = −V, which is binary cross-entropy with label 1
for real samples and 0 for fakes. G minimises V; the term it controls gives two generator losses:

- ``"minimax"``: E_z[log(1 − D(G(z)))] = −BCE(fake, label 0), the game as written. Its gradient
  vanishes when D confidently rejects the fakes (D(G(z)) → 0), which is exactly the start of training.
- ``"non_saturating"``: −E_z[log D(G(z))] = BCE(fake, label 1), the fix of Goodfellow et al. (2014):
  the same fixed point, strong gradients when D(G(z)) → 0.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

GENERATOR_LOSS_KINDS = ("minimax", "non_saturating")


def _logits(value, name: str) -> torch.Tensor:
    if not isinstance(value, torch.Tensor):
        raise TypeError(f"{name} must be a torch tensor of logits, got {type(value).__name__}")
    if not value.is_floating_point():
        raise TypeError(f"{name} must hold floating-point logits, got dtype {value.dtype}")
    if value.numel() == 0:
        raise ValueError(f"{name} is empty")
    if not torch.isfinite(value).all():
        raise ValueError(f"{name} contains NaN or infinite logits: training has diverged upstream")
    return value


def discriminator_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """−V: −mean log D(x) over real samples − mean log(1 − D(G(z))) over fakes (each batch averaged)."""
    real_logits = _logits(real_logits, "real_logits")
    fake_logits = _logits(fake_logits, "fake_logits")
    return (F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
            + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits)))


def generator_loss(fake_logits: torch.Tensor, kind: str = "non_saturating") -> torch.Tensor:
    """The generator's loss on D's logits for its samples: ``kind`` is 'minimax' or 'non_saturating'."""
    fake_logits = _logits(fake_logits, "fake_logits")
    if kind == "minimax":
        return -F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))  # E log(1 − D)
    if kind == "non_saturating":
        return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))    # −E log D
    raise ValueError(f"kind must be one of {', '.join(map(repr, GENERATOR_LOSS_KINDS))}; got {kind!r}")
