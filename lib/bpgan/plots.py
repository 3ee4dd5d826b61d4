"""Pictures the notebooks share: grids of images (more to come: curves, densities, surfaces)."""

from __future__ import annotations

import numpy as np

from bpgan.validate import as_float_array


def tile(images, ncols: int = 10, pad: int = 1, fill: float = 0.0) -> np.ndarray:
    """Lay ``images`` out in rows of ``ncols``, ``pad`` pixels apart, as one 2-D array.

    ``images`` has shape (n, h, w), or (n, 1, h, w) as torch's convolutions keep them. The result
    has shape (rows·(h+pad)−pad, ncols·(w+pad)−pad); empty slots of the last row are ``fill``.
    """
    images = as_float_array(images, "images", finite=False)
    if images.ndim == 4 and images.shape[1] == 1:
        images = images[:, 0]
    if images.ndim != 3 or images.shape[0] == 0:
        raise ValueError(
            f"expected a non-empty stack of grey images of shape (n, h, w) or (n, 1, h, w); got shape {images.shape}"
        )
    if not isinstance(ncols, (int, np.integer)) or ncols < 1:
        raise ValueError(f"ncols must be a positive int, got {ncols!r}")
    if not isinstance(pad, (int, np.integer)) or pad < 0:
        raise ValueError(f"pad must be a non-negative int, got {pad!r}")
    n, h, w = images.shape
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    mosaic = np.full((nrows * (h + pad) - pad, ncols * (w + pad) - pad), fill, dtype=np.result_type(images, fill))
    for index, image in enumerate(images):
        row, col = divmod(index, ncols)
        mosaic[row * (h + pad): row * (h + pad) + h, col * (w + pad): col * (w + pad) + w] = image
    return mosaic


def show_grid(images, ncols: int = 10, *, ax=None, title: str | None = None, captions=None, cmap: str = "gray_r",
              vmin: float = 0.0, vmax: float = 1.0):
    """Draw ``images`` (see :func:`tile`) as one grid on ``ax`` (a new figure if None); return the axes.

    ``gray_r`` draws ink dark on a light page, as digits are written; pixel values are expected in
    [vmin, vmax] (by default [0, 1], the range :func:`bpgan.data.load_mnist` returns). ``captions``,
    one short string per image, are written in the top-left corner of each tile.
    """
    import matplotlib.pyplot as plt

    mosaic = tile(images, ncols=ncols, pad=1, fill=vmin)
    if ax is None:
        rows, cols = mosaic.shape
        _, ax = plt.subplots(figsize=(min(8.0, cols / 45), min(8.0, rows / 45) + (0.4 if title else 0.0)))
    ax.imshow(mosaic, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    if captions is not None:
        shape = as_float_array(images, "images", finite=False).shape
        h, w = shape[-2:]
        if len(captions) != shape[0]:
            raise ValueError(f"got {len(captions)} captions for {shape[0]} images")
        columns = min(ncols, shape[0])
        for index, caption in enumerate(captions):
            row, col = divmod(index, columns)
            ax.text(col * (w + 1) + 0.5, row * (h + 1) + 0.5, caption, fontsize=7, color="tab:red",
                    ha="left", va="top")
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax


def draw_graph(output, ax=None, *, width: float = 10.0):
    """Draw the computational graph of a :class:`bpgan.autodiff.Value`, inputs left, output right.

    Each node shows its operation (or label), its value and its ``grad``; each edge is labelled with
    the gradient it carries back, local derivative × the child's grad, which is what the edge adds to
    its parent's ``grad`` during ``backward()``. Call ``output.backward()`` first to see gradients.
    Meant for small graphs (a few dozen nodes).
    """
    import matplotlib.pyplot as plt

    order = output.graph()
    if len(order) > 60:
        raise ValueError(f"this graph has {len(order)} nodes; draw_graph is meant for up to 60")
    # Column of a node: its longest distance from the output, so every edge points to the right.
    distance = {id(output): 0}
    for node in reversed(order):
        for parent in node.parents:
            distance[id(parent)] = max(distance.get(id(parent), 0), distance[id(node)] + 1)
    depth = max(distance.values())
    columns: dict[int, list] = {}
    for node in order:
        columns.setdefault(distance[id(node)], []).append(node)
    position = {}
    for column, nodes in columns.items():
        for row, node in enumerate(nodes):
            position[id(node)] = (depth - column, (len(nodes) - 1) / 2 - row)

    if ax is None:
        tallest = max(len(nodes) for nodes in columns.values())
        _, ax = plt.subplots(figsize=(width, 1.2 + 1.1 * tallest))
    for node in order:
        for parent, local in zip(node.parents, node.local_derivatives):
            (x0, y0), (x1, y1) = position[id(parent)], position[id(node)]
            # Edges that skip columns arc over the nodes in between.
            bend = -0.3 if x1 - x0 > 1 else 0.0
            ax.annotate("", xy=(x1 - 0.28, y1), xytext=(x0 + 0.28, y0),
                        arrowprops=dict(arrowstyle="->", color="0.45", shrinkA=0, shrinkB=0,
                                        connectionstyle=f"arc3,rad={bend}"))
            lift = 0.08 + (0.3 * (x1 - x0 - 0.56) / 2 if bend else 0.0)
            ax.text((x0 + x1) / 2, (y0 + y1) / 2 + lift, f"{local * node.grad:.3g}", fontsize=8,
                    color="tab:red", ha="center", va="bottom")
    for node in order:
        x, y = position[id(node)]
        name = node.label or node.op or f"{node.data:g}"
        leaf = not node.parents
        ax.text(x, y, f"{name}\ndata {node.data:.3g}\ngrad {node.grad:.3g}", ha="center", va="center",
                fontsize=8, bbox=dict(boxstyle="round", facecolor="#dbe9f6" if leaf else "#f3f3f3",
                                      edgecolor="0.4"))
    ax.set_xlim(-0.6, depth + 0.6)
    ys = [p[1] for p in position.values()]
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    ax.set_axis_off()
    return ax


def neuron_surface(w1: float, w2: float, b: float, activation="sigmoid", *, ax=None, extent: float = 3.0,
                   resolution: int = 61):
    """The output a = σ(w1·x1 + w2·x2 + b) of one neuron over the square [−extent, extent]², as a heat map.

    The line w1·x1 + w2·x2 + b = 0 (where z = 0) is drawn dashed: it is where a sigmoid neuron outputs ½.
    Returns the axes.
    """
    import matplotlib.pyplot as plt

    from bpgan import activations

    sigma = activations.get(activation)
    grid = np.linspace(-extent, extent, resolution)
    x1, x2 = np.meshgrid(grid, grid)
    z = w1 * x1 + w2 * x2 + b
    a = sigma(z)
    if ax is None:
        _, ax = plt.subplots(figsize=(4.2, 3.6))
    image = ax.imshow(a, origin="lower", extent=(-extent, extent, -extent, extent), cmap="viridis", aspect="equal")
    if z.min() < 0 < z.max():
        ax.contour(x1, x2, z, levels=[0], colors="white", linestyles="--", linewidths=1)
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="a")
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title=f"{sigma.name}: w=({w1:g}, {w2:g}), b={b:g}")
    return ax


