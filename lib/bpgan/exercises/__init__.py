"""Exercise checkers that say *what* is wrong, not just "wrong".

A checker runs the learner's function on fresh random inputs, compares it with the tested reference
in ``bpgan``, and when the answer differs it tries the mistakes learners actually make (a missing
transpose, σ′(a) where σ′(z) belongs, a flipped sign, a sum where a mean belongs, …). The first one
that reproduces the learner's output names the mistake. An exception inside the learner's code is
reported with the line that raised it, never as a crash of the checker.

Checkers return a :class:`Feedback`, which prints as one short message and is truthy when passed.
One module per part of the course: :mod:`bpgan.exercises.part1` covers notebooks 01–05,
:mod:`bpgan.exercises.part2` 06–08, :mod:`bpgan.exercises.part3` 09–10, :mod:`bpgan.exercises.part4` 11–12
and :mod:`bpgan.exercises.review` the self-test of 13.

A right answer is never refused: float32 or float64, any equivalent formula, the learner's own earlier function.
In a learner copy an exercise is a stub (``raise NotImplementedError``); a checker calls it "not written yet", and
``needs(f)`` at the top of a later cell stops that cell with one sentence while ``f`` is still a stub.
"""

from bpgan.exercises.core import Feedback, Mistake, NotWrittenYet, needs

__all__ = ["Feedback", "Mistake", "NotWrittenYet", "needs"]
