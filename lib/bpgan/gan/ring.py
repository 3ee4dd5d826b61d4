"""The 8-Gaussian ring experiment of notebook 08: the plain game, the ways to "adjust D first", the recipe, the target.

One place defines the networks, the configurations and the judge, so that the notebook, the benchmark
(``bench/ring_strategies.py``) and the tests measure the same thing.

- :data:`PLAIN`: Algorithm 1 with Adam — two 3×128 ReLU MLPs, 2-D noise, batches of 256, Adam(1e-3,
  β = (0.5, 0.999)) for both players, k = 1, the non-saturating generator loss, nothing else.
- :data:`STRATEGIES`: the readings of the source text's advice "adjust the discriminator first", each one change
  to PLAIN: a D warm-up, k = 5 D steps per G step, a D that learns 3× faster (two time-scale rule), and
  the R1 penalty on D.
- :data:`RECIPE`: PLAIN + R1 (γ = 1), sampled from the moving average of G's weights (β = 0.99).
  Every run keeps that average (it never changes training), so each run is judged twice: the generator
  being trained, and its average.

A generator is **on target** when all 8 modes are covered and at least 80% of its samples are high
quality, at the same check. It **stays on target** when it is on target at ≥ 80% of the checks in the
last 1,000 steps of its run: a run that only touches the target once has not worked.

Quality is judged on a fixed batch of evaluation noise drawn from its own generator, so that looking
at the generator never changes the course of training.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Callable, NamedTuple

import torch

from bpgan.data.toy import RING_STD, ring_centers, sample_ring
from bpgan.gan.training import GanTrainer, changed_recipe
from bpgan.metrics import Coverage, mode_coverage
from bpgan.progress import progress_bar
from bpgan.validate import as_seed

PLAIN = dict(width=128, depth=3, noise_dim=2, batch_size=256, lr_g=1e-3, lr_d=1e-3, betas=(0.5, 0.999), k=1,
             kind="non_saturating", r1_gamma=0.0, warm_up=0, ema=0.99)
STRATEGIES = {name: changed_recipe(PLAIN, changes) for name, changes in {
    "plain": {},
    "D warm-up (200 steps)": {"warm_up": 200},
    "k = 5 D steps": {"k": 5},
    "D learns 3× faster": {"lr_d": 3e-3},
    "R1 penalty on D": {"r1_gamma": 1.0},
}.items()}
RECIPE = STRATEGIES["R1 penalty on D"]

TARGET_MODES, TARGET_HIGH_QUALITY = 8, 0.8
STAY_WINDOW, STAY_FRACTION = 1000, 0.8
EVALUATION_SAMPLES, EVALUATION_SEED = 2000, 2014


def mlp(n_in: int, n_out: int, width: int, depth: int) -> torch.nn.Sequential:
    """``depth`` hidden layers of ``width`` ReLU units: (m, n_in) → (m, n_out)."""
    layers, size = [], n_in
    for _ in range(depth):
        layers += [torch.nn.Linear(size, width), torch.nn.ReLU()]
        size = width
    return torch.nn.Sequential(*layers, torch.nn.Linear(size, n_out))


def ring_trainer(seed: int = 0, *, device="cpu", **changes) -> GanTrainer:
    """A :class:`GanTrainer` on the ring with :data:`RECIPE`, any entry replaced through ``changes``.

    ``ring_trainer(seed, **STRATEGIES["k = 5 D steps"])`` builds another configuration; a ``warm_up``
    entry runs that many D steps before the trainer is returned.
    """
    recipe = changed_recipe(RECIPE, changes)
    torch.manual_seed(as_seed(seed))                         # the networks' initial weights
    generator = mlp(recipe["noise_dim"], 2, recipe["width"], recipe["depth"])
    discriminator = mlp(2, 1, recipe["width"], recipe["depth"])
    trainer = GanTrainer(generator, discriminator, sample_ring, recipe["noise_dim"], k=recipe["k"],
                         kind=recipe["kind"], batch_size=recipe["batch_size"], lr_g=recipe["lr_g"],
                         lr_d=recipe["lr_d"], betas=recipe["betas"], r1_gamma=recipe["r1_gamma"], ema=recipe["ema"],
                         device=device, seed=seed)
    trainer.warm_up(recipe["warm_up"])
    return trainer


def ring_quality(trainer: GanTrainer, generator: torch.nn.Module | None = None,
                 n: int = EVALUATION_SAMPLES) -> Coverage:
    """Modes covered and high-quality fraction of n samples from the fixed evaluation noise.

    ``generator`` defaults to the trainer's :attr:`~GanTrainer.sampling_generator` (the weight average,
    when the trainer keeps one); pass ``trainer.generator`` to judge the generator being trained.
    """
    generator = trainer.sampling_generator if generator is None else generator
    noise = torch.randn(n, trainer.noise_dim, generator=torch.Generator().manual_seed(EVALUATION_SEED))
    with torch.no_grad():
        samples = generator(noise.to(trainer.device)).cpu()
    return mode_coverage(samples, ring_centers(), RING_STD)


class Check(NamedTuple):
    """One judgement of a generator during a run."""
    step: int
    modes: int
    high_quality: float


def on_target(coverage: Coverage) -> bool:
    """All 8 modes covered and at least 80% of samples high-quality, at the same moment."""
    return is_on_target(Check(0, coverage.modes_covered, coverage.high_quality))


class RingRun(NamedTuple):
    """A run judged every few steps: the trained generator's checks, its average's, and the wall-clock."""
    trained: list[Check]
    averaged: list[Check]          # empty when the trainer keeps no average
    seconds: float                 # training and judging
    best: Check | None = None      # the best check of the sampling generator, when a best checkpoint was kept


def _check(trainer: GanTrainer, generator: torch.nn.Module) -> Check:
    coverage = ring_quality(trainer, generator)
    return Check(trainer.steps, coverage.modes_covered, round(coverage.high_quality, 4))


def _rank(check: Check) -> tuple:
    """Better checks rank higher: on target first, then more modes, then more high-quality samples."""
    return is_on_target(check), check.modes, check.high_quality


def train_and_judge(trainer: GanTrainer, steps: int, *, every: int = 100,
                    watch: Callable[[GanTrainer], None] | None = None, progress: bool = True,
                    desc: str = "GAN steps", best: str | Path | None = None) -> RingRun:
    """Train ``steps`` generator steps, judging the trained generator (and its average) every ``every``.

    ``watch(trainer)`` is called after each judgement (to take a picture, say). With ``best`` (a file
    name), the trainer is also saved there whenever its sampling generator — the average, if it keeps
    one — has its best check so far, so that a long run that wanders off ends with its best moment kept.
    """
    if steps < 1 or every < 1:
        raise ValueError(f"steps and every must be positive; got {steps} and {every}")
    chunks = [every] * (steps // every) + ([steps % every] if steps % every else [])
    trained, averaged, best_check = [], [], None
    start = time.perf_counter()
    bar = progress_bar(chunks, enabled=progress, desc=f"{desc} (×{every})")
    try:
        for chunk in bar:
            trainer.train(chunk, progress=False)
            trained.append(_check(trainer, trainer.generator))
            if trainer.averaged_generator is not None:
                averaged.append(_check(trainer, trainer.averaged_generator))
            judged = (averaged or trained)[-1]
            if best is not None and (best_check is None or _rank(judged) > _rank(best_check)):
                best_check = judged
                trainer.save(best)
            if watch is not None:
                watch(trainer)
    finally:
        if hasattr(bar, "close"):
            bar.close()
    return RingRun(trained, averaged, time.perf_counter() - start, best_check)


def is_on_target(check: Check) -> bool:
    """The target, for one check: all 8 modes covered and at least 80% of samples high quality."""
    return check.modes >= TARGET_MODES and check.high_quality >= TARGET_HIGH_QUALITY


def first_on_target(checks: list[Check]) -> int | None:
    """The step of the first check on target, or None."""
    return next((check.step for check in checks if is_on_target(check)), None)


def fraction_on_target(checks: list[Check], *, last: int | None = None) -> float:
    """The fraction of checks on target: all of them, or those in the last ``last`` steps of the run."""
    if not checks:
        raise ValueError("no checks to judge")
    if last is not None:
        checks = [check for check in checks if check.step > checks[-1].step - last]
    return sum(map(is_on_target, checks)) / len(checks)


def stays_on_target(checks: list[Check]) -> bool:
    """On target at ≥ STAY_FRACTION of the checks in the last STAY_WINDOW steps: the run worked."""
    return fraction_on_target(checks, last=STAY_WINDOW) >= STAY_FRACTION


def collapsed(checks: list[Check]) -> bool:
    """Mode collapse at the end of a run: sharp samples (≥ 80% high quality) on fewer than 8 modes."""
    last = checks[-1]
    return last.modes < TARGET_MODES and last.high_quality >= TARGET_HIGH_QUALITY


class Outcome(NamedTuple):
    """How one configuration fared over several seeds."""
    seeds: int
    reached: int                   # runs that were on target at one check at least
    stayed: int                    # runs that stayed on target (see :func:`stays_on_target`)
    collapsed: int                 # runs that ended in mode collapse (see :func:`collapsed`)
    median_first: float            # median step first on target; a run that never got there counts as ∞
    time_on_target: float          # mean fraction of checks on target


def outcome(runs: list[list[Check]]) -> Outcome:
    """Summarise the checks of one configuration's runs, one list per seed."""
    if not runs:
        raise ValueError("no runs to summarise")
    firsts = [first_on_target(checks) for checks in runs]
    ranked = sorted(f for f in firsts if f is not None) + [float("inf")] * firsts.count(None)
    return Outcome(len(runs), len(firsts) - firsts.count(None), sum(map(stays_on_target, runs)), sum(map(collapsed, runs)),
                   statistics.median(ranked), statistics.mean(map(fraction_on_target, runs)))
