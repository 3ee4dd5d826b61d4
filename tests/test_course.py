"""bpgan.course: the course map in notebook 00 and in the README describe the same notebooks."""

import re

from bpgan.course import NOTEBOOKS, course_map
from notebook_files import NOTEBOOK_DIR, ROOT, notebook_paths


def test_notebooks_are_numbered_00_to_13_in_order():
    assert [n.number for n in NOTEBOOKS] == [f"{i:02d}" for i in range(14)]
    assert len({n.slug for n in NOTEBOOKS}) == len(NOTEBOOKS)


def test_every_notebook_on_disk_is_on_the_map():
    on_map = {n.filename for n in NOTEBOOKS}
    stray = [p.name for p in notebook_paths() if p.name not in on_map]
    assert not stray, f"notebooks missing from bpgan.course.NOTEBOOKS: {stray}"


def test_readme_map_lists_every_notebook_and_links_exactly_those_written():
    readme = (ROOT / "README.md").read_text()
    rows = re.findall(r"^\| (\d\d) \| (.*?) \|", readme, flags=re.MULTILINE)
    assert [number for number, _ in rows] == [n.number for n in NOTEBOOKS]
    for (number, cell), notebook in zip(rows, NOTEBOOKS):
        written = (NOTEBOOK_DIR / notebook.filename).exists()
        expected = f"[{notebook.filename}](notebooks/{notebook.filename})" if written else f"{notebook.filename} *(coming)*"
        assert cell == expected, f"README row {number}: {cell!r}, expected {expected!r}"


def test_course_map_links_the_notebooks_in_the_folder_and_names_the_others_as_elsewhere(tmp_path):
    (tmp_path / NOTEBOOKS[2].filename).write_text("{}")
    table = course_map(tmp_path).splitlines()
    assert len(table) == 2 + len(NOTEBOOKS)
    assert f"[{NOTEBOOKS[2].title}]({NOTEBOOKS[2].filename})" in table[2 + 2]
    assert "*(not in this folder)*" in table[2 + 0] and "*(not in this folder)*" in table[2 + 3]


def test_course_map_of_the_real_folder_links_notebook_00():
    assert "[Start here](00_start_here.ipynb)" in course_map(NOTEBOOK_DIR)
