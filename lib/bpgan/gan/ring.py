"""The 8-Gaussian ring experiment of notebook 08: the recommended recipe, its quality target, training until it.

One place defines the networks, the recipe and the target, so that the notebook, the benchmark
(``bench/gan_toy.py``) and the tests measure the same thing. The recipe, measured in notebook 08:
two 3×128 ReLU MLPs, 2-D noise, batch 256, Adam(3e-3, β = (0.5, 0.999)) for both players, k = 1,
the non-saturating generator loss, and an R1 penalty γ = 1 on real samples.

Quality is judged on a fixed batch of evaluation noise drawn from its own generator, so that looking
at the generator never changes the course of training.
"""

from __future__ import annotations

from typing import Callable

import torch

from bpgan.data.toy import RING_STD, ring_centers, sample_ring
from bpgan.gan.training import GanTrainer, changed_recipe
from bpgan.metrics import Coverage, mode_coverage
from bpgan.progress import progress_bar

RECIPE = dict(width=128, depth=3, noise_dim=2, batch_size=256, lr=3e-3, betas=(0.5, 0.999), k=1,
              kind="non_saturating", r1_gamma=1.0)
TARGET_MODES, TARGET_HIGH_QUALITY = 8, 0.8
EVALUATION_SAMPLES, EVALUATION_SEED = 2000, 2014


def mlp(n_in: int, n_out: int, width: int, depth: int) -> torch.nn.Sequential:
    """``depth`` hidden layers of ``width`` ReLU units: (m, n_in) → (m, n_out)."""
    layers, size = [], n_in
    for _ in range(depth):
        layers += [torch.nn.Linear(size, width), torch.nn.ReLU()]
        size = width
    return torch.nn.Sequential(*layers, torch.nn.Linear(size, n_out))


def ring_trainer(seed: int = 0, *, device="cpu", **changes) -> GanTrainer:
    """A :class:`GanTrainer` on the ring with :data:`RECIPE`, any entry replaced through ``changes``."""
    recipe = changed_recipe(RECIPE, changes)
    torch.manual_seed(seed)                                  # the networks' initial weights
    generator = mlp(recipe["noise_dim"], 2, recipe["width"], recipe["depth"])
    discriminator = mlp(2, 1, recipe["width"], recipe["depth"])
    return GanTrainer(generator, discriminator, sample_ring, recipe["noise_dim"], k=recipe["k"],
                      kind=recipe["kind"], batch_size=recipe["batch_size"], lr_g=recipe["lr"], lr_d=recipe["lr"],
                      betas=recipe["betas"], r1_gamma=recipe["r1_gamma"], device=device, seed=seed)


def ring_quality(trainer: GanTrainer, n: int = EVALUATION_SAMPLES) -> Coverage:
    """Modes covered and high-quality fraction of n generator samples from the fixed evaluation noise."""
    noise = torch.randn(n, trainer.noise_dim, generator=torch.Generator().manual_seed(EVALUATION_SEED))
    with torch.no_grad():
        samples = trainer.generator(noise.to(trainer.device)).cpu()
    return mode_coverage(samples, ring_centers(), RING_STD)


def on_target(coverage: Coverage) -> bool:
    """All 8 modes covered and at least 80% of samples high-quality, at the same moment."""
    return coverage.modes_covered >= TARGET_MODES and coverage.high_quality >= TARGET_HIGH_QUALITY


def train_until_target(trainer: GanTrainer, max_steps: int, *, every: int = 100, stop: bool = True,
                       watch: Callable[[GanTrainer, Coverage], None] | None = None, progress: bool = True,
                       desc: str = "GAN steps") -> int | None:
    """Train up to ``max_steps`` steps, judging quality every ``every``; the step the target was first met, or None.

    ``stop=False`` trains all ``max_steps`` even after the target is met (to watch what happens next);
    ``watch(trainer, coverage)`` is called after each judgement.
    """
    if max_steps < 1 or every < 1:
        raise ValueError(f"max_steps and every must be positive; got {max_steps} and {every}")
    chunks = [every] * (max_steps // every) + ([max_steps % every] if max_steps % every else [])
    first = None
    bar = progress_bar(chunks, enabled=progress, desc=f"{desc} (×{every})")
    try:
        for chunk in bar:
            trainer.train(chunk, progress=False)
            coverage = ring_quality(trainer)
            if watch is not None:
                watch(trainer, coverage)
            if first is None and on_target(coverage):
                first = trainer.steps
                if stop:
                    break
    finally:
        if hasattr(bar, "close"):
            bar.close()
    return first
