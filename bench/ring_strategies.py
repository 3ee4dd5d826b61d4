"""The 8-Gaussian ring over 10 seeds: the plain game against each way to "adjust the discriminator first".

Every configuration of ``bpgan.gan.ring.STRATEGIES`` trains for the same number of generator steps
(4,000) on seeds 0–9, judged every 100 steps — both the generator being trained and the moving average
of its weights. Notebook 08 plots the stored results and re-runs the recipe live; the numbers it states
come from this file. Wall-clock differs between configurations (k = 5 does five D steps per G step):
each run's seconds are recorded, and ``--timing`` measures the cost of one generator step of each
configuration on its own, which is what the notebook compares (run it on an otherwise idle machine).

    python bench/ring_strategies.py [--seeds 10] [--steps 4000] [--only NAME …] [--out lib/bpgan/sweep_results/ring_strategies.json]
    python bench/ring_strategies.py --timing     # only re-measure the cost of a generator step, on an idle machine

One thread, on the CPU. About 20 minutes on a 2-core laptop; ``--only`` reruns some configurations and
keeps the others stored in the file.
"""

import argparse
import json
import statistics
import time
from pathlib import Path

import torch

from bpgan import env, sweeps
from bpgan.files import atomic_write
from bpgan.gan import ring

RESULTS = sweeps.path("ring_strategies")


def summary(runs: list[dict], which: str) -> str:
    result = ring.outcome([[ring.Check(*c) for c in run[which]] for run in runs])
    return (f"{result.stayed:>2}/{result.seeds} stay, {result.collapsed:>2} collapse   first on target: median "
            f"{result.median_first:>6}   on target {result.time_on_target:>4.0%} of checks")


def milliseconds_per_step(name: str, steps: int = 300) -> float:
    """The median cost of one generator step of a configuration (k D steps included), over 3 repeats, seed 0."""
    trainer = ring.ring_trainer(0, **ring.STRATEGIES[name])
    trainer.train(20, progress=False)                        # warm caches and allocators first
    times = []
    for _ in range(3):
        start = time.perf_counter()
        trainer.train(steps // 3, progress=False)
        times.append((time.perf_counter() - start) / (steps // 3) * 1e3)
    return round(statistics.median(times), 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--steps", type=int, default=4000)
    parser.add_argument("--only", nargs="+", choices=list(ring.STRATEGIES), metavar="NAME",
                        help="run these configurations, keep the others stored")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--timing", action="store_true", help="only measure ms per generator step, store it, stop")
    args = parser.parse_args()
    env.setup(0)
    if args.timing:
        results = json.loads(args.out.read_text(encoding="utf-8"))
        results["ms_per_step"] = {name: milliseconds_per_step(name) for name in ring.STRATEGIES}
        print("ms per generator step:", results["ms_per_step"])
        atomic_write(args.out, lambda handle: handle.write(json.dumps(results).encode() + b"\n"))
        return
    stored = json.loads(args.out.read_text(encoding="utf-8")) if args.only and args.out.exists() else None
    results = stored or {"steps": args.steps, "every": 100, "seeds": list(range(args.seeds)),
                         "strategies": {name: ring.STRATEGIES[name] for name in ring.STRATEGIES}, "runs": {}}
    if stored and (stored["steps"], stored["seeds"]) != (args.steps, list(range(args.seeds))):
        raise SystemExit(f"{args.out} was made with other steps or seeds; rerun every configuration")
    print(f"8-Gaussian ring, {args.steps} generator steps, seeds 0–{args.seeds - 1}, "
          f"{torch.get_num_threads()} thread, judged every 100 steps; 'stay' = on target at ≥ "
          f"{ring.STAY_FRACTION:.0%} of the checks in the last {ring.STAY_WINDOW} steps")
    for name in args.only or ring.STRATEGIES:
        runs = []
        for seed in range(args.seeds):
            trainer = ring.ring_trainer(seed, **ring.STRATEGIES[name])
            run = ring.train_and_judge(trainer, args.steps, progress=False)
            runs.append({"seed": seed, "seconds": round(run.seconds, 1),
                         "trained": [list(c) for c in run.trained], "averaged": [list(c) for c in run.averaged]})
            print(f"  {name}, seed {seed}: {run.seconds:.0f} s", flush=True)
        results["runs"][name] = runs
        seconds = statistics.median(r["seconds"] for r in runs)
        print(f"{name:<24} trained G:  {summary(runs, 'trained')}   ({seconds:.0f} s per run)")
        print(f"{'':<24} averaged G: {summary(runs, 'averaged')}", flush=True)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(args.out, lambda handle: handle.write(json.dumps(results).encode() + b"\n"))
    if not args.only:
        results["ms_per_step"] = {name: milliseconds_per_step(name) for name in ring.STRATEGIES}
        print("ms per generator step:", results["ms_per_step"])
        atomic_write(args.out, lambda handle: handle.write(json.dumps(results).encode() + b"\n"))
    print(f"stored in {args.out}")


if __name__ == "__main__":
    main()
