"""Checkers for the exercises of Part IV (notebooks 11–12): paired translation, avatars to emoji and to depth."""

from __future__ import annotations

import numpy as np
import torch

from bpgan.exercises.core import Feedback, Mistake, check_cases, random_inputs
from bpgan.gan.losses import generator_loss
from bpgan.gan.translation import normals, receptive_field
from bpgan.mesh import grid_triangles as grid_triangles_in_lib


# ---- 11 · avatar to emoji ------------------------------------------------------------------------------

def check_receptive_field(learner_receptive_field, seed: int | None = None) -> Feedback:
    """The learner's ``receptive_field(layers)``: the input pixels one output of a stack of convolutions sees."""
    rng = random_inputs(seed)
    cases = [([(4, 2), (4, 2), (3, 1)],), ([(3, 1)],), ([(4, 2), (4, 2), (4, 2), (4, 1)],)] + [
        ([(int(k), int(s)) for k, s in zip(rng.integers(2, 6, n), rng.integers(1, 3, n))],) for n in (3, 4, 5)]

    def without_jump(layers):
        return 1 + sum(k - 1 for k, _ in layers)

    def jump_after(layers):               # multiplies by a layer's own stride before adding its kernel
        field, jump = 1, 1
        for k, s in layers:
            jump *= s
            field += (k - 1) * jump
        return field

    return check_cases(
        learner_receptive_field, name="receptive_field",
        reference=receptive_field,
        cases=cases,
        mistakes=[
            Mistake(without_jump, "the strides are missing: a layer after a stride-2 layer steps 2 input pixels per "
                                  "output pixel, so its kernel widens the field by (kernel − 1)·2, and so on"),
            Mistake(jump_after, "a layer's own stride applies to the layers after it, not to its own kernel: add "
                                "(kernel − 1)·jump first, then jump *= stride"),
            Mistake(lambda layers: receptive_field(layers) - 1, "one short: a single output of a 1×1 stack sees 1 "
                                                                "pixel, so start from a field of 1, not 0"),
            Mistake(lambda layers: int(np.sum([k for k, _ in layers])), "adding the kernel sizes counts each "
                                                                        "overlap twice and ignores the strides"),
        ],
        describe=lambda args: "layers (kernel, stride) " + ", ".join(map(str, args[0])),
        success=f"the receptive field is right for {len(cases)} stacks, including the PatchGAN's (18 pixels)",
    )


def _objective(fake, target, patch_logits, l1_weight):
    return float(l1_weight * (fake - target).abs().mean() + generator_loss(patch_logits))


def check_translation_objective(translation_objective, seed: int | None = None) -> Feedback:
    """The learner's ``translation_objective(fake, target, patch_logits, l1_weight)``: pix2pix's generator loss."""
    rng = random_inputs(seed)

    def case(weight):
        shape, patches = (4, 3, 8, 8), (4, 1, 3, 3)
        return (torch.as_tensor(rng.random(shape)), torch.as_tensor(rng.random(shape)),
                torch.as_tensor(rng.normal(0, 2, patches)), weight)

    cases = [case(100.0), case(10.0), case(1.0)]
    return check_cases(
        lambda *args: _as_number(translation_objective(*args)), name="translation_objective",
        reference=_objective,
        cases=cases,
        mistakes=[
            Mistake(lambda f, t, p, w: float(w * ((f - t) ** 2).mean() + generator_loss(p)),
                    "that is the squared error; pix2pix uses the absolute error L1 = mean |G(x) − y|, which blurs less"),
            Mistake(lambda f, t, p, w: float((f - t).abs().mean() + w * generator_loss(p)),
                    "λ weighs the L1 term, not the GAN term: λ·L1 + GAN"),
            Mistake(lambda f, t, p, w: float(w * (f - t).abs().mean() + generator_loss(p, "minimax")),
                    "that GAN term is the minimax log(1 − D(G(x))); use the non-saturating −log D(G(x)) "
                    "(generator_loss(patch_logits))"),
            Mistake(lambda f, t, p, w: float(w * (f - t).abs().mean()), "the GAN term is missing"),
            Mistake(lambda f, t, p, w: float(w * (f - t).abs().sum() + generator_loss(p)),
                    "a sum over pixels, not a mean: λ was chosen for the mean absolute error"),
            Mistake(lambda f, t, p, w: float(w * (f - t).mean().abs() + generator_loss(p)),
                    "the absolute value belongs inside the mean: |a − b| per pixel, then the mean"),
        ],
        describe=lambda args: f"λ = {args[3]:g}",
        success="λ·mean|G(x) − y| plus the non-saturating loss of D's patches is right for 3 batches",
        rtol=1e-6,
    )


