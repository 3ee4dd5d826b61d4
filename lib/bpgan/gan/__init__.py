"""GANs: the adversarial objective, its losses on logits, and the optimal discriminator.

- :mod:`bpgan.gan.losses`   the discriminator's and generator's losses, on logits (notebook 06)
- :mod:`bpgan.gan.optimal`  D*(x) = p_data(x) / (p_data(x) + p_g(x)), the KL and Jensen–Shannon divergences (06)
- :mod:`bpgan.gan.numpy_gan`  a GAN trained with the course's numpy backprop (07)
- :mod:`bpgan.gan.training`  Algorithm 1 in torch: k steps, loss kinds, R1, warm-up, history, checkpoints (08)
- :mod:`bpgan.gan.ring`      the 8-Gaussian ring experiment: the recommended recipe and its quality target (08)
- :mod:`bpgan.gan.lab`       GAN Lab's view: D's surface over the plane and the push on G's samples (08)
- :mod:`bpgan.gan.models`    DCGAN players for 28×28 digits, plain and conditional (09, 10)
- :mod:`bpgan.gan.digits`    the DCGAN recipe on real digits (09)
- :mod:`bpgan.gan.conditional`  the conditional GAN: digit and thickness in, that digit out (10)
- :mod:`bpgan.gan.text`      prompts ("a thick seven", "七") parsed into a condition for a conditional GAN (10)
"""

from bpgan.gan.losses import discriminator_loss, generator_loss
from bpgan.gan.optimal import js_divergence, kl_divergence, optimal_discriminator

__all__ = ["discriminator_loss", "generator_loss", "js_divergence", "kl_divergence", "optimal_discriminator"]
