"""bpgan.gan.translation, bpgan.metrics.expression, bpgan.mesh: paired translation and how it is judged."""

import numpy as np
import pytest
import torch

from bpgan.data import faces as F
from bpgan.gan import translation as T
from bpgan.mesh import depth_to_mesh, grid_triangles, read_obj, write_obj
from bpgan.metrics import expression as E


def test_the_unet_keeps_the_size_and_concatenates_its_skips():
    net = T.UNet(3, 1, width=4)
    out = net(torch.zeros(5, 0), torch.rand(5, 3, 32, 32))
    assert out.shape == (5, 1, 32, 32) and 0 <= out.min() and out.max() <= 1
    assert [layer[0].in_channels for layer in net.up] == [16, 32, 16] and net.out.in_channels == 8


def test_the_patch_discriminator_judges_8x8_patches_of_18_pixels():
    d = T.PatchDiscriminator(3, 3, width=4)
    assert d(torch.rand(2, 3, 32, 32), torch.rand(2, 3, 32, 32)).shape == (2, 1, 8, 8)
    assert T.receptive_field(d) == 18 == T.receptive_field([(4, 2), (4, 2), (3, 1)])
    assert T.receptive_field([(3, 1)] * 4) == 9 and T.receptive_field([]) == 1
    with pytest.raises(ValueError, match="must be positive"):
        T.receptive_field([(3, 0)])


def test_the_receptive_field_is_what_a_gradient_can_reach():
    """Backprop from one output logit: the input pixels with a nonzero gradient span exactly the field."""
    torch.manual_seed(0)
    d = T.PatchDiscriminator(1, 1, width=2)
    x = torch.rand(1, 1, 32, 32, requires_grad=True)
    d(x, torch.rand(1, 1, 32, 32))[0, 0, 4, 4].backward()
    rows, cols = np.nonzero(x.grad[0, 0].numpy())
    assert rows.max() - rows.min() + 1 == T.receptive_field(d) == cols.max() - cols.min() + 1


def small_pairs(n=64):
    params, faces = F.faces(n, seed=1)
    return params, faces


def test_paired_training_draws_matched_pairs_and_adds_l1():
    _, faces = small_pairs()
    t = T.translation_trainer(faces.avatar, faces.emoji, seed=0, width=4, batch_size=8)
    target, (x,) = t._real_batch()
    index = [int(np.flatnonzero((faces.avatar == x[i].numpy()).all(axis=(1, 2, 3)))[0]) for i in range(8)]
    assert np.array_equal(target.numpy(), faces.emoji[index]), "each target is its own input's emoji"
    t.train(3, progress=False)
    assert t.steps == 3 and len(t.history["d_loss"]) == 3 and not np.isnan(t.history["d_loss"]).any()
    assert T.translate(t, faces.avatar[:5]).shape == (5, 3, 32, 32)


def test_the_l1_baseline_never_touches_the_discriminator():
    _, faces = small_pairs()
    t = T.translation_trainer(faces.avatar, faces.depth, seed=0, width=4, batch_size=8, adversarial=False)
    before = [p.clone() for p in t.discriminator.parameters()]
    loss_at_start = np.abs(T.translate(t, faces.avatar) - faces.depth).mean()
    t.train(30, progress=False)
    assert all(torch.equal(a, b) for a, b in zip(before, t.discriminator.parameters()))
    assert np.isnan(t.history["d_loss"]).all() and t.steps == 30
    assert np.abs(T.translate(t, faces.avatar) - faces.depth).mean() < loss_at_start


def test_the_generator_objective_is_lambda_l1_plus_the_gan_loss():
    from bpgan.gan.losses import generator_loss

    _, faces = small_pairs(16)
    t = T.translation_trainer(faces.avatar, faces.emoji, seed=0, width=4, batch_size=16, l1_weight=7.0)
    state = t.random.get_state()
    target, (x,) = t._real_batch()
    t.random.set_state(state)
    with torch.no_grad():
        fake = t.generator(torch.zeros(16, 0), x)
        expected = 7.0 * (fake - target).abs().mean() + generator_loss(t.discriminator(fake, x))
    assert t.generator_step().loss == pytest.approx(float(expected), rel=1e-5)


