"""Paired image-to-image translation (pix2pix, Isola et al. 2017) for notebooks 11 and 12, sized for a CPU.

An input image x (an avatar) and its target y (the emoji, or the depth map) are known as a pair. The
generator is a **U-Net**: an encoder halves the side four times (32 → 16 → 8 → 4 → 2), a decoder doubles it
back, and each decoder stage also receives the encoder's feature maps of the same size (a *skip
connection*), so fine detail need not squeeze through the 2×2 bottleneck. The discriminator is a
**PatchGAN**: it sees x and a candidate y side by side (as channels) and returns a grid of logits, each
judging one patch of the pair (:func:`receptive_field` says how large). The generator minimises

    λ · mean |G(x) − y|  +  the non-saturating GAN loss of D's patches on (x, G(x)),

and the **L1-only baseline** is the same U-Net with the GAN term switched off. L1 alone is minimised by the
*median* of what could be there, so where the input leaves the target uncertain the output blurs; the GAN
term asks for outputs that look like real targets, patch by patch. Images are (m, c, 32, 32) in [0, 1].
"""

from __future__ import annotations

import math
import numbers
from typing import NamedTuple

import numpy as np
import torch
from torch import nn

from bpgan.gan.losses import generator_loss
from bpgan.gan.training import GanTrainer, changed_recipe
from bpgan.validate import as_count, as_float_array, as_seed

TRANSLATION_RECIPE = dict(width=16, batch_size=32, lr=2e-3, betas=(0.5, 0.999), l1_weight=100.0, adversarial=True)


def _down(n_in: int, n_out: int, norm: bool = True) -> nn.Sequential:
    """A 4×4 convolution with stride 2: the side halves. (m, n_in, s, s) → (m, n_out, s/2, s/2)."""
    layers = [nn.Conv2d(n_in, n_out, 4, stride=2, padding=1, bias=not norm)]
    return nn.Sequential(*layers, *([nn.BatchNorm2d(n_out)] if norm else []), nn.LeakyReLU(0.2))


def _up(n_in: int, n_out: int) -> nn.Sequential:
    """A 4×4 transposed convolution with stride 2: the side doubles. (m, n_in, s, s) → (m, n_out, 2s, 2s)."""
    return nn.Sequential(nn.ConvTranspose2d(n_in, n_out, 4, stride=2, padding=1, bias=False), nn.BatchNorm2d(n_out),
                         nn.ReLU())


