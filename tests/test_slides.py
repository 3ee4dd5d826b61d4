"""Every notebook carries the slide metadata that tools/slides.py derives from its headings (for RISE)."""

import importlib.util

import nbformat

from notebook_files import ROOT, notebook_paths

spec = importlib.util.spec_from_file_location("slides", ROOT / "tools" / "slides.py")
slides = importlib.util.module_from_spec(spec)
spec.loader.exec_module(slides)


def test_every_notebook_is_a_slideshow_whose_slides_are_its_sections():
    stale = [path.name for path in notebook_paths() if not slides.up_to_date(nbformat.read(path, as_version=4))]
    assert not stale, f"run `python tools/slides.py notebooks/*.ipynb`: {stale}"


def test_titles_and_sections_start_slides_and_subsections_sub_slides():
    cells = [nbformat.v4.new_markdown_cell("# 01 · Title"), nbformat.v4.new_code_cell("x = 1"),
             nbformat.v4.new_markdown_cell("## 1. A section\n\ntext"), nbformat.v4.new_markdown_cell("### Exercise 1"),
             nbformat.v4.new_markdown_cell("Prose that mentions ## in passing")]
    notebook = slides.with_slides(nbformat.v4.new_notebook(cells=cells))
    assert [c.metadata["slideshow"]["slide_type"] for c in notebook.cells] == ["slide", "skip", "slide", "subslide", "-"]
    assert notebook.metadata["rise"]["scroll"] and slides.up_to_date(notebook)


def test_a_heading_inside_a_cell_starts_a_cell_of_its_own_and_so_a_slide():
    cells = [nbformat.v4.new_markdown_cell("# 01 · Title\n\nintro\n\n## 1. First\n\ntext\n\n### Exercise 1\n\ndo it"),
             nbformat.v4.new_markdown_cell("a fence:\n\n```\n## not a heading\n```\n\nafter")]
    notebook = slides.with_slides(nbformat.v4.new_notebook(cells=cells))
    assert [c.source for c in notebook.cells] == ["# 01 · Title\n\nintro", "## 1. First\n\ntext",
                                                  "### Exercise 1\n\ndo it", cells[1].source]
    assert [c.metadata["slideshow"]["slide_type"] for c in notebook.cells] == ["slide", "slide", "subslide", "-"]
    assert len({c.id for c in notebook.cells}) == 4, "each new cell has an id of its own"
    assert slides.up_to_date(notebook)
    notebook.cells[1].source += "\n\n## 2. Second"
    assert not slides.up_to_date(notebook), "a heading added mid-cell makes the notebook stale"


def test_solutions_and_the_set_up_cell_are_skipped_in_a_slideshow():
    cells = [nbformat.v4.new_markdown_cell("# 01 · Title"), nbformat.v4.new_code_cell("import numpy as np"),
             nbformat.v4.new_markdown_cell("### Exercise 1"),
             nbformat.v4.new_code_cell("def f():\n    return 1", metadata={"tags": ["solution"]}),
             nbformat.v4.new_code_cell("check(f)")]
    notebook = slides.with_slides(nbformat.v4.new_notebook(cells=cells))
    assert [c.metadata["slideshow"]["slide_type"] for c in notebook.cells] == ["slide", "skip", "subslide", "skip", "-"]
