"""Algorithm 1 of Goodfellow et al. (2014) in torch: k discriminator steps, then one generator step.

:class:`GanTrainer` owns the two networks, their optimisers and a CPU random generator from which
every batch of data and noise is drawn (then moved to the device), so a run is the same on any device
for a seed. It records, per generator step, D(x) and D(G(z)) before the discriminator's update, both
losses, and both gradient norms. Optionally it adds the R1 penalty (γ/2)·E‖∇ₓ D(x)‖² on real samples
to the discriminator's loss, which damps D's swings near the data.

Checkpoints hold the parameters, the optimisers, the random state and the history. They are written
atomically (a temporary file, then a rename) and read with ``torch.load(weights_only=True)``, which
refuses to run code hidden in a file; a damaged file raises :class:`CheckpointError` saying so.
Resuming from a checkpoint gives exactly the run that was not interrupted.
"""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Callable, NamedTuple

import torch

from bpgan.files import UnreadableFile, atomic_write, load_torch_file
from bpgan.gan.losses import GENERATOR_LOSS_KINDS, discriminator_loss, generator_loss
from bpgan.progress import progress_bar
from bpgan.validate import as_count, as_seed, check_memory

HISTORY_KEYS = ("d_real", "d_fake", "d_loss", "g_loss", "d_grad_norm", "g_grad_norm")


def changed_recipe(recipe: dict, changes: dict) -> dict:
    """``recipe`` with some entries replaced; a misspelt entry is an error, never silently ignored."""
    unknown = set(changes) - set(recipe)
    if unknown:
        raise TypeError(f"unknown recipe entries {sorted(unknown)}; the recipe has {sorted(recipe)}")
    return {**recipe, **changes}


class DiscriminatorStats(NamedTuple):
    """What one discriminator step saw: D's mean verdicts before its update, its loss, its gradient's norm."""
    d_real: float        # mean D(x) over the real batch
    d_fake: float        # mean D(G(z)) over the fake batch
    loss: float          # D's loss (with the R1 penalty, if any)
    grad_norm: float     # ‖∇ of D's loss with respect to D's weights‖


NO_DISCRIMINATOR_STEP = DiscriminatorStats(*[float("nan")] * 4)     # what an iteration without D steps records


class GeneratorStats(NamedTuple):
    """What one generator step saw: G's loss and its gradient's norm, before its update."""
    loss: float
    grad_norm: float


class CheckpointError(ValueError):
    """A checkpoint file that cannot be read or does not hold a GAN trainer's state."""


