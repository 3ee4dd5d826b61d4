"""The DCGAN experiment of notebook 09: real digits as GAN data, the recipe, and images back in [0, 1].

The digits are scaled from [0, 1] to [−1, 1], the range of the generator's tanh. The recipe, chosen
by measurement on a 2-core CPU (``bench/gan_images.py``): the :mod:`bpgan.gan.models` players with
width 16 and 32-D noise, batches of 64, Adam(2e-3, β = (0.5, 0.999)) for both, k = 1, the
non-saturating loss, the R1 penalty γ = 10 on D (Mescheder et al. 2018 used γ = 10 for images), and
samples drawn from the moving average of G's weights (β = 0.99). Against the first recipe (Adam
1e-3, no penalty, no average) it roughly halved the Fréchet distance reached in the same time.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import torch

from bpgan.gan.models import Discriminator, Generator
from bpgan.gan.training import GanTrainer, changed_recipe, generate
from bpgan.metrics.judge import Scores
from bpgan.validate import as_seed

DIGIT_RECIPE = dict(width=16, noise_dim=32, batch_size=64, lr=2e-3, betas=(0.5, 0.999), r1_gamma=10.0, ema=0.99)
# Notebook 09's quality target, judged by the frozen classifier (bpgan.metrics.judge) on 2,000 samples.
COVERAGE_TARGET, FRECHET_TARGET = 2.25, 45.0


def to_tanh_range(images) -> torch.Tensor:
    """Digits (n, 28, 28) in [0, 1] → a float32 tensor (n, 1, 28, 28) in [−1, 1], the generator's range."""
    pixels = torch.as_tensor(np.asarray(images, dtype=np.float32))
    if pixels.ndim != 3 or tuple(pixels.shape[1:]) != (28, 28) or len(pixels) == 0:
        raise ValueError(f"images must have shape (n, 28, 28); got {tuple(pixels.shape)}"
                         + (" — images[:, 0] drops the channel axis" if tuple(pixels.shape[1:]) == (1, 28, 28) else ""))
    if not torch.isfinite(pixels).all():
        raise ValueError("images contain NaN or infinite values")
    if pixels.min() < 0 or pixels.max() > 1:
        raise ValueError(f"images must lie in [0, 1], as load_mnist returns them; got values from "
                         f"{float(pixels.min()):.3g} to {float(pixels.max()):.3g}"
                         + (" — pixel values 0–255? divide by 255" if pixels.max() > 1 else ""))
    return pixels[:, None] * 2 - 1


def digit_sampler(images) -> Callable[[int, torch.Generator], torch.Tensor]:
    """``sample_data(m, generator)``: m of ``images`` (n, 28, 28), as a tensor (m, 1, 28, 28) in [−1, 1]."""
    pixels = to_tanh_range(images)

    def sample(m: int, generator: torch.Generator | None = None) -> torch.Tensor:
        return pixels[torch.randint(len(pixels), (m,), generator=generator)]
    return sample


def digit_trainer(images, seed: int = 0, *, device="cpu", **changes) -> GanTrainer:
    """A :class:`GanTrainer` of the recipe's DCGAN on ``images``, any recipe entry replaced through ``changes``."""
    recipe = changed_recipe(DIGIT_RECIPE, changes)
    torch.manual_seed(as_seed(seed))
    return GanTrainer(Generator(recipe["noise_dim"], recipe["width"]), Discriminator(recipe["width"]),
                      digit_sampler(images), recipe["noise_dim"], batch_size=recipe["batch_size"],
                      lr_g=recipe["lr"], lr_d=recipe["lr"], betas=recipe["betas"], r1_gamma=recipe["r1_gamma"],
                      ema=recipe["ema"], device=device, seed=seed)


def to_unit(images: torch.Tensor) -> np.ndarray:
    """Generator output (m, 1, 28, 28) in [−1, 1] → numpy (m, 28, 28) in [0, 1], as the judge and plots take."""
    if not isinstance(images, torch.Tensor) or images.ndim != 4 or images.shape[1] != 1:
        raise ValueError(f"to_unit maps a generator's output, a torch tensor (m, 1, 28, 28) in [−1, 1]; got "
                         f"{type(images).__name__} of shape {tuple(getattr(images, 'shape', ()))}"
                         + (" — images already in [0, 1] need no mapping" if isinstance(images, np.ndarray) else ""))
    return ((images.detach().cpu()[:, 0] + 1) / 2).clamp(0, 1).numpy()


def sample_digits(trainer: GanTrainer, noise: torch.Tensor) -> np.ndarray:
    """The trainer's sampling generator (its weight average, if it keeps one) on fixed ``noise``, in eval mode,
    as images (m, 28, 28) in [0, 1]."""
    if not isinstance(noise, torch.Tensor) or noise.ndim != 2 or noise.shape[1] != trainer.noise_dim:
        raise ValueError(f"noise must be a torch tensor (m, {trainer.noise_dim}), one row per image — "
                         f"torch.randn(m, {trainer.noise_dim}); got {type(noise).__name__} of shape "
                         f"{tuple(getattr(noise, 'shape', ()))}")
    return to_unit(generate(trainer.sampling_generator, noise.to(trainer.device)))


def meets_target(scores: Scores) -> bool:
    """Class coverage at least COVERAGE_TARGET and a Fréchet distance to real digits at most FRECHET_TARGET."""
    return scores.coverage >= COVERAGE_TARGET and scores.frechet <= FRECHET_TARGET
