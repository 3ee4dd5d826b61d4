"""bpgan.gan.text and bpgan.data.strokes: prompts in two languages become a condition; thickness is measured."""

import numpy as np
import pytest

from bpgan.data.mnist import load_mnist
from bpgan.data.strokes import stroke_thickness, thickness_classes, thickness_edges
from bpgan.gan.text import Condition, PromptError, parse_prompt

ENGLISH = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
CHINESE = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]


@pytest.mark.parametrize("digit", range(10))
def test_every_digit_in_numerals_english_and_chinese(digit):
    for prompt in (str(digit), ENGLISH[digit], ENGLISH[digit].upper(), f"a {ENGLISH[digit]}", CHINESE[digit],
                   f"请画一个{CHINESE[digit]}"):
        assert parse_prompt(prompt) == Condition(digit, "regular"), prompt


def test_other_ways_of_writing_zero_and_two():
    assert parse_prompt("〇").digit == 0 and parse_prompt("两").digit == 2


@pytest.mark.parametrize("prompt, expected", [
    ("a thick seven", Condition(7, "thick")), ("thin 1", Condition(1, "thin")), ("Bold 3!", Condition(3, "thick")),
    ("粗的七", Condition(7, "thick")), ("细的四", Condition(4, "thin")), ("a normal nine", Condition(9, "regular")),
    ("the digit eight, thick, please", Condition(8, "thick")),
])
def test_thickness_words_in_both_languages(prompt, expected):
    assert parse_prompt(prompt) == expected


@pytest.mark.parametrize("prompt, message", [
    ("a purple seven", "unknown word 'purple'.*A prompt holds one digit"),
    ("十", "unknown word '十'"),
    ("seven eight", "names 2 digits \\(7, 8\\)"),
    ("77", "names 2 digits"),
    ("a thick one", None),
    ("thick", "names no digit"),
    ("", "names no digit"),
    ("thick thin 7", "asks for both thick and thin"),
])
def test_bad_prompts_get_a_message_naming_the_problem_and_the_vocabulary(prompt, message):
    if message is None:
        assert parse_prompt(prompt) == Condition(1, "thick")
        return
    with pytest.raises(PromptError, match=message):
        parse_prompt(prompt)


def test_a_prompt_must_be_text():
    with pytest.raises(PromptError, match="a prompt is text, got int"):
        parse_prompt(7)


def test_thickness_grows_with_the_width_of_a_stroke():
    bars = np.zeros((3, 28, 28))
    bars[0, 4:24, 10:11] = 1
    bars[1, 4:24, 10:13] = 1
    bars[2, 4:24, 8:16] = 1
    np.testing.assert_allclose(stroke_thickness(bars), [2.0, 2 * 60 / 42, 2 * 160 / 52])
    assert stroke_thickness(np.zeros((1, 28, 28)))[0] == 0.0
    with pytest.raises(ValueError, match="shape \\(n, h, w\\)"):
        stroke_thickness(np.zeros((28, 28)))


def test_thickness_classes_split_the_training_digits_in_thirds(cache_dir):
    images, _ = load_mnist("train")
    edges = thickness_edges(images)
    counts = np.bincount(thickness_classes(images, edges), minlength=3)
    assert counts.sum() == 4000 and (np.abs(counts - 4000 / 3) < 60).all()
    assert 2.0 < edges[0] < edges[1] < 4.0
