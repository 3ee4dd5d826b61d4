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
    assert [c.metadata["slideshow"]["slide_type"] for c in notebook.cells] == ["slide", "-", "slide", "subslide", "-"]
    assert notebook.metadata["rise"]["scroll"] and slides.up_to_date(notebook)
