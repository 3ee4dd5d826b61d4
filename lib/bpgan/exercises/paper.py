"""Answers worked out on paper: a learner's ``answers()`` returns a dict of numbers (or shapes), one per question.

A number is right when it agrees with the exact value to :data:`SIGNIFICANT_DIGITS` significant digits (−1.39 or
−1.386 for −log 4 = −1.3863…); an exact expression (``-math.log(4)``) is right too. Whole-number answers (pixels,
shapes) must be exact. Each question lists the slips learners make, each with what it means; a slip is recognised
from :data:`SLIP_DIGITS` digits on, so a rounded slip is named too. Every answer is marked, and the sheet passes only
when all are right; answers still left as ``...`` are listed as not answered yet.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Sequence

from bpgan.exercises.core import FAIL, PASS, Feedback, _Verdict, call, fail, is_stub

SIGNIFICANT_DIGITS = 3         # a paper answer rounded to 3 significant digits is right
SLIP_DIGITS = 2                # a known slip is recognised from 2 significant digits on


@dataclass(frozen=True)
class Question:
    """One question of a sheet: its key in ``answers()``, the question, the right answer and the known slips.

    ``right`` is a number or a shape (a tuple of whole numbers); ``slips`` maps a wrong answer to what it means;
    ``whole`` asks for an exact whole number; ``probability`` names an answer that lies between 0 and 1 ("D*").
    """

    key: str
    text: str
    right: float | tuple
    slips: Mapping = field(default_factory=dict)
    whole: bool = False
    probability: str = ""


def _number(value):
    """The learner's answer as a float, or None when it is not a number (a string that is not one, a list…)."""
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def within_digits(got: float, right: float, digits: int) -> bool:
    """``got`` agrees with ``right`` to ``digits`` significant digits: within half a unit of the last one."""
    if right == 0:
        return abs(got) <= 0.5 * 10.0 ** -digits
    unit = 10.0 ** (math.floor(math.log10(abs(right))) - digits + 1)
    return abs(got - right) <= 0.5 * unit * (1 + 1e-9)


def _as_shape(value):
    if hasattr(value, "tolist") and not isinstance(value, (tuple, list)):
        value = value.tolist()
    if isinstance(value, (tuple, list)) and all(not isinstance(n, (str, bytes)) and _number(n) is not None
                                                and float(n).is_integer() for n in value):
        return tuple(int(n) for n in value)
    return None


def _same(question: Question, got, right, digits: int = SIGNIFICANT_DIGITS) -> bool:
    if isinstance(right, tuple):
        return _as_shape(got) == right
    number = _number(got)
    if number is None or not math.isfinite(number):
        return False
    if question.whole:
        return number == right
    return within_digits(number, right, digits)


def _verdict(question: Question, answer) -> tuple[bool, str]:
    right = question.right
    if isinstance(answer, (str, bytes)) and not isinstance(right, tuple) and _number(answer) is not None:
        return False, (f"this is text (a {type(answer).__name__}), where a number is asked: give the number itself, "
                       f"{_number(answer):g}, without quotes")
    if _same(question, answer, right):
        return True, ""
    slip = next((message for wrong, message in question.slips.items()
                 if _same(question, answer, wrong, SLIP_DIGITS)), None)
    if slip:
        return False, slip
    if isinstance(right, tuple):
        if _as_shape(answer) is None:
            if isinstance(answer, (tuple, list)) and any(isinstance(n, (str, bytes)) for n in answer):
                return False, "the shape holds text: give whole numbers without quotes, (rows, columns)"
            return False, "give the shape as a tuple of whole numbers, (rows, columns)"
        return False, "not the answer"
    number = _number(answer)
    if number is None:
        return False, f"not a number ({type(answer).__name__}): give a number, or an expression such as 1 / 8"
    if not math.isfinite(number):
        return False, f"{number} is not a finite number"
    if question.whole:
        return False, "not the answer" + (" (a count of pixels is a whole number)" if not number.is_integer() else "")
    if _same(question, answer, right, 1) and number == float(f"{number:.1g}"):
        return False, (f"that is the answer to one significant digit: give it to {SIGNIFICANT_DIGITS} significant "
                       "digits (or the exact expression)")
    if _same(question, answer, right, SLIP_DIGITS):
        return False, (f"close, but not right to {SIGNIFICANT_DIGITS} significant digits: round (do not cut off) "
                       f"to {SIGNIFICANT_DIGITS} digits or more, or give the exact expression — and if a number "
                       "on the way (a logarithm, a σ) was rounded, keep it exact until the end")
    if question.probability and not 0 <= number <= 1:
        if 1 < number <= 100 and _same(question, number / 100, right):
            return False, f"that looks like a percentage: give {question.probability} as a probability between 0 and 1, not in %"
        return False, f"not the answer: {question.probability} is a probability, between 0 and 1"
    return False, "not the answer"


def _unanswered(value) -> bool:
    return value is Ellipsis


def _answers_of(answers, keys: Sequence[str], name: str):
    """The learner's dict. A stub (``raise NotImplementedError``, or every answer still ``...``) stops here as
    "not written yet"; a template with only some answers filled in comes back, its ``...`` marked later."""
    try:
        return call(answers, (), name)[0]
    except _Verdict as not_written:
        if not is_stub(answers):
            raise

        def template():          # the same answers, without the stub test: which of them are still `...`?
            return answers()

        try:
            given, _ = call(template, (), name)
        except _Verdict:
            raise not_written from None
        if not isinstance(given, Mapping) or all(_unanswered(given.get(key, ...)) for key in keys):
            raise not_written from None
        return given


def check_sheet(answers, questions: Sequence[Question], name: str) -> Feedback:
    """The learner's ``answers()`` → {key: answer} for every question of the sheet, each marked."""
    keys = [question.key for question in questions]
    try:
        given = _answers_of(answers, keys, name)
        if not isinstance(given, Mapping):
            raise fail(name, f"the function must return a dict with the keys {', '.join(keys)}; got "
                             f"{type(given).__name__}")
        missing = [key for key in keys if key not in given]
        if missing:
            unknown = [str(key) for key in given if key not in keys]
            raise fail(name, f"no answer for {', '.join(missing)}"
                             + (f" (the dict has {', '.join(unknown)}, which is not one of the questions' keys)"
                                if unknown else ""))
        if all(_unanswered(given[key]) for key in keys):
            raise fail(name, "not written yet — replace every `...` with your answer, run the cell, then this "
                             "checker again")
    except _Verdict as verdict:
        return verdict.feedback
    lines, right = [], 0
    unanswered = [key for key in keys if _unanswered(given[key])]
    for question in questions:
        if question.key in unanswered:
            lines.append(f"  … {question.text}: not answered yet ({question.key} is still `...`)")
            continue
        passed, why = _verdict(question, given[question.key])
        if passed:
            right += 1
            lines.append(f"  {PASS} {question.text}")
        else:
            lines.append(f"  {FAIL} {question.text}: {given[question.key]!r} — {why}")
    verdict = PASS if right == len(questions) else FAIL
    header = f"{verdict} {name}: {right} of {len(questions)} right"
    if unanswered:
        header += f"; not answered yet: {', '.join(unanswered)}"
    return Feedback(right == len(questions), header + "\n" + "\n".join(lines))
