"""Make student copies of the notebooks: every exercise solution replaced by a stub to fill in.

A cell tagged ``solution`` holds the reference answer to an exercise. In the student copy, each function
defined there keeps its signature (and docstring, if any) while its body becomes
``raise NotImplementedError(...)``; the checker then reports "your code raised NotImplementedError"
until the learner writes the body. Outputs of solution cells and of the checker cells after them are
cleared, so no answer or verdict is given away; every other output (figures, checked numbers) stays.

Usage: python tools/student_copy.py OUTPUT_DIR notebooks/*.ipynb
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

import nbformat

SOLUTION_TAG = "solution"
STUB = 'raise NotImplementedError("exercise: write this function")'


def stub_source(source: str) -> str:
    """The source with each top-level function's body replaced by a stub (signature and docstring kept)."""
    tree = ast.parse(source)
    lines = source.splitlines()
    functions = [node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    if not functions:
        raise ValueError(f"a solution cell defines no function to stub:\n{source}")
    out, cursor = [], 0
    for function in functions:
        body = function.body
        keep_until = body[0].end_lineno if ast.get_docstring(function) else body[0].lineno - 1
        indent = " " * body[0].col_offset
        out.extend(lines[cursor:keep_until])
        out.append(f"{indent}{STUB}")
        cursor = function.end_lineno
    out.extend(lines[cursor:])
    return "\n".join(out)


def student_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    clear_next_checks = False
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if SOLUTION_TAG in cell.metadata.get("tags", []):
            cell.source = stub_source(cell.source)
            cell.outputs, cell.execution_count = [], None
            clear_next_checks = True
        elif clear_next_checks and "exercises.check_" in cell.source:
            cell.outputs, cell.execution_count = [], None
        else:
            clear_next_checks = False
    return notebook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output_dir", type=Path)
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    args.output_dir.mkdir(parents=True, exist_ok=True)
    for path in args.notebooks:
        notebook = student_notebook(nbformat.read(path, as_version=4))
        nbformat.write(notebook, args.output_dir / path.name)
        print(f"wrote {args.output_dir / path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
