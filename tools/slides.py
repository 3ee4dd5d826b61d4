"""Slide metadata for every notebook, so that an instructor can present it with RISE (in JupyterLab, offline).

The notebooks themselves are the slides; nothing is copied. A heading can start a slide only at the top of a
cell, so a Markdown cell with a ``##`` or ``###`` heading further down is split there first (outside code
blocks). Then each cell gets ``metadata.slideshow.slide_type``: the title and every ``## section`` start a new
slide, every ``### subsection`` (an exercise, say) a sub-slide below it, and every other cell continues the
slide it follows — except the exercises' solution cells and the notebook's set-up cell (its first code cell:
imports and seeding), which a slideshow skips. ``metadata.rise.scroll`` lets a long slide scroll. In JupyterLab (``make lab``), open a notebook and press Alt+R, or the "Render as slides" button of
the notebook's toolbar (the jupyterlab-rise extension, installed with the course).

Usage: python tools/slides.py notebooks/*.ipynb          (split at headings, write the metadata)
       python tools/slides.py --check notebooks/*.ipynb  (exit 1 if a notebook needs either)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

RISE = {"scroll": True, "transition": "none"}


SLIDE_HEADINGS = ("## ", "### ")


def heading_parts(source: str) -> list[str]:
    """A Markdown cell's text cut before every ## or ### heading that is not its first line (code blocks,
    between ``` fences, are left whole); one part if there is none."""
    parts, current, fenced = [], [], False
    for line in source.split("\n"):
        if line.startswith(SLIDE_HEADINGS) and not fenced and any(part.strip() for part in current):
            parts.append("\n".join(current).rstrip("\n"))
            current = []
        if line.lstrip().startswith("```"):
            fenced = not fenced
        current.append(line)
    return parts + ["\n".join(current)]


def split_at_headings(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Every ## and ### heading at the top of a cell of its own; the split cells keep the original's metadata."""
    cells = []
    for cell in notebook.cells:
        parts = heading_parts(cell.source) if cell.cell_type == "markdown" else [cell.source]
        for k, part in enumerate(parts):
            piece = cell if k == 0 else nbformat.v4.new_markdown_cell(part, metadata=dict(cell.metadata))
            if k and "id" in cell:
                piece.id = f"{cell.id}-{k}"               # stable: splitting again gives the same notebook
            piece.source = part
            cells.append(piece)
    notebook.cells = cells
    return notebook


def slide_type(cell, first: bool, setup: bool = False) -> str:
    """'slide' for the title and each ## section, 'subslide' for each ### subsection, 'skip' for a solution and
    the set-up cell, '-' (continue) otherwise."""
    heading = cell.source.lstrip().split("\n", 1)[0] if cell.cell_type == "markdown" else ""
    if first or heading.startswith(("# ", "## ")):
        return "slide"
    if heading.startswith("### "):
        return "subslide"
    if setup or "solution" in cell.metadata.get("tags", []):
        return "skip"
    return "-"


def slide_types(notebook: nbformat.NotebookNode) -> list[str]:
    code = [i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    return [slide_type(cell, i == 0, setup=bool(code) and i == code[0]) for i, cell in enumerate(notebook.cells)]


def with_slides(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    split_at_headings(notebook)
    for cell, kind in zip(notebook.cells, slide_types(notebook)):
        cell.metadata["slideshow"] = {"slide_type": kind}
    notebook.metadata["rise"] = dict(RISE)
    return notebook


def up_to_date(notebook: nbformat.NotebookNode) -> bool:
    split = all(len(heading_parts(c.source)) == 1 for c in notebook.cells if c.cell_type == "markdown")
    return split and notebook.metadata.get("rise") == RISE and all(
        cell.metadata.get("slideshow") == {"slide_type": kind}
        for cell, kind in zip(notebook.cells, slide_types(notebook)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if any notebook needs updating")
    args = parser.parse_args(argv)
    stale = []
    for path in args.notebooks:
        notebook = nbformat.read(path, as_version=4)
        if up_to_date(notebook):
            continue
        if args.check:
            stale.append(str(path))
        else:
            nbformat.write(with_slides(notebook), path)
            print(f"slide metadata written: {path}")
    if stale:
        print("slide metadata missing or stale (run `python tools/slides.py` on them):", *stale, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
