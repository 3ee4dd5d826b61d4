"""Seeding and device choice in one call, so that numbers do not depend on the machine.

Every notebook starts with ``device = bpgan.env.setup(seed)``. It

- seeds Python's ``random``, numpy's global generator and torch (CPU and every GPU);
- uses one torch thread: the course's models are small, and on a 2-core laptop a second thread
  only competes with the notebook for the other core;
- turns on deterministic algorithms, so a re-run reproduces the same numbers bit for bit on the CPU;
- returns the device to train on: CUDA, then Apple's MPS, then the CPU (``$BPGAN_DEVICE`` overrides).

Random tensors drawn on a GPU differ from those drawn on the CPU even for the same seed. Draw data,
noise and initial weights with :func:`randn` / :func:`rand` (on the CPU, then moved), and a notebook
prints the same numbers on every device.
"""

from __future__ import annotations

import os
import platform
import random
import re
from importlib import metadata

import numpy as np
import torch

from bpgan.validate import SEED_LIMIT, as_seed

RUN_SEED_LIMIT = 2**31      # $BPGAN_SEED: notebooks add offsets to it, and every seed must stay below SEED_LIMIT

DEVICE_VARIABLE = "BPGAN_DEVICE"
SEED_VARIABLE = "BPGAN_SEED"



def choose_device(preferred: str | torch.device | None = None) -> torch.device:
    """Return ``preferred``, else ``$BPGAN_DEVICE``, else CUDA, then MPS, then the CPU.

    Asking for a device that this machine lacks is an error rather than a silent fallback: an
    instructor who sets ``BPGAN_DEVICE=cuda`` wants to know when the GPU is not being used.
    """
    requested = preferred if preferred is not None else os.environ.get(DEVICE_VARIABLE) or None
    if requested is None:
        if torch.cuda.is_available():
            return torch.device("cuda")
        if torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")

    try:
        device = torch.device(requested)
    except (RuntimeError, TypeError) as error:
        raise ValueError(
            f"unknown device {requested!r}: expected 'cpu', 'cuda', 'cuda:N' or 'mps'"
        ) from error
    available = {
        "cpu": True,
        "cuda": torch.cuda.is_available(),
        "mps": torch.backends.mps.is_available(),
    }
    if not available.get(device.type, False):
        raise RuntimeError(
            f"device {device} was requested (argument or ${DEVICE_VARIABLE}) but is not available "
            f"on this machine; available: {', '.join(k for k, ok in available.items() if ok)}"
        )
    return device


def seed_everything(seed: int) -> None:
    """Seed Python's ``random``, numpy's global generator and torch on every device."""
    seed = as_seed(seed)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # also seeds every CUDA device


def run_seed(default: int = 0) -> int:
    """The seed of this run: ``$BPGAN_SEED`` when it is set, else ``default`` (the notebook's stored seed).

    Notebooks whose results come from random training take their seed from here, so that
    ``BPGAN_SEED=3 make test-notebooks`` runs the course on another trajectory: a checked claim about
    a trained model must hold for the phenomenon, not for one lucky run. Notebooks whose checked
    numbers are deterministic (formulas, finite differences, fixed weights) keep a fixed seed.
    """
    text = os.environ.get(SEED_VARIABLE, "").strip()
    if not text:
        return default
    try:
        seed = int(text)
    except ValueError:
        raise ValueError(f"${SEED_VARIABLE} must be a whole number in [0, 2**31); got {text!r}") from None
    if not 0 <= seed < RUN_SEED_LIMIT:
        raise ValueError(f"${SEED_VARIABLE} must be in [0, 2**31); got {seed}: notebooks derive further seeds from "
                         "it (seed + 100, seed + 200, …), which must stay below numpy's limit of 2**32")
    return seed


def setup(seed: int = 0, *, device: str | torch.device | None = None) -> torch.device:
    """Seed everything, use one torch thread and deterministic algorithms; return the device.

    On the CPU every operation the course uses has a deterministic implementation, so a missing one
    is an error. GPUs lack deterministic kernels for a few operations; there torch warns instead of
    failing, because checked numbers are thresholds for anything trained on a device anyway.
    """
    # cuBLAS is only deterministic with a fixed workspace; it must be set before CUDA starts.
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    chosen = choose_device(device)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True, warn_only=chosen.type != "cpu")
    torch.backends.cudnn.benchmark = False
    seed_everything(seed)
    return chosen


def generator(seed: int) -> torch.Generator:
    """A CPU random generator of its own, for streams that must not disturb the global one."""
    return torch.Generator(device="cpu").manual_seed(int(seed))


def randn(*shape: int, device: str | torch.device = "cpu", generator: torch.Generator | None = None,
          dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """Standard normal samples of ``shape``, drawn on the CPU and then moved to ``device``.

    The same seed gives the same numbers whatever ``device`` is, unlike ``torch.randn(..., device=...)``.
    """
    return torch.randn(*shape, generator=generator, dtype=dtype).to(device)


def rand(*shape: int, device: str | torch.device = "cpu", generator: torch.Generator | None = None,
         dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """Uniform samples in [0, 1) of ``shape``, drawn on the CPU and then moved to ``device``."""
    return torch.rand(*shape, generator=generator, dtype=dtype).to(device)


def _learner_packages() -> tuple[str, ...]:
    """What a learner needs to run the notebooks: the package's own requirements (pyproject.toml's
    ``dependencies``, read from the installed metadata, so the list cannot drift) and the kernel that runs a
    notebook. Test tools and JupyterLab are left out: a cloud runtime brings its own front end."""
    try:
        requirements = metadata.requires("bpgan") or []
    except metadata.PackageNotFoundError:
        return ("bpgan",)                  # shown as missing: the course itself is not installed
    names = [re.match(r"[A-Za-z0-9_.\-]+", r).group() for r in requirements if "extra ==" not in r]
    return (*names, "ipykernel")


COURSE_PACKAGES = _learner_packages()


def versions() -> dict[str, str]:
    """The Python version and the version of each package the course uses ('missing' if absent)."""
    found = {"python": platform.python_version()}
    for name in COURSE_PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "missing"
    return found
