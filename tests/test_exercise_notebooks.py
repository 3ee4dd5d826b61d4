"""Exercises in the notebooks: each has a solution cell and a checked checker cell, the stored verdict is
a pass, and the learner copy turns every solution into a stub that its checker calls "not written yet"."""

import importlib
import importlib.util
import re

import nbformat
import pytest

from notebook_files import ROOT, is_checked, notebook_paths

spec = importlib.util.spec_from_file_location("learner_copies", ROOT / "tools" / "learner_copies.py")
learner_copies = importlib.util.module_from_spec(spec)
spec.loader.exec_module(learner_copies)

CONTENT = [p for p in notebook_paths() if not p.name.startswith(("00_", "13_"))]


def checker_module(notebook):
    """The module the notebook imports as `exercises` (part1, part2, …)."""
    source = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    match = re.search(r"^from bpgan\.exercises import (\w+) as exercises$", source, flags=re.MULTILINE)
    assert match, "the notebook must import its checkers as `from bpgan.exercises import partN as exercises`"
    return importlib.import_module(f"bpgan.exercises.{match.group(1)}")


def exercises_of(notebook):
    """(solution cell, the code cell after it) pairs, in order."""
    cells = [c for c in notebook.cells if c.cell_type == "code" and c.source.strip()]
    return [(cell, cells[i + 1] if i + 1 < len(cells) else None)
            for i, cell in enumerate(cells) if "solution" in cell.metadata.get("tags", [])]


@pytest.mark.parametrize("path", CONTENT, ids=[p.name for p in CONTENT])
def test_each_content_notebook_has_at_least_two_exercises_with_checked_checkers(path):
    pairs = exercises_of(nbformat.read(path, as_version=4))
    assert len(pairs) >= 2, f"{len(pairs)} exercise(s); the course promises at least two per notebook"
    for solution, checker in pairs:
        assert checker is not None and "exercises.check_" in checker.source and is_checked(checker), \
            f"the solution cell\n{solution.source}\nmust be followed by a # NBVAL_CHECK_OUTPUT cell calling a checker"
        stored = "".join(o.get("data", {}).get("text/plain", "") for o in checker.outputs)
        assert stored.startswith("✓"), f"the stored verdict is not a pass: {stored!r}"


@pytest.mark.parametrize("path", CONTENT, ids=[p.name for p in CONTENT])
def test_learner_copies_replace_solutions_by_stubs_that_the_checkers_call_not_written_yet(path, tmp_path):
    notebook = learner_copies.learner_notebook(nbformat.read(path, as_version=4))
    module = checker_module(notebook)
    for number, (solution, checker) in enumerate(exercises_of(notebook)):
        answers_left_blank = re.search(r"return dict\((\s*\w+=\.\.\.,)+\s*\)", solution.source)   # a paper exercise
        assert (learner_copies.STUB in solution.source or answers_left_blank) and not solution.outputs \
            and not checker.outputs
        cell_file = tmp_path / f"cell_{number}.py"          # a file, so that the checker can read the stub's source
        cell_file.write_text(solution.source)
        namespace = {}
        exec(compile(solution.source, str(cell_file), "exec"), namespace)
        call = checker.source.strip().splitlines()[-1]
        feedback = eval(call, {"exercises": module, **namespace})
        assert not feedback.passed
        assert "not written yet" in feedback.message, feedback.message
