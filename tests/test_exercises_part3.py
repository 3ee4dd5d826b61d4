"""bpgan.exercises.part3: the image-GAN checkers pass right answers, name known mistakes, never pass wrong ones."""

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import torch
from scipy import linalg

from bpgan.exercises import part3 as ex


def frechet(m1, s1, m2, s2):
    return np.sum((m1 - m2) ** 2) + np.trace(s1) + np.trace(s2) - 2 * np.trace(linalg.sqrtm(s1 @ s2).real)


SOLUTIONS = {
    ex.check_transposed_size: lambda n, k, s, p: (n - 1) * s - 2 * p + k,
    ex.check_frechet_gaussians: frechet,
}

MISTAKES = [
    (ex.check_transposed_size, lambda n, k, s, p: (n + 2 * p - k) // s + 1, "ordinary convolution"),
    (ex.check_transposed_size, lambda n, k, s, p: n * s, "size·stride is right only"),
    (ex.check_transposed_size, lambda n, k, s, p: (n - 1) * s + k, "the padding is missing"),
    (ex.check_transposed_size, lambda n, k, s, p: (n - 1) * s - p + k, "not −padding"),
    (ex.check_frechet_gaussians, lambda m1, s1, m2, s2: frechet(m1, s1, m1, s2), "mean term .* is missing"),
    (ex.check_frechet_gaussians,
     lambda m1, s1, m2, s2: frechet(m1, s1, m2, s2) - np.sum((m1 - m2) ** 2) + np.linalg.norm(m1 - m2),
     "\\*squared\\* distance"),
    (ex.check_frechet_gaussians,
     lambda m1, s1, m2, s2: np.sum((m1 - m2) ** 2) + np.trace(s1 + s2 - 2 * linalg.sqrtm(s1) @ linalg.sqrtm(s2)),
     "unless the covariances commute"),
    (ex.check_frechet_gaussians,
     lambda m1, s1, m2, s2: np.sum((m1 - m2) ** 2) + np.trace(s1 + s2 - 2 * np.sqrt(np.abs(s1 @ s2))),
     "square root of each entry"),
    (ex.check_frechet_gaussians,
     lambda m1, s1, m2, s2: np.sum((m1 - m2) ** 2) + np.trace(s1 + s2 - linalg.sqrtm(s1 @ s2).real),
     "the 2 is missing"),
]


@pytest.mark.parametrize("check", list(SOLUTIONS), ids=lambda c: c.__name__)
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_right_answer_passes(check, seed):
    feedback = check(SOLUTIONS[check], seed=seed)
    assert feedback.passed and feedback.message.startswith("✓"), feedback.message


@pytest.mark.parametrize("check, wrong, message", MISTAKES, ids=[f"{c.__name__}-{i}" for i, (c, _, _) in enumerate(MISTAKES)])
@pytest.mark.parametrize("seed", [0, 1])
def test_each_recognised_mistake_is_named(check, wrong, message, seed):
    feedback = check(wrong, seed=seed)
    assert not feedback.passed and re.search(message, feedback.message), feedback.message


@settings(max_examples=30)
@given(seed=st.integers(0, 1000), offset=st.sampled_from([-2, -1, 1, 2]))
def test_a_wrong_size_never_passes(seed, offset):
    assert not ex.check_transposed_size(lambda n, k, s, p: (n - 1) * s - 2 * p + k + offset, seed=seed).passed


@settings(max_examples=30)
@given(seed=st.integers(0, 1000), size=st.floats(1e-5, 10))
def test_a_wrong_distance_never_passes(seed, size):
    assert not ex.check_frechet_gaussians(lambda *args: frechet(*args) * (1 + size) + size, seed=seed).passed


def generator_input(z, d, t):
    one_hot = torch.nn.functional.one_hot
    return torch.cat([z, one_hot(d, 10).float(), one_hot(t, 3).float()], dim=1)


def condition_planes(x, c):
    return torch.cat([x, c[:, :, None, None].expand(-1, -1, x.shape[2], x.shape[3])], dim=1)


TORCH_MISTAKES = [
    (ex.check_generator_input, generator_input, None),
    (ex.check_generator_input, lambda z, d, t: torch.cat([z, d[:, None].float(), t[:, None].float()], 1),
     "not one-hot"),
    (ex.check_generator_input, lambda z, d, t: generator_input(z, d, t)[:, :-3], "thickness is missing"),
    (ex.check_generator_input, lambda z, d, t: torch.cat([generator_input(z, d, t)[:, z.shape[1]:], z], 1),
     "condition comes first"),
    (ex.check_generator_input, lambda z, d, t: torch.cat(
        [z, torch.nn.functional.one_hot(t, 3).float(), torch.nn.functional.one_hot(d, 10).float()], 1), "swapped"),
    (ex.check_generator_input, lambda z, d, t: torch.cat([z, d, t], 0), "hint: concatenate along dim=1"),
    (ex.check_condition_planes, condition_planes, None),
    (ex.check_condition_planes, lambda x, c: torch.cat([x, c[:, :, None, None]], 1), "hint: torch.cat along dim=1"),
    (ex.check_condition_planes, lambda x, c: condition_planes(x, c).flip(1), "wrong values|planes come first"),
    (ex.check_condition_planes, lambda x, c: torch.cat([condition_planes(x, c)[:, 1:], x], 1), "planes come first"),
]


@pytest.mark.parametrize("check, answer, message", TORCH_MISTAKES, ids=[f"{c.__name__}-{i}" for i, (c, _, _) in
                                                                       enumerate(TORCH_MISTAKES)])
@pytest.mark.parametrize("seed", [0, 1])
def test_conditioning_checkers(check, answer, message, seed):
    feedback = check(answer, seed=seed)
    if message is None:
        assert feedback.passed, feedback.message
    else:
        assert not feedback.passed and re.search(message, feedback.message), feedback.message
