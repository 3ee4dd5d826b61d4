"""Prompts for the text-to-image GAN of notebook 10: "a thick seven", "7", "细的七" → a condition.

The conditional GAN is conditioned on two things: the digit (0–9) and a stroke-thickness class
("thin", "regular" or "thick"). A prompt names the digit as a numeral ("7"), an English word ("seven")
or a Chinese numeral ("七", also "〇"/"零" for zero and "两" for two), and may add one thickness word in
either language. Words like "a", "the", "digit", "number", "please" are ignored; anything else is an
error that lists the vocabulary, so a learner typing in the text box gets a helpful message rather
than a traceback.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

DIGIT_WORDS = {
    **{str(d): d for d in range(10)},
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
THICKNESS_CLASSES = ("thin", "regular", "thick")
THICKNESS_WORDS = {
    "thin": "thin", "slim": "thin", "light": "thin", "细": "thin", "细的": "thin", "瘦": "thin",
    "regular": "regular", "normal": "regular", "普通": "regular", "普通的": "regular",
    "thick": "thick", "bold": "thick", "heavy": "thick", "fat": "thick", "粗": "thick", "粗的": "thick",
}
IGNORED = {"a", "an", "the", "digit", "number", "numeral", "of", "please", "draw", "write", "me", "一个", "个",
           "的", "数字", "写", "画", "请"}

# Chinese is written without spaces: split it into the longest known words first.
_CHINESE_WORDS = sorted((w for w in {**DIGIT_WORDS, **THICKNESS_WORDS, **dict.fromkeys(IGNORED)}
                         if not w.isascii()), key=len, reverse=True)
_TOKEN = re.compile("|".join(map(re.escape, _CHINESE_WORDS)) + r"|[A-Za-z]+|\d|\S")


class Condition(NamedTuple):
    digit: int                # 0–9
    thickness: str            # one of THICKNESS_CLASSES; "regular" when the prompt names none


class PromptError(ValueError):
    """A prompt the vocabulary does not cover; the message says what it understands."""


def vocabulary() -> str:
    """What prompts may contain, in one paragraph for an error message or a help text."""
    english = ", ".join(w for w, d in DIGIT_WORDS.items() if w.isalpha() and w.isascii())
    chinese = " ".join(w for w in DIGIT_WORDS if not w.isascii())
    thickness = "; ".join(f"{c}: " + ", ".join(w for w, v in THICKNESS_WORDS.items() if v == c)
                          for c in THICKNESS_CLASSES)
    return (f"one digit — a numeral 0–9, an English word ({english}) or a Chinese numeral ({chinese}) — "
            f"and optionally one thickness word ({thickness})")


QUOTED = 60                 # a prompt longer than this is shortened when an error message quotes it


def normalise(prompt: str) -> str:
    """The prompt as the parser reads it: NFKC-normalised (full-width ７ from a Chinese input method is 7,
    ，is a comma) and without invisible marks (the variation selector and keycap of the emoji 7️⃣)."""
    invisible = ("Mn", "Me", "Cf")          # combining marks, enclosing marks (the keycap), format characters
    return "".join(c for c in unicodedata.normalize("NFKC", prompt) if unicodedata.category(c) not in invisible)


def _quote(text: str) -> str:
    """``text`` quoted for a message: shortened when long, with invisible characters written as escapes."""
    shown = text if len(text) <= QUOTED else text[:QUOTED - 1] + "…"
    shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in shown)
    return f"'{shown}'" + (f" ({len(text):,} characters)" if len(text) > QUOTED else "")


def parse_prompt(prompt: str) -> Condition:
    """The :class:`Condition` a prompt asks for, or a :class:`PromptError` explaining what is wrong."""
    if not isinstance(prompt, str):
        raise PromptError(f"a prompt is text, got {type(prompt).__name__}")
    original, prompt = prompt, normalise(prompt)
    digits, thicknesses, unknown = [], [], []
    for token in _TOKEN.findall(prompt.lower()):
        if token in DIGIT_WORDS:
            digits.append(DIGIT_WORDS[token])
        elif token in THICKNESS_WORDS:
            thicknesses.append(THICKNESS_WORDS[token])
        elif token not in IGNORED and token not in {",", ".", "!", "?", "，", "。", "！", "？", "-"}:
            unknown.append(token)
    if unknown:
        words = ", ".join(map(_quote, unknown[:5])) + (f" and {len(unknown) - 5:,} more" if len(unknown) > 5 else "")
        raise PromptError(f"unknown word{'s' if len(unknown) > 1 else ''} {words} in {_quote(original)}. "
                          f"A prompt holds {vocabulary()}.")
    if len(digits) != 1:
        found = "no digit" if not digits else f"{len(digits)} digits ({', '.join(map(str, digits[:10]))}" + (
            ", …)" if len(digits) > 10 else ")")
        raise PromptError(f"{_quote(original)} names {found}; a prompt holds {vocabulary()}.")
    if len(set(thicknesses)) > 1:
        raise PromptError(f"{_quote(original)} asks for both {' and '.join(sorted(set(thicknesses)))}; choose one.")
    return Condition(digits[0], thicknesses[0] if thicknesses else "regular")
