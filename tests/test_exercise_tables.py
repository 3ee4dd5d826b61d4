"""Every exercise's checker against its table: each natural mistake named for its cause, every right answer taken.

The tables live in ``exercise_tables_*.py`` (one per checker module, see ``exercise_table.py``). Fixed seeds
only, so that a failure reproduces; the notebooks exercise fresh random inputs.
"""

import importlib
import inspect
import re
import warnings

import pytest

from exercise_table import Exercise
from notebook_files import code_cells, notebook_paths

TABLE_MODULES = ["exercise_tables_part1", "exercise_tables_part2", "exercise_tables_part3", "exercise_tables_part4",
                 "exercise_tables_review"]
SEEDS = [0, 1, 2]
MIN_MISTAKES, MIN_ALSO_RIGHT = 5, 2


def load_exercises() -> list[Exercise]:
    exercises = []
    for name in TABLE_MODULES:
        try:
            exercises.extend(importlib.import_module(name).EXERCISES)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
    return exercises


EXERCISES = load_exercises()


def verdict(exercise, answer, seed):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        seeded = "seed" in inspect.signature(exercise.check).parameters      # the self-test has no random inputs
        return exercise.check(*answer.functions, **({"seed": seed} if seeded else {}))


def said(feedback) -> str:
    """The message without the learner's line it quotes (`at line 1 of f: `…``): a table's one-line lambda holds
    its own ``says``, which must match what the checker says, not the quoted code."""
    return re.sub(r"(\n  at [^\n]*?): `[^\n]*`", r"\1", feedback.message)


def cases(kind):
    return [pytest.param(exercise, answer, id=f"{exercise.key}: {answer.label}")
            for exercise in EXERCISES
            for answer in ([exercise.solution] if kind == "solution" else getattr(exercise, kind))]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("exercise, answer", cases("solution") + cases("also_right"))
def test_a_right_answer_is_taken(exercise, answer, seed):
    feedback = verdict(exercise, answer, seed)
    assert feedback.passed and feedback.message.startswith("✓"), f"{answer.label}: {feedback.message}"
    assert re.search(answer.says, said(feedback)), feedback.message


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("exercise, answer", cases("mistakes"))
def test_a_natural_mistake_is_named_for_its_cause(exercise, answer, seed):
    feedback = verdict(exercise, answer, seed)
    assert not feedback.passed and feedback.message.startswith("✗"), f"{answer.label} passed: {feedback.message}"
    assert re.search(answer.says, said(feedback)), f"{answer.label}: {feedback.message}"


def exercises_in_notebooks() -> set[str]:
    """"02 check_layer_forward" for every checker called right after a solution cell in a notebook."""
    found = set()
    for path in notebook_paths():
        cells = code_cells(path)
        for cell, after in zip(cells, cells[1:]):
            if "solution" in cell.metadata.get("tags", []):
                match = re.search(r"exercises\.(check_\w+)\(", after.source)
                assert match, after.source
                found.add(f"{path.name[:2]} {match.group(1)}")
    return found


def test_every_exercise_of_the_course_has_a_full_table():
    tables = {exercise.key: exercise for exercise in EXERCISES}
    assert len(tables) == len(EXERCISES), "an exercise appears twice in the tables"
    missing = sorted(exercises_in_notebooks() - set(tables))
    assert not missing, f"exercises without a table: {missing}"
    thin = {key: (len(e.mistakes), len(e.also_right)) for key, e in tables.items()
            if len(e.mistakes) < MIN_MISTAKES or len(e.also_right) < MIN_ALSO_RIGHT}
    assert not thin, f"(mistakes, also right) below ({MIN_MISTAKES}, {MIN_ALSO_RIGHT}): {thin}"
