"""Guards on the stored notebooks, so that nbval cannot pass vacuously.

nbval compares a cell only if it has a stored execution count and stored outputs: a stripped or
half-run notebook would pass without checking anything. These tests make sure every notebook is
collected, fully executed in one top-to-bottom run, free of stored errors and widget state, and has
checked cells whose expected output is really stored.
"""

import re
import subprocess
import sys

import nbformat
import pytest

from notebook_files import NOTEBOOK_DIR, ROOT, code_cells, is_checked, notebook_paths

NOTEBOOKS = notebook_paths()
ids = [p.name for p in NOTEBOOKS]
WIDGET_MIME = ("application/vnd.jupyter.widget-view+json", "application/vnd.jupyter.widget-state+json")


def test_there_are_notebooks():
    assert NOTEBOOKS, f"no notebooks found under {NOTEBOOK_DIR}"


def test_nbval_collects_every_notebook():
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "--nbval-lax", "--nbval-current-env",
         "-p", "no:cacheprovider", "notebooks"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    collected = set(re.findall(r"^(notebooks/\S+\.ipynb)::", result.stdout, flags=re.MULTILINE))
    expected = {str(p.relative_to(ROOT)) for p in NOTEBOOKS}
    assert collected == expected, f"not collected by nbval: {sorted(expected - collected)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_every_code_cell_was_executed_top_to_bottom_in_one_run(path):
    counts = [cell.execution_count for cell in code_cells(path)]
    assert None not in counts, f"{counts.count(None)} code cell(s) have never been executed (run `make notebooks`)"
    assert counts == list(range(1, len(counts) + 1)), f"execution counts {counts}: re-run with `make notebooks`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_no_stored_errors_except_where_an_error_is_the_lesson(path):
    for index, cell in enumerate(code_cells(path)):
        if "raises-exception" in cell.metadata.get("tags", []):
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"code cell {index} stored an error: {errors[0].ename}: {errors[0].evalue}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_no_stored_widget_state_or_timing(path):
    notebook = nbformat.read(path, as_version=4)
    assert "widgets" not in notebook.metadata, "widget state is stored (run `make notebooks`)"
    for index, cell in enumerate(code_cells(path)):
        assert "execution" not in cell.metadata, f"code cell {index} stores execution timestamps"
        for output in cell.outputs:
            stored = [mime for mime in WIDGET_MIME if mime in output.get("data", {})]
            assert not stored, f"code cell {index} stores {stored}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_every_notebook_has_checked_cells_and_each_has_stored_output(path):
    checked = [(i, cell) for i, cell in enumerate(code_cells(path)) if is_checked(cell)]
    assert checked, "no cell is marked # NBVAL_CHECK_OUTPUT, so nbval would compare nothing"
    volatile = [i for i, cell in checked if "volatile-output" in cell.metadata.get("tags", [])]
    assert not volatile, f"checked code cells {volatile} are tagged volatile-output, so their output is never stored"
    empty = [i for i, cell in checked if not cell.outputs]
    assert not empty, f"checked code cells {empty} have no stored output: nbval would silently skip them"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_outputs_hold_no_machine_paths_or_memory_addresses(path):
    for index, cell in enumerate(code_cells(path)):
        for output in cell.outputs:
            text = output.get("text", "") + "".join(
                value for mime, value in output.get("data", {}).items() if mime.startswith("text/")
            )
            assert not re.search(r"(/root/|/home/|/Users/|/tmp/|[A-Z]:\\Users)", text), \
                f"code cell {index} prints a machine path"
            assert not re.search(r"\b0x[0-9a-f]{6,}\b", text), f"code cell {index} prints a memory address"


TRAINING_CALLS = re.compile(r"\.train\(|train_numpy_gan\(|train_and_judge\(|train_classifier\(|train_discriminator\(")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_a_notebook_that_trains_takes_its_seed_from_bpgan_seed(path):
    source = "\n".join(cell.source for cell in code_cells(path))
    if TRAINING_CALLS.search(source):
        assert "env.run_seed(" in source, \
            "this notebook trains from random numbers: take its seed from env.run_seed so BPGAN_SEED can change it"
        assert "env.setup(SEED)" in source, "seed everything with the run's seed: device = env.setup(SEED)"
