"""bpgan.glossary: every term of the source text points at a notebook that really uses it."""

import re

import nbformat
import pytest

from bpgan.course import NOTEBOOKS
from bpgan.glossary import GLOSSARY
from notebook_files import NOTEBOOK_DIR


def prose(number: str) -> str:
    notebook = next(n for n in NOTEBOOKS if n.number == number)
    cells = nbformat.read(NOTEBOOK_DIR / notebook.filename, as_version=4).cells
    return "\n".join(cell.source for cell in cells if cell.cell_type == "markdown")


@pytest.mark.parametrize("term", GLOSSARY, ids=[t.english for t in GLOSSARY])
def test_each_term_appears_in_the_notebook_that_teaches_it(term):
    assert re.fullmatch(r"\d\d", term.notebook) and any(n.number == term.notebook for n in NOTEBOOKS)
    assert term.chinese in prose(term.notebook), f"{term.chinese} ({term.english}) is not in notebook {term.notebook}"


def test_terms_are_unique_and_every_gan_application_of_the_source_is_listed():
    assert len({t.chinese for t in GLOSSARY}) == len(GLOSSARY)
    applications = {"图像数据集生成", "文字转图片", "头像转表情包", "头像转3D"}
    assert applications <= {t.chinese for t in GLOSSARY}
