"""Learner copies of the notebooks: every exercise a stub to write, every prediction's answer unseen.

The course's notebooks (``notebooks/``) are stored executed, solutions and all. A learner works in copies:

- **Exercise solutions become stubs.** A cell tagged ``solution`` keeps each function's signature and
  docstring; its body becomes ``raise NotImplementedError("exercise: write this function")``, which the
  checker below it reports as "not written yet". A function whose whole body is ``return dict(key=value, …)``
  (a list of answers) keeps its keys, each value replaced by ``...`` for the learner to fill in.
- **Answers are not on screen before the learner has tried.** The outputs of solution cells, of the checker
  cells after them and of cells tagged ``predict`` (the cell that answers a "Predict, then run" question) are
  cleared: the learner sees them when they run the cell.
- **Cells that need a learner's function say so.** A later cell that uses an exercise's function, or a value
  computed from one, gets a first line ``exercises.needs(function)``. While the function is still a stub, that
  line stops the cell with one sentence naming the function and its exercise, instead of a ``NameError``
  several cells later. Its stored outputs are cleared too: they would show what the learner's code has not
  yet made.

Three kinds of folder are written:

``learner`` (``make lab``)
    The learner's own folder. **A learner's edits are never overwritten.** Beside the copies, a hidden
    ``.course/`` folder keeps the copy exactly as last written. A copy that still equals it is the
    learner's untouched, and is brought up to date; a copy that differs holds the learner's work and is
    kept: when the course has changed since, the new version is written to ``updates/`` and the sections
    that changed are listed. The full notebooks, solutions included, are in ``solutions/`` (read-only).
``student`` (``make student``)
    Copies for an instructor to hand out: the same learner copies, without solutions, rewritten every time.

Usage: python tools/learner_copies.py {learner,student} OUTPUT_DIR notebooks/*.ipynb
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import stat
import sys
from pathlib import Path

import nbformat

SOLUTION_TAG = "solution"
PREDICT_TAG = "predict"
STUB = 'raise NotImplementedError("exercise: write this function")'
CHECKER_CALL = "exercises.check_"
PRISTINE = ".course"
UPDATES = "updates"
SOLUTIONS = "solutions"
_MAGIC = re.compile(r"^\s*[%!]")


# ---------------------------------------------------------------- stubs

def _answer_template(function: ast.FunctionDef, lines: list[str]) -> list[str] | None:
    """For ``return dict(k=v, …)`` as the whole body: the same lines with every value replaced by ``...``."""
    body = function.body[1:] if ast.get_docstring(function) else function.body
    if len(body) != 1 or not isinstance(body[0], ast.Return):
        return None
    call = body[0].value
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "dict"
            and not call.args and call.keywords and all(k.arg for k in call.keywords)):
        return None
    indent = " " * body[0].col_offset
    return ([f"{indent}return dict("] + [f"{indent}    {k.arg}=...," for k in call.keywords] + [f"{indent})"])


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
        out.extend(lines[cursor:keep_until])
        template = _answer_template(function, lines)
        if template is None:
            out.append(" " * body[0].col_offset + STUB)
        else:
            out.extend(template)
        cursor = function.end_lineno
    out.extend(lines[cursor:])
    return "\n".join(out)


# ---------------------------------------------------------------- which cells need the learner's functions

class _Reads(ast.NodeVisitor):
    """The names a cell reads before binding them itself, and the names it binds at the top level."""

    def __init__(self, bound: set[str] | None = None):
        self.reads: set[str] = set()
        self.bound: set[str] = set(bound or ())

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            if node.id not in self.bound:
                self.reads.add(node.id)
        else:
            self.bound.add(node.id)

    def visit_Assign(self, node: ast.Assign) -> None:        # the value is read before the targets are bound
        self.visit(node.value)
        for target in node.targets:
            self.visit(target)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.visit(node.value)
        if isinstance(node.target, ast.Name) and node.target.id not in self.bound:
            self.reads.add(node.target.id)
        self.visit(node.target)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)
        self.visit(node.target)

    def visit_For(self, node: ast.For) -> None:
        self.visit(node.iter)
        self.visit(node.target)
        for statement in node.body + node.orelse:
            self.visit(statement)

    def _inner_scope(self, arguments: ast.arguments, body) -> None:
        inner = _Reads({a.arg for a in ast.walk(arguments) if isinstance(a, ast.arg)})
        for statement in body if isinstance(body, list) else [body]:
            inner.visit(statement)
        self.reads |= inner.reads - self.bound

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        for expression in node.decorator_list + node.args.defaults + [d for d in node.args.kw_defaults if d]:
            self.visit(expression)
        self.bound.add(node.name)
        self._inner_scope(node.args, node.body)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        for expression in node.args.defaults:
            self.visit(expression)
        self._inner_scope(node.args, node.body)

    def _comprehension(self, node, elements) -> None:
        inner = _Reads(self.bound)
        for generator in node.generators:
            inner.visit(generator.iter)
            inner.visit(generator.target)
            for condition in generator.ifs:
                inner.visit(condition)
        for element in elements:
            inner.visit(element)
        self.reads |= inner.reads

    def visit_ListComp(self, node) -> None:
        self._comprehension(node, [node.elt])

    visit_SetComp = visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node: ast.DictComp) -> None:
        self._comprehension(node, [node.key, node.value])

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.bound.add(node.name)
        for statement in node.body:
            self.visit(statement)

    def visit_Import(self, node) -> None:
        for alias in node.names:
            self.bound.add((alias.asname or alias.name).split(".")[0])

    visit_ImportFrom = visit_Import


def _reads_and_binds(source: str) -> tuple[set[str], set[str]]:
    python = "\n".join("" if _MAGIC.match(line) else line for line in source.splitlines())
    visitor = _Reads()
    visitor.visit(ast.parse(python))
    return visitor.reads, visitor.bound


def cells_needing_exercises(notebook: nbformat.NotebookNode) -> dict[int, list[str]]:
    """{cell index: the exercise functions it needs}, for every code cell that is neither a solution nor a
    checker and reads a solution's function or a name bound (in an earlier such cell) from one."""
    depends: dict[str, set[str]] = {}                     # name -> the exercise functions its value comes from
    needing: dict[int, list[str]] = {}
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        reads, binds = _reads_and_binds(cell.source)
        if SOLUTION_TAG in cell.metadata.get("tags", []):
            for name in binds:
                depends[name] = {name}
            continue
        if CHECKER_CALL in cell.source:
            continue
        roots = set().union(*(depends[name] for name in reads if name in depends))
        for name in binds:
            if roots:
                depends[name] = roots
            else:
                depends.pop(name, None)                   # rebound from something the learner did not write
        if roots:
            needing[index] = sorted(roots)
    return needing


