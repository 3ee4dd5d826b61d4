"""bpgan.exercises.part2: properties of the Part II checkers that a table of answers cannot show.

The natural mistakes each checker names and the unusual right answers it takes are in
``exercise_tables_part2.py`` (run by ``test_exercise_tables.py``); here: a wrong answer never passes, a stub is
"not written yet", the known mistakes of Algorithm 1 are told apart, and the checkers leave torch as they found it.
"""

import time

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from bpgan.exercises import part2 as ex
from exercise_tables_part2 import EXERCISES


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


@pytest.mark.parametrize("check", list(SOLUTIONS), ids=lambda c: c.__name__)
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_right_answer_passes(check, seed):
    feedback = check(SOLUTIONS[check], seed=seed)
    assert feedback.passed and feedback.message.startswith("✓"), feedback.message


@pytest.mark.parametrize("check", list(SOLUTIONS), ids=lambda c: c.__name__)
@given(size=st.floats(1e-3, 10), seed=st.integers(0, 1000), sign=st.sampled_from([-1, 1]))
def test_a_wrong_answer_never_passes(check, size, seed, sign):
    def wrong(*args):
        right = np.asarray(SOLUTIONS[check](*args), dtype=float)
        return right + sign * size * (1 + np.abs(right))

    assert not check(wrong, seed=seed).passed


def stub(*args):
    raise NotImplementedError("exercise: write this function")


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.key)
def test_a_stub_is_not_written_yet(exercise):
    feedback = exercise.check(stub, seed=0)
    assert not feedback.passed and "not written yet" in feedback.message, feedback.message


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.key)
def test_a_checker_answers_quickly_and_leaves_torch_as_it_was(exercise):
    threads = torch.get_num_threads()
    exercise.check(*exercise.solution.functions, seed=0)                # warm up: imports, first calls
    start = time.perf_counter()
    feedback = exercise.check(*exercise.solution.functions, seed=1)
    assert feedback.passed and time.perf_counter() - start < 3.0        # about a second, with room for a busy machine
    assert torch.get_num_threads() == threads


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("dtype", [torch.float64, torch.float32], ids=["float64", "float32"])
def test_the_known_mistakes_of_algorithm1_are_told_apart(seed, dtype):
    """No variant ends where Algorithm 1 or another variant does: otherwise one would be named for the other."""
    seed = int(ex.random_inputs(seed).integers(2**31))
    random = torch.Generator().manual_seed(seed)
    batches = [(torch.randn(16, 2, generator=random, dtype=torch.float64) + 1.5,
                torch.randn(16, 3, generator=random, dtype=torch.float64),
                torch.randn(16, 3, generator=random, dtype=torch.float64)) for _ in range(2)]
    ends = [("Algorithm 1", ex._run_steps(ex._algorithm1_variant(), seed, batches, dtype=dtype)[0][-1])]
    ends += [(message, ex._run_steps(ex._algorithm1_variant(**options), seed, batches, dtype=dtype)[0][-1])
             for options, message in ex._ALGORITHM1_MISTAKES]
    for i, (first, (g1, d1)) in enumerate(ends):
        for second, (g2, d2) in ends[i + 1:]:
            assert not (ex._same(g1, g2) and ex._same(d1, d2)), f"{first!r} and {second!r} end the same"


def test_the_discriminator_loss_meets_a_confident_discriminator():
    """Logits of ±50 and ±100, where σ rounds to 0 or 1: the naive log(1 − σ(l)) gives inf, and is named."""
    cases = ex._logit_cases(ex.random_inputs(0))
    assert max(float(np.abs(np.concatenate(case)).max()) for case in cases) >= 100
    naive = lambda r, f: -np.mean(np.log(sigmoid(r))) - np.mean(np.log(1 - sigmoid(f)))  # noqa: E731
    with np.errstate(all="ignore"):
        assert not np.isfinite(naive(*cases[-1]))
        feedback = ex.check_discriminator_loss(naive, seed=0)
    assert not feedback.passed and "logaddexp" in feedback.message
