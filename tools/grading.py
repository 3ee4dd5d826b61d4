"""An nbgrader course made from the notebooks: one assignment per notebook, one graded cell per exercise.

For an instructor who grades: ``make grading`` writes ``build/grading/``, an nbgrader course directory whose
``source/`` holds one assignment per notebook with exercises. In each:

- a cell tagged ``solution`` is an nbgrader solution cell: every function's body (its docstring aside) sits
  between ``### BEGIN SOLUTION`` and ``### END SOLUTION``, which ``nbgrader generate_assignment`` replaces by
  the same stub as a learner copy's, so the checkers say "not written yet";
- the checker cell after it is an autograded test cell worth :data:`POINTS` points; it runs
  ``exercises.check_…(…).require()``, which raises with the checker's message unless the answer passes, so
  nbgrader gives the points exactly when the checker would print ✓;
- a cell that uses a learner's function starts with ``exercises.needs(…)``, as in a learner copy.

Then, in ``build/grading/``::

    nbgrader generate_assignment 02_forward_pass      # release/02_forward_pass/: what students get
    # collect each student's notebook into submitted/<student>/02_forward_pass/
    nbgrader autograde 02_forward_pass                # runs every submission, grades the checker cells
    nbgrader export                                   # grades.csv

Usage: python tools/grading.py OUTPUT_DIR notebooks/*.ipynb
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import learner_copies as lc  # noqa: E402

POINTS = 1
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
CONFIG = f'''"""nbgrader's settings for the Backprop to GANs course (written by tools/grading.py)."""
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "backprop-to-gans"
c.ClearSolutions.code_stub = {{"python": {lc.STUB!r}}}
c.Execute.timeout = 600                     # seconds per cell: notebooks 05 and 08-12 train for a minute or more
'''


def delimit_solution(source: str) -> str:
    """The source with each top-level function's body (docstring kept outside) between BEGIN/END markers."""
    tree = ast.parse(source)
    lines = source.splitlines()
    functions = [node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    if not functions:
        raise ValueError(f"a solution cell defines no function to grade:\n{source}")
    out, cursor = [], 0
    for function in functions:
        body = function.body
        start = body[0].end_lineno if ast.get_docstring(function) else body[0].lineno - 1
        indent = " " * body[0].col_offset
        out.extend(lines[cursor:start])
        out.append(indent + BEGIN)
        out.extend(lines[start:function.end_lineno])
        out.append(indent + END)
        cursor = function.end_lineno
    out.extend(lines[cursor:])
    return "\n".join(out)


def graded_check(source: str) -> str:
    """The checker cell as a test: the last line's checker call, made to raise unless the answer passes."""
    lines = [line for line in source.splitlines() if not line.startswith("# NBVAL")]
    call = lines[-1].rstrip()
    if not re.match(r"^\w+\.check_\w+\(.*\)$", call):
        raise ValueError(f"a checker cell must end in its checker call:\n{source}")
    return "\n".join(lines[:-1] + [f"{call}.require()"])


def _nbgrader(grade_id: str, *, solution: bool = False, grade: bool = False, locked: bool = False) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution,
            "task": False}
    if grade:
        meta["points"] = POINTS
    return meta


def grading_notebook(notebook: nbformat.NotebookNode, stem: str) -> nbformat.NotebookNode:
    """The nbgrader source version of an executed notebook (changes and returns ``notebook``)."""
    needing = lc.cells_needing_exercises(notebook)
    alias = lc.checker_alias(notebook) if needing else ""
    labels = lc.exercise_labels(notebook)
    after_solution = None
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        cell.outputs, cell.execution_count = [], None
        if lc.SOLUTION_TAG in cell.metadata.get("tags", []):
            names = "-".join(sorted(n.name for n in ast.parse(cell.source).body if isinstance(n, ast.FunctionDef)))
            cell.source = delimit_solution(cell.source)
            cell.metadata["nbgrader"] = _nbgrader(f"{stem[:2]}-{names}", solution=True)
            after_solution = names
            continue
        if after_solution and lc.CHECKER_CALL in cell.source:
            cell.source = graded_check(cell.source)
            cell.metadata["nbgrader"] = _nbgrader(f"{stem[:2]}-{after_solution}-check", grade=True, locked=True)
        elif index in needing:
            cell.source = lc._with_guard(cell.source, lc.guard_line(alias, needing[index], labels))
        after_solution = None
    return notebook


def write_course(folder: Path, sources: list[Path]) -> list[str]:
    """nbgrader_config.py and source/<notebook>/<notebook>.ipynb for every notebook with exercises."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nbgrader_config.py").write_text(CONFIG, encoding="utf-8")
    written = []
    for path in sources:
        notebook = nbformat.read(path, as_version=4)
        if not any(lc.SOLUTION_TAG in c.metadata.get("tags", []) for c in notebook.cells):
            continue
        target = folder / "source" / path.stem / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(grading_notebook(notebook, path.stem), target)
        written.append(path.stem)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output_dir", type=Path)
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    assignments = write_course(args.output_dir, args.notebooks)
    print(f"nbgrader course in {args.output_dir}: {len(assignments)} assignments ({', '.join(assignments)});"
          f" next, in that folder: nbgrader generate_assignment <assignment>")
    return 0


if __name__ == "__main__":
    sys.exit(main())
