"""bpgan.exercises.part4: the translation checkers pass right answers, name known mistakes, never pass wrong ones."""

import re

import numpy as np
import pytest
import torch

from bpgan.exercises import part4 as ex
from bpgan.gan.losses import generator_loss


def receptive_field(layers):
    field, jump = 1, 1
    for kernel, stride in layers:
        field += (kernel - 1) * jump
        jump *= stride
    return field


def translation_objective(fake, target, patch_logits, l1_weight):
    return l1_weight * torch.mean(torch.abs(fake - target)) + generator_loss(patch_logits)


def normals(depth):
    dz_dy, dz_dx = np.gradient(depth, 2 / depth.shape[-1], axis=(-2, -1))
    n = np.stack([-dz_dx, -dz_dy, np.ones_like(depth)], axis=1)
    return n / np.linalg.norm(n, axis=1, keepdims=True)


def grid_triangles(h, w):
    triangles = []
    for i in range(h - 1):
        for j in range(w - 1):
            a, b, c, d = i * w + j, i * w + j + 1, (i + 1) * w + j, (i + 1) * w + j + 1
            triangles += [(a, c, b), (b, c, d)]
    return np.array(triangles)


SOLUTIONS = {ex.check_receptive_field: receptive_field, ex.check_translation_objective: translation_objective,
             ex.check_normals: normals, ex.check_grid_triangles: grid_triangles}


def unit(v):
    return v / np.linalg.norm(v, axis=1, keepdims=True)


MISTAKES = [
    (ex.check_receptive_field, lambda layers: 1 + sum(k - 1 for k, _ in layers), "the strides are missing"),
    (ex.check_receptive_field, lambda layers: receptive_field(layers) - 1, "one short"),
    (ex.check_receptive_field, lambda layers: sum(k for k, _ in layers), "counts each overlap twice"),
    (ex.check_translation_objective, lambda f, t, p, w: w * ((f - t) ** 2).mean() + generator_loss(p), "squared error"),
    (ex.check_translation_objective, lambda f, t, p, w: (f - t).abs().mean() + w * generator_loss(p),
     "λ weighs the L1 term"),
    (ex.check_translation_objective, lambda f, t, p, w: w * (f - t).abs().mean(), "the GAN term is missing"),
    (ex.check_translation_objective, lambda f, t, p, w: w * (f - t).abs().mean() + generator_loss(p, "minimax"),
     "minimax"),
    (ex.check_normals, lambda d: -normals(d) * np.array([1, 1, -1])[None, :, None, None], "signs are flipped"),
    (ex.check_normals, lambda d: normals(d) * np.linalg.norm(np.stack(
        [*np.gradient(d, 2 / d.shape[-1], axis=(-1, -2)), np.ones_like(d)], 1), axis=1, keepdims=True),
     "not normalised"),
    (ex.check_normals, lambda d: unit(np.stack([-np.gradient(d, axis=-1), -np.gradient(d, axis=-2), np.ones_like(d)], 1)),
     "spacing 2/h"),
    (ex.check_grid_triangles, lambda h, w: grid_triangles(h, w) + 1, "1-based"),
    (ex.check_grid_triangles, lambda h, w: grid_triangles(h, w)[:, ::-1], "wound the other way"),
    (ex.check_grid_triangles, lambda h, w: grid_triangles(h, w)[:-1], "two triangles per grid square"),
]


@pytest.mark.parametrize("check", list(SOLUTIONS), ids=lambda c: c.__name__)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_right_answer_passes(check, seed):
    feedback = check(SOLUTIONS[check], seed=seed)
    assert feedback.passed and feedback.message.startswith("✓"), feedback.message


@pytest.mark.parametrize("check, wrong, message", MISTAKES, ids=[f"{c.__name__}-{i}" for i, (c, _, _) in enumerate(MISTAKES)])
def test_each_recognised_mistake_is_named(check, wrong, message):
    feedback = check(wrong, seed=0)
    assert not feedback.passed and re.search(message, feedback.message), feedback.message


def test_a_triangle_list_in_another_order_still_passes():
    assert ex.check_grid_triangles(lambda h, w: grid_triangles(h, w)[::-1], seed=0).passed
    rotated = lambda h, w: np.roll(grid_triangles(h, w), 1, axis=1)                  # same winding, other start
    assert ex.check_grid_triangles(rotated, seed=0).passed
