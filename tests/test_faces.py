"""bpgan.data.faces: one face, three renderings — shapes, ranges, determinism, what each parameter changes."""

import numpy as np
import pytest

from bpgan.data import faces as F


def middle_face(**changes):
    """One face with every parameter in the middle of its range, some changed."""
    values = {name: (low + high) / 2 for name, (low, high) in F.PARAMETERS.items()}
    values.update(changes)
    return {name: np.array([value]) for name, value in values.items()}


@pytest.mark.parametrize("size", [32, 64])
def test_three_renderings_of_each_face_in_their_ranges(size):
    params, faces = F.faces(5, seed=0, size=size)
    assert faces.avatar.shape == faces.emoji.shape == (5, 3, size, size)
    assert faces.depth.shape == (5, 1, size, size)
    for image in faces:
        assert image.dtype == np.float32 and 0 <= image.min() and image.max() <= 1
    assert faces.depth.max() > 0.5 and (faces.depth[:, :, 0, 0] == 0).all(), "the corner is background: depth 0"


def test_the_same_seed_gives_the_same_faces_and_another_seed_others():
    first, second, other = F.faces(4, seed=3), F.faces(4, seed=3), F.faces(4, seed=4)
    assert all(np.array_equal(a, b) for a, b in zip(first[1], second[1]))
    assert not np.array_equal(first[1].avatar, other[1].avatar)
    for name, (low, high) in F.PARAMETERS.items():
        values = getattr(F.random_params(1000, seed=0), name)
        assert low <= values.min() < low + 0.1 * (high - low) and high - 0.1 * (high - low) < values.max() <= high


@pytest.mark.parametrize("name", list(F.PARAMETERS))
def test_each_parameter_changes_what_it_should_and_nothing_else(name):
    low, high = F.PARAMETERS[name]
    a, b = (F.render(middle_face(**{name: value}), 64, texture=0) for value in (low, high))
    changed = {part: not np.array_equal(x, y) for part, x, y in zip(a._fields, a, b)}
    assert changed["avatar"], f"{name} must visibly change the avatar"
    assert changed["emoji"] == (name in F.EXPRESSION), "the emoji shows the expression, and only the expression"
    shapes_depth = name in ("face_width", "face_height", "turn", "eye_size", "eye_spacing")
    assert changed["depth"] == shapes_depth, f"{name} {'must' if shapes_depth else 'must not'} change the depth"


def test_the_avatars_skin_is_shaded_by_its_own_depth_map():
    params = F.random_params(6, seed=2)
    plain = F.render(params, 64, texture=0)
    bare = F.render(params._replace(hair=np.zeros(6)), 64, texture=0)          # hair painted off
    skin = (1 - params.skin[:, None]) * F.SKIN_LIGHT + params.skin[:, None] * F.SKIN_DARK
    expected = skin[:, :, None, None] * (0.3 + 0.7 * F.shading(bare.depth[:, 0], params.light))[:, None]
    # Skin pixels: on the head, away from the painted features (the avatar is darker or redder there).
    on_skin = (bare.depth[:, 0] > 0.05) & (np.abs(bare.avatar - expected).max(axis=1) < 0.02)
    assert on_skin.mean(axis=(1, 2)).min() > 0.25, "most of each head is plain shaded skin"
    np.testing.assert_allclose(bare.avatar.transpose(0, 2, 3, 1)[on_skin],
                               expected.transpose(0, 2, 3, 1)[on_skin], atol=0.02)
    assert np.array_equal(plain.depth, bare.depth)


def test_shading_follows_the_light():
    params = middle_face()
    depth = F.render(params, 64, texture=0).depth[:, 0]
    from_left, from_right = F.shading(depth, np.array([-1.0])), F.shading(depth, np.array([1.0]))
    left, right = np.s_[:, 20:44, 12:24], np.s_[:, 20:44, 40:52]
    assert from_left[left].mean() > from_left[right].mean() and from_right[right].mean() > from_right[left].mean()


def test_shading_is_the_normals_of_the_scaled_depth_dotted_with_the_lamp():
    """What notebook 12 recomputes: brightness = max(0, n · l), n the unit normals of z = DEPTH_SCALE · depth."""
    from bpgan.gan.translation import normals

    params = F.random_params(4, seed=3)
    depth = F.render(params, 32, texture=0).depth[:, 0]
    lamp = F.light_direction(params.light)
    np.testing.assert_allclose(np.linalg.norm(lamp, axis=1), 1, rtol=1e-6)
    assert (lamp[:, 1] < 0).all() and (lamp[:, 2] > 0).all(), "the lamp is above the face and in front of it"
    assert np.array_equal(np.sign(lamp[:, 0]), np.sign(params.light))
    relit = np.einsum("nchw,nc->nhw", normals(depth * F.DEPTH_SCALE), lamp).clip(0, 1)
    np.testing.assert_allclose(relit, F.shading(depth, params.light), atol=1e-5)


@pytest.mark.parametrize("params, error, message", [
    (middle_face(smile=1.5), ValueError, r"smile must lie in \[-1.0, 1.0\]"),
    ({**middle_face(), "nose": np.array([1.0])}, ValueError, r"unknown \['nose'\]"),
    ({k: v for k, v in middle_face().items() if k != "skin"}, ValueError, r"missing \['skin'\]"),
    ({**middle_face(), "skin": np.array([0.1, 0.2])}, ValueError, "all of the same length"),
    ({**middle_face(), "skin": np.array([np.nan])}, ValueError, "skin contains NaN"),
    ([0.5] * 12, TypeError, "params must be FaceParams or a dict"),
])
def test_bad_parameters_get_a_clear_error(params, error, message):
    with pytest.raises(error, match=message):
        F.render(params)


def test_bad_sizes_counts_and_noise_are_refused():
    with pytest.raises(ValueError, match="size must be a whole number of pixels from 8 to 256"):
        F.render(middle_face(), size=4)
    with pytest.raises(ValueError, match=r"texture .* must lie in \[0, 0.2\]"):
        F.render(middle_face(), texture=-0.1)
    with pytest.raises(ValueError, match="n .* must be a positive whole number"):
        F.random_params(0)


def test_shading_takes_renders_depth_maps_as_they_come_and_refuses_a_mismatched_light():
    params, faces = F.faces(3)
    np.testing.assert_array_equal(F.shading(faces.depth, params.light), F.shading(faces.depth[:, 0], params.light))
    with pytest.raises(ValueError, match=r"one number per depth map, shape \(3,\)"):
        F.shading(faces.depth, params.light[:1])
    with pytest.raises(ValueError, match=r"depth must be depth maps"):
        F.shading(np.repeat(faces.depth, 2, axis=1), params.light)


@pytest.mark.parametrize("call, gib", [(lambda: F.faces(4000, size=256), "19.5"), (lambda: F.random_params(10**9), "89.4")])
def test_a_call_that_would_exhaust_memory_is_refused_with_how_much_it_needs(call, gib):
    with pytest.raises(MemoryError, match=rf"about {gib} GiB .*limit is 4 GiB"):
        call()
