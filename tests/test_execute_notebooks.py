"""tools/execute_notebooks.py: executing a notebook twice gives the same bytes, with no widget state."""

import importlib.util

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from notebook_files import ROOT

spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "tools" / "execute_notebooks.py")
execute_notebooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(execute_notebooks)


def volatile_notebook():
    """A notebook with what usually changes between runs: a progress bar, a widget, random numbers."""
    notebook = new_notebook(cells=[
        new_code_cell("from tqdm.auto import tqdm\nfor _ in tqdm(range(3), desc='steps'):\n    pass"),
        new_code_cell("import ipywidgets\nipywidgets.IntSlider(value=2)"),
        new_code_cell("from bpgan import env\nimport torch\nenv.setup(seed=5)\nprint(torch.rand(3))"),
    ])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index}"
    return notebook


def test_strip_volatile_removes_widget_state_views_and_timing_and_merges_split_prints():
    notebook = volatile_notebook()
    notebook.metadata["widgets"] = {"state": {}}
    cell = notebook.cells[1]
    cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "text/plain": "IntSlider(value=2)", execute_notebooks.WIDGET_VIEW: {"model_id": "abc"}})]
    printing = notebook.cells[2]
    printing.outputs = [nbformat.v4.new_output("stream", name="stdout", text="one\n"),
                        nbformat.v4.new_output("stream", name="stdout", text="two\n"),
                        nbformat.v4.new_output("stream", name="stderr", text="warning\n")]
    bar = notebook.cells[0]
    bar.outputs = [nbformat.v4.new_output("display_data", data={
        "text/plain": "steps:   0%|          | 0/3 [00:00<?, ?it/s]", execute_notebooks.WIDGET_VIEW: {"model_id": "d"}})]
    execute_notebooks.strip_volatile(notebook)
    assert "widgets" not in notebook.metadata and "execution" not in cell.metadata
    assert cell.outputs[0].data == {"text/plain": "IntSlider(value=2)"}
    assert bar.outputs == [], "a progress bar's first frame would say that nothing ran"
    assert [(o.name, o.text) for o in printing.outputs] == [("stdout", "one\ntwo\n"), ("stderr", "warning\n")]


def test_outputs_of_cells_tagged_volatile_are_not_stored():
    notebook = volatile_notebook()
    timing = notebook.cells[2]
    timing.metadata["tags"] = [execute_notebooks.VOLATILE_TAG]
    timing.outputs = [nbformat.v4.new_output("stream", name="stdout", text="took 1.234 s\n")]
    execute_notebooks.strip_volatile(notebook)
    assert timing.outputs == []


def test_executing_twice_gives_identical_bytes(tmp_path):
    path = tmp_path / "volatile.ipynb"
    nbformat.write(volatile_notebook(), path)
    execute_notebooks.main([str(path)])
    first = path.read_bytes()
    execute_notebooks.main([str(path)])
    assert path.read_bytes() == first
    executed = nbformat.read(path, as_version=4)
    assert [c.execution_count for c in executed.cells] == [1, 2, 3]
    assert "tensor([" in executed.cells[2].outputs[0].text
    assert "widgets" not in executed.metadata


def test_a_failing_cell_leaves_the_notebook_unchanged(tmp_path, capsys):
    notebook = volatile_notebook()
    notebook.cells.append(new_code_cell("raise RuntimeError('broken on purpose')"))
    path = tmp_path / "failing.ipynb"
    nbformat.write(notebook, path)
    before = path.read_bytes()
    assert execute_notebooks.main([str(path)]) == 1
    assert path.read_bytes() == before
    assert "broken on purpose" in capsys.readouterr().err
