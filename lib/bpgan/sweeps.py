"""The stored results of the sweeps in ``bench/``, shipped inside the package.

Evidence too costly for a notebook (ten seeds of a ring GAN, five seeds of four translators) is run by a
script under ``bench/`` and stored here as JSON. A notebook reads it with :func:`load`, never by a path
relative to its own folder, so a learner copy runs from any folder and from an installed wheel.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

FOLDER = "sweep_results"


def path(name: str) -> Path:
    """Where the sweep ``name`` is stored (for ``bench/`` scripts, which write it)."""
    return Path(__file__).parent / FOLDER / f"{name}.json"


def names() -> list[str]:
    """The sweeps stored with the package."""
    return sorted(entry.name[:-5] for entry in resources.files("bpgan").joinpath(FOLDER).iterdir()
                  if entry.name.endswith(".json"))


def load(name: str) -> dict:
    """The stored results of the sweep ``name`` (``"ring_strategies"``, ``"avatars"``)."""
    if not isinstance(name, str) or name not in names():
        raise ValueError(f"no stored sweep named {name!r}; the package holds {names()}")
    return json.loads(resources.files("bpgan").joinpath(FOLDER, f"{name}.json").read_text(encoding="utf-8"))
