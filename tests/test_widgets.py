"""bpgan.widgets: explorers work headless; moving a slider from code redraws, as dragging it would."""

import matplotlib

matplotlib.use("Agg")

import pytest

from bpgan.widgets import neuron_explorer


def test_neuron_explorer_redraws_when_its_controls_move():
    explorer = neuron_explorer(w1=1.0, w2=-1.0, b=0.0)
    controls = {child.description: child for child in explorer.children if hasattr(child, "description")}
    low, high = explorer.result
    assert 0 < low < 0.01 and 0.99 < high < 1          # a sigmoid over [−3, 3]²
    controls["b"].value = 4.0
    assert explorer.result[0] > low                     # the whole surface moved up
    controls["σ"].value = "relu"
    assert explorer.result == pytest.approx((0.0, 10.0))   # relu(x1 − x2 + 4) on [−3, 3]²


def test_prompt_box_draws_what_is_typed_and_explains_unknown_words():
    import numpy as np

    from bpgan.gan.text import Condition
    from bpgan.widgets import prompt_box

    calls = []

    def draw(prompt, n):
        calls.append((prompt, n))
        return np.zeros((n, 28, 28))

    box = prompt_box(draw, value="a thick seven", n=4)
    assert box.result == Condition(7, "thick") and calls == [("a thick seven", 4)]
    text = next(child for child in box.children if getattr(child, "description", "") == "prompt")
    text.value = "细的二"
    assert box.result == Condition(2, "thin")
    text.value = "a purple seven"
    assert "unknown word 'purple'" in box.result and len(calls) == 2
