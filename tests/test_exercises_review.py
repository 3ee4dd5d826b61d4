"""bpgan.exercises.review: properties of notebook 13's self-test checker.

Each slip and each paper answer is in ``exercise_tables_review.py``; here: the rounding rule, stubs (raised,
every answer still ``...``) and broken answers functions.
"""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bpgan.exercises.review import QUESTIONS, SIGNIFICANT_DIGITS, check_self_test

RIGHT = dict(gradient_shape=(30, 784), d_star=0.25, optimum_value=-math.log(4), sigmoid_slope_at_0=0.25,
             receptive_field=18)


def test_the_keys_are_the_questions():
    assert set(QUESTIONS) == set(RIGHT) and check_self_test(lambda: RIGHT).passed


@given(st.floats(-0.0049, 0.0049))
def test_minus_log_4_is_right_within_half_a_unit_of_its_third_significant_digit(error):
    assert SIGNIFICANT_DIGITS == 3
    assert check_self_test(lambda: {**RIGHT, "optimum_value": -math.log(4) + error}).passed


@given(st.floats(0.0051, 0.04))
def test_an_answer_off_in_the_third_digit_is_close_but_not_right(error):
    feedback = check_self_test(lambda: {**RIGHT, "optimum_value": -1.386294 + error})
    assert not feedback.passed and "close, but not right to 3 significant digits" in feedback.message


def raised():
    raise NotImplementedError("exercise: write this function")


def template():
    return dict(
        gradient_shape=...,
        d_star=...,
        optimum_value=...,
        sigmoid_slope_at_0=...,
        receptive_field=...,
    )


@pytest.mark.parametrize("stub", [raised, template], ids=["raise NotImplementedError", "every answer ..."])
def test_a_stub_is_not_written_yet(stub):
    feedback = check_self_test(stub)
    assert not feedback.passed and "not written yet" in feedback.message, feedback.message


def test_answers_still_ellipsis_in_a_dict_built_otherwise_are_marked_not_answered():
    answers = {**RIGHT, "d_star": ...}
    feedback = check_self_test(lambda: answers)
    assert not feedback.passed and "4 of 5 right; not answered yet: d_star" in feedback.message


@pytest.mark.parametrize("answers, message", [
    (lambda: [0.25], "must return a dict"),
    (lambda: {"d_star": 0.25}, "no answer for gradient_shape"),
    (lambda: 1 / 0, "ZeroDivisionError"),
    (lambda: {**RIGHT, "d_star": "a quarter"}, "not a number"),
])
def test_a_broken_answers_function_gets_a_clear_message(answers, message):
    feedback = check_self_test(answers)
    assert not feedback.passed and message in feedback.message


@pytest.mark.parametrize("key, text", [("receptive_field", "18"), ("d_star", "0.25"), ("optimum_value", "-1.386"),
                                       ("sigmoid_slope_at_0", "1/4")])
def test_a_number_given_as_text_is_refused_saying_so(key, text):
    feedback = check_self_test(lambda: {**RIGHT, key: text})
    assert not feedback.passed
    assert "this is text" in feedback.message or "not a number" in feedback.message, feedback.message
