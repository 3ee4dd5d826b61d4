"""The GANs of notebooks 09 and 10: wall time and steps until each meets its notebook's thresholds.

Judged by the frozen digit classifier every 100 steps, on fixed noise:
- the DCGAN (09): ``bpgan.gan.digits.meets_target`` — class coverage and the Fréchet distance to the real
  digits, on 2,000 samples of the weight-averaged generator;
- the conditional GAN (10): the judge reads the prompted digit in ≥ 90% of 1,000 samples (100 per digit).
One CPU thread unless --device says otherwise; the judge is trained (or read from its cache) before timing.

    python bench/gan_images.py [--seeds 3] [--device cpu] [--max-steps 3000]
"""

import argparse
import statistics
import time

import numpy as np
import torch

from bpgan import env
from bpgan.data.mnist import load_mnist
from bpgan.gan.conditional import CONDITIONAL_RECIPE, balanced_conditions, conditional_trainer, draw_batch
from bpgan.gan.digits import DIGIT_RECIPE, digit_trainer, meets_target, sample_digits
from bpgan.metrics import judge as judging


def timed(trainer, good_enough, max_steps):
    """Train in chunks of 100 steps until ``good_enough(trainer)``; (seconds or None, last verdict)."""
    start = time.perf_counter()
    while trainer.steps < max_steps:
        trainer.train(100, progress=False)
        if good_enough(trainer):
            return time.perf_counter() - start
    return None


def report(name, seconds, seeds):
    ranked = sorted(s for s in seconds if s is not None) + [float("inf")] * sum(s is None for s in seconds)
    print(f"{name}: reached in {sum(s is not None for s in seconds)}/{seeds} seeds; median "
          f"{statistics.median(ranked):.1f} s (failures count as slowest)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--max-steps", type=int, default=3000)
    args = parser.parse_args()
    env.setup(0)
    torch.set_num_threads(1)
    train_images, train_labels = load_mnist("train")
    judge = judging.load_judge(0)
    reference = judging.embed(judge, train_images)
    print(f"device {args.device}, {torch.get_num_threads()} thread(s)")

    noise = torch.randn(2000, DIGIT_RECIPE["noise_dim"], generator=torch.Generator().manual_seed(2))
    print(f"DCGAN (09), recipe {DIGIT_RECIPE}")
    print(f"{'seed':>4}{'steps':>7}{'seconds':>9}{'ms/step':>9}{'coverage':>10}{'FD':>8}{'FD untrained':>14}")
    dcgan_seconds = []
    for seed in range(args.seeds):
        trainer = digit_trainer(train_images, seed, device=args.device)
        untrained = judging.score_images(judge, sample_digits(trainer, noise), reference)
        last = {}

        def good_enough(trainer):
            last["scores"] = judging.score_images(judge, sample_digits(trainer, noise), reference)
            return meets_target(last["scores"])

        seconds = timed(trainer, good_enough, args.max_steps)
        scores = last["scores"]
        print(f"{seed:>4}{trainer.steps:>7}{seconds or float('nan'):>9.1f}"
              f"{(seconds or float('nan')) / trainer.steps * 1e3:>9.1f}{scores.coverage:>10.3f}"
              f"{scores.frechet:>8.1f}{untrained.frechet:>14.1f}{'' if seconds else '  NOT reached'}", flush=True)
        dcgan_seconds.append(seconds)
    report("DCGAN", dcgan_seconds, args.seeds)

    digits, thickness = balanced_conditions(100)
    print(f"conditional GAN (10), recipe {CONDITIONAL_RECIPE}")
    print(f"{'seed':>4}{'steps':>7}{'seconds':>9}{'accuracy':>10}")
    conditional_seconds = []
    for seed in range(args.seeds):
        trainer = conditional_trainer(train_images, train_labels, seed, device=args.device).trainer
        last = {}

        def good_enough(trainer):
            drawn = draw_batch(trainer, digits, thickness, seed=5)
            last["accuracy"] = float(np.mean(judging.predict(judge, drawn).argmax(axis=1) == digits))
            return last["accuracy"] >= 0.9

        seconds = timed(trainer, good_enough, args.max_steps)
        print(f"{seed:>4}{trainer.steps:>7}{seconds or float('nan'):>9.1f}{last['accuracy']:>10.3f}"
              f"{'' if seconds else '  NOT reached'}", flush=True)
        conditional_seconds.append(seconds)
    report("conditional GAN", conditional_seconds, args.seeds)

if __name__ == "__main__":
    main()
