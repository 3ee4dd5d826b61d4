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
from bpgan.gan.losses import generator_loss

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


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 1000), data=st.data())
def test_any_wrong_triangle_table_gets_a_message_never_a_crash_of_the_checker(seed, data):
    """Vertex numbers drawn at random, in range, in a table of the right shape: named, not an IndexError."""
    def scrambled(h, w):
        right = grid_triangles(h, w)
        flat = data.draw(st.lists(st.integers(0, h * w - 1), min_size=right.size, max_size=right.size))
        return np.array(flat, dtype=int).reshape(right.shape)

    feedback = ex.check_grid_triangles(scrambled, seed=seed)
    assert feedback.message.startswith(("✓", "✗")) and "raised" not in feedback.message, feedback.message


def test_a_missing_triangle_is_described_by_its_own_square_and_corners():
    def second_triangles_dropped_and_first_doubled(h, w):
        triangles = grid_triangles(h, w)
        triangles[1::2] = triangles[::2]
        return triangles

    feedback = ex.check_grid_triangles(second_triangles_dropped_and_first_doubled, seed=0)
    assert not feedback.passed
    assert ("(1, 2, 3) — the second triangle of the square whose top-left corner is (row 0, column 0), "
            "(top-right, bottom-left, bottom-right)") in feedback.message, feedback.message


def objective(fake, target, patch_logits, l1_weight):
    return l1_weight * (fake - target).abs().mean() + generator_loss(patch_logits)


@pytest.mark.parametrize("cut_off, message", [
    (lambda v: v.item(), "Python float"),
    (lambda v: float(v), "Python float"),
    (lambda v: v.detach(), "carries no gradient"),
    (lambda v: v.detach().numpy(), "numpy"),
    (lambda v: v.data, "carries no gradient"),
], ids=["item", "float", "detach", "numpy", "data"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_right_objective_that_cannot_be_backpropagated_is_refused(cut_off, message, seed):
    feedback = ex.check_translation_objective(lambda *args: cut_off(objective(*args)), seed=seed)
    assert not feedback.passed and "the value is right" in feedback.message and message in feedback.message, \
        feedback.message


def test_the_cases_of_the_receptive_field_never_have_a_stride_larger_than_its_kernel():
    seen = []

    def recording(layers):
        seen.append(list(layers))
        field, jump = 1, 1
        for kernel, stride in layers:
            field += (kernel - 1) * jump
            jump *= stride
        return field

    for seed in range(50):
        assert ex.check_receptive_field(recording, seed=seed).passed
    assert all(stride <= kernel for layers in seen for kernel, stride in layers)
