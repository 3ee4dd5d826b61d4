"""Build the course as a static web site: the executed notebooks as pages, with a map, navigation and maths.

The stored notebooks are the content; this script only prepares copies for MkDocs (mkdocs-jupyter renders
notebooks with their stored outputs, nothing is executed) and checks the result:

- links between notebooks (``[01 · …](01_chain_rule.ipynb)``), in the prose and in displayed Markdown, become
  links between pages (``01_chain_rule.html``: plain files, so the site also works opened from disk);
- a widget's stored output is only its text form, ``interactive(children=…``, which means nothing on a web page:
  it becomes a one-line note (every widget in the course has a static picture stored beside it);
- the README becomes the home page and ``docs/teaching.md`` the guide for instructors;
- after the build, every internal link of every page must lead to a page or file of the site (exit status 1
  and the list of broken links otherwise).

Works offline once ``make site`` has installed MkDocs. Usage: python tools/build_site.py OUTPUT_DIR
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_LINK = re.compile(r"\]\((\d\d_[a-z0-9_]+)\.ipynb(#[^)]*)?\)")
MATHJAX = "https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
WIDGET_NOTE = "(An interactive widget: open this notebook in JupyterLab, `make lab`, to use it.)"


def page_links(markdown: str) -> str:
    """Markdown links to notebooks, as links to their pages: (01_chain_rule.ipynb) → (01_chain_rule.html)."""
    return NOTEBOOK_LINK.sub(lambda m: f"]({m.group(1)}.html{m.group(2) or ''})", markdown)


def is_widget_output(output) -> bool:
    text = output.get("data", {}).get("text/plain", "") if output.get("output_type") == "execute_result" else ""
    return bool(re.match(r"(interactive|VBox|HBox|Box|Output|Play|IntSlider|FloatSlider)\(", str(text)))


def web_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook as the site shows it: links between pages, a note where a widget's text stood."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = page_links(cell.source)
        elif cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=WIDGET_NOTE + "\n")
                            if is_widget_output(output) else output for output in cell.outputs]
            for output in cell.outputs:                   # a displayed Markdown table (notebook 00's course map)
                if "text/markdown" in output.get("data", {}):
                    output.data["text/markdown"] = page_links(output.data["text/markdown"])
    return notebook


def home_page(readme: str) -> str:
    """The README as the site's home page: repository paths become site paths."""
    text = re.sub(r"\]\(notebooks/(\d\d_[a-z0-9_]+\.ipynb)\)", r"](\1)", readme)
    text = re.sub(r"\]\(docs/teaching\.md(#[^)]*)?\)", r"](teaching.md\1)", text)
    return text.replace("](CONTRIBUTING.md)", "](contributing.md)")


def prepare(source_dir: Path) -> list[str]:
    """Write the site's sources into ``source_dir``; return the page names in course order."""
    source_dir.mkdir(parents=True, exist_ok=True)
    pages = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nbformat.write(web_notebook(nbformat.read(path, as_version=4)), source_dir / path.name)
        pages.append(path.name)
    (source_dir / "index.md").write_text(home_page((ROOT / "README.md").read_text(encoding="utf-8")), encoding="utf-8")
    for source, name in ((ROOT / "docs" / "teaching.md", "teaching.md"), (ROOT / "CONTRIBUTING.md", "contributing.md")):
        (source_dir / name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
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
        "theme": {"name": "material"},
        "nav": [{"Home": "index.md"}, *({title(page): page} for page in pages),
                {"Teaching guide": "teaching.md"}, {"Contributing": "contributing.md"}],
        # MathJax 2 typesets the $…$ that nbconvert leaves in the pages; it is fetched by the reader's browser.
        "plugins": [{"mkdocs-jupyter": {"execute": False, "include_source": True, "include_requirejs": True,
                                        "custom_mathjax_url": MATHJAX}}],
        "markdown_extensions": ["tables"],
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
    broken = broken_links(args.output)
    if broken:
        print(f"{len(broken)} broken internal link(s):", *broken, sep="\n  ", file=sys.stderr)
        return 1
    print(f"site built in {args.output}: {len(pages)} notebooks, the home page and the teaching guide; "
          "every internal link leads somewhere")
    return 0


if __name__ == "__main__":
    sys.exit(main())
