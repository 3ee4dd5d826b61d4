"""GANs: the adversarial objective, its losses on logits, and the optimal discriminator.

- :mod:`bpgan.gan.losses`   the discriminator's and generator's losses, on logits (notebook 06)
- :mod:`bpgan.gan.optimal`  D*(x) = p_data(x) / (p_data(x) + p_g(x)) and the Jensen–Shannon divergence (06)
- :mod:`bpgan.gan.numpy_gan`  a GAN trained with the course's numpy backprop (07)
- :mod:`bpgan.gan.training`  Algorithm 1 in torch: k steps, loss kinds, R1, history, checkpoints (08)
"""

from bpgan.gan.losses import discriminator_loss, generator_loss
from bpgan.gan.optimal import js_divergence, optimal_discriminator

__all__ = ["discriminator_loss", "generator_loss", "js_divergence", "optimal_discriminator"]
