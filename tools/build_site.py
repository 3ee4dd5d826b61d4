"""Build the course as a static web site: the executed notebooks as pages, with a map, navigation and maths.

The stored notebooks are the content; this script only prepares copies for MkDocs (mkdocs-jupyter renders
notebooks with their stored outputs, nothing is executed) and checks the result:

- links between notebooks (``[01 · …](01_chain_rule.ipynb)``), in the prose and in displayed Markdown, become
  links between pages (``01_chain_rule.html``: plain files, so the site also works opened from disk);
- a widget's stored output is only its text form, ``interactive(children=…``, which means nothing on a web page:
  it becomes a one-line note (every widget in the course has a static picture stored beside it);
- the README becomes the home page, ``docs/teaching.md`` the guide for instructors and ``docs/handout.md`` its
  one-page handout — a page of one Markdown cell, typeset like the notebooks, since its maths is the point;
- maths is typeset by a copy of MathJax 2 inside the site (the one ``jupyter-server-mathjax`` ships), so the
  pages need no network; search is MkDocs Material's (it needs the site served, ``python -m http.server``);
- each notebook page starts with two downloads: the learner copy to work in (exercises as stubs, predictions
  unanswered, as ``make lab`` gives) and the full notebook with solutions, under ``notebooks/`` and
  ``solutions/``;
- after the build, every internal link of every page must lead to a page or file of the site (exit status 1
  and the list of broken links otherwise).

Works offline once ``make site`` has installed MkDocs. Usage: python tools/build_site.py OUTPUT_DIR
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import learner_copies  # noqa: E402  the learner copy the site offers for download, as `make lab` writes it

SOLUTIONS_DIR = "solutions"
NOTEBOOK_LINK = re.compile(r"\]\((\d\d_[a-z0-9_]+)\.ipynb(#[^)]*)?\)")
# MathJax 2, copied into the site from jupyter-server-mathjax: the parts the pages use (the TeX input, the
# HTML-CSS output and its TeX web fonts); its 40 localisations and the SVG output are left out.
MATHJAX_DIR = "mathjax"
MATHJAX = f"{MATHJAX_DIR}/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
MATHJAX_SKIPPED = ("localization", "SVG", "png", "otf", "eot", "svg")
# Notebook pages need room: code is wrapped rather than cut off at the column's edge, and the page's own table of
# contents gives its column to the figures (the navigation on the left stays).
EXTRA_CSS = """\
.md-grid { max-width: 1600px; }
.md-sidebar--secondary { display: none !important; }
.jp-InputArea pre, .jp-OutputArea pre, .highlight pre, .highlight code {
  white-space: pre-wrap; overflow-wrap: anywhere;
}
.jp-OutputArea-output img { max-width: 100%; height: auto; }
@media print {                  /* the handout (its one cell is tagged "handout") prints on one A4 or Letter page */
  .celltag_handout, .celltag_handout table { font-size: 7.2pt !important; line-height: 1.2 !important; }
  .celltag_handout h1 { font-size: 14pt !important; margin: 0 0 4pt !important; }
  .celltag_handout h2 { font-size: 10.5pt !important; margin: 7pt 0 2pt !important; }
  .celltag_handout p { margin: 2pt 0 !important; }
  .celltag_handout td, .celltag_handout th { padding: 1pt 5pt !important; }
  .celltag_handout .MathJax_Display { margin: 3pt 0 !important; }
  .celltag_handout .anchor-link { display: none; }
  body:has(.celltag_handout) :is(.md-container, .md-main, .md-main__inner, .md-content, .md-content__inner,
    .jupyter-wrapper, .jp-Notebook, .jp-Cell) {
    margin: 0 !important; padding: 0 !important; break-inside: auto !important;
  }
}
"""
DOWNLOADS = "**Download** this notebook: [your copy to work in]({learner}) (exercises to write) · [with solutions]({full})"
WIDGET_NOTE = "(An interactive widget: open this notebook in JupyterLab, `make lab`, to use it.)"
HANDOUT_PAGE = "handout.ipynb"      # docs/handout.md on the site: a notebook page, so that MathJax typesets it


def page_links(markdown: str) -> str:
    """Markdown links to notebooks, as links to their pages: (01_chain_rule.ipynb) → (01_chain_rule.html)."""
    return NOTEBOOK_LINK.sub(lambda m: f"]({m.group(1)}.html{m.group(2) or ''})", markdown)


def is_widget_output(output) -> bool:
    shown = output.get("output_type") in ("execute_result", "display_data")     # 00 displays its widget
    text = output.get("data", {}).get("text/plain", "") if shown else ""
    return bool(re.match(r"(interactive|VBox|HBox|Box|Output|Play|IntSlider|FloatSlider)\(", str(text)))


def web_notebook(notebook: nbformat.NotebookNode, name: str = "") -> nbformat.NotebookNode:
    """The notebook as the site shows it: links between pages, a note where a widget's text stood, and (given
    its file ``name``) the two downloads under its title."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = page_links(cell.source)
        elif cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=WIDGET_NOTE + "\n")
                            if is_widget_output(output) else output for output in cell.outputs]
            for output in cell.outputs:                   # a displayed Markdown table (notebook 00's course map)
                if "text/markdown" in output.get("data", {}):
                    output.data["text/markdown"] = page_links(output.data["text/markdown"])
    if name:
        notebook.cells.insert(1, nbformat.v4.new_markdown_cell(
            DOWNLOADS.format(learner=f"notebooks/{name}", full=f"{SOLUTIONS_DIR}/{name}")))
    return notebook


def write_downloads(site_dir: Path) -> None:
    """Each notebook's learner copy under site/notebooks/ and the full notebook under site/solutions/."""
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for folder, data in (("notebooks", learner_copies.learner_bytes(path)), (SOLUTIONS_DIR, path.read_bytes())):
            (site_dir / folder).mkdir(exist_ok=True)
            (site_dir / folder / path.name).write_bytes(data)


