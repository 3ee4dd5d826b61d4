"""A fully connected network in numpy, in Nielsen's notation: forward pass, backpropagation, SGD.

Layers are numbered as in the notes: layer 1 is the input, layer L the output. The parameters are
kept by layer number, so the code reads like the maths::

    net.weights[l]   W^l, shape (n_l, n_{l-1});  entry [j, k] is w^l_jk, from neuron k to neuron j
    net.biases[l]    b^l, shape (n_l, 1)
    for l = 2, …, L

A batch X holds one sample per column: shape (n_1, m), and its desired outputs Y: shape (n_L, m).
The forward pass keeps every z^l and a^l, because backpropagation (notebook 04) needs them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bpgan import activations, costs
from bpgan import backprop as bp
from bpgan.progress import progress_bar
from bpgan.validate import as_float_array, as_seed


class Layers(dict):
    """A dict keyed by layer number that explains a wrong key instead of a bare KeyError."""

    def __missing__(self, key):
        numbers = sorted(self)
        raise KeyError(f"no layer {key!r} here: layers are numbered {numbers[0]}..{numbers[-1]} as in the "
                       "notes (layer 1 is the input, which has no weights or biases)")


class Network:
    """A fully connected network: activation σ in the hidden layers, ``output_activation`` (σ by default) in layer L.

    ``sizes`` lists the neurons per layer, input first: ``Network([784, 30, 10])``. Weights start as
    N(0, 1/n_{l-1}) samples, so that z^l starts with variance about 1 rather than n_{l-1} and sigmoid
    neurons do not start saturated; biases start as N(0, 1). ``seed`` makes them reproducible.
    ``cost`` is 'quadratic' or 'cross-entropy' (which needs outputs in [0, 1]: a sigmoid output layer).
    """

    def __init__(self, sizes, activation="sigmoid", cost="quadratic", *, output_activation=None, seed: int = 0,
                 dtype=np.float64):
        sizes = list(sizes) if not isinstance(sizes, (str, bytes)) else sizes
        if (not isinstance(sizes, list) or len(sizes) < 2
                or any(isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1 for n in sizes)):
            raise ValueError(f"sizes must list at least two positive ints (input first), got {sizes!r}")
        self.sizes = [int(n) for n in sizes]
        self.activation = activations.get(activation)
        self.output_activation = activations.get(output_activation if output_activation is not None else activation)
        self.cost = costs.get(cost)
        self.dtype = np.dtype(dtype)
        if self.dtype.kind != "f":
            raise TypeError(f"dtype must be a float type (np.float64 or np.float32), got {self.dtype}: "
                            "integer weights would all round to 0")
        rng = np.random.default_rng(as_seed(seed))
        self.weights = Layers()
        self.biases = Layers()
        for l in self.layer_numbers:
            n_l, n_prev = self.n(l), self.n(l - 1)
            self.weights[l] = (rng.standard_normal((n_l, n_prev)) / np.sqrt(n_prev)).astype(self.dtype)
            self.biases[l] = rng.standard_normal((n_l, 1)).astype(self.dtype)

    @property
    def L(self) -> int:
        """The number of layers, input layer included."""
        return len(self.sizes)

    @property
    def layer_numbers(self) -> range:
        """2, …, L: the layers that have weights and biases."""
        return range(2, self.L + 1)

    def n(self, l: int) -> int:
        """n_l, the number of neurons in layer l (1-based, as in the notes)."""
        if not 1 <= l <= self.L:
            raise ValueError(f"layers are numbered 1..{self.L}; got {l}")
        return self.sizes[l - 1]

    def check_input(self, X) -> np.ndarray:
        """X as an (n_1, m) array of this network's dtype, or an error that says what is wrong."""
        X = as_float_array(X, "X")
        n_1 = self.sizes[0]
        if X.ndim == 1:
            raise ValueError(f"X must be 2-D, (n_1, m) = ({n_1}, batch size); got a vector of shape {X.shape}. "
                             "For one sample use X.reshape(-1, 1)")
        if X.ndim != 2:
            raise ValueError(f"X must be 2-D, (n_1, m) = ({n_1}, batch size); got shape {X.shape}")
        if X.shape[0] != n_1:
            hint = (" — it looks like one sample per row; columns are samples here, so pass X.T"
                    if X.shape[1] == n_1 else "")
            raise ValueError(f"X must have n_1 = {n_1} rows (one sample per column); got shape {X.shape}{hint}")
        if X.shape[1] == 0:
            raise ValueError(f"X holds no samples (shape {X.shape}): a batch needs at least one column")
        return X.astype(self.dtype, copy=False)

    def forward(self, X) -> tuple[Layers, Layers]:
        """The forward pass, keeping everything: ``(zs, activations)`` keyed by layer number.

        ``activations[1]`` is X; for l = 2..L, ``zs[l]`` = W^l a^{l−1} + b^l and ``activations[l]`` = σ(z^l),
        each of shape (n_l, m).
        """
        return self._forward(self.check_input(X))

    def _forward(self, a: np.ndarray) -> tuple[Layers, Layers]:
        zs, a_by_layer = Layers(), Layers({1: a})
        for l in self.layer_numbers:
            zs[l] = self.weights[l] @ a + self.biases[l]     # z^l = W^l a^{l−1} + b^l
            a = a_by_layer[l] = self.sigma(l).fn(zs[l])     # a^l = σ(z^l)
        return zs, a_by_layer

    def feedforward(self, X) -> np.ndarray:
        """The output a^L, shape (n_L, m)."""
        return self.forward(X)[1][self.L]

    def sigma(self, l: int) -> activations.Activation:
        """The activation of layer l: the output activation for l = L, σ otherwise."""
        return self.output_activation if l == self.L else self.activation

    def check_targets(self, Y, m: int) -> np.ndarray:
        """Y as an (n_L, m) array, or an error that says what is wrong."""
        n_L = self.sizes[-1]
        Y = as_float_array(Y, "Y")
        if Y.shape != (n_L, m):
            if Y.ndim == 1 and Y.shape == (m,) and n_L > 1:
                hint = " — these look like class labels: bpgan.data.one_hot(labels, n_L) makes the columns"
            elif Y.shape == (m, n_L):
                hint = " — it looks like one sample per row; columns are samples here, so pass Y.T"
            else:
                hint = ""
            raise ValueError(f"Y must have shape (n_L, m) = ({n_L}, {m}) to match X; got {Y.shape}{hint}")
        if self.cost.name == "cross-entropy" and (Y.min() < 0 or Y.max() > 1):
            raise ValueError(f"the cross-entropy cost needs targets Y in [0, 1]; got values from {Y.min():g} to "
                             f"{Y.max():g} — class labels belong in bpgan.data.one_hot(labels, n_L)")
        return Y.astype(self.dtype, copy=False)

    def _checked(self, X, Y) -> tuple[np.ndarray, np.ndarray]:
        X = self.check_input(X)
        return X, self.check_targets(Y, X.shape[1])

    # ---- backpropagation ----------------------------------------------------------------------------

    def deltas(self, X, Y=None, *, output_gradient=None) -> tuple[Layers, Layers, Layers]:
        """The forward pass, then the error δ^l = ∂C_x/∂z^l of every layer: ``(zs, activations, deltas)``.

        Column x of ``deltas[l]`` is the error for sample x alone (of its own cost C_x), shape (n_l, m).
        BP1 needs ∇_a C_x: from the network's cost and the targets ``Y``, or given directly as
        ``output_gradient`` (n_L, m) when the cost lives elsewhere — a GAN's generator learns from the
        gradient of the discriminator's loss with respect to the generator's output.
        """
        return self._deltas(*self._checked_batch(X, Y, output_gradient))

    def _deltas(self, X, Y, output_gradient) -> tuple[Layers, Layers, Layers]:
        zs, a = self._forward(X)
        L = self.L
        if Y is not None:                                     # BP1, with the cost's own ∇_a C_x
            delta = Layers({L: self.cost.unchecked_output_error(zs[L], a[L], Y, self.sigma(L))})
        else:                                                 # BP1, ∇_a C_x given
            delta = Layers({L: bp.output_error(output_gradient, zs[L], self.sigma(L))})
        for l in range(L - 1, 1, -1):
            delta[l] = bp.backpropagate_error(self.weights[l + 1], delta[l + 1], zs[l], self.sigma(l))   # BP2
        return zs, a, delta

    def backprop(self, X, Y=None, *, output_gradient=None) -> tuple[Layers, Layers]:
        """The gradient of the mean cost C = (1/m) Σ_x C_x over the batch: ``(nabla_w, nabla_b)``.

        ``nabla_w[l]`` = ∂C/∂W^l has W^l's shape, ``nabla_b[l]`` = ∂C/∂b^l has b^l's shape: BP3 and BP4
        average the per-sample gradients, which is where assumption 1 (C is the mean of the C_x) is used.
        ``output_gradient`` replaces Y as in :meth:`deltas`.
        """
        _, a, delta = self.deltas(X, Y, output_gradient=output_gradient)
        nabla_w = Layers({l: bp.weight_gradient(delta[l], a[l - 1]) for l in self.layer_numbers})   # BP4
        nabla_b = Layers({l: bp.bias_gradient(delta[l]) for l in self.layer_numbers})              # BP3
        return nabla_w, nabla_b

    def _checked_batch(self, X, Y, output_gradient):
        """X, and either Y or output_gradient, checked once for the methods that backpropagate."""
        if (Y is None) == (output_gradient is None):
            raise ValueError("give either Y (targets for the network's cost) or output_gradient (∂C_x/∂a^L)")
        X = self.check_input(X)
        if Y is not None:
            return X, self.check_targets(Y, X.shape[1]), None
        return X, None, self._check_output_gradient(output_gradient, X.shape[1])

    def input_gradient(self, X, Y, *, scale: float | None = None) -> np.ndarray:
        """∂C/∂X for the mean cost C over the batch, shape (n_1, m) like X.

        The error one layer further back than BP2 goes: W^2ᵀ δ^2, times ``scale`` (1/m by default, as
        for every gradient of the mean; ``scale=1`` gives column x = ∂C_x/∂x, each sample's own).
        A GAN's generator needs it: it learns from how the discriminator's verdict changes with its input.
        """
        _, a, delta = self.deltas(X, Y)
        scale = 1 / a[1].shape[1] if scale is None else _check_finite("scale", scale)
        return scale * (self.weights[2].T @ delta[2])          # BP2 without σ′: the input layer has no z

    def _check_output_gradient(self, gradient, m: int) -> np.ndarray:
        gradient = as_float_array(gradient, "output_gradient")
        if gradient.shape != (self.sizes[-1], m):
            raise ValueError(f"output_gradient must have the output's shape (n_L, m) = ({self.sizes[-1]}, {m}); "
                             f"got {gradient.shape}")
        return gradient.astype(self.dtype, copy=False)

    def cost_value(self, X, Y) -> float:
        """The mean cost C of the batch."""
        X, Y = self._checked(X, Y)
        return self.cost.value(self._forward(X)[1][self.L], Y)

    def accuracy(self, X, labels) -> float:
        """The fraction of columns of X whose largest output is at the index given by ``labels``."""
        X = self.check_input(X)
        labels = np.asarray(labels)
        if labels.shape != (X.shape[1],):
            raise ValueError(f"labels must have shape (m,) = ({X.shape[1]},) to match X; got {labels.shape}")
        if labels.dtype.kind not in "iu":
            raise TypeError(f"labels must be class numbers (ints), got dtype {labels.dtype}")
        if labels.min() < 0 or labels.max() >= self.sizes[-1]:
            raise ValueError(f"labels must lie in 0..{self.sizes[-1] - 1}, one per output neuron; got values from "
                             f"{labels.min()} to {labels.max()}")
        return float(np.mean(self._forward(X)[1][self.L].argmax(axis=0) == labels))

    # ---- stochastic gradient descent ----------------------------------------------------------------

    def sgd_step(self, X, Y, eta: float) -> None:
        """One step of gradient descent on the batch: w → w − η ∂C/∂w, b → b − η ∂C/∂b."""
        X, Y = self._checked(X, Y)
        _check_eta(eta)
        self._step(X, Y, eta)

    def _step(self, X, Y, eta: float) -> None:
        _, a, delta = self._deltas(X, Y, None)
        scale = eta / X.shape[1]                          # η/m in place of the mean's 1/m: the step, in one pass
        for l in self.layer_numbers:
            self.weights[l] -= bp.weight_gradient(delta[l], a[l - 1], scale)     # η ∂C/∂W^l, BP4
            self.biases[l] -= bp.bias_gradient(delta[l], scale)                  # η ∂C/∂b^l, BP3

    def sgd_epoch(self, X, Y, *, batch_size: int, eta: float, seed: int = 0, max_steps: int | None = None) -> int:
        """One epoch of SGD: shuffle the columns (with ``seed``), one :meth:`sgd_step` per mini-batch.

        Stops early after ``max_steps`` steps if given; returns the number of steps taken.
        """
        X, Y = self._checked(X, Y)
        _check_positive_int("batch_size", batch_size)
        _check_eta(eta)
        return self._epoch(*_column_major(X, Y), next(minibatches(X.shape[1], batch_size, 1, seed)), eta, max_steps)

    def _epoch(self, X, Y, batches, eta, max_steps) -> int:
        steps = 0
        for columns in batches:
            if max_steps is not None and steps >= max_steps:
                break
            self._step(X[:, columns], Y[:, columns], eta)
            steps += 1
        return steps

    def train(self, X, Y, *, epochs: int, batch_size: int, eta: float, test=None, tolerance: float | None = None,
              max_steps: int | None = None, seed: int = 0, progress: bool = True) -> History:
        """Stochastic gradient descent on mini-batches; returns the :class:`History` of the run.

        Each epoch shuffles the columns of X (with ``seed``) and takes one :meth:`sgd_step` per mini-batch
        of ``batch_size``. After each epoch the training cost is recorded (and the accuracy on ``test``
        = (X_test, labels), if given). Training stops after ``epochs``, or as soon as the training cost is
        within ``tolerance``, or when ``max_steps`` steps are done; ``History.stopped`` says which.
        """
        X, Y = self._checked(X, Y)
        _check_positive_int("epochs", epochs)
        _check_positive_int("batch_size", batch_size)
        _check_eta(eta)
        X, Y = _column_major(X, Y)
        history = History()
        bar = progress_bar(range(epochs), enabled=progress, desc="epochs")
        for epoch, batches in zip(bar, minibatches(X.shape[1], batch_size, epochs, seed)):
            budget = None if max_steps is None else max_steps - history.steps
            history.steps += self._epoch(X, Y, batches, eta, budget)
            history.cost.append(self.cost_value(X, Y))
            if test is not None:
                history.test_accuracy.append(self.accuracy(*test))
            if progress:
                bar.set_postfix(cost=f"{history.cost[-1]:.4f}",
                                **({"test accuracy": f"{history.test_accuracy[-1]:.3f}"} if test is not None else {}))
            if tolerance is not None and history.cost[-1] <= tolerance:
                history.stopped = f"cost {history.cost[-1]:.4g} within tolerance {tolerance:g} after epoch {epoch + 1}"
                break
            if max_steps is not None and history.steps >= max_steps:
                history.stopped = f"step budget of {max_steps} steps used up in epoch {epoch + 1}"
                break
        else:
            history.stopped = f"all {epochs} epochs done"
        if progress:
            bar.close()
        return history

    def __repr__(self) -> str:
        output = "" if self.output_activation is self.activation else f", output_activation={self.output_activation.name!r}"
        return f"Network({self.sizes}, activation={self.activation.name!r}{output}, cost={self.cost.name!r})"


