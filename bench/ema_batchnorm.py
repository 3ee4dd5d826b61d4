"""Does the weight average need its own batch-norm statistics? Notebook 09's DCGAN, judged three ways.

The average of G's weights (``ema``) copies the trained generator's batch-norm running statistics, buffers that
are not averaged: they describe the activations of the *trained* weights, not of the averaged ones. Whether
that matters is measured here, per seed, after notebook 09's 3,000 steps, on the same 2,000 noise vectors:

- the trained generator (its own statistics);
- the weight average with the copied statistics (what the course hands out);
- the weight average with statistics re-estimated for its own weights: running averages reset, then
  ``--batches`` forward passes of 256 noise vectors in training mode, with a cumulative average.

Each is scored by the frozen judge: Fréchet distance to the 4,000 training digits, the share of samples it reads
with p ≥ 0.9, and precision and recall against 1,000 real training digits (100 of each) on 1,000 of the samples.

    python bench/ema_batchnorm.py [--seeds 5] [--steps 3000] [--batches 20]
"""

import argparse
import copy
import statistics

import numpy as np
import torch

from bpgan import env
from bpgan.data.mnist import first_of_each, load_mnist
from bpgan.gan.digits import DIGIT_RECIPE, digit_trainer, sample_digits
from bpgan.metrics import frechet_distance, precision_recall
from bpgan.metrics import judge as judging


def restimated(generator: torch.nn.Module, noise_dim: int, batches: int) -> torch.nn.Module:
    """A copy of ``generator`` whose batch-norm running statistics are measured anew on its own activations."""
    fresh = copy.deepcopy(generator)
    norms = [m for m in fresh.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    for norm in norms:
        norm.reset_running_stats()
        norm.momentum = None                      # a cumulative average over the batches below
    fresh.train()
    draw = torch.Generator().manual_seed(12345)
    with torch.no_grad():
        for _ in range(batches):
            fresh(torch.randn(256, noise_dim, generator=draw))
    return fresh.eval()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--batches", type=int, default=20)
    args = parser.parse_args()
    env.setup(0)
    train_images, train_labels = load_mnist("train")
    judge = judging.load_judge(0)
    reference = judging.embed(judge, train_images)
    real_for_pr = judging.embed(judge, train_images[first_of_each(train_labels, 100)])
    noise = torch.randn(2000, DIGIT_RECIPE["noise_dim"], generator=torch.Generator().manual_seed(2))

    def score(images):
        features = judging.embed(judge, images)
        confident = float(np.mean(judging.predict(judge, images).max(axis=1) >= 0.9))
        return (frechet_distance(features, reference), confident, *precision_recall(real_for_pr, features[:1000]))

    kinds = ("trained G", "average, copied statistics", "average, its own statistics")
    results = {kind: [] for kind in kinds}
    print(f"{args.steps} steps; FD to the training digits on 2,000 samples, the judge's p ≥ 0.9, precision and recall")
    print(f"{'seed':>4}  {'generator':<30}{'FD':>7}{'p ≥ 0.9':>9}{'precision':>11}{'recall':>8}")
    for seed in range(args.seeds):
        trainer = digit_trainer(train_images, seed)
        trainer.train(args.steps, progress=False)
        generators = (trainer.generator, trainer.averaged_generator,
                      restimated(trainer.averaged_generator, trainer.noise_dim, args.batches))
        for kind, generator in zip(kinds, generators):
            averaged, trainer.averaged_generator = trainer.averaged_generator, generator   # sample_digits draws
            values = score(sample_digits(trainer, noise))                                 # from this one
            trainer.averaged_generator = averaged
            results[kind].append(values)
            print(f"{seed:>4}  {kind:<30}{values[0]:>7.1f}{values[1]:>9.1%}{values[2]:>11.0%}{values[3]:>8.0%}")
    print("median over seeds:")
    for kind, rows in results.items():
        fd, confident, precision, recall = (statistics.median(column) for column in zip(*rows))
        print(f"      {kind:<30}{fd:>7.1f}{confident:>9.1%}{precision:>11.0%}{recall:>8.0%}")


if __name__ == "__main__":
    main()