def _as_number(value):
    return value.detach().item() if isinstance(value, torch.Tensor) else value


# ---- 12 · avatar to 3-D -------------------------------------------------------------------------------

def check_normals(learner_normals, seed: int | None = None) -> Feedback:
    """The learner's ``normals(depth)``: unit surface normals (n, 3, h, w) of depth maps (n, h, w) over [−1, 1]²."""
    rng = random_inputs(seed)
    size = 16
    axis = (np.arange(size) + 0.5) / size * 2 - 1
    y, x = np.meshgrid(axis, axis, indexing="ij")
    cases = [(np.stack([0.3 * x + 0.1 * y, 0.5 * np.exp(-(x ** 2 + y ** 2) * 3)]),),
             (rng.random((2, size, size)) * 0.2,)]

    def raw(depth):
        dz_dy, dz_dx = np.gradient(depth, 2 / depth.shape[-1], axis=(-2, -1))
        return dz_dx, dz_dy

    def unit(v):
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    return check_cases(
        learner_normals, name="normals",
        reference=normals,
        cases=cases,
        mistakes=[
            Mistake(lambda d: unit(np.stack([raw(d)[0], raw(d)[1], np.ones_like(d)], axis=1)),
                    "the slopes' signs are flipped: the normal of z(x, y) is (−∂z/∂x, −∂z/∂y, 1)"),
            Mistake(lambda d: np.stack([-raw(d)[0], -raw(d)[1], np.ones_like(d)], axis=1),
                    "not normalised: divide by the length √((∂z/∂x)² + (∂z/∂y)² + 1)"),
            Mistake(lambda d: unit(np.stack([-raw(d)[1], -raw(d)[0], np.ones_like(d)], axis=1)),
                    "x and y are swapped: axis −1 (columns) is x, axis −2 (rows) is y"),
            Mistake(lambda d: unit(np.stack([-np.gradient(d, axis=-1), -np.gradient(d, axis=-2), np.ones_like(d)],
                                            axis=1)),
                    "the slopes are per pixel: the image spans 2 units in h pixels, so pass the spacing 2/h to "
                    "np.gradient"),
        ],
        shape_hint=lambda got, expected: "stack the three components on axis 1: (n, 3, h, w)",
        describe=lambda args: f"{len(args[0])} depth maps of {size}×{size}",
        success="unit normals (−∂z/∂x, −∂z/∂y, 1)/‖·‖ are right for a plane, a bump and random maps",
        rtol=1e-6,
    )


def check_grid_triangles(grid_triangles, seed: int | None = None) -> Feedback:
    """The learner's ``grid_triangles(h, w)``: the triangles (2(h−1)(w−1), 3) of a mesh over an h × w grid."""
    rng = random_inputs(seed)
    cases = [(2, 2), (3, 4)] + [(int(rng.integers(2, 7)), int(rng.integers(2, 7))) for _ in range(2)]

    def normalised(triangles):
        """Each triangle's corners in a fixed rotation, then the triangles sorted: order does not matter."""
        triangles = np.asarray(triangles, dtype=np.int64)
        if triangles.ndim != 2 or triangles.shape[1] != 3:
            return triangles.astype(float)
        rolled = np.array([np.roll(t, -int(np.argmin(t))) for t in triangles])
        return rolled[np.lexsort(rolled.T[::-1])].astype(float)

    return check_cases(
        lambda h, w: normalised(grid_triangles(h, w)), name="grid_triangles",
        reference=lambda h, w: normalised(grid_triangles_in_lib(h, w)),
        cases=cases,
        mistakes=[
            Mistake(lambda h, w: normalised(grid_triangles_in_lib(h, w) + 1),
                    "these are 1-based: Python counts vertices from 0 (the OBJ file adds the 1 itself)"),
            Mistake(lambda h, w: normalised(grid_triangles_in_lib(h, w)[:, ::-1]),
                    "every triangle is wound the other way round (clockwise seen from the front): its normal would "
                    "point into the face"),
            Mistake(lambda h, w: normalised(grid_triangles_in_lib(w, h)), "rows and columns are swapped: vertex (i, j) is "
                                                               "number i·w + j"),
        ],
        shape_hint=lambda got, expected: "two triangles per grid square: 2·(h − 1)·(w − 1) rows of 3 indices",
        describe=lambda args: "a {}×{} grid".format(*args),
        success=f"two counter-clockwise triangles per square, right for {len(cases)} grids",
    )