def checker_alias(notebook: nbformat.NotebookNode) -> str:
    """The name under which the notebook imports its checkers (``from bpgan.exercises import partN as …``)."""
    for cell in notebook.cells:
        if cell.cell_type == "code":
            match = re.search(r"^from bpgan\.exercises import \w+ as (\w+)$", cell.source, flags=re.MULTILINE)
            if match:
                return match.group(1)
    raise ValueError("the notebook has exercises but never imports its checkers from bpgan.exercises")


def exercise_labels(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """{function: "Exercise 3"} for every function a solution cell defines, from the heading above it."""
    labels, label = {}, "its exercise"
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#+ (Exercise \d+|Self-test)", cell.source, flags=re.MULTILINE)
            label = match.group(1) if match else label
        elif SOLUTION_TAG in cell.metadata.get("tags", []):
            labels.update({name: label for name in _reads_and_binds(cell.source)[1]})
    return labels


def guard_line(alias: str, functions: list[str], labels: dict[str, str]) -> str:
    where = sorted({labels.get(f, "its exercise") for f in functions})
    return f"{alias}.needs({', '.join(functions)})   # this cell uses your code from {' and '.join(where)}"


def _with_guard(source: str, guard: str) -> str:
    lines = source.splitlines()
    at = 0
    while at < len(lines) and lines[at].startswith("# NBVAL"):
        at += 1
    return "\n".join(lines[:at] + [guard] + lines[at:])


def _clear(cell: nbformat.NotebookNode) -> None:
    cell.outputs, cell.execution_count = [], None


def learner_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The learner copy of an executed notebook (changes and returns ``notebook``)."""
    needing = cells_needing_exercises(notebook)
    alias = checker_alias(notebook) if needing else ""
    labels = exercise_labels(notebook)
    after_solution = False
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.get("tags", [])
        if SOLUTION_TAG in tags:
            cell.source = stub_source(cell.source)
            _clear(cell)
            after_solution = True
            continue
        if (after_solution and CHECKER_CALL in cell.source) or PREDICT_TAG in tags:
            _clear(cell)
        if index in needing:
            cell.source = _with_guard(cell.source, guard_line(alias, needing[index], labels))
            _clear(cell)
        after_solution = after_solution and CHECKER_CALL in cell.source
    return notebook


def learner_bytes(path: Path) -> bytes:
    return nbformat.writes(learner_notebook(nbformat.read(path, as_version=4))).encode("utf-8") + b"\n"


# ---------------------------------------------------------------- the learner's folder

def _sections(notebook_bytes: bytes) -> list[tuple[str, str]]:
    """(heading, the section's cell sources) for each ``#``/``##`` section, in order."""
    notebook = nbformat.reads(notebook_bytes.decode("utf-8"), as_version=4)
    sections, heading, sources = [], "(before the first heading)", []
    for cell in notebook.cells:
        first = cell.source.lstrip().splitlines()[0] if cell.source.strip() else ""
        if cell.cell_type == "markdown" and re.match(r"#{1,2} ", first):
            sections.append((heading, "\n\0".join(sources)))
            heading, sources = first.lstrip("# ").strip(), []
        sources.append(cell.source)
    sections.append((heading, "\n\0".join(sources)))
    return sections


def changed_sections(old: bytes, new: bytes) -> list[str]:
    """The headings of the sections whose cells differ between two versions of a notebook."""
    before = dict(_sections(old))
    return [heading for heading, text in _sections(new) if before.get(heading) != text] or ["(outputs only)"]


def _write(path: Path, data: bytes, read_only: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    path.write_bytes(data)
    if read_only:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def update_learner_folder(folder: Path, sources: list[Path]) -> list[str]:
    """Bring the learner's folder up to date without touching their work; returns what it did, a line each."""
    report = []
    for source in sources:
        name = source.name
        new = learner_bytes(source)
        copy, pristine, update = folder / name, folder / PRISTINE / name, folder / UPDATES / name
        _write(folder / SOLUTIONS / name, source.read_bytes(), read_only=True)
        if not copy.exists():
            _write(copy, new)
            _write(pristine, new)
            report.append(f"new       {name}")
            continue
        last_written = pristine.read_bytes() if pristine.exists() else None
        mine = copy.read_bytes()
        if mine == new:
            _write(pristine, new)
        elif mine == last_written:                                # untouched by the learner: safe to replace
            _write(copy, new)
            _write(pristine, new)
            report.append(f"updated   {name} (you had not changed it)")
        elif new != last_written:                                 # the learner's work, and the course moved on
            if update.exists() and last_written is not None and update.read_bytes() not in (last_written, new):
                report.append(f"kept      {name} and {UPDATES}/{name}: both hold your edits; the course's new "
                              f"version was not written (rename {UPDATES}/{name} to get it next time)")
                continue
            sections = changed_sections(last_written or mine, new)
            _write(update, new)
            _write(pristine, new)
            report.append(f"kept      {name} (yours); the course changed it — the new version is {UPDATES}/{name}; "
                          f"changed sections: {'; '.join(sections)}")
    return report


def write_student_folder(folder: Path, sources: list[Path]) -> list[str]:
    """Copies to hand out: learner copies, no solutions, rewritten every time."""
    for source in sources:
        _write(folder / source.name, learner_bytes(source))
    return [f"wrote     {folder / source.name}" for source in sources]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["learner", "student"])
    parser.add_argument("output_dir", type=Path)
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    if args.kind == "learner":
        report = update_learner_folder(args.output_dir, args.notebooks)
        print(f"Your copies of the course are in {args.output_dir}{os.sep}: exercises to write, predictions to make;"
              f" the full notebooks, solutions included, in {args.output_dir}{os.sep}{SOLUTIONS}{os.sep}.")
    else:
        report = write_student_folder(args.output_dir, args.notebooks)
    for line in report:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
