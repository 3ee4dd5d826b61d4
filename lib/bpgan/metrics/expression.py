"""A frozen reader of facial expression: does a translated emoji keep the face's expression?

Notebook 11 judges its avatar → emoji translations by what matters about an emoji, not only pixel by
pixel. A small CNN is trained on *true* emoji (rendered by :mod:`bpgan.data.faces`) to read back the
expression they were drawn from — how much the mouth smiles, how open it is, how large the eyes are, how
the brows tilt — and then frozen. Reading a translated emoji with it says whether the translation kept the
expression: a smile that became a frown, or a blur the reader cannot read, shows up as a reading error.

Training runs on the CPU, one thread, with its own random generator: deterministic for a seed.
"""

from __future__ import annotations

import numbers

import numpy as np
import torch
from torch import nn

from bpgan.data.faces import PARAMETERS, check_params
from bpgan.validate import as_count, as_float_array, as_seed

READ = ("smile", "mouth_open", "eye_size", "brow_angle")        # what the reader reads, each scaled to [0, 1]
EPOCHS, BATCH_SIZE, LEARNING_RATE = 8, 64, 2e-3


class ExpressionReader(nn.Module):
    """Emoji (m, 3, 32, 32) in [0, 1] → expression readings (m, 4) in [0, 1], in the order of :data:`READ`."""

    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),          # (m, 16, 16, 16)
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),         # (m, 32, 8, 8)
            nn.Flatten(), nn.Linear(32 * 8 * 8, 64), nn.ReLU(), nn.Linear(64, len(READ)), nn.Sigmoid())

    def forward(self, emoji: torch.Tensor) -> torch.Tensor:
        return self.layers(emoji)


def scaled(params) -> np.ndarray:
    """The read parameters of faces (:class:`~bpgan.data.faces.FaceParams`) scaled to [0, 1]: (n, 4)."""
    params = check_params(params)
    return np.stack([(getattr(params, name) - PARAMETERS[name][0]) / (PARAMETERS[name][1] - PARAMETERS[name][0])
                     for name in READ], axis=1).astype(np.float32)


def _images(emoji) -> torch.Tensor:
    images = as_float_array(emoji, "emoji")
    if images.ndim != 4 or images.shape[1:] != (3, 32, 32) or len(images) == 0:
        raise ValueError(f"emoji must have shape (m, 3, 32, 32) with m ≥ 1; got {images.shape}"
                         + (" — one emoji? emoji[None] adds the batch axis" if images.shape == (3, 32, 32) else ""))
    if images.min() < 0 or images.max() > 1:
        raise ValueError(f"emoji must lie in [0, 1]; got values from {images.min():.3g} to {images.max():.3g}"
                         + (" — pixel values 0–255? divide by 255" if images.max() > 1 else ""))
    return torch.as_tensor(images, dtype=torch.float32)


def train_reader(emoji, params, seed: int = 0, *, epochs: int = EPOCHS) -> ExpressionReader:
    """A reader trained on true ``emoji`` (n, 3, 32, 32) of faces ``params``; frozen, in eval mode."""
    x, y, seed = _images(emoji), torch.as_tensor(scaled(params)), as_seed(seed)
    epochs = as_count(epochs, "epochs")
    if len(x) != len(y):
        raise ValueError(f"one set of parameters per emoji: got {len(x)} emoji and {len(y)} faces")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            reader = ExpressionReader()
            order = torch.Generator().manual_seed(seed)
            optimiser = torch.optim.Adam(reader.parameters(), lr=LEARNING_RATE)
            for _ in range(epochs):
                for batch in torch.randperm(len(x), generator=order).split(BATCH_SIZE):
                    loss = (reader(x[batch]) - y[batch]).abs().mean()
                    optimiser.zero_grad()
                    loss.backward()
                    optimiser.step()
    finally:
        torch.set_num_threads(threads)
    return reader.eval().requires_grad_(False)


@torch.no_grad()
def read(reader: ExpressionReader, emoji) -> np.ndarray:
    """The reader's readings (m, 4) of ``emoji`` (m, 3, 32, 32), each in [0, 1] (columns as in :data:`READ`)."""
    if not isinstance(reader, ExpressionReader):
        raise TypeError(f"reader must be an ExpressionReader (from train_reader); got {type(reader).__name__}")
    return torch.cat([reader(chunk) for chunk in _images(emoji).split(500)]).numpy()


def smile_agreement(readings: np.ndarray, params, margin: float = 0.25) -> float:
    """The share of clear smiles and frowns (|smile| ≥ ``margin``) read with the right sign.

    ``readings`` (n, 4) come from :func:`read` of the emoji of the n faces ``params``.
    """
    smile = check_params(params).smile
    readings = as_float_array(readings, "readings", ndim=2)
    if readings.shape != (len(smile), len(READ)):
        raise ValueError(f"readings must be ({len(smile)}, {len(READ)}), one row of {', '.join(READ)} per face of "
                         f"params; got {readings.shape}")
    if readings.min() < 0 or readings.max() > 1:
        raise ValueError(f"readings must lie in [0, 1], as read returns them; got values from {readings.min():.3g} "
                         f"to {readings.max():.3g}")
    low, high = PARAMETERS["smile"]
    if isinstance(margin, bool) or not isinstance(margin, numbers.Real) or not 0 <= margin <= max(-low, high):
        raise ValueError(f"margin (how far from 0 a smile counts as clear) must be a number in [0, {max(-low, high):g}]; "
                         f"got {margin!r}")
    clear = np.abs(smile) >= margin
    if not clear.any():
        raise ValueError(f"no face has |smile| ≥ {margin:g}, so there is nothing to agree on: give a smaller margin "
                         "or more faces")
    read_smile = readings[:, READ.index("smile")] * 2 - 1                # back to −1 … 1
    return float(np.mean(np.sign(read_smile[clear]) == np.sign(smile[clear])))
