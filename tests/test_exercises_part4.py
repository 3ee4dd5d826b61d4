"""bpgan.exercises.part4: properties of the translation checkers.

Each exercise's natural mistakes and unusual right answers are in ``exercise_tables_part4.py``; here: a wrong
answer never passes, a stub is "not written yet", each known mistake is named for itself, border rules.
"""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpgan.exercises import part4 as ex

CHECKERS = [ex.check_receptive_field, ex.check_translation_objective, ex.check_normals, ex.check_grid_triangles]
MISTAKES = {ex.check_receptive_field: ex._RECEPTIVE_FIELD_MISTAKES,
            ex.check_translation_objective: ex._TRANSLATION_MISTAKES,
            ex.check_normals: ex._normals_mistakes(),
            ex.check_grid_triangles: ex._GRID_MISTAKES}


def normals(depth, edge_order=1):
    dz_dy, dz_dx = np.gradient(depth, 2 / depth.shape[-1], axis=(-2, -1), edge_order=edge_order)
    n = np.stack([-dz_dx, -dz_dy, np.ones_like(depth)], axis=1)
    return n / np.linalg.norm(n, axis=1, keepdims=True)


def grid_triangles(h, w):
    triangles = []
    for i in range(h - 1):
        for j in range(w - 1):
            a, b, c, d = i * w + j, i * w + j + 1, (i + 1) * w + j, (i + 1) * w + j + 1
            triangles += [(a, c, b), (b, c, d)]
    return np.array(triangles)


def stub(*args):
    raise NotImplementedError("exercise: write this function")


@pytest.mark.parametrize("check", CHECKERS, ids=lambda c: c.__name__)
def test_a_stub_is_not_written_yet(check):
    feedback = check(stub, seed=0)
    assert not feedback.passed and "not written yet" in feedback.message, feedback.message


@pytest.mark.parametrize("check", CHECKERS, ids=lambda c: c.__name__)
def test_each_known_mistake_is_named_for_itself(check):
    """Answering with a known mistake gets that mistake's message: the cases tell every pair apart.
    (The grid's mistakes are written on normalised triangles, so they are given back through np.asarray.)"""
    for i, mistake in enumerate(MISTAKES[check]):
        compute = mistake.compute
        answer = (lambda h, w, compute=compute: compute(h, w).astype(int)) if check is ex.check_grid_triangles \
            else compute
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            feedback = check(answer, seed=0)
        assert not feedback.passed and mistake.message in feedback.message, (i, feedback.message)


def test_either_one_sided_border_rule_is_right_pixel_by_pixel():
    def mixed(depth):          # edge_order 2 on the left and top borders, 1 on the right and bottom
        first, second = normals(depth, 1), normals(depth, 2)
        out = first.copy()
        out[..., :, 0], out[..., 0, :] = second[..., :, 0], second[..., 0, :]
        return out

    for answer in (normals, lambda d: normals(d, 2), mixed):
        assert ex.check_normals(answer, seed=0).passed


def test_a_border_treatment_that_is_neither_rule_is_refused_with_the_pixel_that_differs():
    def half_slope_border(depth):
        n = normals(depth)
        n[..., 0] = normals(depth, 2)[..., 0] * 0.9 + 0.1 * np.array([0, 0, 1])[None, :, None]
        return n / np.linalg.norm(n, axis=1, keepdims=True)

    feedback = ex.check_normals(half_slope_border, seed=0)
    assert not feedback.passed
    assert "the interior is right, the border is not" in feedback.message and "column 0" in feedback.message


@settings(max_examples=25)
@given(seed=st.integers(0, 1000), offset=st.sampled_from([-1, 1, 2]))
def test_a_wrong_field_never_passes(seed, offset):
    def receptive_field(layers):
        field, jump = 1, 1
        for kernel, stride in layers:
            field += (kernel - 1) * jump
            jump *= stride
        return field + offset

    assert not ex.check_receptive_field(receptive_field, seed=seed).passed


@settings(max_examples=25)
@given(seed=st.integers(0, 1000), scale=st.floats(1e-3, 0.5))
def test_slightly_wrong_normals_never_pass(seed, scale):
    def tilted(depth):
        n = normals(depth) + scale * np.array([1.0, 0, 0])[None, :, None, None]
        return n / np.linalg.norm(n, axis=1, keepdims=True)

    assert not ex.check_normals(tilted, seed=seed).passed


@settings(max_examples=15)
@given(seed=st.integers(0, 1000))
def test_a_triangle_list_in_another_order_or_rotation_passes_and_one_flipped_triangle_does_not(seed):
    assert ex.check_grid_triangles(lambda h, w: grid_triangles(h, w)[::-1], seed=seed).passed
    assert ex.check_grid_triangles(lambda h, w: np.roll(grid_triangles(h, w), 1, axis=1), seed=seed).passed

    def one_flipped(h, w):
        triangles = grid_triangles(h, w)
        triangles[-1] = triangles[-1][::-1]
        return triangles

    feedback = ex.check_grid_triangles(one_flipped, seed=seed)
    assert not feedback.passed and "1 of 2 triangles are wound clockwise" in feedback.message
