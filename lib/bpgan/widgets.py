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
