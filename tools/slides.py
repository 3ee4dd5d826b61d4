"""Slide metadata for every notebook, so that an instructor can present it with RISE (in JupyterLab, offline).

The notebooks themselves are the slides; nothing is copied. Each cell gets ``metadata.slideshow.slide_type``:
the title and every ``## section`` start a new slide, every ``### subsection`` (an exercise, say) a sub-slide
below it, and every other cell continues the slide it follows. ``metadata.rise.scroll`` lets a long slide
scroll. In JupyterLab (``make lab``), open a notebook and press Alt+R, or the "Render as slides" button of
the notebook's toolbar (the jupyterlab-rise extension, installed with the course).

Usage: python tools/slides.py notebooks/*.ipynb          (write the metadata)
       python tools/slides.py --check notebooks/*.ipynb  (exit 1 if a notebook's metadata is missing or stale)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

RISE = {"scroll": True, "transition": "none"}


def slide_type(cell, first: bool) -> str:
    """'slide' for the title and each ## section, 'subslide' for each ### subsection, '-' (continue) otherwise."""
    heading = cell.source.lstrip().split("\n", 1)[0] if cell.cell_type == "markdown" else ""
    if first or heading.startswith(("# ", "## ")):
        return "slide"
    if heading.startswith("### "):
        return "subslide"
    return "-"


def with_slides(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    for index, cell in enumerate(notebook.cells):
        cell.metadata["slideshow"] = {"slide_type": slide_type(cell, index == 0)}
    notebook.metadata["rise"] = dict(RISE)
    return notebook


def up_to_date(notebook: nbformat.NotebookNode) -> bool:
    return notebook.metadata.get("rise") == RISE and all(
        cell.metadata.get("slideshow") == {"slide_type": slide_type(cell, index == 0)}
        for index, cell in enumerate(notebook.cells))


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
