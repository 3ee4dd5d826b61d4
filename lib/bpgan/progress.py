"""Progress bars for training loops: tqdm.auto (a widget in Jupyter, text in a terminal), or nothing."""

from __future__ import annotations


def progress_bar(iterable, *, enabled: bool = True, **kwargs):
    """``iterable`` wrapped in a ``tqdm.auto`` bar when ``enabled``; tests and benchmarks pass False."""
    if not enabled:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, **kwargs)
