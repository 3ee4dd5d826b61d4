"""Notebooks 11–12 over seeds: how long each translator takes to reach its notebook's target.

For every seed the script draws the notebooks' faces (4,000 to train, 500 held out, the same seeds as the
notebooks), then trains the U-Net with L1 alone and with L1 + GAN, judging the held-out faces every 250
generator steps until the run is on target, or gives up at 8,000 steps (the notebooks train for 2,000). A run
reaches its target at the first check where

- **avatar → emoji** (notebook 11): sharpness ≥ 0.85 of the true emoji's and ≥ 70% of clear smiles read right
  by the frozen expression reader — what notebook 11 requires of its L1 + GAN run;
- **avatar → depth** (notebook 12): depth error ≤ 0.45 × the mean face's — what notebook 12 requires of both.

Reported: training seconds (judging excluded) and generator steps to the target, or "—" when 8,000 steps did
not reach it, and the cost of one generator step. First, the renderer's own speed: 10,000 faces (avatar, emoji
and depth map each) at 32×32, the median of three draws (``--render-only`` measures just that, in seconds). Notebook 11 prints the stored table: how much longer L1 alone
needs. One thread, on the CPU; about 2.5 minutes per seed.

    python bench/avatars.py [--seeds 5] [--out lib/bpgan/sweep_results/avatars.json]
    python bench/avatars.py --render-only
"""

import argparse
import json
import statistics
import time
from pathlib import Path

import numpy as np
import torch

from bpgan import env, sweeps
from bpgan.data import faces as F
from bpgan.files import atomic_write
from bpgan.gan import translation as T
from bpgan.metrics import expression

RESULTS = sweeps.path("avatars")
MAX_STEPS, EVERY = 8000, 250
RUNS = (("L1 only", False), ("L1 + GAN", True))


def emoji_on_target(reader, test, test_params):
    def judge(emoji):
        sharpness = float(T.sharpness(emoji).mean() / T.sharpness(test.emoji).mean())
        smile = expression.smile_agreement(expression.read(reader, emoji), test_params)
        return sharpness >= 0.85 and smile >= 0.7, {"sharpness": round(sharpness, 3), "smile": round(smile, 3)}
    return judge


def depth_on_target(train, test):
    mean_face = np.repeat(train.depth.mean(axis=0, keepdims=True), len(test.depth), axis=0)
    mean_rmse = T.depth_errors(mean_face, test.depth).rmse

    def judge(depth):
        errors = T.depth_errors(depth, test.depth)
        return errors.rmse <= 0.45 * mean_rmse, {"rmse_over_mean_face": round(errors.rmse / mean_rmse, 3),
                                                 "normal_degrees": round(errors.normal_degrees, 2)}
    return judge


def run(inputs, targets, test_inputs, judge, seed: int, adversarial: bool) -> dict:
    """Train, judging every EVERY steps, until on target or MAX_STEPS; the first check on target, the seconds."""
    trainer = T.translation_trainer(inputs, targets, seed=seed, adversarial=adversarial)
    seconds, checks, reached = 0.0, [], None
    while reached is None and trainer.steps < MAX_STEPS:
        start = time.perf_counter()
        trainer.train(EVERY, progress=False)
        seconds += time.perf_counter() - start
        on_target, measures = judge(T.translate(trainer, test_inputs))
        checks.append({"steps": trainer.steps, "seconds": round(seconds, 1), **measures})
        if on_target:
            reached = {"steps": trainer.steps, "seconds": round(seconds, 1)}
    return {"seed": seed, "reached": reached, "ms_per_step": round(seconds / trainer.steps * 1e3, 1), "checks": checks}


def render_seconds(n: int = 10_000, repeats: int = 3) -> float:
    """The median time to draw n faces three ways at 32×32."""
    times = []
    for seed in range(repeats):
        start = time.perf_counter()
        F.faces(n, seed=seed)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cell(runs: list[dict]) -> str:
    reached = [r["reached"] for r in runs if r["reached"]]
    times = f"median {statistics.median(r['seconds'] for r in reached):.0f} s" if reached else "—"
    steps = ", ".join(str(r["reached"]["steps"]) if r["reached"] else "—" for r in runs)
    return f"{len(reached)}/{len(runs)} on target, {times} (steps: {steps})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--render-only", action="store_true", help="only time the renderer")
    args = parser.parse_args()
    env.setup(0)
    seconds = render_seconds()
    print(f"bpgan.data.faces: 10,000 faces (avatar, emoji, depth) at 32×32 in {seconds:.1f} s (median of 3)", flush=True)
    if args.render_only:
        return
    results = {"max_steps": MAX_STEPS, "every": EVERY, "seeds": list(range(args.seeds)), "emoji": {}, "depth": {}}
    for seed in range(args.seeds):
        train_params, train = F.faces(4000, seed=100 + seed)
        test_params, test = F.faces(500, seed=200 + seed)
        reader = expression.train_reader(train.emoji, train_params, seed=seed)
        tasks = {"emoji": (train.emoji, emoji_on_target(reader, test, test_params)),
                 "depth": (train.depth, depth_on_target(train, test))}
        for task, (targets, judge) in tasks.items():
            for name, adversarial in RUNS:
                outcome = run(train.avatar, targets, test.avatar, judge, seed, adversarial)
                results[task].setdefault(name, []).append(outcome)
                print(f"  seed {seed}, {task}, {name}: reached {outcome['reached']}, "
                      f"{outcome['ms_per_step']} ms per step", flush=True)
    print(f"\nTime to each notebook's target over seeds 0–{args.seeds - 1} ({MAX_STEPS} generator steps at most, "
          f"judged every {EVERY}; {torch.get_num_threads()} thread):")
    for task, notebook in (("emoji", "11 avatar → emoji"), ("depth", "12 avatar → depth")):
        for name, _ in RUNS:
            runs = results[task][name]
            ms = statistics.median(r["ms_per_step"] for r in runs)
            print(f"  {notebook:<18} {name:<9} {cell(runs)}; {ms:.0f} ms per generator step")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(args.out, lambda handle: handle.write(json.dumps(results).encode() + b"\n"))
    print(f"stored in {args.out}")


if __name__ == "__main__":
    main()
