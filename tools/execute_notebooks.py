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

Usage: python tools/execute_notebooks.py notebooks/00_start_here.ipynb [more.ipynb ...]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
VOLATILE_TAG = "volatile-output"
TQDM_BAR = re.compile(r"\d+%\|.*\| *\d+/\d+")       # "GAN steps:   0%|          | 0/1500 [00:00<?, ?it/s]"


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


def execute(path: Path, timeout: int) -> None:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
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
