"""Finding the course's notebooks and reading their cells, for the tests that guard them."""

from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
CHECK_MARK = "# NBVAL_CHECK_OUTPUT"


def notebook_paths() -> list[Path]:
    return sorted(p for p in NOTEBOOK_DIR.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def code_cells(path: Path) -> list:
    notebook = nbformat.read(path, as_version=4)
    return [cell for cell in notebook.cells if cell.cell_type == "code" and cell.source.strip()]


def is_checked(cell) -> bool:
    return cell.source.lstrip().startswith(CHECK_MARK)
