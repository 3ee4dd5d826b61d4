"""bpgan.exercises.part3: properties of the image-GAN checkers and of the engine they share with Part IV.

Each exercise's natural mistakes and unusual right answers are in ``exercise_tables_part3.py``; here: a wrong
answer never passes, a stub is "not written yet", a mistake is named only when it explains every case.
"""

import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import linalg

from bpgan.exercises import part3 as ex
from bpgan.exercises.core import Mistake

CHECKERS = [ex.check_frechet_gaussians, ex.check_transposed_size, ex.check_generator_input, ex.check_condition_planes]


def frechet(m1, s1, m2, s2):
    return np.sum((m1 - m2) ** 2) + np.trace(s1) + np.trace(s2) - 2 * np.trace(linalg.sqrtm(s1 @ s2).real)


def stub(*args):
    raise NotImplementedError("exercise: write this function")


@pytest.mark.parametrize("check", CHECKERS, ids=lambda c: c.__name__)
def test_a_stub_is_not_written_yet(check):
    feedback = check(stub, seed=0)
    assert not feedback.passed and "not written yet" in feedback.message, feedback.message


@pytest.mark.parametrize("check", CHECKERS, ids=lambda c: c.__name__)
def test_the_mistakes_a_checker_names_are_told_apart_by_its_cases(check):
    """No two of a checker's known mistakes reproduce each other on every case: each name is unambiguous."""
    table = {ex.check_frechet_gaussians: ex._FRECHET_MISTAKES, ex.check_transposed_size: ex._TRANSPOSED_MISTAKES,
             ex.check_generator_input: ex._GENERATOR_INPUT_MISTAKES,
             ex.check_condition_planes: ex._CONDITION_PLANES_MISTAKES}[check]
    for i, mistake in enumerate(table):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            feedback = check(mistake.compute, seed=0)
        assert not feedback.passed
        named = [m.message for m in table if m.message in feedback.message]
        assert named and named[0] == mistake.message, (i, feedback.message)


def test_a_mistake_that_agrees_on_one_case_only_is_not_named():
    """size·stride − 2p + k equals (size − 1)·stride + k whenever stride = 2·padding (the generator's 7 → 14):
    the checker must not call it "the padding is missing"."""
    feedback = ex.check_transposed_size(lambda n, k, s, p: n * s - 2 * p + k, seed=0)
    assert "one stride too many" in feedback.message and "padding is missing" not in feedback.message


def test_the_engine_names_a_mistake_only_when_it_explains_every_case():
    cases = [(1.0,), (2.0,), (3.0,)]
    mistakes = [Mistake(lambda x: 2 * x if x == 1.0 else x, "agrees on the first case only"),
                Mistake(lambda x: x + 1, "x + 1 on every case")]
    feedback = ex._check_every_case(lambda x: x + 1, name="f", cases=cases, reference=lambda x: x,
                                   mistakes=mistakes, success="ok")
    assert not feedback.passed and "x + 1 on every case" in feedback.message


@settings(max_examples=30)
@given(seed=st.integers(0, 1000), offset=st.sampled_from([-2, -1, 1, 2]))
def test_a_wrong_size_never_passes(seed, offset):
    assert not ex.check_transposed_size(lambda n, k, s, p: (n - 1) * s - 2 * p + k + offset, seed=seed).passed


@settings(max_examples=30)
@given(seed=st.integers(0, 1000), size=st.floats(1e-3, 10))
def test_a_wrong_distance_never_passes(seed, size):
    assert not ex.check_frechet_gaussians(lambda *args: frechet(*args) * (1 + size) + size, seed=seed).passed


@settings(max_examples=20)
@given(seed=st.integers(0, 1000))
def test_a_complex_distance_is_refused_on_every_seed(seed):
    """The singular case is drawn until sqrtm's rounding shows, so .real left out is caught every time."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        feedback = ex.check_frechet_gaussians(
            lambda m1, s1, m2, s2: np.sum((m1 - m2) ** 2) + np.trace(s1 + s2 - 2 * linalg.sqrtm(s1 @ s2)), seed=seed)
    assert not feedback.passed and "complex" in feedback.message and ".real" in feedback.message


@settings(max_examples=20)
@given(seed=st.integers(0, 1000))
def test_swapped_height_and_width_are_never_accepted(seed):
    def swapped(x, c):
        return torch.cat([x, c[:, :, None, None].expand(-1, -1, x.shape[3], x.shape[2])], 1)

    feedback = ex.check_condition_planes(swapped, seed=seed)
    assert not feedback.passed and "height and width are swapped" in feedback.message


@settings(max_examples=20)
@given(seed=st.integers(0, 1000))
def test_one_hot_without_num_classes_is_named_on_every_seed(seed):
    one_hot = torch.nn.functional.one_hot
    feedback = ex.check_generator_input(
        lambda z, d, t: torch.cat([z, one_hot(d).float(), one_hot(t).float()], 1), seed=seed)
    assert not feedback.passed and "without num_classes" in feedback.message


def test_the_checker_does_not_let_the_learner_change_its_inputs():
    def in_place(z, d, t):
        z.mul_(0)
        return torch.cat([z, torch.nn.functional.one_hot(d, 10).float(), torch.nn.functional.one_hot(t, 3).float()], 1)

    feedback = ex.check_generator_input(in_place, seed=0)
    assert not feedback.passed and "changed its input `z` in place (a `z.mul_(…)`" in feedback.message