def copy_mathjax(site_dir: Path) -> None:
    """MathJax 2 from the installed jupyter-server-mathjax into site/mathjax/, without what no page uses."""
    import jupyter_server_mathjax
    static = Path(jupyter_server_mathjax.__file__).parent / "static"
    shutil.copytree(static, site_dir / MATHJAX_DIR, dirs_exist_ok=True,
                    ignore=lambda folder, names: [n for n in names if n in MATHJAX_SKIPPED])


def handout_links(markdown: str, folder: str = "") -> str:
    """Links to ``{folder}handout.md`` as links to the handout's page on the site."""
    return re.sub(rf"\]\({re.escape(folder)}handout\.md(#[^)]*)?\)", rf"]({HANDOUT_PAGE}\1)", markdown)


def home_page(readme: str) -> str:
    """The README as the site's home page: repository paths become site paths."""
    text = re.sub(r"\]\(notebooks/(\d\d_[a-z0-9_]+\.ipynb)\)", r"](\1)", readme)
    text = re.sub(r"\]\(docs/teaching\.md(#[^)]*)?\)", r"](teaching.md\1)", text)
    text = handout_links(text, "docs/")
    return text.replace("](CONTRIBUTING.md)", "](contributing.md)")


def guide_page(guide: str) -> str:
    """The teaching guide as the site shows it: its links to the handout lead to the handout's page."""
    return handout_links(guide)


def handout_notebook(handout: str) -> nbformat.NotebookNode:
    """The handout as a page of the site: one Markdown cell, whose $…$ MathJax typesets as in the notebooks (a
    plain Markdown page would show the TeX as it is written)."""
    cell = nbformat.v4.new_markdown_cell(page_links(handout), metadata={"tags": ["handout"]})   # for its print style
    return nbformat.v4.new_notebook(cells=[cell])


def prepare(source_dir: Path) -> list[str]:
    """Write the site's sources into ``source_dir``; return the page names in course order."""
    source_dir.mkdir(parents=True, exist_ok=True)
    pages = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nbformat.write(web_notebook(nbformat.read(path, as_version=4), path.name), source_dir / path.name)
        pages.append(path.name)
    (source_dir / "extra.css").write_text(EXTRA_CSS, encoding="utf-8")
    (source_dir / "index.md").write_text(home_page((ROOT / "README.md").read_text(encoding="utf-8")), encoding="utf-8")
    (source_dir / "teaching.md").write_text(guide_page((ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")),
                                            encoding="utf-8")
    nbformat.write(handout_notebook((ROOT / "docs" / "handout.md").read_text(encoding="utf-8")),
                   source_dir / HANDOUT_PAGE)
    (source_dir / "contributing.md").write_text((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"),
                                                encoding="utf-8")
    return pages


def config(source_dir: Path, site_dir: Path, pages: list[str]) -> str:
    """mkdocs.yml for the prepared sources: the home page, the notebooks in course order, the guides."""
    def title(page: str) -> str:
        return nbformat.read(ROOT / "notebooks" / page, as_version=4).cells[0].source.splitlines()[0].lstrip("# ")

    settings = {
        "site_name": "Backprop to GANs",
        "docs_dir": str(source_dir),
        "site_dir": str(site_dir),
        "use_directory_urls": False,
        "theme": {"name": "material", "font": False},       # the system's fonts: Google Fonts needs the network
        "nav": [{"Home": "index.md"}, *({title(page): page} for page in pages),
                {"Teaching guide": "teaching.md"}, {"Handout (one page)": HANDOUT_PAGE},
                {"Contributing": "contributing.md"}],
        # MathJax 2 typesets the $…$ that nbconvert leaves in the pages, from the site's own copy; no page needs
        # require.js (its only user would be a widget, and the site shows notes in their place).
        "plugins": ["search", {"mkdocs-jupyter": {"execute": False, "include_source": False,
                                                  "include_requirejs": False, "custom_mathjax_url": MATHJAX}}],
        "markdown_extensions": ["tables"],
        "extra_css": ["extra.css"],
    }
    return yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if (tag, name) in {("a", "href"), ("img", "src"), ("link", "href"), ("script", "src")} and value:
                self.links.append(value)


def broken_links(site_dir: Path) -> list[str]:
    """Every internal link of every HTML page that leads nowhere, as 'page → link'."""
    broken = []
    for page in sorted(site_dir.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urlparse(link)
            if parts.scheme or parts.netloc or link.startswith(("#", "mailto:", "data:")) or not parts.path:
                continue
            base = site_dir if parts.path.startswith("/") else page.parent
            target = (base / unquote(parts.path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"      # a server would serve a folder's index.html
            if not target.exists():
                broken.append(f"{page.relative_to(site_dir)} → {link}")
    return broken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="where the site goes (OUTPUT/index.html is the home page)")
    args = parser.parse_args(argv)
    build = args.output.resolve().parent / (args.output.name + "-src")
    pages = prepare(build / "docs")
    (build / "mkdocs.yml").write_text(config(build / "docs", args.output.resolve(), pages), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean", "-f",
                             str(build / "mkdocs.yml")], env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode:
        return result.returncode
    copy_mathjax(args.output)
    write_downloads(args.output)
    broken = broken_links(args.output)
    if broken:
        print(f"{len(broken)} broken internal link(s):", *broken, sep="\n  ", file=sys.stderr)
        return 1
    print(f"site built in {args.output}: {len(pages)} notebooks, the home page, the teaching guide and its handout; "
          "every internal link leads somewhere")
    return 0


if __name__ == "__main__":
    sys.exit(main())
