"""Feed bad inputs to the public API and count what happens: a clear error, a silent answer, a hang, an ugly error.

Every probe is an input a careless learner could give (a NaN, a negative step, a string, an empty batch,
the wrong shape, the generator's raw output). For each, the outcome is

- **clear**: a ValueError, TypeError, ZeroDivisionError, OverflowError or MemoryError (or the module's own error type)
  whose message is a sentence, not numpy's or torch's internals;
- **silent**: the call returned, although the input is wrong — the worst outcome;
- **ugly**: any other exception (AttributeError, IndexError, KeyError, a bare "math range error"…);
- **hang**: still running after 10 s.

    python tools/probe_inputs.py            # a table per entry point and the totals

A maintainer's tool: the tests in tests/test_bad_input.py hold the line; this counts how far it reaches.
"""

from __future__ import annotations

import math
import signal
import sys
import warnings
from collections import Counter, defaultdict

import numpy as np
import torch

CLEAR_TYPES = (ValueError, TypeError, ZeroDivisionError, OverflowError, MemoryError)
UGLY_MESSAGES = ("math range error", "object is not iterable", "has no attribute", "index out of", "unsupported operand",
                 "float division by zero", "division by zero")


def probes():
    """(entry point, description, call) for every bad input."""
    from bpgan import activations, costs, gradcheck
    from bpgan.autodiff import Value
    from bpgan.data import as_columns, one_hot
    from bpgan.data.strokes import stroke_width
    from bpgan.gan import discriminator_loss, generator_loss, js_divergence, kl_divergence, optimal_discriminator
    from bpgan.gan.conditional import condition_vectors
    from bpgan.gan.text import parse_prompt
    from bpgan.metrics import mode_coverage
    from bpgan.metrics.judge import as_images
    from bpgan.metrics.scores import class_coverage, frechet_distance
    from bpgan.network import Network

    X, Y = np.zeros((2, 4)), np.zeros((2, 4))
    bad_numbers = {"NaN": math.nan, "inf": math.inf, "-1": -1.0, "0": 0.0, "a string": "0.1", "True": True,
                   "None": None}
    for label, eta in bad_numbers.items():
        yield "Network.sgd_step", f"eta {label}", lambda eta=eta: Network([2, 2]).sgd_step(X, Y, eta)
        yield "Network.sgd_epoch", f"eta {label}", lambda eta=eta: Network([2, 2]).sgd_epoch(X, Y, batch_size=2, eta=eta)
        yield "Network.train", f"eta {label}", lambda eta=eta: Network([2, 2]).train(X, Y, epochs=1, batch_size=2,
                                                                                     eta=eta, progress=False)
    for label, scale in (("NaN", math.nan), ("inf", math.inf), ("a string", "1")):
        yield "Network.input_gradient", f"scale {label}", lambda s=scale: Network([2, 2]).input_gradient(X, Y, scale=s)
    yield "Network", "dtype int64", lambda: Network([2, 2], dtype=np.int64)
    for label, seed in (("-1", -1), ("1.5", 1.5), ("a string", "0")):
        yield "Network", f"seed {label}", lambda s=seed: Network([2, 2], seed=s)
    yield "Network", "sizes [2]", lambda: Network([2])
    yield "Network", "sizes with 0", lambda: Network([2, 0, 1])
    yield "Network", "unknown activation", lambda: Network([2, 2], activation="sigmod")
    yield "Network.feedforward", "a vector", lambda: Network([2, 2]).feedforward(np.zeros(2))
    yield "Network.feedforward", "rows as samples", lambda: Network([3, 2]).feedforward(np.zeros((5, 3)))
    yield "Network.feedforward", "NaN input", lambda: Network([2, 2]).feedforward(np.full((2, 3), np.nan))
    yield "Network.feedforward", "strings", lambda: Network([2, 2]).feedforward(np.array([["a"], ["b"]]))
    yield "Network.feedforward", "empty batch", lambda: Network([2, 2]).feedforward(np.zeros((2, 0)))
    yield "Network.backprop", "empty batch", lambda: Network([2, 2]).backprop(np.zeros((2, 0)), np.zeros((2, 0)))
    yield "Network.cost_value", "empty batch", lambda: Network([2, 2]).cost_value(np.zeros((2, 0)), np.zeros((2, 0)))
    yield "Network.backprop", "cross-entropy target 5", lambda: Network([2, 2], cost="cross-entropy").backprop(
        X, np.full((2, 4), 5.0))
    yield "Network.backprop", "Y labels instead of one-hot", lambda: Network([2, 2]).backprop(X, np.zeros(4))
    yield "Network.accuracy", "string labels", lambda: Network([2, 2]).accuracy(X, np.array(["1"] * 4))
    yield "Network.accuracy", "label 7 of 2 classes", lambda: Network([2, 2]).accuracy(X, np.array([7] * 4))
    yield "Network.accuracy", "float labels", lambda: Network([2, 2]).accuracy(X, np.zeros(4))

    yield "costs.output_error", "activation by name", lambda: costs.quadratic.output_error(
        np.zeros((1, 2)), np.zeros((1, 2)), np.zeros((1, 2)), "sigmod")
    yield "costs.cross_entropy", "a = 2", lambda: costs.cross_entropy.value(np.full((1, 2), 2.0), np.zeros((1, 2)))
    yield "costs.quadratic", "shapes differ", lambda: costs.quadratic.value(np.zeros((2, 3)), np.zeros((3, 2)))
    yield "costs.quadratic", "empty batch", lambda: costs.quadratic.value(np.zeros((2, 0)), np.zeros((2, 0)))
    yield "costs.get", "unknown cost", lambda: costs.get("hinge")
    yield "activations.prelu", "alpha NaN", lambda: activations.prelu(math.nan)
    yield "activations.prelu", "alpha a string", lambda: activations.prelu("0.1")
    yield "activations.sigmoid", "strings", lambda: activations.sigmoid(np.array(["a"]))

    yield "Value", "NaN", lambda: Value(math.nan)
    yield "Value", "a string", lambda: Value("1")
    yield "Value", "overflowing product", lambda: Value(1e200) * Value(1e200)
    yield "Value", "overflowing power", lambda: Value(1e200) ** 2
    yield "Value.exp", "exp(710)", lambda: Value(710.0).exp()
    yield "Value", "(-8) ** (1/3)", lambda: Value(-8.0) ** (1 / 3)
    yield "Value", "0 ** -1", lambda: Value(0.0) ** -1
    yield "Value.log", "log(0)", lambda: Value(0.0).log()
    yield "Value", "Value ** Value", lambda: Value(2.0) ** Value(2.0)
    yield "Value", "division by zero", lambda: Value(1.0) / 0

    yield "gradcheck.centred_difference", "h = 0", lambda: gradcheck.centred_difference(math.sin, 1.0, h=0)
    yield "gradcheck.numerical_gradient", "h = -1e-5", lambda: gradcheck.numerical_gradient(lambda v: v.sum(),
                                                                                          np.zeros(2), h=-1e-5)
    yield "gradcheck.centred_difference", "h NaN", lambda: gradcheck.centred_difference(math.sin, 1.0, h=math.nan)
    yield "gradcheck.relative_error", "shapes differ", lambda: gradcheck.relative_error(np.zeros(2), np.zeros(3))

    yield "data.one_hot", "label 10 of 10", lambda: one_hot(np.array([10]))
    yield "data.one_hot", "float labels", lambda: one_hot(np.array([1.5]))
    yield "data.as_columns", "strings", lambda: as_columns(np.array([[["a"]]]))

    logits = torch.zeros(4)
    yield "gan.generator_loss", "unknown kind", lambda: generator_loss(logits, "wasserstein")
    yield "gan.discriminator_loss", "numpy instead of tensors", lambda: discriminator_loss(np.zeros(4), np.zeros(4))
    yield "gan.discriminator_loss", "NaN logits", lambda: discriminator_loss(torch.full((4,), math.nan), logits)
    grid = np.linspace(-1, 1, 11)
    yield "gan.js_divergence", "negative density", lambda: js_divergence(-np.ones(11), np.ones(11), grid)
    yield "gan.kl_divergence", "grids differ", lambda: kl_divergence(np.ones(11), np.ones(10), grid)
    yield "gan.optimal_discriminator", "prior 1", lambda: optimal_discriminator(np.exp, np.exp, prior_real=1.0)
    yield "gan.condition_vectors", "digit 7.9", lambda: condition_vectors([7.9], [0])
    yield "gan.condition_vectors", "digit 12", lambda: condition_vectors([12], [0])
    yield "gan.condition_vectors", "lengths differ", lambda: condition_vectors([1, 2], [0])

    for label, prompt in (("number 5", 5), ("empty", ""), ("two digits", "7 and 8"), ("unknown word", "purple 7"),
                          ("two thicknesses", "thin thick 7"), ("a long paste", "lorem " * 100_000)):
        yield "gan.parse_prompt", label, lambda p=prompt: parse_prompt(p)

    yield "metrics.mode_coverage", "NaN samples", lambda: mode_coverage(np.full((4, 2), np.nan), np.zeros((8, 2)), 0.02)
    yield "metrics.mode_coverage", "3-D samples", lambda: mode_coverage(np.zeros((4, 3)), np.zeros((8, 2)), 0.02)
    yield "metrics.class_coverage", "float classes", lambda: class_coverage(np.array([0.5, 1.5]))
    yield "metrics.frechet_distance", "one sample", lambda: frechet_distance(np.zeros((1, 4)), np.zeros((5, 4)))
    yield "metrics.frechet_distance", "feature sizes differ", lambda: frechet_distance(np.zeros((5, 4)), np.zeros((5, 3)))
    yield "judge.as_images", "tanh output in [-1, 1]", lambda: as_images(np.full((2, 28, 28), -0.5))
    yield "judge.as_images", "pixels 0-255", lambda: as_images(np.full((2, 28, 28), 255.0))
    yield "judge.as_images", "flat images", lambda: as_images(np.zeros((2, 784)))
    yield "strokes.stroke_width", "NaN images", lambda: stroke_width(np.full((1, 28, 28), np.nan))
    yield "strokes.stroke_width", "one image without n", lambda: stroke_width(np.zeros((28, 28)))
    yield from gan_probes()
    yield from checker_probes()
    yield from part4_probes()