class UNet(nn.Module):
    """Images (m, n_in, 32, 32) → images (m, n_out, 32, 32) in [0, 1], with skip connections.

    ``forward(noise, x)`` takes the trainer's noise too, which is empty here (noise_dim 0): like pix2pix,
    the generator is driven by its input alone.
    """

    def __init__(self, n_in: int = 3, n_out: int = 3, width: int = 16):
        super().__init__()
        w = width
        self.down = nn.ModuleList([
            _down(n_in, w, norm=False),      # (m, w, 16, 16)
            _down(w, 2 * w),                 # (m, 2w, 8, 8)
            _down(2 * w, 4 * w),             # (m, 4w, 4, 4)
            _down(4 * w, 4 * w),             # (m, 4w, 2, 2): the bottleneck
        ])
        self.up = nn.ModuleList([
            _up(4 * w, 4 * w),               # (m, 4w, 4, 4), then ‖ the encoder's 4w maps of 4×4 → 8w
            _up(8 * w, 2 * w),               # (m, 2w, 8, 8), ‖ 2w → 4w
            _up(4 * w, w),                   # (m, w, 16, 16), ‖ w → 2w
        ])
        self.out = nn.ConvTranspose2d(2 * w, n_out, 4, stride=2, padding=1)     # (m, n_out, 32, 32)

    def forward(self, noise: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        side = 2 ** len(self.down)
        if x.ndim != 4 or x.shape[-1] % side or x.shape[-2] % side:
            raise ValueError(f"the U-Net takes images (m, c, h, w) whose sides are multiples of {side} (it halves them "
                             f"{len(self.down)} times and doubles them back): 32 × 32 here; got {tuple(x.shape)}")
        skips = []
        for layer in self.down:
            x = layer(x)
            skips.append(x)
        skips.pop()                                          # the bottleneck has no partner
        for layer in self.up:
            x = torch.cat([layer(x), skips.pop()], dim=1)     # the skip connection: channels side by side
        return torch.sigmoid(self.out(x))


class PatchDiscriminator(nn.Module):
    """A pair (candidate (m, n_out, 32, 32), input (m, n_in, 32, 32)) → logits (m, 1, 8, 8), one per patch."""

    def __init__(self, n_in: int = 3, n_out: int = 3, width: int = 16):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Conv2d(n_in + n_out, width, 4, stride=2, padding=1), nn.LeakyReLU(0.2),       # (m, w, 16, 16)
            nn.Conv2d(width, 2 * width, 4, stride=2, padding=1), nn.LeakyReLU(0.2),          # (m, 2w, 8, 8)
            nn.Conv2d(2 * width, 1, 3, stride=1, padding=1),                                 # (m, 1, 8, 8)
        )

    def forward(self, candidate: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        return self.layers(torch.cat([x, candidate], dim=1))


def receptive_field(layers) -> int:
    """How many input pixels (per side) one output of a stack of convolutions sees.

    ``layers`` lists (kernel, stride) in order, or is a module whose Conv2d layers are read. Each layer
    widens the field by (kernel − 1) times the product of the strides before it.
    """
    if isinstance(layers, nn.Module):
        layers = [(m.kernel_size[0], m.stride[0]) for m in layers.modules() if isinstance(m, nn.Conv2d)]
    field, jump = 1, 1
    for kernel, stride in layers:
        if any(isinstance(v, bool) or not isinstance(v, (int, np.integer)) for v in (kernel, stride)) \
                or kernel < 1 or stride < 1:
            raise ValueError(f"kernels and strides must be positive whole numbers; got (kernel, stride) = "
                             f"({kernel!r}, {stride!r})")
        field += (kernel - 1) * jump
        jump *= stride
    return field


def _unit_images(images, name: str) -> torch.Tensor:
    """``images`` as a float32 tensor (n, c, h, w) with every value in [0, 1], or an error that names the scale that
    arrived: 0–255 pixels, or [−1, 1] (a tanh generator's range)."""
    array = as_float_array(images, name, ndim=4)
    low, high = float(array.min(initial=0)), float(array.max(initial=0))
    if low < 0 or high > 1:
        hint = (" — 0–255 pixels? Divide by 255" if high > 1 and low >= 0 else
                " — the [−1, 1] of a tanh? (x + 1) / 2 brings it to [0, 1]" if low >= -1 and high <= 1 else "")
        raise ValueError(f"{name} must be images with values in [0, 1]; got values from {low:.3g} to {high:.3g}{hint}")
    return torch.as_tensor(np.ascontiguousarray(array, dtype=np.float32))


class PairedTrainer(GanTrainer):
    """:class:`GanTrainer` for pairs: D judges (candidate, input) pairs, G adds λ·L1 to its loss.

    ``inputs`` and ``targets`` are tensors (n, c, h, w) of matched pairs; every batch draws matched pairs.
    ``adversarial=False`` trains G on λ·L1 alone and never touches D: the L1-only baseline.
    """

    def __init__(self, generator: nn.Module, discriminator: nn.Module, inputs: torch.Tensor, targets: torch.Tensor,
                 *, l1_weight: float = 100.0, adversarial: bool = True, **kwargs):
        if inputs.shape[0] != targets.shape[0] or inputs.ndim != 4 or targets.ndim != 4:
            raise ValueError(f"inputs and targets must be matched image batches (n, c, h, w); got "
                             f"{tuple(inputs.shape)} and {tuple(targets.shape)}")
        if isinstance(l1_weight, bool) or not isinstance(l1_weight, numbers.Real) or not 0 <= l1_weight < math.inf:
            raise ValueError(f"l1_weight (λ) must be a finite number ≥ 0; got {l1_weight!r}")
        if not isinstance(adversarial, (bool, np.bool_)):
            raise TypeError(f"adversarial must be True or False; got {type(adversarial).__name__} ({adversarial!r}) — "
                            "a string such as 'False' would count as true")
        inputs, targets = _unit_images(inputs, "inputs"), _unit_images(targets, "targets")

        def sample_data(m, generator):
            which = torch.randint(len(inputs), (m,), generator=generator)
            return targets[which], inputs[which]

        def sample_condition(m, generator):
            return inputs[torch.randint(len(inputs), (m,), generator=generator)]

        super().__init__(generator, discriminator, sample_data, 0, sample_condition=sample_condition, **kwargs)
        self.l1_weight, self.adversarial = float(l1_weight), bool(adversarial)

    @property
    def progress_label(self) -> str:
        return "GAN steps" if self.adversarial else "L1 steps"

    def recipe(self) -> dict:
        """GanTrainer's settings, and λ and whether the GAN term is on: an L1-only file cannot resume an L1 + GAN run."""
        return {**super().recipe(), "l1_weight": self.l1_weight, "adversarial": self.adversarial}

    def _generator_objective(self) -> torch.Tensor:
        """λ·L1 to the targets of one batch of matched pairs, plus the GAN loss unless ``adversarial`` is off."""
        target, (x,) = self._real_batch()
        fake = self.generator(self.noise(self.batch_size), x)
        loss = self.l1_weight * (fake - target).abs().mean()
        if self.adversarial:
            loss = loss + generator_loss(self.discriminator(fake, x), self.kind)
        return loss

    @property
    def discriminator_steps(self) -> int:
        """The L1-only baseline never touches D."""
        return self.k if self.adversarial else 0


def translation_trainer(inputs, targets, seed: int = 0, *, device="cpu", **changes) -> PairedTrainer:
    """A :class:`PairedTrainer` of a U-Net and a PatchGAN on numpy or torch image pairs (n, c, 32, 32) in [0, 1]."""
    recipe = changed_recipe(TRANSLATION_RECIPE, changes)
    inputs, targets = _unit_images(inputs, "inputs"), _unit_images(targets, "targets")
    torch.manual_seed(as_seed(seed))
    n_in, n_out = inputs.shape[1], targets.shape[1]
    return PairedTrainer(UNet(n_in, n_out, recipe["width"]), PatchDiscriminator(n_in, n_out, recipe["width"]),
                         inputs, targets, l1_weight=recipe["l1_weight"], adversarial=recipe["adversarial"],
                         batch_size=recipe["batch_size"], lr_g=recipe["lr"], lr_d=recipe["lr"], betas=recipe["betas"],
                         device=device, seed=seed)


@torch.no_grad()
def translate(trainer: GanTrainer, inputs, batch: int = 500) -> np.ndarray:
    """The trainer's sampling generator on ``inputs`` (n, c, h, w), in eval mode, as a numpy array in [0, 1]."""
    if not isinstance(trainer, PairedTrainer):
        raise TypeError(f"trainer must be a PairedTrainer (from translation_trainer); got {type(trainer).__name__}")
    batch = as_count(batch, "batch (images per forward pass)")
    generator = trainer.sampling_generator
    was_training = generator.training
    generator.eval()
    try:
        x = _unit_images(inputs, "inputs")
        return torch.cat([generator(torch.zeros(len(chunk), 0, device=trainer.device), chunk.to(trainer.device)).cpu()
                          for chunk in x.split(batch)]).numpy()
    finally:
        generator.train(was_training)


# ---- measures ------------------------------------------------------------------------------------------

def _depth_maps(depth, name: str, *, flat_too: bool = False) -> np.ndarray:
    """``depth`` as finite float64 depth maps (n, 1, h, w) — or (n, h, w), given a channel, when ``flat_too`` —
    or an error that says which layout arrived."""
    z = as_float_array(depth, name).astype(np.float64)
    if z.ndim == 3 and flat_too:
        z = z[:, None]
    if z.ndim != 4 or z.shape[1] != 1 or min(z.shape[-2:]) < 2:
        layouts = "(n, 1, h, w)" + (" or (n, h, w)" if flat_too else "")
        hint = " — one map? Add the batch axes: depth[None, None]" if z.ndim == 2 else (
            " — a batch without its channel axis? depth[:, None] adds it" if z.ndim == 3 else "")
        raise ValueError(f"{name} must be depth maps {layouts}, at least 2 × 2 pixels; got shape {z.shape}{hint}")
    return z


def sharpness(images) -> np.ndarray:
    """Mean squared difference between neighbouring pixels (n,): large for crisp edges, small for blur."""
    images = as_float_array(images, "images", ndim=4).astype(np.float64)
    across = np.diff(images, axis=-1) ** 2
    down = np.diff(images, axis=-2) ** 2
    return across.mean(axis=(-3, -2, -1)) + down.mean(axis=(-3, -2, -1))


def normals(depth) -> np.ndarray:
    """Unit surface normals (n, 3, h, w) of depth maps (n, 1, h, w) or (n, h, w) over the image square [−1, 1]².

    The surface z(x, y) has normal (−∂z/∂x, −∂z/∂y, 1), normalised; derivatives by central differences.
    """
    z = _depth_maps(depth, "depth", flat_too=True)[:, 0]
    size = z.shape[-1]
    dz_dy, dz_dx = np.gradient(z, 2 / size, axis=(-2, -1))
    normal = np.stack([-dz_dx, -dz_dy, np.ones_like(z)], axis=1)
    return normal / np.linalg.norm(normal, axis=1, keepdims=True)


def peak_prominence(depth, reference, offset: int = 3) -> np.ndarray:
    """How far each depth map (n, 1, h, w) stands out at the reference's highest pixel — a face's nose tip (n,).

    The height there minus the mean height ``offset`` pixels to its left and right (clipped at the border),
    measured at the *reference's* peak, so a prediction is judged where the true nose is.
    """
    depth, reference = _depth_maps(depth, "depth"), _depth_maps(reference, "reference")
    if depth.shape != reference.shape:
        raise ValueError(f"depth and reference must be depth maps (n, 1, h, w) of one shape; got {depth.shape} "
                         f"and {reference.shape}")
    n, _, h, w = depth.shape
    rows, cols = np.unravel_index(reference.reshape(n, -1).argmax(axis=1), (h, w))
    z, k = depth[:, 0], np.arange(n)
    sides = (z[k, rows, np.clip(cols - offset, 0, w - 1)] + z[k, rows, np.clip(cols + offset, 0, w - 1)]) / 2
    return z[k, rows, cols] - sides


class DepthErrors(NamedTuple):
    rmse: float              # root mean squared depth error on the face
    normal_degrees: float    # mean angle between predicted and true surface normals on the face, in degrees


def depth_errors(predicted, true) -> DepthErrors:
    """Errors of predicted depth maps against the true ones (n, 1, h, w), on the pixels where the true face is."""
    predicted, true = _depth_maps(predicted, "predicted"), _depth_maps(true, "true")
    if predicted.shape != true.shape:
        raise ValueError(f"predicted and true depth maps must have the same shape; got {predicted.shape} and {true.shape}")
    face = true[:, 0] > 0
    rmse = float(np.sqrt(((predicted - true)[:, 0][face] ** 2).mean()))
    cosine = (normals(predicted) * normals(true)).sum(axis=1).clip(-1, 1)
    return DepthErrors(rmse, float(np.degrees(np.arccos(cosine[face])).mean()))
