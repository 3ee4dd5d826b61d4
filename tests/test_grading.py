"""tools/grading.py: the nbgrader cycle on two synthetic submissions gives the grades the checkers imply."""

import csv
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from notebook_files import NOTEBOOK_DIR, ROOT

spec = importlib.util.spec_from_file_location("grading", ROOT / "tools" / "grading.py")
grading = importlib.util.module_from_spec(spec)
spec.loader.exec_module(grading)

ASSIGNMENT = "02_forward_pass"
SIGMOID_PRIME = "def sigmoid_prime(z):\n    s = activations.sigmoid(z)\n    return s * (1 - s)"
SUBMISSIONS = {
    # float32 and the sigmoid written out: right answers, in another form than the solution's
    "alice": {"layer_forward": "def layer_forward(W, a_prev, b):\n"
                               "    z = (W @ a_prev + b).astype(np.float32)\n    return 1 / (1 + np.exp(-z))",
              "sigmoid_prime": SIGMOID_PRIME},
    "bob": {"layer_forward": "def layer_forward(W, a_prev, b):\n    return activations.sigmoid(W @ a_prev)",
            "sigmoid_prime": SIGMOID_PRIME},
}


def test_solutions_are_delimited_for_nbgrader_and_checks_become_graded_cells():
    source = nbformat.read(NOTEBOOK_DIR / f"{ASSIGNMENT}.ipynb", as_version=4)
    notebook = grading.grading_notebook(source, ASSIGNMENT)
    solutions = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("solution")]
    tests = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert len(solutions) == len(tests) == 2
    assert solutions[0].source.splitlines() == ["def layer_forward(W, a_prev, b):", f"    {grading.BEGIN}",
                                                "    return activations.sigmoid(W @ a_prev + b)",
                                                f"    {grading.END}"]
    assert tests[0].source == "exercises.check_layer_forward(layer_forward).require()"
    assert tests[0].metadata.nbgrader["points"] == grading.POINTS and tests[0].metadata.nbgrader["locked"]
    assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code")


def test_a_docstring_stays_outside_the_solution_region():
    source = 'def f(x):\n    """Twice x."""\n    y = 2 * x\n    return y'
    assert grading.delimit_solution(source).splitlines() == [
        "def f(x):", '    """Twice x."""', f"    {grading.BEGIN}", "    y = 2 * x", "    return y", f"    {grading.END}"]


def nbgrader(course, *args):
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}  # it runs alembic
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env, capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def test_the_whole_nbgrader_cycle_grades_a_right_and_a_wrong_submission(tmp_path):
    pytest.importorskip("nbgrader", reason="nbgrader is not installed: `make grading-env` installs it (CI does)")
    course = tmp_path / "course"
    assert grading.write_course(course, [NOTEBOOK_DIR / f"{ASSIGNMENT}.ipynb"]) == [ASSIGNMENT]
    nbgrader(course, "generate_assignment", ASSIGNMENT)
    released = course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    stubs = [c.source for c in nbformat.read(released, as_version=4).cells if "solution" in c.metadata.get("tags", [])]
    assert stubs == [f"def {name}{args}:\n    {grading.lc.STUB}" for name, args in
                     [("layer_forward", "(W, a_prev, b)"), ("sigmoid_prime", "(z)")]]
    for student, answers in SUBMISSIONS.items():
        notebook = nbformat.read(released, as_version=4)
        for cell in notebook.cells:
            for name, code in answers.items():
                if cell.source.startswith(f"def {name}("):
                    cell.source = code
        target = course / "submitted" / student / ASSIGNMENT / released.name
        target.parent.mkdir(parents=True)
        nbformat.write(notebook, target)
    nbgrader(course, "autograde", ASSIGNMENT, "--create")
    nbgrader(course, "export")
    with open(course / "grades.csv", newline="") as table:
        scores = {row["student_id"]: (float(row["score"]), float(row["max_score"])) for row in csv.DictReader(table)}
    assert scores == {"alice": (2.0, 2.0), "bob": (1.0, 2.0)}
    graded = nbformat.read(course / "autograded" / "bob" / ASSIGNMENT / released.name, as_version=4)
    errors = [o for c in graded.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert any("bias is missing" in o.evalue for o in errors), json.dumps([o.evalue for o in errors])
    shutil.rmtree(course)