def gan_probes():
    """The trainer, its checkpoints and conditional drawing, on tiny networks."""
    import tempfile
    from pathlib import Path

    from bpgan.data.toy import sample_ring
    from bpgan.gan import conditional
    from bpgan.gan.digits import digit_trainer
    from bpgan.gan.training import GanTrainer

    def tiny(**kwargs):
        torch.manual_seed(0)
        mlp = lambda n_in, n_out: torch.nn.Sequential(torch.nn.Linear(n_in, 8), torch.nn.ReLU(), torch.nn.Linear(8, n_out))
        return GanTrainer(mlp(2, 2), mlp(2, 1), sample_ring, 2, batch_size=8, **kwargs)

    folder = Path(tempfile.mkdtemp())
    torch.save(5, folder / "five.pt")
    tiny(optimizer=lambda params, lr: torch.optim.SGD(params, lr)).save(folder / "sgd.pt")
    yield "GanTrainer.load", "a file holding 5", lambda: tiny().load(folder / "five.pt")
    yield "GanTrainer.load", "an SGD checkpoint into an Adam trainer", lambda: tiny().load(folder / "sgd.pt")
    yield "GanTrainer", "r1_gamma -1", lambda: tiny(r1_gamma=-1.0)
    yield "GanTrainer", "lr_d 0", lambda: tiny(lr_d=0.0)
    yield "GanTrainer.train", "steps -1", lambda: tiny().train(-1, progress=False)
    yield "GanTrainer.warm_up", "steps 2.5", lambda: tiny().warm_up(2.5)

    images = np.random.default_rng(0).random((20, 28, 28)).astype(np.float32)
    run = conditional.conditional_trainer(images, np.arange(20) % 10, seed=0)
    for label, seed in (("-1", -1), ("a string", "a"), ("2**70", 2**70)):
        yield "gan.ring_trainer", f"seed {label}", lambda s=seed: __import__("bpgan.gan.ring").gan.ring.ring_trainer(
            s, width=4, depth=1)
        yield "gan.digit_trainer", f"seed {label}", lambda s=seed: digit_trainer(images, seed=s)
    yield "gan.draw", "n -1", lambda: conditional.draw(run.trainer, "7", -1)
    yield "gan.draw", "an unconditional trainer", lambda: conditional.draw(digit_trainer(images, seed=0), "7", 2)
    yield "gan.draw", "an unknown word", lambda: conditional.draw(run.trainer, "purple 7", 2)