def test_bad_pairs_are_refused():
    with pytest.raises(ValueError, match="matched image batches"):
        T.PairedTrainer(T.UNet(), T.PatchDiscriminator(), torch.zeros(4, 3, 32, 32), torch.zeros(5, 3, 32, 32))
    with pytest.raises(ValueError, match="l1_weight"):
        T.PairedTrainer(T.UNet(), T.PatchDiscriminator(), torch.zeros(4, 3, 32, 32), torch.zeros(4, 3, 32, 32),
                        l1_weight=-1)


def test_sharpness_is_larger_for_edges_than_for_blur():
    sharp = np.zeros((1, 1, 8, 8))
    sharp[..., 4:] = 1
    blurred = np.tile(np.linspace(0, 1, 8), (1, 1, 8, 1))
    assert T.sharpness(sharp)[0] > 2 * T.sharpness(blurred)[0]


def test_normals_of_a_plane_and_depth_errors():
    axis = (np.arange(16) + 0.5) / 16 * 2 - 1
    y, x = np.meshgrid(axis, axis, indexing="ij")
    plane = (0.5 * x)[None, None]                                     # z = x/2: normal ∝ (−1/2, 0, 1)
    np.testing.assert_allclose(T.normals(plane)[0, :, 8, 8], np.array([-0.5, 0, 1]) / np.sqrt(1.25), atol=1e-9)
    true = np.clip(1 - x ** 2 - y ** 2, 0, None)[None, None]
    errors = T.depth_errors(true, true)
    assert errors.rmse == 0 and errors.normal_degrees == pytest.approx(0, abs=1e-6)
    assert T.depth_errors(true * 0.5, true).normal_degrees > 1
    with pytest.raises(ValueError, match="same shape"):
        T.depth_errors(true[:, :, :8], true)


def test_the_expression_reader_reads_true_emoji_and_refuses_bad_ones():
    params, faces = F.faces(2100, seed=0)
    reader = E.train_reader(faces.emoji[:2000], params._replace(**{k: v[:2000] for k, v in params._asdict().items()}),
                            seed=0)
    test = params._replace(**{k: v[2000:] for k, v in params._asdict().items()})
    readings = E.read(reader, faces.emoji[2000:])
    assert readings.shape == (100, 4) and E.smile_agreement(readings, test) > 0.8
    assert E.smile_agreement(np.full_like(readings, 0.5), test) == 0, "a reading of 'neither' agrees with no smile"
    with pytest.raises(ValueError, match=r"emoji must have shape \(m, 3, 32, 32\)"):
        E.read(reader, faces.depth)
    with pytest.raises(ValueError, match=r"in \[0, 1\]"):
        E.read(reader, faces.emoji * 2)


def test_a_depth_map_becomes_an_obj_mesh_any_viewer_reads(tmp_path):
    depth = np.random.default_rng(0).random((5, 7))
    vertices, triangles = depth_to_mesh(depth)
    assert vertices.shape == (35, 3) and triangles.shape == (2 * 4 * 6, 3)
    write_obj(tmp_path / "face.obj", vertices, triangles)
    text = (tmp_path / "face.obj").read_text().splitlines()
    assert sum(line.startswith("v ") for line in text) == 35 and sum(line.startswith("f ") for line in text) == 48
    assert min(int(i) for line in text if line.startswith("f ") for i in line.split()[1:]) == 1, "OBJ counts from 1"
    read_vertices, read_triangles = read_obj(tmp_path / "face.obj")
    np.testing.assert_allclose(read_vertices, vertices, atol=1e-5)
    assert np.array_equal(read_triangles, triangles)
    # Counter-clockwise seen from the front: every triangle's normal points towards the viewer (+z).
    a, b, c = (vertices[triangles[:, k]] for k in range(3))
    assert (np.cross(b - a, c - a)[:, 2] > 0).all()


