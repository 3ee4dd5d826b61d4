"""bpgan.gan.models and bpgan.gan.digits: the DCGAN players' shapes, the data they see, eval-mode sampling."""

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bpgan.gan.digits import digit_sampler, digit_trainer, sample_digits, to_unit
from bpgan.gan.models import Discriminator, Generator, transposed_output_size


@settings(max_examples=40, deadline=None)
@given(size=st.integers(1, 12), kernel=st.integers(1, 6), stride=st.integers(1, 3), padding=st.integers(0, 2))
def test_transposed_output_size_matches_torch(size, kernel, stride, padding):
    expected = transposed_output_size(size, kernel, stride, padding)
    assume(expected >= 1)                                   # torch refuses layers with no output
    layer = torch.nn.ConvTranspose2d(1, 1, kernel, stride=stride, padding=padding)
    assert layer(torch.zeros(1, 1, size, size)).shape[-1] == expected


def test_the_players_shapes_with_and_without_a_condition():
    g, d = Generator(noise_dim=8, width=4), Discriminator(width=4)
    images = g(torch.randn(5, 8))
    assert images.shape == (5, 1, 28, 28) and images.min() >= -1 and images.max() <= 1
    assert d(images).shape == (5, 1)
    gc, dc = Generator(noise_dim=8, width=4, n_condition=13), Discriminator(width=4, n_condition=13)
    condition = torch.nn.functional.one_hot(torch.arange(5) % 13, 13).float()
    assert gc(torch.randn(5, 8), condition).shape == (5, 1, 28, 28)
    assert dc(images, condition).shape == (5, 1)


def test_digit_sampler_scales_to_the_tanh_range_and_explains_bad_input():
    images = np.linspace(0, 1, 3 * 28 * 28, dtype=np.float32).reshape(3, 28, 28)
    batch = digit_sampler(images)(10, torch.Generator().manual_seed(0))
    assert batch.shape == (10, 1, 28, 28) and batch.min() >= -1 and batch.max() <= 1
    back = to_unit(batch)                                     # (10, 28, 28) in [0, 1] again
    assert all(min(np.abs(image - original).max() for original in images) < 1e-6 for image in back)
    with pytest.raises(ValueError, match="shape \\(n, 28, 28\\)"):
        digit_sampler(np.zeros((3, 784), dtype=np.float32))
    with pytest.raises(ValueError, match="lie in \\[0, 1\\]"):
        digit_sampler(np.full((1, 28, 28), 255.0, dtype=np.float32))


def test_samples_are_drawn_in_eval_mode_and_leave_training_mode_alone():
    images = np.random.default_rng(0).uniform(size=(20, 28, 28)).astype(np.float32)
    trainer = digit_trainer(images, width=4, noise_dim=8, batch_size=8)
    trainer.train(2, progress=False)
    noise = torch.randn(6, 8, generator=torch.Generator().manual_seed(1))
    alone = sample_digits(trainer, noise[:1])
    together = sample_digits(trainer, noise)
    np.testing.assert_allclose(alone[0], together[0], atol=1e-6)      # batch norm uses its running averages
    assert trainer.generator.training and together.shape == (6, 28, 28)
    assert 0 <= together.min() and together.max() <= 1
    with pytest.raises(TypeError, match="unknown recipe entries"):
        digit_trainer(images, widht=3)


def test_meets_target_needs_both_coverage_and_a_small_frechet_distance():
    from bpgan.gan.digits import COVERAGE_TARGET, FRECHET_TARGET, meets_target
    from bpgan.metrics.judge import Scores

    assert meets_target(Scores(COVERAGE_TARGET, 0.8, FRECHET_TARGET))
    assert not meets_target(Scores(COVERAGE_TARGET - 0.01, 0.8, 10.0))
    assert not meets_target(Scores(2.3, 0.8, FRECHET_TARGET + 0.1))


def test_the_digit_recipe_samples_from_the_weight_average_and_penalises_d():
    from bpgan.gan.digits import DIGIT_RECIPE

    images = np.random.default_rng(0).random((64, 28, 28)).astype(np.float32)
    trainer = digit_trainer(images, seed=0)
    assert trainer.r1_gamma == DIGIT_RECIPE["r1_gamma"] > 0 and trainer.ema == DIGIT_RECIPE["ema"] > 0
    trainer.train(2, progress=False)
    noise = torch.randn(4, DIGIT_RECIPE["noise_dim"])
    with torch.no_grad():
        trainer.averaged_generator.grow[-2].bias += 100.0         # the average now draws all-white images
    assert (sample_digits(trainer, noise) == 1).all()
