"""The conditional GAN of notebook 10: a digit and a stroke thickness in, that digit drawn out.

The condition c is a one-hot digit (10 entries) followed by a one-hot thickness class (3: thin,
regular, thick — cut at the training digits' tertiles by :mod:`bpgan.data.strokes`), 13 numbers in
all. The :mod:`bpgan.gan.models` players take it by concatenation. During training D sees each real
digit with its own condition, and G draws for conditions sampled like the real ones, so every
(digit, thickness) pair is asked for as often as it occurs in the data.

The discriminator takes the condition twice: as constant input planes (concatenation), and through
the projection term ⟨embed(c), φ(x)⟩ of Miyato & Koyama (2018) on its last features, which made it
learn the digits faster in the recipe search (92.8% against 87.5% of prompted digits recognised after
1,500 steps). The recipe: width 16, 32-D noise, batches of 64,
Adam(2e-3, β = (0.5, 0.999)), no penalty and no weight average — the condition alone keeps this game
on track (notebook 10 checks what it draws over seeds).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch

from bpgan.data.strokes import CLASSES, thickness_classes, thickness_edges
from bpgan.gan.digits import to_tanh_range, to_unit
from bpgan.gan.models import Discriminator, Generator
from bpgan.gan.text import Condition, parse_prompt
from bpgan.gan.training import GanTrainer, changed_recipe, generate
from bpgan.validate import as_count, as_seed, check_memory

N_DIGITS, N_THICKNESS = 10, len(CLASSES)
N_CONDITION = N_DIGITS + N_THICKNESS
CONDITIONAL_RECIPE = dict(width=16, noise_dim=32, batch_size=64, lr=2e-3, betas=(0.5, 0.999))


def _class_numbers(values, name: str) -> torch.Tensor:
    """``values`` as a flat int64 tensor, refusing fractions (7.9 is no digit) instead of truncating them."""
    array = np.asarray(values)
    if array.dtype.kind == "f" and not np.array_equal(array, np.round(array)):
        fraction = array[array != np.round(array)][0]
        raise ValueError(f"{name} must be whole class numbers; got fractions such as {fraction}")
    if array.dtype.kind not in "iuf" or array.dtype == bool:
        raise TypeError(f"{name} must be class numbers (ints); got dtype {array.dtype}")
    return torch.as_tensor(array.astype(np.int64)).reshape(-1)


def condition_vectors(digits, thickness) -> torch.Tensor:
    """(m, 13) float32: one-hot ``digits`` (m,) in 0–9, then one-hot ``thickness`` (m,) in 0–2."""
    digits, thickness = _class_numbers(digits, "digits"), _class_numbers(thickness, "thickness classes")
    if digits.shape != thickness.shape:
        raise ValueError(f"one thickness per digit: got {len(digits)} digits and {len(thickness)} thicknesses")
    if len(digits) and (digits.min() < 0 or digits.max() >= N_DIGITS or thickness.min() < 0
                        or thickness.max() >= N_THICKNESS):
        raise ValueError("digits must lie in 0..9 and thickness classes in 0..2")
    return torch.cat([torch.nn.functional.one_hot(digits, N_DIGITS),
                      torch.nn.functional.one_hot(thickness, N_THICKNESS)], dim=1).float()


class ConditionalRun(NamedTuple):
    trainer: GanTrainer
    edges: tuple[float, float]           # thickness cut points of the training digits
    thickness: np.ndarray                # (n,) each training digit's thickness class


def conditional_trainer(images, labels, seed: int = 0, *, device="cpu", **changes) -> ConditionalRun:
    """A conditional :class:`GanTrainer` on ``images`` (n, 28, 28) in [0, 1] with digit ``labels`` (n,)."""
    recipe = changed_recipe(CONDITIONAL_RECIPE, changes)
    labels = np.asarray(labels)
    if labels.shape != (len(images),):
        raise ValueError(f"one label per image: got {len(images)} images and labels of shape {labels.shape}")
    edges = thickness_edges(images)
    thickness = thickness_classes(images, edges)
    conditions = condition_vectors(labels, thickness)
    pixels = to_tanh_range(images)

    def sample_data(m, generator):
        which = torch.randint(len(conditions), (m,), generator=generator)
        return pixels[which], conditions[which]

    def sample_condition(m, generator):
        return conditions[torch.randint(len(conditions), (m,), generator=generator)]

    torch.manual_seed(as_seed(seed))
    trainer = GanTrainer(Generator(recipe["noise_dim"], recipe["width"], N_CONDITION),
                         Discriminator(recipe["width"], N_CONDITION), sample_data, recipe["noise_dim"],
                         batch_size=recipe["batch_size"], lr_g=recipe["lr"], lr_d=recipe["lr"],
                         betas=recipe["betas"], device=device, seed=seed, sample_condition=sample_condition)
    return ConditionalRun(trainer, edges, thickness)


def balanced_conditions(per_digit: int) -> tuple[np.ndarray, np.ndarray]:
    """``per_digit`` requests of each digit 0–9, thickness classes cycled: (digits, thickness), each (10·per_digit,)."""
    n = N_DIGITS * as_count(per_digit, "per_digit (requests of each digit)")
    check_memory(f"{n} requests", 16.0 * n)
    return np.repeat(np.arange(N_DIGITS), per_digit), np.arange(n) % N_THICKNESS


_BYTES_PER_IMAGE = 8 * (2 * N_CONDITION + 28 * 28 * 3)   # the requests, their one-hot codes, the image and its copies


def draw_batch(trainer: GanTrainer, digits, thickness, seed: int = 0) -> np.ndarray:
    """Images (n, 28, 28) in [0, 1] for n requested ``digits`` and ``thickness`` classes; ``seed`` fixes the noise."""
    if trainer.sample_condition is None:
        raise ValueError("this trainer's GAN is not conditional, so it cannot draw what a prompt asks for; "
                         "build one with conditional_trainer")
    if np.size(digits) == 0:
        raise ValueError("no requests: digits is empty — ask for at least one image")
    check_memory(f"drawing {np.size(digits)} images", _BYTES_PER_IMAGE * np.size(digits),
                 "draw fewer, in several calls if need be")
    conditions = condition_vectors(digits, thickness)
    noise = torch.randn(len(conditions), trainer.noise_dim, generator=torch.Generator().manual_seed(as_seed(seed)))
    return to_unit(generate(trainer.sampling_generator, noise.to(trainer.device), conditions.to(trainer.device)))


def draw(trainer: GanTrainer, wanted: Condition | str, n: int, seed: int = 0) -> np.ndarray:
    """n images (n, 28, 28) in [0, 1] for a :class:`Condition` or a prompt ("a thick seven"), from fixed noise."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n (how many images to draw) must be a positive whole number; got {n!r}")
    # checked here, before the lists of n requests below are built, not only in draw_batch
    check_memory(f"drawing {n} images", _BYTES_PER_IMAGE * n, "draw fewer, in several calls if need be")
    condition = parse_prompt(wanted) if isinstance(wanted, str) else wanted
    return draw_batch(trainer, [condition.digit] * n, [CLASSES.index(condition.thickness)] * n, seed)
