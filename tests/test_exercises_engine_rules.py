"""bpgan.exercises.part1.check_local_derivatives: the learner's local rules of the autodiff engine (notebook 01).

The natural mistakes and the other right forms are rows of the table (exercise_tables_part1.py). Here: the right
rules pass on fresh inputs, an exception in the learner's code is reported with its line, and a rule that is
wrong by more than float32's rounding never passes."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bpgan.autodiff import Value
from bpgan.exercises import Feedback
from bpgan.exercises import part1 as ex

RIGHT = {
    "add_rule": lambda a, b, out: (1.0, 1.0),
    "mul_rule": lambda a, b, out: (b, a),
    "tanh_rule": lambda a, out: 1 - out ** 2,
    "exp_rule": lambda a, out: out,
    "pow_rule": lambda a, n, out: n * a ** (n - 1),
}


def check(seed=0, **wrong):
    return ex.check_local_derivatives(**{**RIGHT, **wrong}, seed=seed)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_right_rules_pass_with_a_short_success_message(seed):
    feedback = check(seed)
    assert isinstance(feedback, Feedback) and feedback.passed, feedback.message
    assert feedback.message.startswith("✓ local rules:") and "\n" not in feedback.message


def test_an_exception_in_the_learners_rule_is_reported_with_its_line():
    def exp_rule(a, out):
        slope = out
        return slope / 0

    feedback = check(exp_rule=exp_rule)
    assert not feedback.passed
    assert "✗ exp_rule: your code raised ZeroDivisionError" in feedback.message
    assert "at line 3 of exp_rule: `return slope / 0`" in feedback.message


def test_a_rule_that_raises_only_inside_the_engine_is_reported_not_crashed():
    calls = []

    def mul_rule(a, b, out):
        calls.append(1)
        if len(calls) > 4:                     # right on its own four cases, then it breaks in the engine
            raise RuntimeError("broken later")
        return b, a

    feedback = check(mul_rule=mul_rule)
    assert not feedback.passed and "✗ mul_rule: your code raised RuntimeError: broken later" in feedback.message


def test_rules_right_alone_but_wrong_in_the_engine_are_named():
    calls = []

    def tanh_rule(a, out):
        calls.append(1)
        return 1 - out ** 2 if len(calls) <= 4 else 0.0

    feedback = check(tanh_rule=tanh_rule)
    assert not feedback.passed
    assert "each rule is right on its own, but backward() with them gives" in feedback.message


def test_missing_return_and_not_a_function_are_named():
    def exp_rule(a, out):
        out  # noqa: B018

    assert "returned None — is a `return` statement missing?" in check(exp_rule=exp_rule).message
    assert "✗ pow_rule: expected a function, got int" in check(pow_rule=3).message


def test_the_first_wrong_rule_is_the_one_reported():
    feedback = check(add_rule=lambda a, b, out: (b, a), pow_rule=lambda a, n, out: n * a ** n)
    assert feedback.message.startswith("✗ add_rule:")


def test_the_reference_is_the_engine_itself():
    a, b = Value(0.7), Value(-1.3)
    assert (a * b).local_derivatives == RIGHT["mul_rule"](0.7, -1.3, None)
    assert ex._value_local_derivatives("tanh_rule", 0.4, math.tanh(0.4)) == pytest.approx(1 - math.tanh(0.4) ** 2)


@given(size=st.floats(1e-4, 10), seed=st.integers(0, 1000), sign=st.sampled_from([-1, 1]),
       rule=st.sampled_from(sorted(RIGHT)))
def test_a_rule_wrong_by_more_than_float32_rounding_never_passes(size, seed, sign, rule):
    right = RIGHT[rule]

    def wrong(*args):
        value = right(*args)
        shift = lambda v: v + sign * size * (1 + abs(v))  # noqa: E731
        return tuple(map(shift, value)) if isinstance(value, tuple) else shift(value)

    assert not check(seed, **{rule: wrong}).passed