@dataclass
class History:
    """What :meth:`Network.train` did: training cost (and test accuracy) per epoch, steps, why it stopped."""

    cost: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)
    steps: int = 0
    stopped: str = ""


def minibatches(n: int, batch_size: int, epochs: int, seed: int = 0):
    """For each epoch, the list of column-index arrays of its mini-batches (a fresh shuffle per epoch).

    The same arguments give the same batches, so another implementation (torch, in notebook 05) can
    be fed exactly the same data in the same order.
    """
    rng = np.random.default_rng(as_seed(seed))
    for _ in range(epochs):
        order = rng.permutation(n)
        yield [order[start:start + batch_size] for start in range(0, n, batch_size)]


def _column_major(*arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """Store each array column by column, so that a mini-batch (a set of columns) is gathered from
    contiguous memory; a copy is made only if needed (``bpgan.data.as_columns`` is column-major already)."""
    return tuple(np.asfortranarray(array) for array in arrays)


def _check_positive_int(name: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")


def _check_eta(eta) -> None:
    if isinstance(eta, bool) or not isinstance(eta, (int, float, np.integer, np.floating)) or not 0 < eta < np.inf:
        raise ValueError(f"eta (the learning rate η) must be a positive, finite number, got {eta!r}")


def _check_finite(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)