def descent_paths(cost, paths, labels, *, ax=None, extent=(-3.0, 3.0, -3.0, 3.0), levels: int = 20):
    """Contours of a 2-D ``cost`` with gradient-descent ``paths`` (each (k, 2)) drawn on top; returns the axes."""
    import matplotlib.pyplot as plt

    x_lo, x_hi, y_lo, y_hi = extent
    xs, ys = np.meshgrid(np.linspace(x_lo, x_hi, 200), np.linspace(y_lo, y_hi, 200))
    values = np.vectorize(lambda x, y: cost(np.array([x, y])))(xs, ys)
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4.5))
    ax.contour(xs, ys, values, levels=levels, cmap="Greys", linewidths=0.7)
    for path, label in zip(paths, labels):
        path = np.asarray(path)
        shown = path[np.all(np.abs(path) < 10 * max(map(abs, extent)), axis=1)]
        ax.plot(shown[:, 0], shown[:, 1], "o-", ms=3, lw=1.2, label=label)
    ax.set(xlim=(x_lo, x_hi), ylim=(y_lo, y_hi), xlabel="$v_1$", ylabel="$v_2$")
    ax.legend(fontsize=8, loc="upper right")
    return ax


def gan_snapshot(snapshot, data_density, *, ax=None, title: str | None = None):
    """One panel in the style of Figure 1 of Goodfellow et al. (2014), for a 1-D GAN.

    Above: the data density (black dots), the generator's density (green, a kernel density estimate of
    its samples) and the discriminator D(x) (blue, dashed). Below: the map z ↦ x = G(z), drawn as lines
    from a grid of z on the lower axis to where G sends them on the upper one.
    ``snapshot`` is a :class:`bpgan.gan.numpy_gan.Snapshot`; ``data_density`` maps x to p_data(x).
    """
    import matplotlib.pyplot as plt
    from scipy.stats import gaussian_kde

    if ax is None:
        _, ax = plt.subplots(figsize=(4, 3.2))
    x = snapshot.x
    generator_density = gaussian_kde(snapshot.samples)(x)
    ax.plot(x, data_density(x), ":", color="black", lw=2, label="$p_{data}$")
    ax.plot(x, generator_density, color="tab:green", lw=2, label="$p_g$")
    ax.plot(x, snapshot.d_of_x, "--", color="tab:blue", lw=2, label="D(x)")
    z_level, x_level = -0.45, -0.1
    z = snapshot.z
    z_shown = x.min() + (z - z.min()) / (z.max() - z.min()) * (x.max() - x.min())   # z's range drawn across the panel
    ax.hlines([z_level, x_level], x.min(), x.max(), color="grey", lw=0.8)
    for z_position, g_of_z in zip(z_shown, snapshot.g_of_z):
        if x.min() <= g_of_z <= x.max():
            ax.annotate("", xy=(g_of_z, x_level), xytext=(z_position, z_level),
                        arrowprops=dict(arrowstyle="->", color="0.5", lw=0.7))
    ax.text(x.min(), z_level - 0.08, "z", va="top", fontsize=8)
    ax.text(x.min(), x_level + 0.03, "x", va="bottom", fontsize=8)
    ax.set_ylim(z_level - 0.2, max(1.05, float(data_density(x).max()) * 1.1, float(generator_density.max()) * 1.05))
    ax.set_yticks([0, 0.5, 1])
    ax.set_title(title if title is not None else f"step {snapshot.step}")
    return ax


