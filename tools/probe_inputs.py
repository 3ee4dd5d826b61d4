"""Feed bad inputs to the public API and count what happens: a clear error, a silent answer, a hang, an ugly error.

Every probe is an input a careless learner could give (a NaN, a negative step, a string, an empty batch,
the wrong shape, the generator's raw output). For each, the outcome is

- **clear**: a ValueError, TypeError, ZeroDivisionError, OverflowError, MemoryError or FileNotFoundError (which
  names the missing path), or the module's own error type, whose message is a sentence, not numpy's or torch's
  internals;
- **silent**: the call returned, although the input is wrong — the worst outcome;
- **ugly**: any other exception (AttributeError, IndexError, KeyError, a bare "math range error"…);
- **hang**: still running after 10 s.

    python tools/probe_inputs.py            # a table per entry point and the totals
    python tools/probe_inputs.py judge      # … and every outcome of the entry points whose name holds "judge"

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

CLEAR_TYPES = (ValueError, TypeError, ZeroDivisionError, OverflowError, MemoryError, FileNotFoundError)
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
    yield from model_probes()
    yield from learner_function_probes()


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


def model_probes():
    """The judges (digit and expression), digit sampling and drawing, the trainer's samples and checkpoints, the
    face renderer's arguments, the translation trainer's settings, claims and meshes: the second round."""
    import tempfile
    from pathlib import Path

    from bpgan.claims import claim
    from bpgan.data import faces as F
    from bpgan.data.toy import sample_ring
    from bpgan.gan import conditional
    from bpgan.gan import translation as T
    from bpgan.gan.digits import digit_sampler, digit_trainer, sample_digits, to_tanh_range, to_unit
    from bpgan.gan.training import GanTrainer
    from bpgan.mesh import depth_to_mesh, grid_triangles, read_obj, write_obj
    from bpgan.metrics import expression as E
    from bpgan.metrics import judge as J
    from bpgan.metrics.scores import precision_recall

    params, faces = F.faces(8)
    emoji = faces.emoji
    reader = E.train_reader(emoji, params, epochs=1)
    for label, value in (("0–255 emoji", emoji * 255), ("NaN emoji", emoji * np.nan), ("one emoji, no batch axis", emoji[0]),
                         ("uint8 emoji", (emoji * 255).astype(np.uint8)), ("28 × 28 emoji", emoji[..., :28, :28]),
                         ("channels last", emoji.transpose(0, 2, 3, 1)), ("text", "emoji"), ("an empty batch", emoji[:0])):
        yield "expression.read", label, lambda v=value: E.read(reader, v)
    yield "expression.read", "no reader", lambda: E.read(None, emoji)
    yield "expression.read", "the digit judge as the reader", lambda: E.read(J.DigitJudge(), emoji)
    for label, value in (("0–255 emoji", emoji * 255), ("fewer faces than emoji", None)):
        yield "expression.train_reader", label, lambda v=value: E.train_reader(
            emoji if v is None else v, params if v is not None else F.random_params(3), epochs=1)
    for label, epochs in (("epochs -1", -1), ("epochs 2.5", 2.5), ("epochs '1'", "1")):
        yield "expression.train_reader", label, lambda e=epochs: E.train_reader(emoji, params, epochs=e)
    yield "expression.train_reader", "seed -1", lambda: E.train_reader(emoji, params, seed=-1, epochs=1)
    yield "expression.scaled", "a dict", lambda: E.scaled({"smile": [0.5]})
    yield "expression.scaled", "an array", lambda: E.scaled(np.zeros((4, 12)))
    readings = E.read(reader, emoji)
    for label, args in (("readings for other faces", (readings[:3], params)), ("readings (4,) of one face", (readings[0], params)),
                        ("NaN readings", (readings * np.nan, params)), ("margin -0.1", (readings, params, -0.1)),
                        ("margin NaN", (readings, params, math.nan)), ("margin 2: no clear smile", (readings, params, 2.0)),
                        ("readings 0–100", (readings * 100, params)), ("faces as an array", (readings, np.zeros(8)))):
        yield "expression.smile_agreement", label, lambda a=args: E.smile_agreement(*a)

    digits = np.random.default_rng(0).random((12, 28, 28)).astype(np.float32)
    judge = J.DigitJudge()
    for label, value in (("an empty batch", digits[:0]), ("text", "digits"),
                         ("32 × 32 images", np.zeros((2, 32, 32))), ("booleans", digits > 0.5)):
        yield "judge.predict", label, lambda v=value: J.predict(judge, v)
    yield "judge.predict", "no judge", lambda: J.predict(None, digits)
    yield "judge.embed", "NaN images", lambda: J.embed(judge, digits * np.nan)
    yield "judge.embed", "the expression reader as the judge", lambda: J.embed(reader, digits)
    for label, labels in (("labels for other images", np.arange(5)), ("label 10", np.full(12, 10)),
                          ("float labels", np.zeros(12)), ("one-hot labels", np.eye(10)[np.arange(12) % 10]),
                          ("text labels", np.array(["1"] * 12))):
        yield "judge.accuracy", label, lambda y=labels: J.accuracy(judge, digits, y)
    for label, labels in (("labels for other images", np.arange(5)), ("label -1", np.full(12, -1)),
                          ("float labels 0.5", np.full(12, 0.5))):
        yield "judge.train_classifier", label, lambda y=labels: J.train_classifier(digits, y, epochs=1)
    yield "judge.train_classifier", "epochs -1", lambda: J.train_classifier(digits, np.arange(12) % 10, epochs=-1)
    features = np.random.default_rng(1).normal(size=(20, 64))
    for label, args in (("features of other sizes", (features, features[:, :10])), ("k 0", (features, features, 0)),
                        ("k as large as the set", (features, features, 20)), ("NaN features", (features * np.nan, features))):
        yield "scores.precision_recall", label, lambda a=args: precision_recall(*a)
    yield "judge.score_images", "reference features of another size", lambda: J.score_images(judge, digits, features[:, :10])
    yield "judge.score_images", "one reference feature row", lambda: J.score_images(judge, digits, features[:1])
    yield "judge.score_images", "reference images instead of features", lambda: J.score_images(judge, digits, digits)
    folder = Path(tempfile.mkdtemp())
    (folder / "empty.pt").write_bytes(b"")
    (folder / "text.pt").write_text("not a judge")
    torch.save({"state": {}, "sha256": "0", "version": 1}, folder / "hollow.pt")
    J.write_judge(folder / "judge.pt", judge)
    raw = bytearray((folder / "judge.pt").read_bytes())
    raw[len(raw) // 2] ^= 0x01
    (folder / "flipped.pt").write_bytes(raw)
    (folder / "cut.pt").write_bytes(bytes(raw[: len(raw) // 2]))
    for label, name in (("an empty file", "empty.pt"), ("a text file", "text.pt"), ("a file without weights", "hollow.pt"),
                        ("one flipped bit", "flipped.pt"), ("a file cut in half", "cut.pt")):
        yield "judge.read_judge", label, lambda n=name: J.read_judge(folder / n)

    for label, value in (("0–255 digits", digits * 255), ("(n, 1, 28, 28) digits", digits[:, None]), ("NaN digits", digits * np.nan),
                         ("one digit", digits[0])):
        yield "digits.to_tanh_range", label, lambda v=value: to_tanh_range(v)
    yield "digits.digit_sampler", "flat digits", lambda: digit_sampler(digits.reshape(12, -1))
    yield "digits.to_unit", "a numpy array", lambda: to_unit(digits)
    yield "digits.to_unit", "(m, 28, 28) without a channel", lambda: to_unit(torch.zeros(2, 28, 28))
    trainer = digit_trainer(digits, seed=0)
    for label, noise in (("noise of the wrong width", torch.zeros(2, 7)), ("numpy noise", np.zeros((2, trainer.noise_dim))),
                         ("NaN noise", torch.full((2, trainer.noise_dim), math.nan)),
                         ("one noise vector, no batch axis", torch.zeros(trainer.noise_dim)),
                         ("10**9 noise vectors' worth", "big")):
        if isinstance(noise, str):
            yield "digits.sample_digits", label, lambda: sample_digits(trainer, torch.zeros(1, trainer.noise_dim).expand(
                10**9, trainer.noise_dim))
        else:
            yield "digits.sample_digits", label, lambda z=noise: sample_digits(trainer, z)
    for label, m in (("m -1", -1), ("m 2.5", 2.5), ("m '4'", "4"), ("m 10**9", 10**9), ("m 0", 0)):
        yield "GanTrainer.samples", label, lambda m=m: trainer.samples(m)
    for label, m in (("m 10**9", 10**9),):
        yield "GanTrainer.noise", label, lambda m=m: trainer.noise(m)
    yield "GanTrainer.train", "every -1", lambda: trainer.train(1, progress=False, every=-1)
    yield "GanTrainer.train", "steps '2'", lambda: trainer.train("2", progress=False)

    def ring_trainer():
        torch.manual_seed(0)
        mlp = lambda n_in, n_out: torch.nn.Sequential(torch.nn.Linear(n_in, 8), torch.nn.ReLU(), torch.nn.Linear(8, n_out))
        return GanTrainer(mlp(2, 2), mlp(2, 1), sample_ring, 2, batch_size=8)

    ring_trainer().save(folder / "ring.pt")
    trainer.save(folder / "digits.pt")
    raw = (folder / "digits.pt").read_bytes()
    (folder / "digits-cut.pt").write_bytes(raw[: len(raw) // 3])
    (folder / "digits-zeros.pt").write_bytes(raw[:1000] + bytes(4096) + raw[1000 + 4096:])
    for label, name in (("a ring checkpoint into a digit trainer", "ring.pt"), ("a file cut to a third", "digits-cut.pt"),
                        ("4 KiB of zeros in the file", "digits-zeros.pt"), ("a text file", "text.pt"),
                        ("an empty file", "empty.pt"), ("the judge's cache file", "judge.pt"),
                        ("a folder", "."), ("a file that does not exist", "missing.pt")):
        yield "GanTrainer.load", label, lambda n=name: digit_trainer(digits, seed=0).load(folder / n)
    yield "GanTrainer.load", "a digit checkpoint into a trainer with R1 off", lambda: digit_trainer(
        digits, seed=0, r1_gamma=0.0).load(folder / "digits.pt")

    run = conditional.conditional_trainer(digits, np.arange(12) % 10, seed=0)
    for label, args in (("lengths differ", ([1, 2, 3], [0, 1])), ("digit 10", ([10], [0])), ("thickness 3", ([1], [3])),
                        ("no requests", ([], [])), ("10**7 requests", (np.ones(10**7, int), np.zeros(10**7, int)))):
        yield "gan.draw_batch", label, lambda a=args: conditional.draw_batch(run.trainer, *a)
    yield "gan.draw", "n 10**9", lambda: conditional.draw(run.trainer, "7", 10**9)
    for label, n in (("per_digit -1", -1), ("per_digit 2.5", 2.5), ("per_digit 0", 0), ("per_digit 10**9", 10**9)):
        yield "gan.balanced_conditions", label, lambda n=n: conditional.balanced_conditions(n)
    yield "gan.conditional_trainer", "labels for other images", lambda: conditional.conditional_trainer(digits, np.arange(5))
    yield "gan.conditional_trainer", "label 10", lambda: conditional.conditional_trainer(digits, np.full(12, 10))

    for label, kwargs in (("n -1", dict(n=-1)), ("n 2.5", dict(n=2.5)), ("size 0", dict(n=2, size=0)),
                          ("size 7", dict(n=2, size=7)), ("size 32.5", dict(n=2, size=32.5)),
                          ("texture -1", dict(n=2, texture=-1.0)), ("texture NaN", dict(n=2, texture=math.nan)),
                          ("seed -1", dict(n=2, seed=-1))):
        yield "faces.faces", label, lambda k=kwargs: F.faces(**k)
    for label, value in (("a dict", {"smile": 0.5}), ("NaN smiles", params._replace(smile=params.smile * np.nan)),
                         ("smiles past the range", params._replace(smile=params.smile + 5)),
                         ("fields of different lengths", params._replace(smile=params.smile[:3]))):
        yield "faces.render", label, lambda v=value: F.render(v)
    yield "faces.to_image", "one (3, h, w) image", lambda: F.to_image(emoji[0])

    avatar = faces.avatar
    for label, kwargs in (("l1_weight -1", dict(l1_weight=-1.0)), ("l1_weight NaN", dict(l1_weight=math.nan)),
                          ("l1_weight '100'", dict(l1_weight="100")), ("batch_size 0", dict(batch_size=0)),
                          ("an unknown setting", dict(l1_wieght=10.0)), ("seed 'a'", dict(seed="a"))):
        yield "translation.translation_trainer", label, lambda k=kwargs: T.translation_trainer(avatar, emoji, **k)
    yield "translation.translation_trainer", "fewer targets than inputs", lambda: T.translation_trainer(avatar, emoji[:3])
    paired = T.translation_trainer(avatar, emoji)
    yield "translation.translate", "NaN inputs", lambda: T.translate(paired, avatar * np.nan)
    yield "translation.translate", "one image, no batch axis", lambda: T.translate(paired, avatar[0])
    yield "translation.translate", "28 × 28 inputs", lambda: T.translate(paired, avatar[..., :28, :28])
    yield "translation.translate", "batch 0", lambda: T.translate(paired, avatar, batch=0)
    yield "translation.translate", "no trainer", lambda: T.translate(None, avatar)
    yield "translation.receptive_field", "stride 0", lambda: T.receptive_field([(4, 0)])
    yield "translation.receptive_field", "kernel 'a'", lambda: T.receptive_field([("a", 1)])

    for label, args in (("an unknown relation '=>'", ("accuracy", 0.95, "=>", 0.9)), ("threshold NaN", ("accuracy", 0.95, ">=", math.nan)),
                        ("threshold text", ("accuracy", 0.95, ">=", "0.9")), ("an empty label", ("", 0.95, ">=", 0.9)),
                        ("a numpy array as value", ("accuracy", np.array([0.95, 0.5]), ">=", 0.9)),
                        ("a one-element array", ("accuracy", np.array([0.95]), ">=", 0.9))):
        yield "claims.claim", label, lambda a=args: claim(*a)
    yield "claims.claim", "an unknown format", lambda: claim("accuracy", 0.95, ">=", 0.9, fmt="q")

    (folder / "quad.obj").write_text("v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nf 1 2 3 4\n")
    (folder / "binary.obj").write_bytes(bytes(range(256)))
    (folder / "faces-only.obj").write_text("f 1 2 3\n")
    for label, name in (("a quad face", "quad.obj"), ("a binary file", "binary.obj"), ("faces without vertices", "faces-only.obj"),
                        ("a file that does not exist", "missing.obj")):
        yield "mesh.read_obj", label, lambda n=name: read_obj(folder / n)
    for label, args in (("h 1", (1, 4)), ("h 2.5", (2.5, 3)), ("h -2", (-2, 3)), ("10**6 × 10**6", (10**6, 10**6))):
        yield "mesh.grid_triangles", label, lambda a=args: grid_triangles(*a)
    for label, value in (("NaN depth", np.full((4, 4), np.nan)), ("(n, h, w) maps", np.zeros((2, 4, 4))),
                         ("relief NaN", "relief")):
        if isinstance(value, str):
            yield "mesh.depth_to_mesh", label, lambda: depth_to_mesh(np.zeros((4, 4)), relief=math.nan)
        else:
            yield "mesh.depth_to_mesh", label, lambda v=value: depth_to_mesh(v)


def learner_function_probes():
    """The part-4, review and paper checkers given a learner's broken function: None, text, NaN, a list where an
    array belongs, the wrong layout, an input changed in place, a function where a number belongs, no function."""
    import math as m

    import numpy as np
    import torch

    from bpgan.exercises import part1, part4, review
    from bpgan.mesh import grid_triangles

    def receptive_field_popping(layers):
        layers.pop()                                             # changes the checker's list
        return 1 + sum(k - 1 for k, _ in layers)

    for label, function in (("returns None", lambda layers: None), ("returns text", lambda layers: "18"),
                            ("returns NaN", lambda layers: m.nan), ("returns a list", lambda layers: [18]),
                            ("raises KeyError", lambda layers: {}["kernel"]), ("empties its input", receptive_field_popping),
                            ("takes no argument", lambda: 18), ("the number 18, not a function", 18)):
        yield "exercises.check_receptive_field", label, lambda f=function: part4.check_receptive_field(f)

    def objective_in_place(fake, target, patch_logits, l1_weight):
        fake.sub_(target)                                        # fake is G's output: changed in place
        return l1_weight * fake.abs().mean() + torch.nn.functional.softplus(-patch_logits).mean()

    def objective_numpy(fake, target, patch_logits, l1_weight):
        f, t, p = (v.detach().numpy() for v in (fake, target, patch_logits))
        return l1_weight * np.abs(f - t).mean() + np.log1p(np.exp(-p)).mean()

    for label, function in (("returns None", lambda f, t, p, w: None), ("returns NaN", lambda f, t, p, w: torch.tensor(m.nan)),
                            ("returns one loss per image", lambda f, t, p, w: w * (f - t).abs().mean(dim=(1, 2, 3))),
                            ("changes fake in place", objective_in_place), ("computes in numpy", objective_numpy),
                            ("takes three arguments", lambda f, t, p: (f - t).abs().mean()),
                            ("returns text", lambda f, t, p, w: "loss")):
        yield "exercises.check_translation_objective", label, lambda f=function: part4.check_translation_objective(f)

    def normals_in_place(depth):
        depth -= depth.mean()                                    # changes the checker's depth maps
        dz_dy, dz_dx = np.gradient(depth, 2 / depth.shape[1], 2 / depth.shape[2], axis=(1, 2))
        n = np.stack([-dz_dx, -dz_dy, np.ones_like(depth)], axis=1)
        return n / np.linalg.norm(n, axis=1, keepdims=True)

    def normals_channels_last(depth):
        dz_dy, dz_dx = np.gradient(depth, 2 / depth.shape[1], 2 / depth.shape[2], axis=(1, 2))
        n = np.stack([-dz_dx, -dz_dy, np.ones_like(depth)], axis=-1)
        return n / np.linalg.norm(n, axis=-1, keepdims=True)

    for label, function in (("returns None", lambda depth: None), ("returns NaN", lambda depth: np.full((len(depth), 3) + depth.shape[1:], np.nan)),
                            ("changes depth in place", normals_in_place), ("channels last", normals_channels_last),
                            ("returns a list of maps", lambda depth: [np.zeros((3,) + depth.shape[1:])] * len(depth)),
                            ("returns text", lambda depth: "normals")):
        yield "exercises.check_normals", label, lambda f=function: part4.check_normals(f)

    for label, function in (("returns None", lambda h, w: None), ("triangles off by +0.4", lambda h, w: grid_triangles(h, w) + 0.4),
                            ("1-based, as floats", lambda h, w: (grid_triangles(h, w) + 1).astype(float)),
                            ("returns text", lambda h, w: "triangles"), ("a ragged list", lambda h, w: [[0, 1, 2], [1, 2]]),
                            ("booleans", lambda h, w: grid_triangles(h, w) > 0), ("one triangle too many",
                                                                                   lambda h, w: np.vstack([grid_triangles(h, w), [[0, 1, 2]]]))):
        yield "exercises.check_grid_triangles", label, lambda f=function: part4.check_grid_triangles(f)

    right = dict(gradient_shape=(30, 784), d_star=0.25, optimum_value=-m.log(4), sigmoid_slope_at_0=0.25, receptive_field=18)
    for label, answers in (("returns None", lambda: None), ("the dict itself, not a function", right),
                           ("a list of answers", lambda: list(right.values())), ("a question missing", lambda: {k: v for k, v in right.items() if k != "d_star"}),
                           ("text answers", lambda: {k: str(v) for k, v in right.items()}), ("NaN answers", lambda: {k: m.nan for k in right}),
                           ("a shape as a list of text", lambda: {**right, "gradient_shape": ["30", "784"]}),
                           ("a fractional pixel count", lambda: {**right, "receptive_field": 18.5}),
                           ("raises", lambda: 1 / 0)):
        yield "exercises.check_self_test", label, lambda a=answers: review.check_self_test(a)
    for label, answers in (("returns None", lambda: None), ("text answers", lambda: {"delta_output": "0.1"}),
                           ("an empty dict", lambda: {})):
        yield "exercises.check_bp_on_paper", label, lambda a=answers: part1.check_bp_on_paper(a)
        yield "exercises.check_batch_on_paper", label, lambda a=answers: part1.check_batch_on_paper(a)


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


def main(show: str | None = None) -> int:
    by_entry = defaultdict(Counter)
    details = []
    for entry, description, call in probes():
        kind, what = outcome(call)
        by_entry[entry][kind] += 1
        if kind != "clear" or (show is not None and show in entry):
            details.append(f"  {kind:<6} {entry}: {description} → {what}")
    kinds = ("clear", "silent", "ugly", "hang")
    print(f"{'entry point':<32}" + "".join(f"{k:>8}" for k in kinds))
    for entry, counts in by_entry.items():
        print(f"{entry:<32}" + "".join(f"{counts[k]:>8}" for k in kinds))
    totals = sum(by_entry.values(), Counter())
    print(f"{'total (' + str(sum(totals.values())) + ' probes)':<32}" + "".join(f"{totals[k]:>8}" for k in kinds))
    print("\n".join(details) if details else "every bad input got a clear error")
    return 0 if sum(totals.values()) == totals["clear"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else None))
