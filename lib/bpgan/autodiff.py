"""A scalar reverse-mode autodiff engine: backpropagation on a graph of numbers.

Every operation creates a new :class:`Value` that remembers its inputs (its *parents*) and the local
derivative of its output with respect to each of them, computed right next to the forward rule::

    a * b   forward: a·b      local derivatives: ∂(ab)/∂a = b,  ∂(ab)/∂b = a

:meth:`Value.backward` then applies the chain rule once per edge, visiting nodes from the output back
to the inputs (reverse topological order)::

    parent.grad += local_derivative * node.grad

The ``+=`` is the "sum over paths" of the multivariable chain rule: a node used twice receives a
contribution along each path. The graph is walked with an explicit stack, not recursion, so a chain
of 100,000 operations works although Python's recursion limit is about 1,000.
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Iterable

__all__ = ["Value"]


class Value:
    """A number that records how it was computed, so that gradients can flow back through it.

    ``data`` is the number, ``grad`` is ∂(output)/∂(this value) after ``output.backward()``.
    """

    __slots__ = ("data", "grad", "label", "op", "_edges")

    def __init__(self, data: Real, label: str = ""):
        if isinstance(data, Value):
            raise TypeError("Value(...) takes a plain number; this is already a Value")
        if isinstance(data, bool) or not isinstance(data, Real):
            raise TypeError(f"Value needs a real number, got {type(data).__name__} ({data!r})")
        if not math.isfinite(data):
            raise ValueError(f"Value needs a finite number, got {data}")
        self._set(float(data), "", (), label)

    def _set(self, data: float, op: str, edges: tuple, label: str = "") -> None:
        self.data = data
        self.grad = 0.0
        self.op = op
        self.label = label
        self._edges = edges  # ((parent, ∂self/∂parent), ...)

    @classmethod
    def _node(cls, data: float, op: str, *edges: tuple[Value, float]) -> Value:
        """A computed node: its value and, per parent, the local derivative of this node w.r.t. it.

        A value or derivative that overflowed to inf (or became NaN) is refused here, once for every
        operation, so that it cannot travel silently through the rest of the graph.
        """
        if not (math.isfinite(data) and all(math.isfinite(local) for _, local in edges)):
            raise OverflowError(f"{op} gave {data!r} or an infinite derivative: the numbers grew too large for a "
                                "float (about 1.8e308)")
        node = cls.__new__(cls)
        node._set(data, op, edges)
        return node

    @property
    def parents(self) -> tuple[Value, ...]:
        return tuple(parent for parent, _ in self._edges)

    @property
    def local_derivatives(self) -> tuple[float, ...]:
        """∂self/∂parent for each parent, in the order of :attr:`parents`."""
        return tuple(local for _, local in self._edges)

    # ---- arithmetic: forward rule, then the local derivative for each input ----------------------

    def __add__(self, other) -> Value:
        other = _lift(other)
        return Value._node(self.data + other.data, "+",
                           (self, 1.0),                    # ∂(a+b)/∂a = 1
                           (other, 1.0))                   # ∂(a+b)/∂b = 1

    def __mul__(self, other) -> Value:
        other = _lift(other)
        return Value._node(self.data * other.data, "*",
                           (self, other.data),             # ∂(ab)/∂a = b
                           (other, self.data))             # ∂(ab)/∂b = a

    def __pow__(self, exponent) -> Value:
        if isinstance(exponent, Value) or isinstance(exponent, bool) or not isinstance(exponent, Real):
            raise TypeError("Value ** n needs a plain number n (the engine has no Value ** Value); "
                            f"got {type(exponent).__name__}")
        exponent = float(exponent)
        if self.data == 0 and exponent < 1:
            raise ZeroDivisionError(f"0 ** {exponent:g} has no finite derivative")
        if self.data < 0 and not exponent.is_integer():
            raise ValueError(f"({self.data:g}) ** {exponent:g}: a negative number to a fractional power has no real "
                             "value")
        try:
            out, local = self.data ** exponent, exponent * self.data ** (exponent - 1)
        except OverflowError:
            raise OverflowError(f"({self.data:g}) ** {exponent:g} is too large for a float") from None
        return Value._node(out, f"**{exponent:g}", (self, local))               # ∂(aⁿ)/∂a = n·aⁿ⁻¹

    def __truediv__(self, other) -> Value:
        other = _lift(other)
        if other.data == 0:
            raise ZeroDivisionError("division of a Value by zero")
        return self * other ** -1                          # a/b = a·b⁻¹: the rules above apply

    def __neg__(self) -> Value:
        return self * -1.0

    def __sub__(self, other) -> Value:
        return self + (-_lift(other))

    def __radd__(self, other) -> Value:
        return self + other

    def __rmul__(self, other) -> Value:
        return self * other

    def __rsub__(self, other) -> Value:
        return _lift(other) - self

    def __rtruediv__(self, other) -> Value:
        return _lift(other) / self

    def __rpow__(self, base):
        raise TypeError("number ** Value is not supported; write (Value(log(base)) * x).exp() instead")

    # ---- functions of one input -------------------------------------------------------------------

    def exp(self) -> Value:
        if self.data > 709.78:
            raise OverflowError(f"exp({self.data:g}) is too large for a float (exp overflows above about 709.78)")
        out = math.exp(self.data)
        return Value._node(out, "exp", (self, out))        # ∂eᵃ/∂a = eᵃ

    def log(self) -> Value:
        if self.data <= 0:
            raise ValueError(f"log needs a positive input, got {self.data}")
        return Value._node(math.log(self.data), "log", (self, 1.0 / self.data))   # ∂ln a/∂a = 1/a

    def tanh(self) -> Value:
        out = math.tanh(self.data)
        return Value._node(out, "tanh", (self, 1.0 - out * out))                  # ∂tanh a/∂a = 1 − tanh²a

    def sigmoid(self) -> Value:
        # Written so that exp never overflows: e^(−|a|) ≤ 1.
        e = math.exp(-abs(self.data))
        out = 1.0 / (1.0 + e) if self.data >= 0 else e / (1.0 + e)
        return Value._node(out, "sigmoid", (self, out * (1.0 - out)))            # ∂σ(a)/∂a = σ(a)(1 − σ(a))

    def relu(self) -> Value:
        return Value._node(max(self.data, 0.0), "relu",
                           (self, 1.0 if self.data > 0 else 0.0))                # ∂relu(a)/∂a = 1 if a > 0 else 0

    # ---- backpropagation -------------------------------------------------------------------------

    def graph(self) -> list[Value]:
        """Every node this value depends on, itself last, each after all of its parents (topological order).

        An explicit stack replaces recursion, so the depth of the graph is not limited by Python.
        """
        order: list[Value] = []
        visited: set[int] = set()
        stack: list[tuple[Value, bool]] = [(self, False)]
        while stack:
            node, parents_done = stack.pop()
            if parents_done:
                order.append(node)
                continue
            if id(node) in visited:
                continue
            visited.add(id(node))
            stack.append((node, True))
            stack.extend((parent, False) for parent in node.parents if id(parent) not in visited)
        return order

    def backward(self) -> None:
        """Set ``node.grad`` = ∂self/∂node for every node of this value's graph.

        Gradients are *reset* first, so calling ``backward()`` twice gives the same gradients, not
        twice them. Within one call, contributions along different paths are summed.
        """
        order = self.graph()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0                                    # ∂self/∂self = 1
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local_derivatives):
                parent.grad += local * node.grad           # the chain rule, one edge at a time

    def __float__(self) -> float:
        """So that ``float(x)`` works for a Value as for a torch scalar: handy in branches."""
        return self.data

    def __repr__(self) -> str:
        label = f"{self.label}: " if self.label else ""
        return f"Value({label}data={self.data:.6g}, grad={self.grad:.6g})"


def _lift(x) -> Value:
    """Wrap a plain number in a constant Value, so that ``2 * x`` and ``x + 1`` work."""
    return x if isinstance(x, Value) else Value(x)


def values(numbers: Iterable[Real], labels: str | Iterable[str] = "") -> list[Value]:
    """Several leaves at once: ``a, b = values([1.0, 2.0], "ab")``."""
    numbers = list(numbers)
    labels = list(labels) if labels else [""] * len(numbers)
    return [Value(x, label) for x, label in zip(numbers, labels, strict=True)]
