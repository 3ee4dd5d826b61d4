"""Progress bars for training loops: tqdm.auto (a widget in Jupyter, text in a terminal), or nothing."""

from __future__ import annotations


def progress_bar(iterable, *, enabled: bool = True, **kwargs):
    """``iterable`` wrapped in a ``tqdm.auto`` bar when ``enabled``; tests and benchmarks pass False."""
    if not enabled:
        return iterable
    from tqdm.auto import tqdm

    # One redraw a second at most. In Jupyter every redraw is a widget message, and nbval reads a cell's
    # messages only after the cell ends: with tqdm's default of ten redraws a second, a two-minute training
    # cell flooded the kernel's message queue and nbval failed it with "Timeout of 5 seconds exceeded
    # waiting for output" (reproduced with a bare tqdm loop of 4,000 redraws; one a second passes).
    kwargs.setdefault("mininterval", 1.0)
    return tqdm(iterable, **kwargs)