def _check_steps(name: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number ≥ 0; got {value!r}")


def _grad_norm(module: torch.nn.Module) -> float:
    norms = [p.grad.detach().norm() for p in module.parameters() if p.grad is not None]
    return float(torch.linalg.vector_norm(torch.stack(norms))) if norms else 0.0


def r1_penalty(real_logits: torch.Tensor, real: torch.Tensor, gamma: float) -> torch.Tensor:
    """(γ/2)·mean over the batch of ‖∇ₓ l(x)‖², for logits computed from ``real`` (which requires grad).

    Each sample's gradient is summed over all its coordinates (two for a point, 784 for an image);
    ``create_graph=True`` keeps the penalty differentiable with respect to D's weights.
    """
    (gradient,) = torch.autograd.grad(real_logits.sum(), real, create_graph=True)
    return gamma / 2 * gradient.pow(2).flatten(1).sum(dim=1).mean()


def generate(generator: torch.nn.Module, noise: torch.Tensor, *args) -> torch.Tensor:
    """``generator(noise, *args)`` on the CPU, in eval mode and without gradients; the mode is restored after.

    In eval mode batch norm uses the running averages of training rather than the statistics of this
    batch, so a sample does not depend on which other samples are drawn with it.
    """
    if not isinstance(noise, torch.Tensor) or noise.ndim != 2:
        raise TypeError(f"noise must be a torch tensor (m, noise_dim); got "
                        f"{type(noise).__name__} of shape {tuple(getattr(noise, 'shape', ()))}")
    was_training = generator.training
    generator.eval()
    try:
        with torch.no_grad():
            if len(noise) > _MEASURED_FROM:
                check_memory(f"drawing {len(noise)} samples", len(noise) * _bytes_per_sample(generator, noise, *args),
                             "draw fewer, in several calls if need be")
            if not torch.isfinite(noise).all():
                raise ValueError("noise contains NaN or infinite values")
            return generator(noise, *args).cpu()
    finally:
        generator.train(was_training)


_MEASURED_FROM = 1024       # larger draws first measure what one sample allocates


def _bytes_per_sample(generator: torch.nn.Module, noise: torch.Tensor, *args) -> int:
    """The bytes of every layer's output for one sample: a bound on what each sample of a draw allocates."""
    sizes = []

    def record(module, inputs, output):
        if isinstance(output, torch.Tensor):
            sizes.append(output.numel() * output.element_size())

    hooks = [module.register_forward_hook(record) for module in generator.modules() if not list(module.children())]
    try:
        generator(noise[:1], *(arg[:1] for arg in args))
    finally:
        for hook in hooks:
            hook.remove()
    return sum(sizes) + noise[:1].numel() * noise.element_size()


class GanTrainer:
    """Train ``generator`` (noise (m, noise_dim) → samples) against ``discriminator`` (samples → logits (m, 1)).

    ``sample_data(m, generator)`` returns m real samples drawn with the CPU ``torch.Generator``. For a
    conditional GAN, pass ``sample_condition(m, generator)`` too: then ``sample_data`` returns
    (samples, conditions), D's step shows both players the real samples' conditions, G's step draws its
    own with ``sample_condition``, and the players are called as ``G(noise, c)`` and ``D(x, c)``.
    ``k`` discriminator steps precede each generator step; ``kind`` is the generator loss
    ('non_saturating' or 'minimax'); both players use Adam(lr, betas) unless ``optimizer(parameters, lr)``
    builds another (``lambda params, lr: torch.optim.SGD(params, lr)``, say); ``r1_gamma`` > 0 adds the R1
    penalty. Rows are samples here, as everywhere in torch.

    ``ema`` = β in (0, 1) also keeps an exponential moving average of G's weights, updated after every
    generator step as θ̄ ← β·θ̄ + (1 − β)·θ (Yazıcı et al. 2019). The game keeps G's own weights circling
    round an equilibrium; their average over the last ~1/(1 − β) steps sits closer to it, so the average
    is the generator a run hands out: :attr:`sampling_generator`, used by :meth:`samples`. It is only
    read, never trained.
    """

    progress_label = "GAN steps"     # the progress bar's name for one step of :meth:`train`

    def __init__(self, generator: torch.nn.Module, discriminator: torch.nn.Module,
                 sample_data: Callable[[int, torch.Generator], torch.Tensor], noise_dim: int, *, k: int = 1,
                 kind: str = "non_saturating", batch_size: int = 256, lr_g: float = 1e-3, lr_d: float = 1e-3,
                 betas: tuple[float, float] = (0.5, 0.999), r1_gamma: float = 0.0, device="cpu", seed: int = 0,
                 optimizer: Callable[..., torch.optim.Optimizer] | None = None,
                 sample_condition: Callable[[int, torch.Generator], torch.Tensor] | None = None, ema: float = 0.0):
        if kind not in GENERATOR_LOSS_KINDS:
            raise ValueError(f"kind must be one of {', '.join(map(repr, GENERATOR_LOSS_KINDS))}; got {kind!r}")
        if k < 1 or batch_size < 1 or noise_dim < 0:
            raise ValueError(f"k and batch_size must be positive and noise_dim ≥ 0 (0 for a generator driven by its "
                             f"condition alone); got {k}, {batch_size}, {noise_dim}")
        if not 0 <= ema < 1:
            raise ValueError(f"ema is the average's decay β, in [0, 1) (0: no average); got {ema}")
        if not 0 <= r1_gamma < float("inf"):
            raise ValueError(f"r1_gamma (the R1 penalty's weight γ) must be a finite number ≥ 0; got {r1_gamma}")
        if not (0 < lr_g < float("inf") and 0 < lr_d < float("inf")):
            raise ValueError(f"the step sizes lr_g and lr_d must be positive and finite; got {lr_g} and {lr_d}")
        self.generator, self.discriminator = generator.to(device), discriminator.to(device)
        self.ema = ema
        self.averaged_generator = copy.deepcopy(self.generator).requires_grad_(False) if ema else None
        self.sample_data, self.noise_dim, self.sample_condition = sample_data, noise_dim, sample_condition
        self.k, self.kind, self.batch_size, self.r1_gamma = k, kind, batch_size, r1_gamma
        self.device = torch.device(device)
        if optimizer is None:
            fused = self.device.type in ("cpu", "cuda")     # one kernel per step instead of one per tensor

            def optimizer(parameters, lr):
                return torch.optim.Adam(parameters, lr=lr, betas=betas, fused=fused)
        self.opt_g = optimizer(self.generator.parameters(), lr_g)
        self.opt_d = optimizer(self.discriminator.parameters(), lr_d)
        self.random = torch.Generator().manual_seed(as_seed(seed))
        self.steps = 0
        self.history: dict[str, list[float]] = {key: [] for key in HISTORY_KEYS}

    def noise(self, m: int) -> torch.Tensor:
        """m noise vectors, drawn on the CPU and moved to the device."""
        m = as_count(m, "m (how many noise vectors)")
        check_memory(f"{m} noise vectors of {self.noise_dim} numbers", 4.0 * m * self.noise_dim)
        return torch.randn(m, self.noise_dim, generator=self.random).to(self.device)

    def _real_batch(self) -> tuple[torch.Tensor, tuple]:
        """A batch of real samples and, for a conditional GAN, a 1-tuple of their conditions (else ())."""
        batch = self.sample_data(self.batch_size, self.random)
        if self.sample_condition is None:
            return batch.to(self.device), ()
        samples, condition = batch
        return samples.to(self.device), (condition.to(self.device),)

    def _conditions(self) -> tuple:
        if self.sample_condition is None:
            return ()
        return (self.sample_condition(self.batch_size, self.random).to(self.device),)

    def discriminator_step(self) -> DiscriminatorStats:
        """One update of D on a real batch and a detached fake batch (plus R1 on the real one, if γ > 0)."""
        real, condition = self._real_batch()
        with torch.no_grad():                              # D's step must not change (or even track) G
            fake = self.generator(self.noise(self.batch_size), *condition)
        real.requires_grad_(self.r1_gamma > 0)
        real_logits, fake_logits = self.discriminator(real, *condition), self.discriminator(fake, *condition)
        loss = discriminator_loss(real_logits, fake_logits)
        if self.r1_gamma > 0:
            loss = loss + r1_penalty(real_logits, real, self.r1_gamma)
        self.opt_d.zero_grad()
        loss.backward()
        norm = _grad_norm(self.discriminator)
        self.opt_d.step()
        return DiscriminatorStats(torch.sigmoid(real_logits).mean().item(), torch.sigmoid(fake_logits).mean().item(),
                                  loss.item(), norm)

    def generator_step(self) -> GeneratorStats:
        """One update of G through a frozen D, on fresh noise."""
        # The gradient flows through D to G's samples, but D's weights need none: switching their gradients
        # off saves that work and makes it impossible for G's step to leak into D's next update.
        self.discriminator.requires_grad_(False)
        try:
            loss = self._generator_objective()
            self.opt_g.zero_grad()
            loss.backward()
        finally:
            self.discriminator.requires_grad_(True)
        norm = _grad_norm(self.generator)
        self.opt_g.step()
        if self.averaged_generator is not None:
            self._update_average()
        return GeneratorStats(loss.item(), norm)

    def _generator_objective(self) -> torch.Tensor:
        """G's loss on one batch, through D: the GAN loss of samples drawn from fresh noise."""
        condition = self._conditions()
        fake = self.generator(self.noise(self.batch_size), *condition)
        return generator_loss(self.discriminator(fake, *condition), self.kind)

    @torch.no_grad()
    def _update_average(self) -> None:
        for average, current in zip(self.averaged_generator.parameters(), self.generator.parameters()):
            average.lerp_(current, 1 - self.ema)
        for average, current in zip(self.averaged_generator.buffers(), self.generator.buffers()):
            average.copy_(current)                          # batch norm's running statistics: the latest

    @property
    def sampling_generator(self) -> torch.nn.Module:
        """The generator a run hands out: the weight average when ``ema`` > 0, else the trained generator."""
        return self.averaged_generator if self.averaged_generator is not None else self.generator

    @property
    def discriminator_steps(self) -> int:
        """D steps per iteration: k (a subclass may take none, like paired translation's L1-only baseline)."""
        return self.k

    def step(self) -> None:
        """One iteration of Algorithm 1: k discriminator steps, then one generator step; the last of each is recorded."""
        d = NO_DISCRIMINATOR_STEP
        for _ in range(self.discriminator_steps):
            d = self.discriminator_step()
        g = self.generator_step()
        for key, value in zip(HISTORY_KEYS, (d.d_real, d.d_fake, d.loss, g.loss, d.grad_norm, g.grad_norm)):
            self.history[key].append(value)
        self.steps += 1

    def warm_up(self, steps: int) -> None:
        """``steps`` discriminator steps against the untrained generator, before any generator step.

        The "train D first" advice made literal; they are not generator steps and leave no history.
        """
        _check_steps("steps", steps)
        for _ in range(steps):
            self.discriminator_step()

    def train(self, steps: int, *, progress: bool = True, every: int = 0,
              callback: Callable[[GanTrainer], None] | None = None) -> None:
        """Run ``steps`` iterations; call ``callback(self)`` every ``every`` steps (0: never)."""
        _check_steps("steps", steps)
        _check_steps("every", every)
        for _ in progress_bar(range(steps), enabled=progress, desc=self.progress_label):
            self.step()
            if callback is not None and every and self.steps % every == 0:
                callback(self)

    def samples(self, m: int, condition: torch.Tensor | None = None) -> torch.Tensor:
        """m samples of the generator, on the CPU (drawn in eval mode: batch norm uses its running averages).

        A conditional GAN draws for ``condition`` (m, n_condition), or for conditions drawn like G's own.
        """
        m = as_count(m, "m (how many samples)")
        if self.sample_condition is None:
            return generate(self.sampling_generator, self.noise(m))
        if condition is None:
            condition = self.sample_condition(m, self.random)
        return generate(self.sampling_generator, self.noise(m), condition.to(self.device))

    # ---- checkpoints ------------------------------------------------------------------------------

    def state(self) -> dict:
        """Everything a checkpoint holds, with a checksum of it all: damage inside the file is then found at load."""
        state = {"generator": self.generator.state_dict(), "discriminator": self.discriminator.state_dict(),
                 "opt_g": self.opt_g.state_dict(), "opt_d": self.opt_d.state_dict(),
                 "random": self.random.get_state(), "steps": self.steps, "history": self.history,
                 "recipe": self.recipe()}
        if self.averaged_generator is not None:
            state["averaged_generator"] = self.averaged_generator.state_dict()
        state["checksum"] = _digest(state)
        return state

    def recipe(self) -> dict:
        """The settings a checkpoint must have been trained with to be resumed by this trainer."""
        return {"kind": self.kind, "k": self.k, "r1_gamma": float(self.r1_gamma),
                "weight_average": self.averaged_generator is not None}

    def save(self, path: str | Path) -> None:
        """Write a checkpoint atomically: readers see the previous file or the complete new one."""
        atomic_write(path, lambda handle: torch.save(self.state(), handle))

    def load(self, path: str | Path) -> None:
        """Restore a checkpoint written by :meth:`save` into this trainer (same architectures, same optimiser).

        Every part of the file is checked against this trainer before anything is changed, so a file
        that does not fit leaves the trainer exactly as it was, with an error that says what did not fit.
        """
        try:
            state = load_torch_file(path, map_location=self.device)
        except UnreadableFile as error:
            raise CheckpointError(f"{path} is not a readable checkpoint: {error}") from error
        self._check_state(state, path)
        self.generator.load_state_dict(state["generator"])
        self.discriminator.load_state_dict(state["discriminator"])
        if self.averaged_generator is not None:
            self.averaged_generator.load_state_dict(state["averaged_generator"])
        self.opt_g.load_state_dict(state["opt_g"])
        self.opt_d.load_state_dict(state["opt_d"])
        self.random.set_state(state["random"].cpu())
        self.steps = int(state["steps"])
        self.history = {key: list(state["history"][key]) for key in HISTORY_KEYS}

    def _check_state(self, state, path) -> None:
        """Raise :class:`CheckpointError` unless ``state`` can be loaded into this trainer as a whole."""
        expected = {"generator", "discriminator", "opt_g", "opt_d", "random", "steps", "history"}
        if self.averaged_generator is not None:
            expected.add("averaged_generator")
        if not isinstance(state, dict):
            raise CheckpointError(f"{path} is not a GAN trainer checkpoint: it holds a {type(state).__name__}, "
                                  "not a dict of parts")
        missing = expected - set(state)
        if missing:
            raise CheckpointError(f"{path} is not a GAN trainer checkpoint (or not of this trainer); "
                                  f"missing: {sorted(missing)}")
        networks = [("generator", self.generator), ("discriminator", self.discriminator)]
        if self.averaged_generator is not None:
            networks.append(("averaged_generator", self.averaged_generator))
        for name, module in networks:
            saved, ours = state[name], module.state_dict()
            if not isinstance(saved, dict) or set(saved) != set(ours):
                raise CheckpointError(f"{path} was saved from another {name} (its parameters have other names)")
            for key, tensor in ours.items():
                if not isinstance(saved[key], torch.Tensor) or saved[key].shape != tensor.shape:
                    shape = tuple(saved[key].shape) if isinstance(saved[key], torch.Tensor) else type(saved[key]).__name__
                    raise CheckpointError(f"{path} was saved from a {name} of another shape: {key} is {shape}, "
                                          f"this one needs {tuple(tensor.shape)}")
        for name, optimiser in (("opt_g", self.opt_g), ("opt_d", self.opt_d)):
            saved = state[name]
            groups = saved.get("param_groups") if isinstance(saved, dict) else None
            if not isinstance(groups, list) or len(groups) != len(optimiser.param_groups) or any(
                    not isinstance(group, dict) or set(group) != set(ours) or len(group["params"]) != len(ours["params"])
                    for group, ours in zip(groups, optimiser.param_groups)):
                raise CheckpointError(f"{path} holds the state of another kind of optimiser for {name} (this trainer "
                                      f"uses {type(optimiser).__name__}); build the trainer with the optimiser it was "
                                      "saved with")
        if "checksum" in state and state["checksum"] != _digest(state):
            raise CheckpointError(f"{path} is damaged: its contents no longer match the checksum written with them "
                                  "(changed bytes inside the file); use another copy, or train again")
        if "recipe" in state and state["recipe"] != self.recipe():
            theirs, ours = state["recipe"], self.recipe()
            different = {key: (theirs.get(key) if isinstance(theirs, dict) else None, ours[key]) for key in ours
                         if not isinstance(theirs, dict) or theirs.get(key) != ours[key]}
            raise CheckpointError(f"{path} was trained with other settings than this trainer's: "
                                  + ", ".join(f"{key} {a!r} in the file, {b!r} here" for key, (a, b) in different.items()))
        for name, module in networks:
            for key, tensor in state[name].items():
                if tensor.is_floating_point() and not torch.isfinite(tensor).all():
                    raise CheckpointError(f"{path} holds NaN or infinite weights ({name}.{key}): the run it saved had "
                                          "diverged, or the file is damaged")
        for name, optimiser in (("opt_g", self.opt_g), ("opt_d", self.opt_d)):
            _check_optimiser_state(state[name], optimiser, f"{path}: {name}")
        random = state["random"]
        if (not isinstance(random, torch.Tensor) or random.dtype != torch.uint8
                or random.shape != self.random.get_state().shape):
            raise CheckpointError(f"{path} holds no valid random-generator state")
        steps, history = state["steps"], state["history"]
        if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
            raise CheckpointError(f"{path} holds no valid step count (got {steps!r})")
        if not isinstance(history, dict) or any(not isinstance(history.get(key), list) for key in HISTORY_KEYS):
            raise CheckpointError(f"{path} holds no valid training history")


def _digest(state: dict) -> str:
    """A SHA-256 over every part of a checkpoint but its checksum: tensors by dtype, shape and bytes, the rest by repr."""
    digest = hashlib.sha256()

    def feed(value) -> None:
        if isinstance(value, torch.Tensor):
            tensor = value.detach().cpu().contiguous()
            digest.update(f"{tensor.dtype}{tuple(tensor.shape)}".encode())
            digest.update(tensor.reshape(-1).view(torch.uint8).numpy().tobytes() if tensor.numel() else b"")
        elif isinstance(value, dict):
            for key in sorted(value, key=repr):
                if key != "checksum":
                    digest.update(repr(key).encode())
                    feed(value[key])
        elif isinstance(value, (list, tuple)):
            digest.update(b"[")
            for item in value:
                feed(item)
            digest.update(b"]")
        else:
            digest.update(repr(value).encode())

    feed(state)
    return digest.hexdigest()


def _check_optimiser_state(saved: dict, optimiser: torch.optim.Optimizer, where: str) -> None:
    """Every tensor of the saved per-parameter state (Adam's moments, say) has its parameter's shape and is finite:
    a state that does not fit loads without complaint and then crashes torch at the next step."""
    parameters = [p for group in optimiser.param_groups for p in group["params"]]
    per_parameter = saved.get("state", {})
    if not isinstance(per_parameter, dict):
        raise CheckpointError(f"{where} holds no per-parameter state")
    for index, entry in per_parameter.items():
        if not isinstance(index, int) or not 0 <= index < len(parameters) or not isinstance(entry, dict):
            raise CheckpointError(f"{where} holds state for parameter {index!r}, which this optimiser does not have")
        for key, value in entry.items():
            if not isinstance(value, torch.Tensor):
                continue
            if value.ndim and value.shape != parameters[index].shape:
                raise CheckpointError(f"{where}: the {key} of parameter {index} is {tuple(value.shape)}, but the "
                                      f"parameter is {tuple(parameters[index].shape)}: the state does not fit")
            if value.is_floating_point() and not torch.isfinite(value).all():
                raise CheckpointError(f"{where}: the {key} of parameter {index} holds NaN or infinite values")