def lab_scales(snapshots) -> tuple[float, float]:
    """Shared scales for GAN Lab panels: the colour spread about ½ and the gradient drawn at full arrow length.

    The spread is the largest |D(x) − ½| over all snapshots, so a colour means the same D(x) in every
    panel; the arrow scale is the largest 90th percentile of the gradient sizes, so an arrow's length
    compares across panels (the few longer ones are drawn at full length).
    """
    snapshots = list(snapshots)
    if not snapshots:
        raise ValueError("no snapshots to scale")
    spread = max(max(float(np.abs(s.d_grid - 0.5).max()) for s in snapshots), 0.01)
    push = max(float(np.percentile(np.linalg.norm(s.arrows, axis=1), 90)) for s in snapshots)
    return spread, max(push, 1e-12)


ARROW_LENGTH = 0.5        # the length, in the plane's units, of an arrow at the full arrow scale


def gan_lab(snapshot, *, ax=None, title: str | None = None, arrows: int = 120, spread: float | None = None,
            push_scale: float | None = None):
    """GAN Lab's picture: D(x) as a heat map, real (black) and fake (orange) samples, and G's arrows.

    The colours run from pink (D says fake) through white (D = ½, also the grey line) to green (real),
    over ½ ± ``spread``; the arrows point along −∂L_G/∂x at the first ``arrows`` fakes, with lengths
    proportional to the gradient's size, ``push_scale`` drawn at ARROW_LENGTH (longer ones capped there).
    Both default to this snapshot's own range; :func:`lab_scales` gives shared ones for a row of panels,
    and :func:`gan_lab_row` uses them.

    ``snapshot`` is a :class:`bpgan.gan.lab.LabSnapshot`. Returns the axes and the heat map's image.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(4.2, 4))
    own_spread, own_push = lab_scales([snapshot])
    spread = own_spread if spread is None else spread
    push_scale = own_push if push_scale is None else push_scale
    xs, ys = snapshot.xs, snapshot.ys
    image = ax.imshow(snapshot.d_grid, origin="lower", extent=(xs[0], xs[-1], ys[0], ys[-1]), cmap="PiYG",
                      vmin=0.5 - spread, vmax=0.5 + spread)
    if snapshot.d_grid.min() < 0.5 < snapshot.d_grid.max():
        ax.contour(xs, ys, snapshot.d_grid, levels=[0.5], colors="0.35", linewidths=0.6)
    ax.scatter(*snapshot.real.T, s=4, color="black", label="real samples")
    ax.scatter(*snapshot.fake.T, s=4, color="tab:orange", label="G(z)")
    shown, push = snapshot.fake[:arrows], snapshot.arrows[:arrows]
    size = np.linalg.norm(push, axis=1, keepdims=True)
    length = ARROW_LENGTH * np.minimum(size / push_scale, 1.0)
    step = np.divide(push * length, size, out=np.zeros_like(push), where=size > 0)
    ax.quiver(shown[:, 0], shown[:, 1], step[:, 0], step[:, 1], angles="xy", scale_units="xy", scale=1,
              width=0.004, color="tab:red", label="−∂L_G/∂x: the push on G(z)")
    ax.set_xlim(xs[0], xs[-1])
    ax.set_ylim(ys[0], ys[-1])
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title if title is not None else f"step {snapshot.step}")
    return ax, image


def gan_lab_row(snapshots, *, width: float = 3.3):
    """A row of GAN Lab panels on shared scales, with one colour bar for D(x) and one legend. Returns the figure."""
    import matplotlib.pyplot as plt

    snapshots = list(snapshots)
    spread, push_scale = lab_scales(snapshots)
    fig, axes = plt.subplots(1, len(snapshots), figsize=(width * len(snapshots) + 1.2, width + 0.9), squeeze=False,
                             layout="constrained")
    for ax, snapshot in zip(axes[0], snapshots):
        _, image = gan_lab(snapshot, ax=ax, spread=spread, push_scale=push_scale)
    fig.colorbar(image, ax=axes[0].tolist(), fraction=0.025, pad=0.01, label="D(x): the discriminator's P(real)")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=len(labels), fontsize=8, markerscale=3)
    return fig


def image_rows(rows, labels, *, ax=None, title: str | None = None):
    """Rows of colour or grey images side by side — one row per label, e.g. avatar | L1 only | L1 + GAN | emoji.

    ``rows`` is a list of arrays (n, c, h, w) with c = 3 (colour) or 1 (grey, drawn in grey), values in [0, 1].
    Returns the axes.
    """
    import matplotlib.pyplot as plt

    if len(rows) != len(labels) or not rows:
        raise ValueError(f"one label per row: got {len(rows)} rows and {len(labels)} labels")
    tiles = []
    for images in rows:
        images = as_float_array(images, "images")
        if images.ndim != 4 or images.shape[1] not in (1, 3):
            raise ValueError(f"each row must be images (n, 1 or 3, h, w); got shape {images.shape}")
        colour = np.repeat(images, 3, axis=1) if images.shape[1] == 1 else images
        tiles.append(np.concatenate(list(np.pad(colour, ((0, 0), (0, 0), (1, 1), (1, 1)), constant_values=1)), axis=2))
    mosaic = np.concatenate(tiles, axis=1).transpose(1, 2, 0)
    if ax is None:
        _, ax = plt.subplots(figsize=(min(12.0, mosaic.shape[1] / 28), min(9.0, mosaic.shape[0] / 28)))
    ax.imshow(np.clip(mosaic, 0, 1), interpolation="nearest")
    height = mosaic.shape[0] / len(rows)
    ax.set_yticks([height * (k + 0.5) for k in range(len(rows))], labels)
    ax.set_xticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    if title:
        ax.set_title(title)
    return ax


def depth_surface(depth, *, ax=None, turn: float = 0.0, relief: float | None = None, title: str | None = None):
    """A depth map (h, w) in [0, 1] as a relief in 3-D, seen from the front turned by ``turn`` degrees.

    The picture stands upright as it does on screen (rows down, columns across) and the depth comes out of
    it towards the viewer, scaled by ``relief`` (``bpgan.mesh.RELIEF`` unless given, as in the meshes it
    writes): turn 0 looks at the face, 90 at its profile. Pixels deeper than 0.02 are drawn in skin, the rest
    as the grey plate the face stands on. The lamp is fixed to the face, above and to its left.
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import LightSource, to_rgba

    from bpgan.mesh import RELIEF

    depth = as_float_array(depth, "depth", ndim=2)
    relief = RELIEF if relief is None else relief
    if ax is None:
        ax = plt.figure(figsize=(4, 4)).add_subplot(projection="3d")
    h, w = depth.shape
    up, across = np.meshgrid(np.linspace(1, -1, h), np.linspace(-1, 1, w), indexing="ij")
    colours = np.where((depth > 0.02)[..., None], to_rgba("#e0ac84"), to_rgba("#b8bcc4"))
    ax.plot_surface(across, -relief * depth, up, facecolors=colours, linewidth=0, antialiased=False, rstride=1,
                    cstride=1, shade=True, lightsource=LightSource(azdeg=315, altdeg=35))
    ax.set(xlim=(-1, 1), ylim=(-1, 1), zlim=(-1, 1))
    ax.set_box_aspect((1, 1, 1), zoom=1.25)
    ax.view_init(elev=15, azim=-90 + turn)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax
