"""Precision and recall in a judge's features (Kynkäänniemi et al. 2019): quality and coverage, apart."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpgan.metrics.scores import precision_recall

RNG = np.random.default_rng(0)
REAL = RNG.normal(size=(300, 8))


def test_a_set_against_itself_is_all_precision_and_all_recall():
    assert precision_recall(REAL, REAL) == (1.0, 1.0)


def test_one_real_sample_repeated_is_precise_but_covers_almost_nothing():
    """Mode collapse: every generated sample looks real (precision 1), but the real variety is not reached."""
    collapsed = np.repeat(REAL[:1], 300, axis=0) + 1e-9 * RNG.normal(size=(300, 8))
    result = precision_recall(REAL, collapsed)
    assert result.precision == 1.0 and result.recall < 0.05


def test_samples_far_from_every_real_one_are_neither_precise_nor_covering():
    result = precision_recall(REAL, REAL + 100.0)
    assert result == (0.0, 0.0)


def test_a_blur_of_the_data_is_low_in_precision_while_new_samples_of_it_score_high():
    fresh = RNG.normal(size=(300, 8))
    blurred = 3.0 * RNG.normal(size=(300, 8))
    good, blurry = precision_recall(REAL, fresh), precision_recall(REAL, blurred)
    assert good.precision > 0.8 and good.recall > 0.8
    assert blurry.precision < 0.5 < good.precision


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 5), st.integers(0, 1000))
def test_precision_of_one_set_is_the_recall_of_the_other(k, seed):
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=(40, 3)), rng.normal(0.5, 1.5, size=(40, 3))
    assert precision_recall(a, b, k).precision == precision_recall(b, a, k).recall


@pytest.mark.parametrize("call, message", [
    (lambda: precision_recall(REAL, REAL[:, :4]), r"shape \(n, 8\)"),
    (lambda: precision_recall(REAL, REAL, k=0), "k must be a whole number from 1"),
    (lambda: precision_recall(REAL[:3], REAL, k=3), r"one less than the smaller set \(2\)"),
    (lambda: precision_recall(REAL * np.nan, REAL), "NaN"),
])
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
