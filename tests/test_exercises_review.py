"""bpgan.exercises.review: notebook 13's self-test passes the right answers and names each known slip."""

import math
import re

import pytest

from bpgan.exercises.review import QUESTIONS, check_self_test

RIGHT = dict(gradient_shape=(30, 784), d_star=0.25, optimum_value=-math.log(4), sigmoid_slope_at_0=0.25,
             receptive_field=18)


def test_the_right_answers_pass_and_a_list_for_a_shape_is_accepted():
    assert check_self_test(lambda: RIGHT).passed
    assert check_self_test(lambda: {**RIGHT, "gradient_shape": [30, 784]}).passed
    assert set(QUESTIONS) == set(RIGHT)


@pytest.mark.parametrize("key, wrong, message", [
    ("gradient_shape", (784, 30), "transposed"),
    ("d_star", 0.75, "probability of \\*real\\*"),
    ("d_star", 1 / 3, "ratio"),
    ("optimum_value", math.log(4), "sign is flipped"),
    ("optimum_value", -math.log(2), "two log ½ terms"),
    ("sigmoid_slope_at_0", 0.5, "that is σ\\(0\\)"),
    ("receptive_field", 10, "product of the \\*earlier\\*"),
    ("receptive_field", 14, "4 input pixels"),
    ("receptive_field", 99, "not the answer"),
])
def test_each_known_slip_is_named_and_the_others_still_marked(key, wrong, message):
    feedback = check_self_test(lambda: {**RIGHT, key: wrong})
    assert not feedback.passed and "4 of 5 right" in feedback.message
    assert re.search(message, feedback.message), feedback.message


@pytest.mark.parametrize("answers, message", [
    (lambda: [0.25], "must return a dict"),
    (lambda: {"d_star": 0.25}, "no answer for gradient_shape"),
    (lambda: 1 / 0, "ZeroDivisionError"),
])
def test_a_broken_answers_function_gets_a_clear_message(answers, message):
    feedback = check_self_test(answers)
    assert not feedback.passed and message in feedback.message
