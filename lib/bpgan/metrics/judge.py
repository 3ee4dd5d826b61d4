"""A frozen judge for generated digits: a small CNN trained once on the real train split, then cached.

Notebooks 09 and 10 judge their generators by numbers, not by eye. The judge is a digit classifier
that never sees a generated image while it learns: trained on the 4,000 real training digits, checked
on the 1,000 real test digits, then frozen. Its penultimate layer (64 ReLU features) is the space in
which :func:`bpgan.metrics.scores.frechet_distance` compares generated digits with real ones.

Training takes seconds on a CPU and is deterministic for a seed: it always runs on the CPU, one
thread, with its own random generator, whatever device the course uses. The trained weights are cached
beside the MNIST cache (``$BPGAN_CACHE_DIR`` or the user's cache directory), written atomically with a
checksum and read with ``torch.load(weights_only=True)``; a damaged or foreign file is reported with a
warning and replaced by a fresh training, never trusted.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import NamedTuple

import numpy as np
import torch

from bpgan.data.mnist import cache_dir, load_mnist
from bpgan.files import CacheError, UnreadableFile, atomic_write, load_torch_file, read_or_rebuild
from bpgan.metrics.scores import class_coverage, frechet_distance, mean_confidence
from bpgan.validate import as_count, as_seed

JUDGE_VERSION = 1
EPOCHS, BATCH_SIZE, LEARNING_RATE = 6, 64, 1e-3
N_FEATURES = 64


class DigitJudge(torch.nn.Module):
    """Images (m, 28, 28) or (m, 1, 28, 28) in [0, 1] → logits (m, 10); ``features`` gives (m, 64)."""

    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(
            torch.nn.Conv2d(1, 16, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),    # (m, 16, 14, 14)
            torch.nn.Conv2d(16, 32, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),   # (m, 32, 7, 7)
            torch.nn.Flatten(), torch.nn.Linear(32 * 7 * 7, N_FEATURES), torch.nn.ReLU(),    # (m, 64)
        )
        self.head = torch.nn.Linear(N_FEATURES, 10)                                          # (m, 10)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(images))


def as_images(images) -> torch.Tensor:
    """A float32 CPU tensor (m, 1, 28, 28) from images (m, 28, 28) or (m, 1, 28, 28), checked."""
    if isinstance(images, torch.Tensor):
        tensor = images.detach().cpu()
    else:
        array = np.asarray(images)
        if array.dtype.kind not in "biuf":
            raise ValueError(f"images must be floats in [0, 1]; got {type(images).__name__} of dtype {array.dtype}")
        tensor = torch.as_tensor(array)
    if tensor.ndim == 3:
        tensor = tensor.unsqueeze(1)
    if tensor.ndim != 4 or tuple(tensor.shape[1:]) != (1, 28, 28):
        raise ValueError(f"images must have shape (m, 28, 28) or (m, 1, 28, 28); got {tuple(tensor.shape)}")
    if len(tensor) == 0:
        raise ValueError("there are no images (an empty batch of shape (0, 28, 28))")
    if not tensor.is_floating_point():
        raise ValueError(f"images must be floats in [0, 1]; got dtype {tensor.dtype}")
    if not torch.isfinite(tensor).all():
        raise ValueError("images contain NaN or infinite values")
    if len(tensor) and (tensor.min() < 0 or tensor.max() > 1):
        hint = (" — a generator's tanh output? bpgan.gan.digits.to_unit maps [−1, 1] to [0, 1]" if tensor.min() < 0
                else " — pixel values 0–255? divide by 255")
        raise ValueError(f"images must lie in [0, 1], like the digits the judge was trained on; got values from "
                         f"{float(tensor.min()):.3g} to {float(tensor.max()):.3g}{hint}")
    return tensor.float()


def _check_judge(judge) -> None:
    if not isinstance(judge, DigitJudge):
        raise TypeError(f"judge must be a DigitJudge (from load_judge or train_classifier); got {type(judge).__name__}")


def _batches(images: torch.Tensor, size: int = 500):
    for start in range(0, len(images), size):
        yield images[start:start + size]


@torch.no_grad()
def predict(judge: DigitJudge, images) -> np.ndarray:
    """Class probabilities (m, 10) for images in [0, 1]."""
    _check_judge(judge)
    judge.eval()
    images = as_images(images)
    return torch.cat([torch.softmax(judge(batch), dim=1) for batch in _batches(images)]).numpy()


@torch.no_grad()
def embed(judge: DigitJudge, images) -> np.ndarray:
    """The judge's penultimate features (m, 64), the space of the Fréchet distance."""
    _check_judge(judge)
    judge.eval()
    images = as_images(images)
    return torch.cat([judge.features(batch) for batch in _batches(images)]).numpy()


