"""bpgan.plots: the image grid puts each image where it belongs and explains bad input."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from bpgan.plots import show_grid, tile


@given(n=st.integers(1, 30), h=st.integers(1, 6), w=st.integers(1, 6), ncols=st.integers(1, 12),
       pad=st.integers(0, 3))
def test_tile_places_image_k_at_row_k_div_ncols_and_column_k_mod_ncols(n, h, w, ncols, pad):
    images = np.arange(n * h * w, dtype=float).reshape(n, h, w) + 1
    mosaic = tile(images, ncols=ncols, pad=pad, fill=0.0)
    cols = min(ncols, n)
    rows = -(-n // cols)
    assert mosaic.shape == (rows * (h + pad) - pad, cols * (w + pad) - pad)
    for k in range(n):
        top, left = (k // cols) * (h + pad), (k % cols) * (w + pad)
        assert np.array_equal(mosaic[top:top + h, left:left + w], images[k])
    assert mosaic.sum() == images.sum(), "padding and empty slots hold only the fill value"


def test_tile_accepts_channel_first_torch_tensors():
    images = torch.rand(6, 1, 4, 5)
    assert np.array_equal(tile(images, ncols=3), tile(images[:, 0].numpy(), ncols=3))


@pytest.mark.parametrize("shape", [(28, 28), (0, 28, 28), (4, 3, 28, 28), (2, 2, 2, 2, 2)])
def test_tile_names_the_shape_it_got(shape):
    with pytest.raises(ValueError, match=r"expected a non-empty stack of grey images.*got shape"):
        tile(np.zeros(shape))


@pytest.mark.parametrize("kwargs", [{"ncols": 0}, {"ncols": 2.5}, {"pad": -1}])
def test_tile_refuses_bad_layout_arguments(kwargs):
    with pytest.raises(ValueError, match="must be"):
        tile(np.zeros((3, 2, 2)), **kwargs)


def test_show_grid_draws_the_mosaic_on_the_given_axes():
    import matplotlib.pyplot as plt

    figure, ax = plt.subplots()
    images = np.random.default_rng(0).random((7, 3, 3))
    assert show_grid(images, ncols=4, ax=ax, title="seven") is ax
    assert np.array_equal(ax.images[0].get_array(), tile(images, ncols=4))
    assert ax.get_title() == "seven"
    plt.close(figure)


def test_draw_graph_shows_every_node_and_labels_every_edge_with_the_gradient_it_carries():
    import matplotlib.pyplot as plt

    from bpgan.autodiff import Value
    from bpgan.plots import draw_graph

    x, y = Value(2.0, "x"), Value(-1.5, "y")
    f = (x * y + x).tanh() * x
    f.backward()
    ax = draw_graph(f)
    nodes = f.graph()
    edges = [(parent, local, node) for node in nodes for parent, local in zip(node.parents, node.local_derivatives)]
    texts = [t.get_text() for t in ax.texts]
    assert sum(t.startswith(("x\n", "y\n", "*\n", "+\n", "tanh\n")) for t in texts) == len(nodes)
    edge_labels = sorted(float(t) for t in texts if t and "\n" not in t)   # arrows are empty texts
    assert edge_labels == pytest.approx(sorted(float(f"{local * node.grad:.3g}") for _, local, node in edges))
    plt.close(ax.figure)


def test_draw_graph_refuses_graphs_too_big_to_read():
    from bpgan.autodiff import Value
    from bpgan.plots import draw_graph

    x = Value(1.0)
    y = x
    for _ in range(40):
        y = y * 2
    with pytest.raises(ValueError, match="this graph has 81 nodes; draw_graph is meant for up to 60"):
        draw_graph(y)


def test_neuron_surface_is_the_neurons_output_on_the_grid():
    import matplotlib.pyplot as plt

    from bpgan.plots import neuron_surface

    ax = neuron_surface(1.0, -2.0, 0.5, "tanh", extent=2.0, resolution=5)
    grid = np.linspace(-2, 2, 5)
    x1, x2 = np.meshgrid(grid, grid)
    np.testing.assert_allclose(ax.images[0].get_array(), np.tanh(x1 - 2 * x2 + 0.5))
    plt.close(ax.figure)


def test_gan_snapshot_draws_the_three_curves_and_the_z_to_x_map():
    import matplotlib.pyplot as plt

    from bpgan.gan.numpy_gan import Snapshot
    from bpgan.plots import gan_snapshot

    x, z = np.linspace(-1, 3, 41), np.linspace(-2, 2, 5)
    snapshot = Snapshot(step=7, x=x, d_of_x=np.full(41, 0.5), z=z, g_of_z=np.linspace(0, 2, 5),
                        samples=np.random.default_rng(0).normal(1, 0.3, 500))
    ax = gan_snapshot(snapshot, lambda v: np.exp(-v ** 2))
    assert [line.get_label() for line in ax.lines] == ["$p_{data}$", "$p_g$", "D(x)"]
    np.testing.assert_allclose(ax.lines[2].get_ydata(), 0.5)
    arrows = [t for t in ax.texts if t.get_text() == ""]
    assert len(arrows) == 5 and ax.get_title() == "step 7"
    plt.close(ax.figure)


def test_image_rows_stacks_colour_and_grey_rows_and_refuses_mismatches():
    from bpgan.plots import image_rows

    ax = image_rows([np.zeros((3, 3, 8, 8)), np.ones((3, 1, 8, 8))], ["colour", "grey"])
    mosaic = ax.get_images()[0].get_array()
    assert mosaic.shape == (2 * 10, 3 * 10, 3)                     # one pixel of white border round each tile
    assert [t.get_text() for t in ax.get_yticklabels()] == ["colour", "grey"]
    with pytest.raises(ValueError, match="one label per row"):
        image_rows([np.zeros((3, 3, 8, 8))], ["a", "b"])
    with pytest.raises(ValueError, match=r"\(n, 1 or 3, h, w\)"):
        image_rows([np.zeros((3, 2, 8, 8))], ["two channels"])


def test_depth_surface_stands_the_depth_out_of_the_picture_by_the_relief(monkeypatch):
    from mpl_toolkits.mplot3d import Axes3D

    from bpgan.mesh import RELIEF
    from bpgan.plots import depth_surface

    drawn = {}
    original = Axes3D.plot_surface
    monkeypatch.setattr(Axes3D, "plot_surface",
                        lambda self, x, y, z, **kw: drawn.update(x=x, y=y, z=z) or original(self, x, y, z, **kw))
    depth = np.zeros((6, 5))
    depth[2:4, 2] = 1.0
    ax = depth_surface(depth, turn=90)
    np.testing.assert_allclose(drawn["y"], -RELIEF * depth)          # out of the picture, towards the viewer
    assert (np.diff(drawn["x"], axis=1) > 0).all() and (np.diff(drawn["z"], axis=0) < 0).all()   # columns across, rows down
    assert ax.azim == 0                                               # turned 90° from the front (azimuth −90)
    with pytest.raises(ValueError, match="depth"):
        depth_surface(np.zeros((2, 3, 4)))