def test_bad_meshes_are_refused(tmp_path):
    with pytest.raises(ValueError, match="at least 2 × 2"):
        grid_triangles(1, 5)
    with pytest.raises(ValueError, match="name vertices 0"):
        write_obj(tmp_path / "bad.obj", np.zeros((3, 3)), np.array([[0, 1, 3]]))
    (tmp_path / "odd.obj").write_text("v 0 0 0\nmtllib a.mtl\n")
    with pytest.raises(ValueError, match="odd.obj:2: not a vertex or a triangle"):
        read_obj(tmp_path / "odd.obj")


@pytest.mark.parametrize("vertices, triangles, error, message", [
    (np.full((3, 3), np.nan), [[0, 1, 2]], ValueError, "vertices contains NaN"),
    (np.eye(3), [[0, 1, 1.5]], ValueError, "whole vertex numbers; got fractions such as 1.5"),
    (np.eye(3), [[0, 1, 2.0]], None, ""),                                  # whole numbers as floats are fine
    (np.eye(3), [["0", "1", "2"]], TypeError, "whole vertex numbers; got dtype"),
    (np.eye(3), [[0, 1, -1]], ValueError, r"vertices 0 … 2 \(there are 3\); got numbers from -1 to 1"),
    (np.eye(3)[:, :2], [[0, 1, 2]], ValueError, r"vertices must be \(n, 3\)"),
])
def test_write_obj_refuses_what_a_viewer_could_not_read(tmp_path, vertices, triangles, error, message):
    if error is None:
        write_obj(tmp_path / "ok.obj", vertices, np.array(triangles))
        assert read_obj(tmp_path / "ok.obj")[1].tolist() == [[0, 1, 2]]
        return
    with pytest.raises(error, match=message):
        write_obj(tmp_path / "bad.obj", vertices, np.array(triangles))
    assert not (tmp_path / "bad.obj").exists(), "nothing is written when the mesh is refused"


@pytest.mark.parametrize("text, message", [
    ("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 4\n", r"m.obj:4: the triangle names vertex 4, but the file has 3 vertices"),
    ("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 0 1 2\n", r"m.obj:4: vertex numbers count from 1"),
    ("v 0 0 0\nv 1 0 0\nv 0 1 0\nf -3 -2 -1\n", r"m.obj:4: vertex numbers count from 1 .*relative"),
    ("v 0 0 nan\nv 1 0 0\nv 0 1 0\nf 1 2 3\n", r"m.obj:1: a vertex must be finite"),
    ("v 0 0 inf\nv 1 0 0\nv 0 1 0\nf 1 2 3\n", r"m.obj:1: a vertex must be finite"),
    ("v 0 0 x\n", r"m.obj:1: a vertex needs three numbers"),
    ("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3.5\n", r"m.obj:4: a triangle needs three whole vertex numbers"),
    ("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\nf 1 2", r"m.obj:5: not a vertex or a triangle"),   # truncated mid-line
])
def test_read_obj_names_the_file_and_line_of_what_it_cannot_read(tmp_path, text, message):
    (tmp_path / "m.obj").write_text(text)
    with pytest.raises(ValueError, match=message):
        read_obj(tmp_path / "m.obj")