def accuracy(judge: DigitJudge, images, labels) -> float:
    """The fraction of ``images`` whose predicted class equals ``labels``."""
    predicted = predict(judge, images).argmax(axis=1)
    labels = np.asarray(labels)
    out_of_range = len(labels) > 0 and labels.dtype.kind in "iu" and (labels.min() < 0 or labels.max() > 9)
    if labels.shape != predicted.shape or labels.dtype.kind not in "iu" or out_of_range:
        raise ValueError(f"labels must be {len(predicted)} digit classes (ints 0–9), one per image; got shape "
                         f"{labels.shape} and dtype {labels.dtype}")
    return float(np.mean(predicted == labels))


def train_classifier(images, labels, seed: int = 0, *, epochs: int = EPOCHS) -> DigitJudge:
    """Train a :class:`DigitJudge`-shaped classifier on ``images`` (n, 28, 28) in [0, 1] and ``labels`` (n,).

    CPU, one thread, its own random generator: deterministic for ``seed``, and the caller's random
    state is left as it was. Returned frozen, in eval mode.
    """
    x, labels, epochs = as_images(images), np.asarray(labels), as_count(epochs, "epochs")
    if labels.shape != (len(x),) or labels.dtype.kind not in "iu" or labels.min() < 0 or labels.max() > 9:
        raise ValueError(f"labels must be {len(x)} class numbers (ints 0–9), one per image; got shape {labels.shape} "
                         f"and dtype {labels.dtype}")
    y = torch.as_tensor(labels, dtype=torch.int64)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with torch.random.fork_rng(devices=[]):               # leave the caller's random state alone
            torch.manual_seed(as_seed(seed))
            judge = DigitJudge()
            order = torch.Generator().manual_seed(seed)
            optimiser = torch.optim.Adam(judge.parameters(), lr=LEARNING_RATE)
            judge.train()
            for _ in range(epochs):
                for batch in torch.randperm(len(x), generator=order).split(BATCH_SIZE):
                    loss = torch.nn.functional.cross_entropy(judge(x[batch]), y[batch])
                    optimiser.zero_grad()
                    loss.backward()
                    optimiser.step()
    finally:
        torch.set_num_threads(threads)
    judge.eval()
    return judge.requires_grad_(False)


def train_judge(seed: int = 0, *, epochs: int = EPOCHS) -> DigitJudge:
    """The judge: a classifier trained on the 4,000 real training digits (deterministic for ``seed``)."""
    images, labels = load_mnist("train")
    return train_classifier(images, labels, seed, epochs=epochs)


class Scores(NamedTuple):
    coverage: float          # entropy of the predicted-class histogram, at most log 10 ≈ 2.303
    confidence: float        # mean top-class probability
    frechet: float           # Fréchet distance to the reference features


def score_images(judge: DigitJudge, images, reference_features) -> Scores:
    """What the judge says of ``images`` (m, 28, 28) in [0, 1], against features of real digits (n, 64)."""
    probabilities = predict(judge, images)
    return Scores(class_coverage(probabilities.argmax(axis=1)), mean_confidence(probabilities),
                  frechet_distance(embed(judge, images), reference_features))


def judge_path(seed: int = 0) -> Path:
    return cache_dir() / f"digit-judge-v{JUDGE_VERSION}-seed{seed}.pt"


def _checksum(state: dict) -> str:
    digest = hashlib.sha256()
    for name in sorted(state):
        digest.update(name.encode())
        digest.update(state[name].detach().cpu().contiguous().numpy().tobytes())
    return digest.hexdigest()


class JudgeCacheError(CacheError):
    """A cached judge that cannot be trusted: unreadable, foreign, or not what was written."""


def read_judge(path: Path) -> DigitJudge:
    """Read and verify a cached judge; raise :class:`JudgeCacheError` saying what is wrong with it."""
    try:
        stored = load_torch_file(path)
    except UnreadableFile as error:
        raise JudgeCacheError(f"cannot read it: {error}") from error
    if (not isinstance(stored, dict) or {"state", "sha256", "version"} - set(stored)
            or not isinstance(stored["state"], dict)
            or not all(isinstance(value, torch.Tensor) for value in stored["state"].values())):
        raise JudgeCacheError("it is not a cached digit judge")
    if stored["version"] != JUDGE_VERSION or _checksum(stored["state"]) != stored["sha256"]:
        raise JudgeCacheError("its version or checksum does not match its contents")
    judge = DigitJudge()
    try:
        judge.load_state_dict(stored["state"])
    except RuntimeError as error:
        raise JudgeCacheError(f"its weights do not fit the judge: {error}") from error
    judge.eval()
    return judge.requires_grad_(False)


def load_judge(seed: int = 0) -> DigitJudge:
    """The frozen judge for ``seed``: read from the cache, or trained (seconds) and cached."""
    return read_or_rebuild(judge_path(seed), read_judge, lambda: train_judge(seed), write_judge, "digit judge")


def write_judge(path: Path, judge: DigitJudge) -> None:
    """Cache ``judge`` at ``path`` atomically, with a checksum of its weights and the judge's version."""
    state = judge.state_dict()
    atomic_write(path, lambda handle: torch.save(
        {"state": state, "sha256": _checksum(state), "version": JUDGE_VERSION}, handle))
