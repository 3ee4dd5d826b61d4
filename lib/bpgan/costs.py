"""Cost functions: the value of C and the derivative ∂C_x/∂a^L that starts backpropagation.

Both costs follow the two assumptions backpropagation rests on (notebook 03):

1. the cost of a batch is the mean of per-sample costs, C = (1/m) Σ_x C_x;
2. each C_x depends on the network only through its output a^L.

Shapes follow the numpy half of the course: ``a`` and ``y`` are (n_L, m), one sample per column.
``value`` returns the batch mean C; ``per_sample`` the m costs C_x; ``derivative`` the matrix whose
column x is ∂C_x/∂a^L (of the *per-sample* cost: averaging happens once, where gradients are summed);
``output_error`` is δ^L = ∂C_x/∂z^L, equation BP1 of notebook 04.
"""

from __future__ import annotations

import numpy as np

from bpgan import activations
from bpgan import backprop as bp
from bpgan.validate import as_float_array

# Cross-entropy takes logarithms of a and 1 − a; outputs are clipped this far inside (0, 1), so a
# saturated output gives a large finite cost instead of inf or NaN. The limits stay right: at a = 1,
# y = 1 the derivative is −1, as (a − y)/(a(1 − a)) → −1/a says.
EPSILON = 1e-12


def _pair(a, y) -> tuple[np.ndarray, np.ndarray]:
    a = as_float_array(a, "a (the network's output a^L)")
    y = as_float_array(y, "y (the desired output)")
    if a.shape != y.shape:
        hint = " (y looks transposed: columns are samples)" if a.shape == y.shape[::-1] else ""
        raise ValueError(f"a and y must have the same shape; got a {a.shape} and y {y.shape}{hint}")
    if a.ndim == 1:  # a single sample given as a vector
        a, y = a[:, None], y[:, None]
    if a.ndim != 2:
        raise ValueError(f"a and y must be (n_L, m) arrays, one sample per column; got shape {a.shape}")
    if a.shape[1] == 0:
        raise ValueError(f"a and y hold no samples (shape {a.shape}): a cost needs at least one column")
    return a, y


class QuadraticCost:
    """C_x = ½‖y − a^L‖², with ∂C_x/∂a^L = a^L − y."""

    name = "quadratic"

    @staticmethod
    def per_sample(a, y) -> np.ndarray:
        a, y = _pair(a, y)
        return 0.5 * np.sum((y - a) ** 2, axis=0)

    @classmethod
    def value(cls, a, y) -> float:
        return float(np.mean(cls.per_sample(a, y)))

    @staticmethod
    def derivative(a, y) -> np.ndarray:
        a, y = _pair(a, y)
        return a - y

    @classmethod
    def output_error(cls, z, a, y, activation) -> np.ndarray:
        """BP1: δ^L = ∇_a C_x ⊙ σ′(z^L) = (a^L − y) ⊙ σ′(z^L)."""
        a, y = _pair(a, y)
        return cls.unchecked_output_error(z, a, y, activations.get(activation))

    @staticmethod
    def unchecked_output_error(z, a, y, sigma) -> np.ndarray:
        """:meth:`output_error` for arrays checked already (a network checks its batch once)."""
        return bp.output_error(a - y, z, sigma)


class CrossEntropyCost:
    """C_x = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)], with ∂C_x/∂a_j = (a_j − y_j) / (a_j (1 − a_j)).

    Needs outputs and targets in [0, 1], as a sigmoid output layer gives.
    """

    name = "cross-entropy"

    @staticmethod
    def _checked(a, y, clip: bool = True) -> tuple[np.ndarray, np.ndarray]:
        a, y = _pair(a, y)
        for name, array in (("a", a), ("y", y)):
            if array.min() < 0 or array.max() > 1:
                raise ValueError(f"cross-entropy needs {name} in [0, 1] (a sigmoid output); "
                                 f"got values from {array.min():g} to {array.max():g}")
        return (np.clip(a, EPSILON, 1 - EPSILON) if clip else a), y

    @classmethod
    def per_sample(cls, a, y) -> np.ndarray:
        a, y = cls._checked(a, y)
        return -np.sum(y * np.log(a) + (1 - y) * np.log1p(-a), axis=0)

    @classmethod
    def value(cls, a, y) -> float:
        return float(np.mean(cls.per_sample(a, y)))

    @classmethod
    def derivative(cls, a, y) -> np.ndarray:
        a, y = cls._checked(a, y)
        return (a - y) / (a * (1 - a))

    @classmethod
    def output_error(cls, z, a, y, activation) -> np.ndarray:
        """BP1: δ^L = ∇_a C_x ⊙ σ′(z^L); for a sigmoid output, exactly a^L − y.

        With a sigmoid, σ′(z) = a(1 − a) cancels the denominator of ∂C_x/∂a. Using the cancelled form
        is not only shorter: for a saturated output (a rounds to 1.0) the product of a huge derivative
        and a tiny σ′ would be badly wrong, while a − y stays exact.
        """
        a, y = cls._checked(a, y, clip=False)
        return cls.unchecked_output_error(z, a, y, activations.get(activation))

    @staticmethod
    def unchecked_output_error(z, a, y, sigma) -> np.ndarray:
        """:meth:`output_error` for arrays checked already (a network checks its batch once)."""
        if sigma.name == "sigmoid":
            return a - y
        a = np.clip(a, EPSILON, 1 - EPSILON)
        return bp.output_error((a - y) / (a * (1 - a)), z, sigma)


quadratic = QuadraticCost()
cross_entropy = CrossEntropyCost()

_BY_NAME = {"quadratic": quadratic, "cross-entropy": cross_entropy, "cross_entropy": cross_entropy}


def get(cost):
    """A cost from itself or its name ('quadratic', 'cross-entropy')."""
    if isinstance(cost, (QuadraticCost, CrossEntropyCost)):
        return cost
    try:
        return _BY_NAME[cost]
    except (KeyError, TypeError):
        raise ValueError(f"unknown cost {cost!r}; choose 'quadratic' or 'cross-entropy'") from None
