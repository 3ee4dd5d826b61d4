"""tools/build_site.py: notebooks become pages with working links, widgets a note, and broken links are caught."""

import importlib.util

import nbformat
import pytest

from notebook_files import ROOT

spec = importlib.util.spec_from_file_location("build_site", ROOT / "tools" / "build_site.py")
build_site = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_site)


def test_links_between_notebooks_become_links_between_pages():
    text = "see [01 · The chain rule](01_chain_rule.ipynb) and [§2](04_four_equations.ipynb#bp2), not [x](x.ipynb)"
    assert build_site.page_links(text) == ("see [01 · The chain rule](01_chain_rule.html) and "
                                           "[§2](04_four_equations.html#bp2), not [x](x.ipynb)")


def test_a_widgets_text_becomes_a_note_and_displayed_markdown_links_are_rewritten():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("**Next:** [02](02_forward_pass.ipynb)"),
        nbformat.v4.new_code_cell("explorer()", outputs=[
            nbformat.v4.new_output("execute_result", data={"text/plain": "interactive(children=(FloatSlider(…"}),
            nbformat.v4.new_output("display_data", data={"text/markdown": "| [Start](00_start_here.ipynb) |"}),
            nbformat.v4.new_output("stream", name="stdout", text="interactive(children= printed by the learner\n"),
        ])])
    web = build_site.web_notebook(notebook)
    assert web.cells[0].source == "**Next:** [02](02_forward_pass.html)"
    widget, table, printed = web.cells[1].outputs
    assert widget.output_type == "stream" and "open this notebook in JupyterLab" in widget.text
    assert table.data["text/markdown"] == "| [Start](00_start_here.html) |"
    assert printed.text.startswith("interactive(children= printed"), "only a widget's own output is replaced"


def test_the_readmes_links_point_at_pages_on_the_site():
    home = build_site.home_page("[00](notebooks/00_start_here.ipynb), [guide](docs/teaching.md), "
                                "[grading](docs/teaching.md#grading), [handout](docs/handout.md), "
                                "[rules](CONTRIBUTING.md), [nbval](https://github.com/x)")
    assert home == ("[00](00_start_here.ipynb), [guide](teaching.md), [grading](teaching.md#grading), "
                    "[handout](handout.ipynb), [rules](contributing.md), [nbval](https://github.com/x)"), \
        "MkDocs itself turns links to its pages into links to their HTML"


def test_the_handout_is_a_page_of_one_markdown_cell_and_the_guide_links_to_it():
    handout = (ROOT / "docs" / "handout.md").read_text(encoding="utf-8")
    (cell,) = build_site.handout_notebook(handout).cells
    assert cell.cell_type == "markdown" and cell.source == handout, "typeset by MathJax, like a notebook's Markdown"
    assert build_site.guide_page("print [the handout](handout.md) and [its glossary](handout.md#glossary)") == \
        "print [the handout](handout.ipynb) and [its glossary](handout.ipynb#glossary)"
    guide = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")
    assert "](handout.md)" in guide, "docs/teaching.md links to docs/handout.md"
    for equation in ("BP1", "BP2", "BP3", "BP4", r"\frac1m", "-\\log 4 + 2", "D^*(x)"):
        assert equation in handout, f"docs/handout.md: {equation} is missing"


def test_broken_internal_links_are_listed_and_working_ones_are_not(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<a href="../b/">b</a> <a href="../missing/">m</a> '
                                               '<img src="/img.png"> <a href="https://x.org/y">x</a> <a href="#top">t</a>')
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text('<a href="../a/index.html#s">a</a>')
    assert build_site.broken_links(tmp_path) == ["a/index.html → ../missing/", "a/index.html → /img.png"]


@pytest.mark.skipif(importlib.util.find_spec("mkdocs_jupyter") is None,
                    reason="MkDocs is not installed: `make site-env` installs it (CI does)")
def test_the_whole_site_builds_offline_with_every_internal_link_working(tmp_path):
    assert build_site.main([str(tmp_path / "site")]) == 0
    pages = {path.stem for path in (tmp_path / "site").glob("*.html")}
    assert {"index", "00_start_here", "04_four_equations", "13_review", "teaching", "handout"} <= pages
    handout = (tmp_path / "site" / "handout.html").read_text(encoding="utf-8")
    assert 'src="mathjax/MathJax.js' in handout and "BP4" in handout, "the handout's maths is typeset on the site"
    assert 'href="handout.html"' in (tmp_path / "site" / "teaching.html").read_text(encoding="utf-8")
    page = (tmp_path / "site" / "02_forward_pass.html").read_text(encoding="utf-8")
    assert "interactive(children=" not in page and "open this notebook in JupyterLab" in page
    # (nbconvert's template names a CDN for mermaid, loaded only where a page has a mermaid diagram: none has)
    assert "libs/mathjax" not in page and "require.js" not in page and 'src="mathjax/MathJax.js' in page
    assert (tmp_path / "site" / "mathjax" / "MathJax.js").exists()
    assert not (tmp_path / "site" / "mathjax" / "localization").exists()
    assert 'href="notebooks/02_forward_pass.ipynb"' in page and 'href="solutions/02_forward_pass.ipynb"' in page
    assert "VBox(children=" not in (tmp_path / "site" / "00_start_here.html").read_text(encoding="utf-8")
    learner = nbformat.read(tmp_path / "site" / "notebooks" / "02_forward_pass.ipynb", as_version=4)
    full = nbformat.read(tmp_path / "site" / "solutions" / "02_forward_pass.ipynb", as_version=4)
    stubbed = [c for c in learner.cells if "solution" in c.metadata.get("tags", [])]
    assert stubbed and all("NotImplementedError" in c.source for c in stubbed), "the download is the learner copy"
    assert full.cells == nbformat.read(ROOT / "notebooks" / "02_forward_pass.ipynb", as_version=4).cells


def test_a_notebook_page_starts_with_its_two_downloads():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 02 · The forward pass")])
    web = build_site.web_notebook(notebook, "02_forward_pass.ipynb")
    assert web.cells[1].source == ("**Download** this notebook: [your copy to work in](notebooks/02_forward_pass.ipynb)"
                                   " (exercises to write) · [with solutions](solutions/02_forward_pass.ipynb)")


def test_a_displayed_widget_becomes_a_note_too():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("display(box)", outputs=[
        nbformat.v4.new_output("display_data", data={"text/plain": "VBox(children=(IntSlider(value=3, …"})])])
    (note,) = build_site.web_notebook(notebook).cells[0].outputs
    assert note.output_type == "stream" and "open this notebook in JupyterLab" in note.text
