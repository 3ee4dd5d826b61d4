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


def test_a_reply_whose_wakeup_is_lost_is_found_by_the_next_short_poll(monkeypatch):
    """The stall of `make notebooks`: a reply that arrives while a poll waits is only seen when that poll ends.
    A PatientChannel's polls are short, so the reply is found within POLL_SLICE, not the cell's timeout."""
    import asyncio
    import time
    from queue import Empty

    arrival = time.monotonic() + 0.2
    reply = {"parent_header": {"msg_id": "cell"}}

    async def lost_wakeup_poll(self, timeout=None):
        if time.monotonic() >= arrival:
            return reply                                   # there when the poll starts: seen at once
        await asyncio.sleep(timeout)                       # arrives meanwhile, but nothing wakes the poll
        if time.monotonic() >= arrival:
            return reply
        raise Empty

    monkeypatch.setattr(execute_notebooks.AsyncZMQSocketChannel, "get_msg", lost_wakeup_poll)
    channel = execute_notebooks.PatientChannel.__new__(execute_notebooks.PatientChannel)
    start = time.monotonic()
    assert asyncio.run(channel.get_msg(timeout=30)) is reply
    assert time.monotonic() - start < 0.2 + 2 * execute_notebooks.POLL_SLICE
    arrival = float("inf")
    start = time.monotonic()
    try:
        asyncio.run(channel.get_msg(timeout=1.2))
        raise AssertionError("no reply: the wait must end in Empty at its own deadline")
    except Empty:
        assert 1.2 <= time.monotonic() - start < 1.2 + execute_notebooks.POLL_SLICE


def test_make_notebooks_uses_patient_channels_for_shell_and_iopub():
    client = execute_notebooks.PatientKernelManager(kernel_name="python3").client()
    assert client.shell_channel_class is execute_notebooks.PatientChannel
    assert client.iopub_channel_class is execute_notebooks.PatientChannel
