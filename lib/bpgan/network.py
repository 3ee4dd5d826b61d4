"""A fully connected network in numpy, in Nielsen's notation: the forward pass.

Layers are numbered as in the notes: layer 1 is the input, layer L the output. The parameters are
kept by layer number, so the code reads like the maths::

    net.weights[l]   W^l, shape (n_l, n_{l-1});  entry [j, k] is w^l_jk, from neuron k to neuron j
    net.biases[l]    b^l, shape (n_l, 1)
    for l = 2, …, L

A batch X holds one sample per column: shape (n_1, m). The forward pass keeps every z^l and a^l,
because backpropagation (notebook 04) needs them all.
"""

from __future__ import annotations

import numpy as np

from bpgan import activations, costs
from bpgan.validate import as_float_array


class Layers(dict):
    """A dict keyed by layer number that explains a wrong key instead of a bare KeyError."""

    def __missing__(self, key):
        numbers = sorted(self)
        raise KeyError(f"no layer {key!r} here: layers are numbered {numbers[0]}..{numbers[-1]} as in the "
                       "notes (layer 1 is the input, which has no weights or biases)")


class Network:
    """A fully connected network with one activation σ for every layer.

    ``sizes`` lists the neurons per layer, input first: ``Network([784, 30, 10])``. Weights start as
    N(0, 1/n_{l-1}) samples, so that z^l starts with variance about 1 rather than n_{l-1} and sigmoid
    neurons do not start saturated; biases start as N(0, 1). ``seed`` makes them reproducible.
    """

    def __init__(self, sizes, activation="sigmoid", cost="quadratic", *, seed: int = 0,
                 dtype=np.float64):
        sizes = list(sizes) if not isinstance(sizes, (str, bytes)) else sizes
        if (not isinstance(sizes, list) or len(sizes) < 2
                or any(isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1 for n in sizes)):
            raise ValueError(f"sizes must list at least two positive ints (input first), got {sizes!r}")
        self.sizes = [int(n) for n in sizes]
        self.activation = activations.get(activation)
        self.cost = costs.get(cost)
        self.dtype = np.dtype(dtype)
        rng = np.random.default_rng(seed)
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
        return X.astype(self.dtype, copy=False)

    def forward(self, X) -> tuple[Layers, Layers]:
        """The forward pass, keeping everything: ``(zs, activations)`` keyed by layer number.

        ``activations[1]`` is X; for l = 2..L, ``zs[l]`` = W^l a^{l−1} + b^l and ``activations[l]`` = σ(z^l),
        each of shape (n_l, m).
        """
        a = self.check_input(X)
        zs, a_by_layer = Layers(), Layers({1: a})
        for l in self.layer_numbers:
            zs[l] = self.weights[l] @ a + self.biases[l]    # z^l = W^l a^{l−1} + b^l
            a = a_by_layer[l] = self.activation.fn(zs[l])  # a^l = σ(z^l)
        return zs, a_by_layer

    def feedforward(self, X) -> np.ndarray:
        """The output a^L, shape (n_L, m)."""
        return self.forward(X)[1][self.L]

    def __repr__(self) -> str:
        return f"Network({self.sizes}, activation={self.activation.name!r}, cost={self.cost.name!r})"
