"""Execute notebooks in place so that running this twice in a row changes no byte.

`jupyter nbconvert --execute` stores what changes on every run: per-cell timestamps and the state of
every widget (random model ids, tqdm's rates). This script executes with nbclient instead, records no
timing, and keeps no widget state. A widget's display output keeps its plain-text form; its
``widget-view`` reference is dropped, since it points at a model that is not stored and that no
viewer could render. A tqdm progress bar is dropped altogether: its plain-text form is the bar as it
was first drawn ("0%| 0/1500"), which would tell a reader of the stored notebook that nothing ran. Consecutive prints to the same stream are merged into one output: how the kernel
splits them depends on timing. A cell tagged ``volatile-output`` (one that prints wall-clock timings,
say) is executed like any other, but its outputs are not stored: a learner sees them live, the stored
notebook stays the same from run to run. Each notebook runs with its own folder as the working
directory, as under nbval.

Why every wait is cut into short polls: nbclient waits for a cell's reply with one asyncio poll of the
kernel's zmq socket, as long as the cell's timeout. A zmq socket signals the event loop on an edge, and now
and then (about one run in four of notebook 05 beside a busy CPU, at the cell that shows a widget) that
signal is lost: the reply sits in the socket, both processes idle, and the poll only finds it when it
times out (measured: a wait of exactly the timeout that then returns the reply, not an error). A new poll
always looks at the socket first, so :class:`PatientChannel` polls for at most :data:`POLL_SLICE` seconds at
a time; a lost signal then costs that much, not the cell's timeout. nbval never stalled because it uses
jupyter_client's blocking client, whose polls are plain, level-triggered ``zmq_poll`` calls.

Usage: python tools/execute_notebooks.py notebooks/00_start_here.ipynb [more.ipynb ...]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from queue import Empty
from time import monotonic

import nbformat
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
VOLATILE_TAG = "volatile-output"
TQDM_BAR = re.compile(r"\d+%\|.*\| *\d+/\d+")       # "GAN steps:   0%|          | 0/1500 [00:00<?, ?it/s]"
POLL_SLICE = 0.5                                  # seconds: the longest single poll of a kernel socket


class PatientChannel(AsyncZMQSocketChannel):
    """A kernel channel whose ``get_msg`` waits in polls of at most POLL_SLICE s, up to the same deadline."""

    async def get_msg(self, timeout: float | None = None) -> dict:
        deadline = None if timeout is None else monotonic() + timeout
        while True:
            left = POLL_SLICE if deadline is None else max(0.0, deadline - monotonic())
            try:
                return await super().get_msg(timeout=min(POLL_SLICE, left))
            except Empty:
                if deadline is not None and monotonic() >= deadline:
                    raise


class PatientKernelManager(AsyncKernelManager):
    """Hands out kernel clients whose shell and iopub channels are PatientChannels."""

    def client(self, **kwargs):
        client = super().client(**kwargs)
        client.shell_channel_class = PatientChannel      # channels are made on first use, after this
        client.iopub_channel_class = PatientChannel
        return client


def strip_volatile(notebook: nbformat.NotebookNode) -> None:
    """Remove widget state, widget view references and timing metadata; merge split stream outputs."""
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        merged = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data and TQDM_BAR.search(str(data.get("text/plain", ""))):
                continue
            data.pop(WIDGET_VIEW, None)
            data.pop(WIDGET_STATE, None)
            if (output.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                    and merged[-1].name == output.name):
                merged[-1].text += output.text
            else:
                merged.append(output)
        if cell.cell_type == "code":
            cell.outputs = [] if VOLATILE_TAG in cell.metadata.get("tags", []) else merged


def run(notebook: nbformat.NotebookNode, folder: Path, timeout: int, allow_errors: bool = False) -> None:
    """Execute ``notebook`` in place, with ``folder`` as its working directory; ``timeout`` s per cell."""
    NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        kernel_manager_class=PatientKernelManager,
        record_timing=False,
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(folder)}},
    ).execute()


def execute(path: Path, timeout: int) -> None:
    notebook = nbformat.read(path, as_version=4)
    run(notebook, path.parent, timeout)
    strip_volatile(notebook)
    nbformat.write(notebook, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed for one cell")
    args = parser.parse_args(argv)
    for path in args.notebooks:
        print(f"executing {path}", flush=True)
        try:
            execute(path, args.timeout)
        except CellExecutionError as error:
            print(f"{path}: a cell failed; the notebook was left unchanged\n{error}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
