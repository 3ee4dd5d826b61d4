"""bpgan.gan.conditional and GanTrainer's conditional mode: conditions reach both players, as asked."""

import numpy as np
import pytest
import torch

from bpgan.gan.conditional import (N_CONDITION, balanced_conditions, condition_vectors, conditional_trainer, draw,
                                   draw_batch)
from bpgan.gan.text import Condition, PromptError


def tiny_run(seed=0):
    rng = np.random.default_rng(0)
    images = rng.uniform(size=(30, 28, 28)).astype(np.float32) ** 3
    labels = np.arange(30) % 10
    return conditional_trainer(images, labels, seed, width=4, noise_dim=6, batch_size=8)


def test_condition_vectors_are_two_one_hots():
    c = condition_vectors([7, 0], [2, 1])
    assert c.shape == (2, N_CONDITION) and c.dtype == torch.float32
    assert c[0].nonzero().ravel().tolist() == [7, 12] and c[1].nonzero().ravel().tolist() == [0, 11]
    with pytest.raises(ValueError, match="one thickness per digit"):
        condition_vectors([1, 2], [0])
    with pytest.raises(ValueError, match="0..9"):
        condition_vectors([10], [0])


def test_both_players_see_the_condition_during_training():
    run = tiny_run()
    seen = {"G": [], "D": []}
    g_forward, d_forward = run.trainer.generator.forward, run.trainer.discriminator.forward
    run.trainer.generator.forward = lambda z, c: seen["G"].append(c) or g_forward(z, c)
    run.trainer.discriminator.forward = lambda x, c: seen["D"].append(c) or d_forward(x, c)
    run.trainer.train(2, progress=False)
    assert len(seen["G"]) == 4 and len(seen["D"]) == 6                 # per step: G twice, D three times
    assert all(c.shape == (8, N_CONDITION) and torch.all(c.sum(dim=1) == 2) for c in seen["G"] + seen["D"])
    assert len(run.thickness) == 30 and set(np.unique(run.thickness)) <= {0, 1, 2}


def test_a_conditional_run_resumes_exactly_from_a_checkpoint(tmp_path):
    straight = tiny_run()
    straight.trainer.train(2, progress=False)
    straight.trainer.save(tmp_path / "c.pt")
    straight.trainer.train(2, progress=False)
    resumed = tiny_run(seed=4)
    resumed.trainer.load(tmp_path / "c.pt")
    resumed.trainer.train(2, progress=False)
    assert all(torch.equal(a, b) for a, b in zip(straight.trainer.generator.parameters(),
                                                  resumed.trainer.generator.parameters()))


def test_draw_takes_a_condition_or_a_prompt_and_explains_a_bad_prompt():
    run = tiny_run()
    by_prompt = draw(run.trainer, "a thick seven", 3)
    by_condition = draw(run.trainer, Condition(7, "thick"), 3)
    assert by_prompt.shape == (3, 28, 28) and np.array_equal(by_prompt, by_condition)
    assert not np.array_equal(by_prompt, draw(run.trainer, "a thin seven", 3))
    assert run.trainer.samples(5).shape == (5, 1, 28, 28)
    with pytest.raises(PromptError, match="unknown word"):
        draw(run.trainer, "a purple seven", 3)


def test_balanced_conditions_ask_for_each_digit_equally_with_thicknesses_cycled():
    digits, thickness = balanced_conditions(4)
    assert np.array_equal(np.bincount(digits), [4] * 10)
    assert np.array_equal(thickness[:6], [0, 1, 2, 0, 1, 2]) and len(thickness) == 40


def test_draw_is_draw_batch_for_one_repeated_condition():
    run = tiny_run()
    assert np.array_equal(draw(run.trainer, "a thin two", 4, seed=3),
                          draw_batch(run.trainer, [2] * 4, [0] * 4, seed=3))
