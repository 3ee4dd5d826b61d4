"""Does `make notebooks` stall at a widget cell? Many executions beside a CPU hog, each cell given a short timeout.

nbclient used to wait for a widget cell's reply with one long poll of the kernel's socket, and a lost wakeup
made it wait for the whole timeout (tools/execute_notebooks.py says why). This runs the first part of each
notebook with a widget — up to and including its first widget cell — again and again with the project's
executor while another process keeps a core busy, and reports how long each widget cell took. A stall shows
as a widget cell that takes about the timeout; without one, every widget cell takes well under a second.

    python bench/executor_stalls.py [--runs 15] [--timeout 60] [--executor patient|plain]

``--executor plain`` uses nbclient's own channels, to see the stall this guards against.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import execute_notebooks  # noqa: E402

WIDGET_NOTEBOOKS = ["02_forward_pass.ipynb", "05_gradient_descent.ipynb"]
WIDGET_CALL = ("_explorer(", "interact(")


def prefix_through_first_widget(path: Path) -> tuple[nbformat.NotebookNode, int]:
    notebook = nbformat.read(path, as_version=4)
    index = next(i for i, cell in enumerate(notebook.cells)
                 if cell.cell_type == "code" and any(call in cell.source for call in WIDGET_CALL))
    notebook.cells = notebook.cells[:index + 1]
    return notebook, index


def hog(stop) -> None:
    while not stop.is_set():
        sum(range(10_000))


class Timed(execute_notebooks.NotebookClient):
    """Records how long the watched cell took."""

    watched, seconds = -1, float("nan")

    async def async_execute_cell(self, cell, cell_index, *args, **kwargs):
        start = time.monotonic()
        result = await super().async_execute_cell(cell, cell_index, *args, **kwargs)
        if cell_index == self.watched:
            self.seconds = time.monotonic() - start
        return result


def widget_cell_seconds(path: Path, timeout: int, patient: bool, folder: Path) -> float:
    notebook, index = prefix_through_first_widget(path)
    client = Timed(notebook, timeout=timeout, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(folder)}},
                   **({"kernel_manager_class": execute_notebooks.PatientKernelManager} if patient else {}))
    client.watched = index
    client.execute()
    return client.seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="executions of each notebook's widget prefix")
    parser.add_argument("--timeout", type=int, default=60, help="seconds allowed for one cell")
    parser.add_argument("--executor", choices=["patient", "plain"], default="patient")
    args = parser.parse_args()
    stop = multiprocessing.Event()
    busy = multiprocessing.Process(target=hog, args=(stop,), daemon=True)
    busy.start()
    stalls = 0
    try:
        with tempfile.TemporaryDirectory() as folder:
            for name in WIDGET_NOTEBOOKS:
                times = [widget_cell_seconds(ROOT / "notebooks" / name, args.timeout, args.executor == "patient",
                                             Path(folder)) for _ in range(args.runs)]
                slow = [t for t in times if t > args.timeout / 2]
                stalls += len(slow)
                print(f"{name}: widget cell, {args.runs} runs beside a busy core ({args.executor} executor): "
                      f"median {sorted(times)[len(times) // 2]:.2f} s, longest {max(times):.2f} s, "
                      f"{len(slow)} stalled (> {args.timeout / 2:.0f} s)", flush=True)
    finally:
        stop.set()
        busy.join()
    return 1 if stalls and args.executor == "patient" else 0


if __name__ == "__main__":
    sys.exit(main())
