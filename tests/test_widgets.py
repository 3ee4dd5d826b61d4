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


def test_face_explorer_redraws_the_translation_when_a_slider_moves():
    import numpy as np

    from bpgan.widgets import face_explorer

    seen = []

    def translate(avatars):
        seen.append(avatars.copy())
        return avatars.mean(axis=1, keepdims=True)

    explorer = face_explorer(translate)
    assert explorer.result.shape == (1, 32, 32) and len(seen) == 1
    smile = next(child for child in explorer.children if getattr(child, "description", "") == "smile")
    smile.value = 1.0
    assert len(seen) == 2 and not np.array_equal(seen[0], seen[1])


def test_surface_explorer_turns_the_surfaces():
    import numpy as np

    from bpgan.widgets import surface_explorer

    explorer = surface_explorer([np.zeros((8, 8)), np.ones((8, 8)) * 0.5], ["a", "b"])
    assert explorer.result == 30
    turn = next(child for child in explorer.children if getattr(child, "description", "") == "turn")
    turn.value = 90
    assert explorer.result == 90
    with pytest.raises(ValueError, match="one label per depth map"):
        surface_explorer([np.zeros((8, 8))], [])
