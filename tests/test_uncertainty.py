"""The exact tests and the bootstrap interval behind notebook 08's comparisons of recipes over ten seeds."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpgan.metrics.uncertainty import bootstrap_interval, fisher_p, permutation_p


def brute_force_p(a, b):
    """Every split of the pooled values, counted by hand."""
    pooled, observed = list(a) + list(b), abs(np.mean(a) - np.mean(b))
    splits = list(itertools.combinations(range(len(pooled)), len(a)))
    extreme = 0
    for chosen in splits:
        x = [pooled[i] for i in chosen]
        y = [pooled[i] for i in range(len(pooled)) if i not in chosen]
        extreme += abs(np.mean(x) - np.mean(y)) >= observed - 1e-12
    return extreme / len(splits)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 8), min_size=2, max_size=5), st.lists(st.integers(0, 8), min_size=2, max_size=5))
def test_the_permutation_test_is_exact(a, b):
    assert permutation_p(a, b) == pytest.approx(brute_force_p(a, b), abs=1e-12)


def test_two_groups_that_never_overlap_get_the_smallest_possible_p():
    assert permutation_p(np.arange(10), np.arange(10) + 100) == pytest.approx(2 / math.comb(20, 10))
    assert permutation_p([3, 4, 5], [3, 4, 5]) == 1.0


def test_fisher_is_symmetric_and_one_for_equal_counts():
    assert fisher_p(5, 10, 5, 10) == 1.0
    assert fisher_p(10, 10, 5, 10) == pytest.approx(fisher_p(5, 10, 10, 10))
    assert fisher_p(10, 10, 5, 10) < 0.05 < fisher_p(9, 10, 5, 10)      # 10/10 vs 5/10 is rare by chance; 9/10 is not


def test_the_bootstrap_interval_holds_the_mean_and_is_reproducible():
    values = [8, 4, 4, 4, 4, 3, 4, 6, 5, 4]
    low, high = bootstrap_interval(values, seed=3)
    assert low <= np.mean(values) <= high and (low, high) == bootstrap_interval(values, seed=3)
    assert bootstrap_interval([8] * 10) == (8.0, 8.0)
    wide, narrow = bootstrap_interval(values), bootstrap_interval(values * 10)
    assert narrow[1] - narrow[0] < wide[1] - wide[0], "ten times the seeds, a narrower interval"


@pytest.mark.parametrize("call, message", [
    (lambda: permutation_p([1], [1, 2]), "a needs at least 2 values"),
    (lambda: permutation_p([1, float("nan")], [1, 2]), "a contains NaN"),
    (lambda: permutation_p(list(range(20)), list(range(20))), "would try 137,846,528,820 splits"),
    (lambda: fisher_p(11, 10, 5, 10), r"yes_a \(11\) cannot exceed its total \(10\)"),
    (lambda: fisher_p(1.5, 10, 5, 10), "yes_a must be a whole number"),
    (lambda: bootstrap_interval([1, 2], level=95), "level must lie strictly between 0 and 1"),
])
def test_bad_input_is_named(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()
