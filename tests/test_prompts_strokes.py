"""bpgan.gan.text and bpgan.data.strokes: prompts in two languages become a condition; thickness is measured."""

import numpy as np
import pytest

from bpgan.data.mnist import load_mnist
from bpgan.data.strokes import SPECK, stroke_width, thickness_classes, thickness_edges
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


@pytest.mark.parametrize("width", [1, 2, 3, 4, 5, 6])
def test_stroke_width_is_the_width_of_a_bar_odd_or_even(width):
    upright, lying = np.zeros((2, 28, 28))
    upright[4:24, 10:10 + width] = 1
    lying[10:10 + width, 4:24] = 1
    np.testing.assert_allclose(stroke_width(np.stack([upright, lying])), [width, width])


@pytest.mark.parametrize("pixels_per_row", [3, 4, 5, 6])
def test_a_diagonal_stroke_measures_its_width_across_the_stroke(pixels_per_row):
    """A 45° stroke with k ink pixels per row is k/√2 wide, measured at right angles to it."""
    image = np.zeros((1, 28, 28))
    for row in range(2, 26):
        image[0, row, row - 1:row - 1 + pixels_per_row] = 1
    assert stroke_width(image)[0] == pytest.approx(pixels_per_row / np.sqrt(2), rel=0.06)


def test_stroke_width_edge_cases():
    block = np.zeros((1, 28, 28))
    block[0, 6:22, 4:24] = 1                                      # a 16 × 20 block: as wide as it is short
    assert stroke_width(block)[0] == pytest.approx(15, abs=1.5)
    assert stroke_width(np.zeros((1, 28, 28)))[0] == 0.0
    with pytest.raises(ValueError, match="shape \\(n, h, w\\)"):
        stroke_width(np.zeros((28, 28)))
    with pytest.raises(ValueError, match="NaN"):
        stroke_width(np.full((1, 28, 28), np.nan))


def test_stroke_width_ignores_specks_and_pinholes():
    bar = np.zeros((1, 28, 28))
    bar[0, 4:24, 10:15] = 1
    speckled = bar.copy()
    speckled[0, 2, 2] = speckled[0, 26, 20] = speckled[0, 12, 24] = 1      # stray ink pixels
    speckled[0, 8, 12] = speckled[0, 17, 12] = 0                           # pinholes in the stroke
    assert stroke_width(speckled)[0] == pytest.approx(stroke_width(bar)[0])
    blob = np.zeros((1, 28, 28))
    blob[0, 10:12, 10:12] = 1                                              # 4 pixels: not a speck
    assert SPECK <= 4 and stroke_width(blob)[0] > 0


def test_stroke_width_accepts_torch_images_with_a_channel():
    import torch

    bar = torch.zeros(2, 1, 28, 28)
    bar[:, 0, 4:24, 10:13] = 1
    np.testing.assert_allclose(stroke_width(bar), [3, 3])


def test_thickness_classes_split_the_training_digits_in_thirds(cache_dir):
    images, _ = load_mnist("train")
    edges = thickness_edges(images)
    counts = np.bincount(thickness_classes(images, edges), minlength=3)
    assert counts.sum() == 4000 and (np.abs(counts - 4000 / 3) < 60).all()
    assert 1.2 < edges[0] < edges[1] < 3.0
