"""Every notebook opens with what you will do and how long it takes, and closes with a summary and the next step;
the teaching guide's table of times is the notebooks' own."""

import re

import nbformat
import pytest

from bpgan.course import NOTEBOOKS
from notebook_files import NOTEBOOK_DIR, ROOT

TIME = re.compile(r"\*\*Time:\*\* about (\d+) minutes")


def cells(notebook):
    return nbformat.read(NOTEBOOK_DIR / notebook.filename, as_version=4).cells


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[n.filename for n in NOTEBOOKS])
def test_opens_with_objectives_and_a_time_and_closes_with_a_summary_and_a_link_onwards(notebook):
    notebook_cells = cells(notebook)
    first, last = notebook_cells[0].source, notebook_cells[-1].source
    assert first.startswith(f"# {notebook.number} · ")
    assert "**You will**" in first and TIME.search(first), "the first cell says what you will do and how long it takes"
    assert "## Summary" in last
    position = NOTEBOOKS.index(notebook)
    following = NOTEBOOKS[(position + 1) % len(NOTEBOOKS)]
    assert f"({following.filename})" in last, f"the last cell links on to {following.filename}"


def test_the_teaching_guide_lists_each_notebooks_own_time():
    guide = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| (\d\d) \| [^|]+ \| (\d+) min \|", guide, flags=re.MULTILINE))
    for notebook in NOTEBOOKS:
        stated = TIME.search(cells(notebook)[0].source).group(1)
        assert rows.get(notebook.number) == stated, f"docs/teaching.md: notebook {notebook.number} takes {stated} min"
    total = re.search(r"all fourteen notebooks: about (\d+) minutes", guide)
    assert total and int(total.group(1)) == sum(int(minutes) for minutes in rows.values())
