"""Interactive explorers built from ipywidgets.

Each explorer is a thin layer over a plotting function in :mod:`bpgan.plots`, so the picture it draws
is also available without widgets, and each works headless: the tests build it and move its sliders
from code, as a learner would with the mouse.
"""

from __future__ import annotations

import ipywidgets as widgets


def neuron_explorer(w1: float = 1.0, w2: float = -1.0, b: float = 0.0, activation: str = "sigmoid"):
    """Sliders for one neuron's two weights and bias, and its output surface redrawn live.

    Returns the ``ipywidgets.interactive`` object; display it (or leave it last in a cell).
    Its ``result`` is the neuron's output range (min, max) over the plotted square.
    """
    import matplotlib.pyplot as plt

    from bpgan.plots import neuron_surface

    def draw(w1, w2, b, activation):
        ax = neuron_surface(w1, w2, b, activation)
        values = ax.images[0].get_array()
        plt.show()
        return float(values.min()), float(values.max())

    slider = dict(min=-5.0, max=5.0, step=0.25, continuous_update=False)
    return widgets.interactive(
        draw,
        w1=widgets.FloatSlider(value=w1, description="w₁", **slider),
        w2=widgets.FloatSlider(value=w2, description="w₂", **slider),
        b=widgets.FloatSlider(value=b, description="b", **slider),
        activation=widgets.Dropdown(options=["sigmoid", "tanh", "relu", "prelu"], value=activation,
                                    description="σ"),
    )


def step_size_explorer(hessian=((1.0, 0.0), (0.0, 10.0)), start=(-2.5, 2.0), steps: int = 30):
    """A slider for the step size η of gradient descent on the quadratic C(v) = ½ vᵀ H v.

    The path is redrawn on the cost's contours. Its ``result`` is how the run ended (the
    :class:`bpgan.descent.Descent` stop reason).
    """
    import matplotlib.pyplot as plt
    import numpy as np

    from bpgan.descent import gradient_descent, largest_stable_step
    from bpgan.plots import descent_paths

    H = np.asarray(hessian, dtype=float)
    limit = largest_stable_step(H)

    def draw(eta):
        run = gradient_descent(lambda v: H @ v, start, eta, steps, cost=lambda v: 0.5 * v @ H @ v, tolerance=1e-6)
        ax = descent_paths(lambda v: 0.5 * v @ H @ v, [run.path], [f"η = {eta:.3f}: {run.stopped}"])
        ax.set_title(f"largest stable η = 2/λ_max = {limit:.3f}")
        plt.show()
        return run.stopped

    return widgets.interactive(
        draw, eta=widgets.FloatSlider(value=0.1, min=0.01, max=round(1.3 * limit, 2), step=0.005,
                                      readout_format=".3f", description="η", continuous_update=False))


def gan_lab_explorer(snapshots):
    """Step through training snapshots (:class:`bpgan.gan.lab.LabSnapshot`) with a slider or a play button.

    The picture is :func:`bpgan.plots.gan_lab`, on scales shared by all the snapshots, so that colours and
    arrow lengths compare from one step to the next. Its ``result`` is the training step shown.
    """
    import matplotlib.pyplot as plt

    from bpgan.plots import gan_lab, lab_scales

    snapshots = list(snapshots)
    if not snapshots:
        raise ValueError("gan_lab_explorer needs at least one snapshot")
    spread, push_scale = lab_scales(snapshots)

    def draw(index):
        snapshot = snapshots[index]
        ax, image = gan_lab(snapshot, title=f"step {snapshot.step}: D(x) and the push on G's samples",
                            spread=spread, push_scale=push_scale)
        plt.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="D(x)")
        plt.show()
        return snapshot.step

    slider = widgets.IntSlider(value=len(snapshots) - 1, min=0, max=len(snapshots) - 1, description="snapshot",
                               continuous_update=False)
    play = widgets.Play(value=len(snapshots) - 1, min=0, max=len(snapshots) - 1, interval=700, description="play")
    widgets.jslink((play, "value"), (slider, "value"))
    explorer = widgets.interactive(draw, index=slider)
    explorer.children = (play, *explorer.children)
    return explorer


def prompt_box(draw, value: str = "a thick seven", n: int = 10):
    """A text box for a prompt and the grid of samples it asks for; unknown words get a message, not a traceback.

    ``draw(prompt, n)`` returns n images (n, 28, 28) in [0, 1] (for example :func:`bpgan.gan.conditional.draw`
    with a trainer) or raises :class:`bpgan.gan.text.PromptError`. Its ``result`` is the parsed
    :class:`~bpgan.gan.text.Condition`, or the error message for a prompt it could not read.
    """
    import matplotlib.pyplot as plt

    from bpgan.gan.text import PromptError, parse_prompt
    from bpgan.plots import show_grid

    def show(prompt):
        try:
            condition = parse_prompt(prompt)
        except PromptError as error:
            print(error)
            return str(error)
        show_grid(draw(prompt, n), ncols=n, title=f"“{prompt}” → digit {condition.digit}, {condition.thickness}")
        plt.show()
        return condition

    return widgets.interactive(show, prompt=widgets.Text(value=value, description="prompt",
                                                         continuous_update=False))


def face_explorer(translate, *, size: int = 32):
    """Sliders for a face's parameters; the avatar and what ``translate`` makes of it, redrawn live.

    ``translate(avatars)`` takes avatars (n, 3, size, size) and returns images (n, c, size, size) in [0, 1]
    (an emoji, a depth map): for example ``lambda x: bpgan.gan.translation.translate(trainer, x)``. Its
    ``result`` is the translated image (c, size, size).
    """
    import matplotlib.pyplot as plt
    import numpy as np

    from bpgan.data import faces as F
    from bpgan.plots import image_rows

    def draw(**values):
        params = {name: np.array([value]) for name, value in values.items()}
        avatar = F.render(params, size, texture=0.02).avatar
        out = np.asarray(translate(avatar))
        image_rows([np.concatenate([avatar, np.repeat(out, 3 // out.shape[1], axis=1)])], [""],
                   title="the avatar, and what the network makes of it")
        plt.show()
        return out[0]

    sliders = {name: widgets.FloatSlider(value=round((low + high) / 2, 3), min=low, max=high, step=(high - low) / 20,
                                         description=name.replace("_", " "), continuous_update=False)
               for name, (low, high) in F.PARAMETERS.items()}
    return widgets.interactive(draw, **sliders)


def surface_explorer(depth_maps, labels):
    """A slider that turns depth maps (each (h, w)), drawn as reliefs side by side. ``result``: the turn in degrees."""
    import matplotlib.pyplot as plt

    from bpgan.plots import depth_surface

    if len(depth_maps) != len(labels) or not depth_maps:
        raise ValueError("surface_explorer needs one label per depth map, and at least one map")

    def draw(turn):
        fig = plt.figure(figsize=(3.3 * len(depth_maps), 3.3))
        for k, (depth, label) in enumerate(zip(depth_maps, labels)):
            depth_surface(depth, ax=fig.add_subplot(1, len(depth_maps), k + 1, projection="3d"), turn=turn, title=label)
        plt.show()
        return turn

    return widgets.interactive(draw, turn=widgets.IntSlider(value=30, min=-90, max=90, step=10, description="turn",
                                                            continuous_update=False))
