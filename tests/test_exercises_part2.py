"""bpgan.exercises.part2: the GAN checkers pass right answers, name known mistakes, never pass wrong ones."""

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bpgan.exercises import part2 as ex


def softplus(x):
    return np.logaddexp(0.0, x)


def gaussian(x, mu, sigma):
    return np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))


def sigmoid(l):
    return 1 / (1 + np.exp(-l))


SOLUTIONS = {
    ex.check_input_gradient: lambda W, d: W.T @ d,
    ex.check_generator_logit_gradient: lambda l: -(1 - sigmoid(l)),
    ex.check_discriminator_loss: lambda real, fake: np.mean(softplus(-real)) + np.mean(softplus(fake)),
    ex.check_non_saturating_loss: lambda fake: np.mean(softplus(-fake)),
    ex.check_gaussian_optimal_discriminator:
        lambda x, md, sd, mg, sg: gaussian(x, md, sd) / (gaussian(x, md, sd) + gaussian(x, mg, sg)),
}

MISTAKES = [
    (ex.check_input_gradient, lambda W, d: W @ d, "raised ValueError.*hint: W2 is"),
    (ex.check_input_gradient, lambda W, d: W.T @ d / d.shape[1], "divided by the batch size"),
    (ex.check_input_gradient, lambda W, d: -(W.T @ d), "sign is flipped"),
    (ex.check_input_gradient, lambda W, d: d.T @ W, "returned shape"),
    (ex.check_generator_logit_gradient, lambda l: -sigmoid(l), "minimax loss"),
    (ex.check_generator_logit_gradient, lambda l: sigmoid(l) * (1 - sigmoid(l)), "that is σ′"),
    (ex.check_generator_logit_gradient, lambda l: 1 - sigmoid(l), "sign is flipped"),
    (ex.check_discriminator_loss, lambda r, f: np.mean(softplus(r)) + np.mean(softplus(-f)), "labels are swapped"),
    (ex.check_discriminator_loss, lambda r, f: np.sum(softplus(-r)) + np.sum(softplus(f)), "sums over each batch"),
    (ex.check_discriminator_loss, lambda r, f: np.mean(softplus(-r)), "term for the fakes.*is missing"),
    (ex.check_discriminator_loss, lambda r, f: -np.mean(softplus(-r)) - np.mean(softplus(f)), "sign is flipped"),
    (ex.check_discriminator_loss, lambda r, f: np.mean(softplus(-np.concatenate([r, f]))), "every sample is treated as real"),
    (ex.check_discriminator_loss,
     lambda r, f: -np.mean(np.log(1 / (1 + np.exp(-r)))) - np.mean(np.log(1 - 1 / (1 + np.exp(-f)))),
     "digits are being lost|NaN or inf"),
    (ex.check_non_saturating_loss, lambda f: np.mean(-softplus(f)), "this is the minimax loss"),
    (ex.check_non_saturating_loss, lambda f: np.mean(softplus(f)), "teach G to be caught"),
    (ex.check_non_saturating_loss, lambda f: np.sum(softplus(-f)), "sums over the batch"),
    (ex.check_non_saturating_loss, lambda f: -np.mean(softplus(-f)), "sign is flipped"),
    (ex.check_gaussian_optimal_discriminator,
     lambda x, md, sd, mg, sg: gaussian(x, mg, sg) / (gaussian(x, md, sd) + gaussian(x, mg, sg)), "probability of \\*fake\\*"),
    (ex.check_gaussian_optimal_discriminator,
     lambda x, md, sd, mg, sg: gaussian(x, md, sd) / gaussian(x, mg, sg), "the odds, not a probability"),
    (ex.check_gaussian_optimal_discriminator,
     lambda x, md, sd, mg, sg: np.exp(-0.5 * ((x - md) / sd) ** 2)
     / (np.exp(-0.5 * ((x - md) / sd) ** 2) + np.exp(-0.5 * ((x - mg) / sg) ** 2)), "normalising factor"),
]


@pytest.mark.parametrize("check", list(SOLUTIONS), ids=lambda c: c.__name__)
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_right_answer_passes(check, seed):
    feedback = check(SOLUTIONS[check], seed=seed)
    assert feedback.passed and feedback.message.startswith("✓"), feedback.message


@pytest.mark.parametrize("check, wrong, message", MISTAKES, ids=[f"{c.__name__}-{i}" for i, (c, _, _) in enumerate(MISTAKES)])
@pytest.mark.parametrize("seed", [0, 1])
def test_each_recognised_mistake_is_named(check, wrong, message, seed):
    with np.errstate(all="ignore"):
        feedback = check(wrong, seed=seed)
    assert not feedback.passed and re.search(message, feedback.message), feedback.message


@pytest.mark.parametrize("check", list(SOLUTIONS), ids=lambda c: c.__name__)
@given(size=st.floats(1e-5, 10), seed=st.integers(0, 1000), sign=st.sampled_from([-1, 1]))
def test_a_wrong_answer_never_passes(check, size, seed, sign):
    def wrong(*args):
        right = np.asarray(SOLUTIONS[check](*args), dtype=float)
        return right + sign * size * (1 + np.abs(right))

    assert not check(wrong, seed=seed).passed