def checker_probes():
    """Exercise checkers given a learner's function that never returns (with a 1-second budget)."""
    import time

    from bpgan.exercises import core, part1

    def endless(z):
        while True:
            pass

    def sleepy(z):
        time.sleep(30)

    def with_short_budget(function):
        saved = getattr(core, "TIME_BUDGET", None)          # code without a time budget ignores it
        core.TIME_BUDGET = 1.0
        try:
            return part1.check_sigmoid_prime(function)
        finally:
            core.TIME_BUDGET = saved

    yield "exercises.check_sigmoid_prime", "seed -1", lambda: part1.check_sigmoid_prime(lambda z: z, seed=-1)
    yield "exercises.check_sigmoid_prime", "an endless loop", lambda: with_short_budget(endless)
    yield "exercises.check_sigmoid_prime", "a long sleep", lambda: with_short_budget(sleepy)


def part4_probes():
    """Claims, meshes, the depth and image measures, the face renderer's memory bound, $BPGAN_SEED, and learner
    code that swallows the time budget's interrupt."""
    import copy
    import os
    import tempfile
    import time
    from pathlib import Path

    from bpgan import env
    from bpgan.claims import claim
    from bpgan.data import faces as F
    from bpgan.exercises import core, part1
    from bpgan.gan import translation as T
    from bpgan.mesh import read_obj, write_obj

    for label, value in (("inf", math.inf), ("-inf", -math.inf), ("numpy True", np.True_),
                         ("a torch bool", torch.tensor(True)), ("text '0.95'", "0.95"), ("bytes", b"0.95"),
                         ("a torch inf", torch.tensor(math.inf)), ("None", None)):
        yield "claims.claim", f"value {label}", lambda v=value: claim("accuracy", v, ">=", 0.9)
    yield "claims.claim", "threshold inf", lambda: claim("accuracy", 0.5, "<=", math.inf)

    folder = Path(tempfile.mkdtemp())
    eye = np.eye(3)
    for label, vertices, triangles in (("NaN vertices", np.full((3, 3), np.nan), [[0, 1, 2]]),
                                       ("inf vertices", np.full((3, 3), np.inf), [[0, 1, 2]]),
                                       ("a fractional index", eye, [[0, 1, 1.5]]),
                                       ("text indices", eye, [["0", "1", "2"]]),
                                       ("an index past the vertices", eye, [[0, 1, 3]]),
                                       ("a negative index", eye, [[0, 1, -1]]),
                                       ("(n, 2) vertices", eye[:, :2], [[0, 1, 2]])):
        yield "mesh.write_obj", label, lambda v=vertices, t=triangles: write_obj(folder / "out.obj", v, np.array(t))
    three = "v 0 0 0\nv 1 0 0\nv 0 1 0\n"
    for label, text in (("an index past the vertices", three + "f 1 2 4\n"), ("0-based indices", three + "f 0 1 2\n"),
                        ("relative indices", three + "f -3 -2 -1\n"), ("a NaN coordinate", "v 0 0 nan\n"),
                        ("an inf coordinate", "v inf 0 0\n"), ("a word for a number", "v 0 0 x\n"),
                        ("a fractional index", three + "f 1 2 3.5\n"), ("a line cut short", three + "f 1 2"),
                        ("vertices cut off", "v 0 0 0\nf 1 2 3\n")):
        path = folder / f"{abs(hash(label))}.obj"
        path.write_text(text)
        yield "mesh.read_obj", label, lambda path=path: read_obj(path)

    params, faces = F.faces(2)
    depth = faces.depth
    for label, value in (("one (h, w) map", depth[0, 0]), ("(n, 2, h, w)", np.repeat(depth, 2, axis=1)),
                         ("NaN", depth * np.nan), ("1 × 1 maps", depth[:, :, :1, :1]), ("text", "depth")):
        yield "translation.normals", label, lambda v=value: T.normals(v)
    for label, a, b in (("(n, h, w) maps", depth[:, 0], depth[:, 0]), ("NaN predictions", depth * np.nan, depth),
                        ("shapes that differ", depth, depth[:1]), ("one (h, w) map", depth[0, 0], depth[0, 0])):
        yield "translation.depth_errors", label, lambda a=a, b=b: T.depth_errors(a, b)
        yield "translation.peak_prominence", label, lambda a=a, b=b: T.peak_prominence(a, b)
    for label, value in (("NaN images", np.full((2, 3, 4, 4), np.nan)), ("one (c, h, w) image", faces.avatar[0]),
                         ("text", "images")):
        yield "translation.sharpness", label, lambda v=value: T.sharpness(v)
    for label, d, light in (("(n, 2, s, s) depth", np.repeat(depth, 2, axis=1), params.light),
                            ("one light for two maps", depth, params.light[:1]), ("NaN depth", depth * np.nan, params.light),
                            ("one (s, s) map", depth[0, 0], params.light[:1])):
        yield "faces.shading", label, lambda d=d, light=light: F.shading(d, light)
    avatar, emoji = faces.avatar, faces.emoji
    for label, a, e in (("0–255 inputs", avatar * 255, emoji), ("uint8 inputs", (avatar * 255).astype(np.uint8), emoji),
                        ("[−1, 1] targets", avatar, emoji * 2 - 1), ("NaN inputs", avatar * np.nan, emoji),
                        ("one image, no batch axis", avatar[0], emoji[0])):
        yield "translation.translation_trainer", label, lambda a=a, e=e: T.translation_trainer(a, e)
    yield "translation.translation_trainer", "adversarial='False'", lambda: T.translation_trainer(
        avatar, emoji, adversarial="False")
    yield "translation.UNet", "28 × 28 images", lambda: T.UNet()(None, torch.zeros(2, 3, 28, 28))
    trained = T.translation_trainer(avatar, emoji)
    yield "translation.translate", "0–255 inputs", lambda: T.translate(trained, avatar * 255)
    yield "translation.translate", "[−1, 1] inputs", lambda: T.translate(trained, avatar * 2 - 1)
    trained.train(1, progress=False)
    trained.save(folder / "paired.pt")
    raw = bytearray((folder / "paired.pt").read_bytes())
    raw[len(raw) // 2] ^= 0x10
    (folder / "flipped.pt").write_bytes(raw)
    state = torch.load(folder / "paired.pt", weights_only=True)
    for label, part, change in (("a block of zeros in the weights", "generator", "zeros"),
                                ("NaN weights, no checksum", "generator", "nan"),
                                ("an optimiser state of another shape, no checksum", "opt_g", "misfit")):
        damaged = copy.deepcopy(state)
        if change == "zeros":
            next(iter(damaged["generator"].values())).zero_()
        else:
            del damaged["checksum"]
            if change == "nan":
                next(iter(damaged["generator"].values())).fill_(math.nan)
            else:
                first = next(iter(damaged["opt_g"]["state"]))
                damaged["opt_g"]["state"][first]["exp_avg"] = torch.zeros(3, 3)
        torch.save(damaged, folder / f"{change}.pt")
        yield "PairedTrainer.load", label, lambda change=change: T.translation_trainer(avatar, emoji).load(
            folder / f"{change}.pt")
    yield "PairedTrainer.load", "one flipped bit", lambda: T.translation_trainer(avatar, emoji).load(folder / "flipped.pt")
    yield "PairedTrainer.load", "an L1 + GAN file into an L1-only trainer", lambda: T.translation_trainer(
        avatar, emoji, adversarial=False).load(folder / "paired.pt")
    yield "PairedTrainer.load", "another λ", lambda: T.translation_trainer(avatar, emoji, l1_weight=10.0).load(
        folder / "paired.pt")
    yield "faces.faces", "4000 faces of 256 × 256", lambda: F.faces(4000, size=256)
    yield "faces.random_params", "10**9 faces", lambda: F.random_params(10**9)

    def run_seed_with(text):
        saved = os.environ.get(env.SEED_VARIABLE)
        os.environ[env.SEED_VARIABLE] = text
        try:
            return env.run_seed(0)
        finally:
            if saved is None:
                del os.environ[env.SEED_VARIABLE]
            else:
                os.environ[env.SEED_VARIABLE] = saved

    for text in (str(2**32 - 1), str(2**31), "-1", "1e3"):
        yield "env.run_seed", f"BPGAN_SEED={text}", lambda t=text: run_seed_with(t)

    def bare_except(z):
        while True:
            try:
                time.sleep(1)
            except:  # noqa: E722 — the learner's bare except
                pass

    def swallowed(z):
        while True:
            try:
                time.sleep(0.5)
            except KeyboardInterrupt:
                pass

    def with_short_budget(function):
        saved = core.TIME_BUDGET
        core.TIME_BUDGET = 1.0
        try:
            return part1.check_sigmoid_prime(function)
        finally:
            core.TIME_BUDGET = saved

    yield "exercises.time budget", "a bare except around a sleep", lambda: with_short_budget(bare_except)
    yield "exercises.time budget", "except KeyboardInterrupt around a sleep", lambda: with_short_budget(swallowed)


class Hang(BaseException):
    """Raised by the alarm: a BaseException, so that no `except Exception` in the code under test hides it."""


def outcome(call) -> tuple[str, str]:
    """('clear' | 'silent' | 'ugly' | 'hang', what happened)."""
    def alarm(signum, frame):
        raise Hang
    signal.signal(signal.SIGALRM, alarm)
    signal.alarm(10)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = call()
    except Hang:
        return "hang", "still running after 10 s"
    except CLEAR_TYPES as error:
        message = str(error)
        if any(part in message for part in UGLY_MESSAGES) or len(message) < 12:
            return "ugly", f"{type(error).__name__}: {message[:80]}"
        return "clear", f"{type(error).__name__}: {message[:80]}"
    except Exception as error:  # noqa: BLE001 — every other kind is what this tool counts
        return "ugly", f"{type(error).__name__}: {str(error)[:80]}"
    finally:
        signal.alarm(0)
    if getattr(result, "passed", None) is False:              # an exercise checker's verdict: the learner is told
        return "clear", f"feedback: {str(result)[:80]}"
    return "silent", f"returned {type(result).__name__}"


def main() -> int:
    by_entry = defaultdict(Counter)
    details = []
    for entry, description, call in probes():
        kind, what = outcome(call)
        by_entry[entry][kind] += 1
        if kind != "clear":
            details.append(f"  {kind:<6} {entry}: {description} → {what}")
    kinds = ("clear", "silent", "ugly", "hang")
    print(f"{'entry point':<32}" + "".join(f"{k:>8}" for k in kinds))
    for entry, counts in by_entry.items():
        print(f"{entry:<32}" + "".join(f"{counts[k]:>8}" for k in kinds))
    totals = sum(by_entry.values(), Counter())
    print(f"{'total (' + str(sum(totals.values())) + ' probes)':<32}" + "".join(f"{totals[k]:>8}" for k in kinds))
    print("\n".join(details) if details else "every bad input got a clear error")
    return 0 if not details else 1


if __name__ == "__main__":
    sys.exit(main())
