"""The table of notebook 13's self-test: answers worked out on paper, the slips behind wrong ones, and answers
only partly filled in. See ``exercise_table.py``."""

import math
from fractions import Fraction

import numpy as np
import torch

from bpgan.exercises import review as ex
from exercise_table import Exercise, right, wrong

RIGHT = dict(gradient_shape=(30, 784), d_star=0.25, optimum_value=-math.log(4), sigmoid_slope_at_0=0.25,
             receptive_field=18)


def answers():                                                 # the notebook's solution
    return dict(
        gradient_shape=(30, 784),
        d_star=0.2 / (0.2 + 0.6),
        optimum_value=-math.log(4),
        sigmoid_slope_at_0=0.25,
        receptive_field=18,
    )


def with_answer(**changed):
    return lambda: {**RIGHT, **changed}


def paper_answers_3_digits():
    return dict(gradient_shape=[30, 784], d_star=0.25, optimum_value=-1.39, sigmoid_slope_at_0=0.25,
                receptive_field=18)


def paper_answers_4_digits():
    return dict(gradient_shape=(30, 784), d_star=1 / 4, optimum_value=-1.386, sigmoid_slope_at_0=0.250,
                receptive_field=18.0)


def computed_answers():
    # numbers as numpy and torch give them, and fractions
    return dict(gradient_shape=np.zeros((30, 784)).shape, d_star=Fraction(1, 4),
                optimum_value=np.float32(2 * math.log(0.5)), sigmoid_slope_at_0=torch.sigmoid(torch.tensor(0.0)) * 0.5,
                receptive_field=np.int64(1 + 3 + 3 * 2 + 2 * 4))


def torch_size_and_log_quarter():
    return dict(gradient_shape=torch.Size([30, 784]), d_star=0.2 / 0.8, optimum_value=math.log(1 / 4),
                sigmoid_slope_at_0=1 / 4, receptive_field=18)


def half_filled_in():                     # a learner copy's template, two answers still `...`
    return dict(
        gradient_shape=(30, 784),
        d_star=...,
        optimum_value=-math.log(4),
        sigmoid_slope_at_0=0.25,
        receptive_field=...,
    )


def misspelt_key():
    return dict(gradient_shape=(30, 784), dstar=0.25, optimum_value=-math.log(4), sigmoid_slope_at_0=0.25,
                receptive_field=18)


EXERCISES = [
    Exercise(
        notebook="13", check=ex.check_self_test,
        solution=right("the notebook's answers", answers, says=r"5 of 5 right"),
        mistakes=[
            wrong("W^2's shape transposed", with_answer(gradient_shape=(784, 30)),
                  says=r"4 of 5 right\n.*\(784, 30\) — transposed"),
            wrong("W^3's shape", with_answer(gradient_shape=(10, 30)), says=r"that is W\^3"),
            wrong("W^3's shape transposed", with_answer(gradient_shape=(30, 10)), says=r"that is W\^3 .* transposed"),
            wrong("a shape as a list of text", with_answer(gradient_shape=["30", "784"]),
                  says=r"the shape holds text: give whole numbers without quotes"),
            wrong("jump multiplied first", with_answer(receptive_field=27), says=r"27 — a layer's own stride widens"),
            wrong("layers last first", with_answer(receptive_field=12), says=r"12 — the layers are taken last first"),
            wrong("b^2's shape", with_answer(gradient_shape=(30,)), says=r"shape of the bias b\^2"),
            wrong("a shape as text", with_answer(gradient_shape="30x784"), says=r"tuple of whole numbers"),
            wrong("D* = p_g / (p_data + p_g)", with_answer(d_star=0.75), says=r"probability of \*real\*"),
            wrong("D* = p_data / p_g, rounded", with_answer(d_star=0.33), says=r"the ratio p_data / p_g"),
            wrong("D* = ½", with_answer(d_star=0.5), says=r"only where p_g = p_data"),
            wrong("+log 4", with_answer(optimum_value=1.386), says=r"sign is flipped"),
            wrong("−log 2", with_answer(optimum_value=-0.693), says=r"two log ½ terms"),
            wrong("−2, in bits", with_answer(optimum_value=-2), says=r"in bits"),
            wrong("−log 4 rounded to 2 digits", with_answer(optimum_value=-1.4),
                  says=r"close, but not right to 3 significant digits"),
            wrong("−log 4 cut off, not rounded", with_answer(optimum_value=-1.38),
                  says=r"close, but not right to 3 significant digits"),
            wrong("σ(0)", with_answer(sigmoid_slope_at_0=0.5), says=r"that is σ\(0\)"),
            wrong("tanh′(0)", with_answer(sigmoid_slope_at_0=1), says=r"tanh′\(0\)"),
            wrong("strides not multiplied", with_answer(receptive_field=10), says=r"product of the \*earlier\*"),
            wrong("last step 2", with_answer(receptive_field=14), says=r"4 input pixels"),
            wrong("one short", with_answer(receptive_field=17), says=r"one short"),
            wrong("the jump", with_answer(receptive_field=8), says=r"that is the jump"),
            wrong("a fraction of a pixel", with_answer(receptive_field=18.5), says=r"a whole number"),
            wrong("C(G) = ½, D* at the optimum", with_answer(optimum_value=0.5),
                  says=r"0\.5 — ½ is D\*\(x\) at the optimum \(p_g = p_data\), not C\(G\)"),
            wrong("the strides forgotten: 4 + 4 + 3 − 2", with_answer(receptive_field=9),
                  says=r"9 — the strides are forgotten: 4 \+ 4 \+ 3 − 2"),
            wrong("the product of the kernels", with_answer(receptive_field=48),
                  says=r"48 — that is the product of the kernels, 4 × 4 × 3"),
            wrong("D* as a percentage", with_answer(d_star=25), says=r"25 — that looks like a percentage"),
            wrong("D* above 1", with_answer(d_star=4), says=r"4 — not the answer: D\* is a probability, between 0 and 1"),
            wrong("a pixel count as text", with_answer(receptive_field="18"),
                  says=r"'18' — this is text \(a str\), where a number is asked: give the number itself, 18, "
                       r"without quotes"),
            wrong("a paper answer as text", with_answer(optimum_value="-1.39"),
                  says=r"'-1\.39' — this is text \(a str\), where a number is asked"),
            wrong("two answers still `...`", half_filled_in,
                  says=r"3 of 5 right; not answered yet: d_star, receptive_field\n(.*\n)*.*d_star is still `...`"),
            wrong("a key misspelt", misspelt_key, says=r"no answer for d_star \(the dict has dstar"),
        ],
        also_right=[
            right("on paper, to 3 significant digits (−1.39), a list for the shape", paper_answers_3_digits),
            right("on paper, to 4 significant digits (−1.386), 18.0", paper_answers_4_digits),
            right("numpy, torch and Fraction values", computed_answers),
            right("torch.Size, log(1/4)", torch_size_and_log_quarter),
        ],
    ),
]
