"""Exercises in the notebooks: each has a solution cell and a checked checker cell, the stored verdict is
a pass, and the student copy turns every solution into a stub that its checker rejects clearly."""

import importlib
import importlib.util
import re

import nbformat
import pytest

from notebook_files import ROOT, is_checked, notebook_paths

spec = importlib.util.spec_from_file_location("student_copy", ROOT / "tools" / "student_copy.py")
student_copy = importlib.util.module_from_spec(spec)
spec.loader.exec_module(student_copy)

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
def test_student_copies_replace_solutions_by_stubs_that_the_checkers_reject(path):
    notebook = student_copy.student_notebook(nbformat.read(path, as_version=4))
    module = checker_module(notebook)
    for solution, checker in exercises_of(notebook):
        assert student_copy.STUB in solution.source and not solution.outputs and not checker.outputs
        namespace = {}
        exec(compile(solution.source, "<student cell>", "exec"), namespace)
        call = checker.source.strip().splitlines()[-1]
        feedback = eval(call, {"exercises": module, **namespace})
        assert not feedback.passed
        assert "raised NotImplementedError: exercise: write this function" in feedback.message


def test_stub_keeps_signatures_and_docstrings_and_every_function():
    source = 'import numpy as np\n\n\ndef f(x, y=2):\n    """Doc."""\n    return x + y\n\n\ndef g(z):\n    w = z\n    return w\n'
    stubbed = student_copy.stub_source(source)
    assert 'def f(x, y=2):\n    """Doc."""\n    raise NotImplementedError' in stubbed
    assert "def g(z):\n    raise NotImplementedError" in stubbed
    assert "return" not in stubbed and stubbed.startswith("import numpy as np")
    compile(stubbed, "<stub>", "exec")


def test_a_solution_cell_without_a_function_is_an_error():
    with pytest.raises(ValueError, match="defines no function"):
        student_copy.stub_source("x = 1")