def test_a_truncated_mesh_file_is_refused_not_read_short(tmp_path):
    vertices, triangles = depth_to_mesh(np.random.default_rng(1).random((4, 4)))
    write_obj(tmp_path / "face.obj", vertices, triangles)
    text = (tmp_path / "face.obj").read_text()
    cut = text[:text.index("\nf ") // 2]                       # cut inside the vertex lines: triangles would dangle
    (tmp_path / "cut.obj").write_text(cut.rsplit("\n", 1)[0] + "\n" + text[text.index("\nf ") + 1:])
    with pytest.raises(ValueError, match="is it truncated"):
        read_obj(tmp_path / "cut.obj")


def test_peak_prominence_measures_the_bump_at_the_references_peak():
    from bpgan.gan.translation import peak_prominence

    true = np.zeros((2, 1, 9, 9))
    true[:, 0, 4, :] = 0.5
    true[0, 0, 4, 4], true[1, 0, 4, 6] = 0.9, 0.8                  # a nose on a ridge, in two places
    flattened = np.where(true > 0, 0.5, 0.0)
    np.testing.assert_allclose(peak_prominence(true, true), [0.4, 0.3])
    np.testing.assert_allclose(peak_prominence(flattened, true), [0.0, 0.0])
    shifted = np.roll(true, 1, axis=-1)                             # right height, wrong place: judged at the true tip
    assert peak_prominence(shifted, true)[0] < 0.4
    with pytest.raises(ValueError, match="depth maps"):
        peak_prominence(true[:, 0], true[:, 0])


@pytest.mark.parametrize("call, message", [
    (lambda d: T.depth_errors(d[:, 0], d[:, 0]), r"predicted must be depth maps \(n, 1, h, w\).*depth\[:, None\]"),
    (lambda d: T.normals(d[0, 0]), r"depth must be depth maps .*one map\? Add the batch axes"),
    (lambda d: T.normals(np.repeat(d, 2, axis=1)), r"got shape \(2, 2, 32, 32\)"),
    (lambda d: T.depth_errors(d, d * np.nan), r"true contains NaN"),
    (lambda d: T.peak_prominence(d[:, 0], d[:, 0]), r"depth must be depth maps \(n, 1, h, w\)"),
    (lambda d: T.sharpness(np.full((2, 3, 4, 4), np.nan)), r"images contains NaN"),
    (lambda d: T.sharpness(np.zeros((3, 4, 4))), r"images must be a 4-D array"),
])
def test_a_measure_given_the_wrong_layout_or_nan_says_so_instead_of_measuring(call, message):
    depth = F.faces(2)[1].depth
    with pytest.raises(ValueError, match=message):
        call(depth)


def test_normals_take_maps_with_or_without_their_channel_axis():
    depth = F.faces(2)[1].depth
    np.testing.assert_array_equal(T.normals(depth), T.normals(depth[:, 0]))


@pytest.mark.parametrize("change, error, message", [
    (lambda a, e: (a * 255, e), ValueError, r"inputs must be images with values in \[0, 1\].*Divide by 255"),
    (lambda a, e: ((a * 255).astype(np.uint8), e), ValueError, r"Divide by 255"),
    (lambda a, e: (a, e * 2 - 1), ValueError, r"targets must be .*\(x \+ 1\) / 2"),
    (lambda a, e: (a * np.nan, e), ValueError, r"inputs contains NaN"),
    (lambda a, e: (a[0], e[0]), ValueError, r"inputs must be a 4-D array"),
])
def test_the_translation_trainer_refuses_images_on_another_scale(change, error, message):
    _, faces = F.faces(4)
    with pytest.raises(error, match=message):
        T.translation_trainer(*change(faces.avatar, faces.emoji))


def test_adversarial_must_be_a_boolean_and_the_unet_names_the_sizes_it_takes():
    _, faces = F.faces(4)
    with pytest.raises(TypeError, match=r"adversarial must be True or False; got str \('False'\)"):
        T.translation_trainer(faces.avatar, faces.emoji, adversarial="False")
    with pytest.raises(ValueError, match=r"sides are multiples of 16.*got \(2, 3, 28, 28\)"):
        T.UNet()(None, torch.zeros(2, 3, 28, 28))
    trainer = T.translation_trainer(faces.avatar, faces.emoji)
    with pytest.raises(ValueError, match=r"Divide by 255"):
        T.translate(trainer, faces.avatar * 255)
