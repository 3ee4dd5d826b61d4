"""The table every exercise's checker is tested against: natural mistakes it must name, right answers it must take.

Each exercise of the course has one :class:`Exercise` entry in a table module (``exercise_tables_*.py``,
one per checker module) listing

- ``mistakes``: at least five wrong answers a learner would naturally write, each with a regular expression
  the checker's message must match — the message names the cause in the course's notation, or points at the
  learner's line; never a wrong cause, never a bare exception;
- ``also_right``: at least two right answers other than the notebook's own solution (float32, another
  equivalent formula, the learner's own earlier function, a paper answer rounded to the digits asked for),
  each with the reason it is right; the checker must accept every one.

``tests/test_exercise_tables.py`` runs every entry on fixed seeds, so any failure reproduces.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Answer:
    """One learner answer: the function(s) handed to the checker, and what must be said about it.

    ``functions`` is a tuple when the checker takes several (01's five local rules). ``says`` is a regular
    expression searched for in the message (for a right answer it may be empty). ``label`` names the case in
    the test ids and in the session notes.
    """

    label: str
    functions: tuple
    says: str = ""


def wrong(label: str, *functions: Callable, says: str) -> Answer:
    return Answer(label, functions, says)


def right(label: str, *functions: Callable, says: str = "") -> Answer:
    return Answer(label, functions, says)


@dataclass(frozen=True)
class Exercise:
    """A notebook's exercise: its checker, the notebook's solution, and the table of answers."""

    notebook: str                    # "02"
    check: Callable                  # exercises.check_layer_forward
    solution: Answer
    mistakes: list[Answer] = field(default_factory=list)
    also_right: list[Answer] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.notebook} {self.check.__name__}"
