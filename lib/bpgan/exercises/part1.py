"""Checkers for the exercises of Part I (notebooks 01–05): derivatives, the forward pass, costs.

Each ``check_*`` takes the learner's function, runs it on fresh random inputs (pass ``seed`` to
repeat a run) and returns a :class:`~bpgan.exercises.core.Feedback`. References come from the tested
modules of ``bpgan``; the ``Mistake`` lists are the wrong answers each checker can name.
"""

from __future__ import annotations

import math

import numpy as np

from bpgan import activations, costs, gradcheck
from bpgan.autodiff import Value
from bpgan.exercises.core import Feedback, Mistake, check_cases, random_inputs

sigma, sigma_prime = activations.sigmoid.fn, activations.sigmoid.prime


# ---- 01 · the chain rule --------------------------------------------------------------------------

_FUNCTIONS = {"sin": math.sin, "exp": math.exp, "x³ − 2x": lambda x: x ** 3 - 2 * x}


def check_centred_difference(centred_difference, seed: int | None = None) -> Feedback:
    """The learner's ``centred_difference(f, x, h)`` ≈ f′(x) with error O(h²)."""
    rng = random_inputs(seed)
    cases = [(f, float(rng.uniform(-2, 2)), h) for f in _FUNCTIONS.values() for h in (1e-1, 1e-2)]
    names = {id(f): name for name, f in _FUNCTIONS.items()}
    return check_cases(
        centred_difference, name="centred_difference",
        reference=gradcheck.centred_difference,
        cases=cases,
        mistakes=[
            Mistake(lambda f, x, h: (f(x + h) - f(x)) / h,
                    "that is the forward difference (f(x+h) − f(x))/h; the centred one uses f(x+h) and f(x−h)"),
            Mistake(lambda f, x, h: (f(x) - f(x - h)) / h,
                    "that is the backward difference (f(x) − f(x−h))/h; the centred one uses f(x+h) and f(x−h)"),
            Mistake(lambda f, x, h: (f(x + h) - f(x - h)) / h,
                    "the step from x−h to x+h is 2h wide: divide by 2h, not h"),
        ],
        describe=lambda args: f"f = {names[id(args[0])]}, x = {args[1]:.3f}, h = {args[2]:g}",
        success=f"matches the centred difference on {len(cases)} fresh (f, x, h) cases",
        rtol=1e-9,
    )


def path_example(x: Value, y: Value) -> Value:
    """f(x, y) = (x·y + x)²: x reaches f along two paths, through x·y and through + x."""
    return (x * y + x) ** 2


def _path_gradient(x: float, y: float) -> tuple[float, float]:
    xv, yv = Value(x, "x"), Value(y, "y")
    path_example(xv, yv).backward()
    return xv.grad, yv.grad


def check_path_gradient(gradient, seed: int | None = None) -> Feedback:
    """The learner's ``gradient(x, y)`` returns (∂f/∂x, ∂f/∂y) for f(x, y) = (x·y + x)²."""
    rng = random_inputs(seed)
    cases = [tuple(float(v) for v in rng.uniform(-2, 2, size=2)) for _ in range(5)]
    u = lambda x, y: x * y + x  # noqa: E731  the inner node
    return check_cases(
        gradient, name="gradient",
        reference=_path_gradient,
        cases=cases,
        mistakes=[
            Mistake(lambda x, y: (2 * u(x, y) * y, 2 * u(x, y) * x),
                    "∂f/∂x follows only the path through x·y; x also reaches f directly through '+ x'. "
                    "Sum over both paths: ∂f/∂x = 2u·(y + 1) with u = x·y + x"),
            Mistake(lambda x, y: (2 * u(x, y), 2 * u(x, y) * x),
                    "∂f/∂x follows only the path through '+ x'; x also reaches f through x·y. "
                    "Sum over both paths: ∂f/∂x = 2u·(y + 1) with u = x·y + x"),
            Mistake(lambda x, y: (y + 1, x),
                    "the outer derivative is missing: f = u², so multiply by ∂f/∂u = 2u (chain rule)"),
            Mistake(lambda x, y: _path_gradient(x, y)[::-1],
                    "the two derivatives are swapped: return (∂f/∂x, ∂f/∂y), in that order"),
        ],
        describe=lambda args: f"x = {args[0]:.3f}, y = {args[1]:.3f}",
        success=f"both partial derivatives are right at {len(cases)} fresh points",
    )


# ---- 02 · the forward pass ------------------------------------------------------------------------

def check_sigmoid_prime(sigmoid_prime, seed: int | None = None) -> Feedback:
    """The learner's ``sigmoid_prime(z)`` = σ′(z) = σ(z)(1 − σ(z)), elementwise on arrays."""
    rng = random_inputs(seed)
    cases = [(rng.normal(0, 3, size=shape),) for shape in [(5,), (3, 4), (2, 3, 2)]]
    cases.append((np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0]),))
    return check_cases(
        sigmoid_prime, name="sigmoid_prime",
        reference=sigma_prime,
        cases=cases,
        mistakes=[
            Mistake(lambda z: sigma(z), "this returns σ(z) itself; the derivative is σ(z)(1 − σ(z))"),
            Mistake(lambda z: z * (1 - z),
                    "z(1 − z) is σ′ written for the activation a = σ(z), but it was given z: "
                    "σ′(z) = σ(z)(1 − σ(z)), so compute σ(z) first"),
            Mistake(lambda z: sigma(sigma(z)) * (1 - sigma(sigma(z))),
                    "this is σ′(a) with a = σ(z): σ′ takes the weighted input z, so σ′(z) = σ(z)(1 − σ(z))"),
            Mistake(lambda z: sigma(z) * (1 + sigma(z)), "check the sign inside: σ(z)(1 − σ(z)), not σ(z)(1 + σ(z))"),
        ],
        describe=lambda args: f"z of shape {args[0].shape}",
        success=f"matches σ′(z) = σ(z)(1 − σ(z)) on {len(cases)} fresh arrays, including |z| = 1000",
    )


def check_layer_forward(layer_forward, seed: int | None = None) -> Feedback:
    """The learner's ``layer_forward(W, a_prev, b)`` = σ(W a_prev + b) for a batch (columns are samples)."""
    rng = random_inputs(seed)
    cases = []
    # Non-square layers first, so a stray .T fails with a shape message; the square one last, where a
    # transpose that happens to fit would still give the wrong values.
    for n_l, n_prev, m in [(4, 3, 5), (2, 6, 3), (3, 3, 3)]:
        cases.append((rng.normal(size=(n_l, n_prev)), rng.normal(size=(n_prev, m)), rng.normal(size=(n_l, 1))))

    def shape_hint(got, expected):
        if got == expected[::-1]:
            return (f"that is (m, n_l): rows are samples. Here columns are samples, so the result of a layer "
                    f"is (n_l, m) = {expected}: compute W @ a_prev, with no transposes")
        return "W has shape (n_l, n_{l−1}) and a_prev (n_{l−1}, m), so W @ a_prev + b is (n_l, m)"

    return check_cases(
        layer_forward, name="layer_forward",
        reference=lambda W, a, b: sigma(W @ a + b),
        cases=cases,
        mistakes=[
            Mistake(lambda W, a, b: W @ a + b, "this is z^l = W a + b; apply the activation: a^l = σ(z^l)"),
            Mistake(lambda W, a, b: sigma(W @ a), "the bias is missing: a^l = σ(W a^{l−1} + b)"),
            Mistake(lambda W, a, b: sigma(W.T @ a + b) if W.shape[0] == W.shape[1] else np.full(1, np.nan),
                    "W is transposed: w^l_jk is the weight *to* neuron j *from* neuron k, "
                    "so row j of W holds neuron j's weights and W @ a_prev needs no .T"),
            Mistake(lambda W, a, b: sigma(W @ a) + b, "the bias goes inside σ: σ(W a + b), not σ(W a) + b"),
        ],
        shape_hint=shape_hint,
        shape_error_hint="W is (n_l, n_{l−1}), a_prev is (n_{l−1}, m) and b is (n_l, 1): "
                         "W @ a_prev + b needs no transpose, and b is added to every column",
        describe=lambda args: f"W {args[0].shape}, a_prev {args[1].shape}, b {args[2].shape}",
        success=f"σ(W a + b) is right for {len(cases)} fresh layers, batches in columns",
    )


# ---- 03 · cost functions --------------------------------------------------------------------------

def _cost_cases(rng, binary: bool):
    cases = []
    for n, m in [(3, 4), (10, 7), (1, 5)]:
        a = rng.uniform(0.05, 0.95, size=(n, m))
        y = (rng.random((n, m)) < 0.5).astype(float) if binary else rng.uniform(0, 1, size=(n, m))
        cases.append((a, y))
    return cases


def check_cross_entropy_derivative(cross_entropy_derivative, seed: int | None = None) -> Feedback:
    """The learner's ``cross_entropy_derivative(a, y)`` = ∂C_x/∂a^L, one column per sample."""
    rng = random_inputs(seed)
    cases = _cost_cases(rng, binary=False)
    return check_cases(
        cross_entropy_derivative, name="cross_entropy_derivative",
        reference=costs.cross_entropy.derivative,
        cases=cases,
        mistakes=[
            Mistake(lambda a, y: a - y,
                    "a − y is δ^L = ∂C/∂z^L for a sigmoid output (the σ′ cancels), not ∂C/∂a^L: "
                    "divide by a(1 − a)"),
            Mistake(lambda a, y: (a - y) / a.shape[1] / (a * (1 - a)),
                    "this is divided by the batch size: return the per-sample derivative ∂C_x/∂a^L, one column "
                    "per sample; the mean over the batch is taken later, when gradients are averaged"),
            Mistake(lambda a, y: -y / a - (1 - y) / (1 - a),
                    "the second term's sign: d/da ln(1 − a) = −1/(1 − a), so ∂C_x/∂a = −y/a + (1 − y)/(1 − a)"),
        ],
        shape_hint=lambda got, expected: "∂C_x/∂a^L has the shape of a: (n_L, m), one column per sample",
        describe=lambda args: f"a and y of shape {args[0].shape}",
        success=f"∂C_x/∂a^L = (a − y)/(a(1 − a)) is right on {len(cases)} fresh batches",
    )


def check_quadratic_cost(quadratic_cost, seed: int | None = None) -> Feedback:
    """The learner's ``quadratic_cost(a, y)`` = C = (1/m) Σ_x ½‖y(x) − a^L(x)‖², a single number."""
    rng = random_inputs(seed)
    cases = _cost_cases(rng, binary=True)[:2]
    return check_cases(
        quadratic_cost, name="quadratic_cost",
        reference=costs.quadratic.value,
        cases=cases,
        mistakes=[
            Mistake(lambda a, y: 0.5 * np.sum((y - a) ** 2),
                    "this is the sum over the batch; C is the mean of the per-sample costs C_x "
                    "(assumption 1): divide by the number of samples m (the columns)"),
            Mistake(lambda a, y: 0.5 * np.mean((y - a) ** 2),
                    "this averages over every entry (n_L × m numbers); average over samples only: "
                    "sum ½(y − a)² down each column, then take the mean over the columns"),
            Mistake(lambda a, y: np.mean(np.sum((y - a) ** 2, axis=0)), "the ½ is missing: C_x = ½‖y − a‖²"),
            Mistake(lambda a, y: 0.5 * np.mean(np.linalg.norm(y - a, axis=0)),
                    "‖y − a‖ must be squared: C_x = ½‖y − a‖²"),
        ],
        shape_hint=lambda got, expected: "the cost C is a single number (the mean over the batch)",
        describe=lambda args: f"a and y of shape {args[0].shape}",
        success=f"C = mean over the batch of ½‖y − a‖² is right on {len(cases)} fresh batches",
    )


# ---- 04 · the four equations ---------------------------------------------------------------------

def _error_cases(rng):
    cases = []
    for n, m in [(3, 4), (10, 5), (2, 2)]:
        z = rng.normal(0, 2, size=(n, m))
        y = (rng.random((n, m)) < 0.5).astype(float)
        cases.append((sigma(z), z, y))
    return cases


def check_output_error(output_error, seed: int | None = None) -> Feedback:
    """The learner's ``output_error(a, z, y)`` = δ^L = (a − y) ⊙ σ′(z) (quadratic cost, sigmoid output)."""
    rng = random_inputs(seed)
    cases = _error_cases(rng)
    return check_cases(
        output_error, name="output_error",
        reference=lambda a, z, y: costs.quadratic.output_error(z, a, y, activations.sigmoid),
        cases=cases,
        mistakes=[
            Mistake(lambda a, z, y: (a - y) * sigma_prime(a),
                    "σ′ was applied to a; BP1 needs σ′(z^L), the derivative at the weighted input z"),
            Mistake(lambda a, z, y: a - y,
                    "σ′(z^L) is missing: BP1 is δ^L = ∇_a C ⊙ σ′(z^L) = (a − y) ⊙ σ′(z) for the quadratic cost"),
            Mistake(lambda a, z, y: (a - y) * sigma(z), "that multiplies by σ(z); BP1 needs its derivative σ′(z)"),
            Mistake(lambda a, z, y: (a - y) @ sigma_prime(z).T,
                    "⊙ is the elementwise (Hadamard) product, `*` in numpy, not the matrix product `@`"),
        ],
        shape_hint=lambda got, expected: "δ^L has the shape of z^L: (n_L, m); ⊙ is elementwise (`*`), not `@`",
        describe=lambda args: f"a, z, y of shape {args[0].shape}",
        success=f"δ^L = (a − y) ⊙ σ′(z^L) is right on {len(cases)} fresh batches",
    )


def check_backpropagate_error(backpropagate_error, seed: int | None = None) -> Feedback:
    """The learner's ``backpropagate_error(W_next, delta_next, z)`` = δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l)."""
    rng = random_inputs(seed)
    cases = []
    # Non-square layers first, so a missing .T fails with a shape message; the square one last.
    for n_next, n_l, m in [(2, 4, 3), (5, 3, 6), (3, 3, 3)]:
        cases.append((rng.normal(size=(n_next, n_l)), rng.normal(size=(n_next, m)), rng.normal(0, 2, size=(n_l, m))))
    return check_cases(
        backpropagate_error, name="backpropagate_error",
        reference=lambda W, d, z: (W.T @ d) * sigma_prime(z),
        cases=cases,
        mistakes=[
            Mistake(lambda W, d, z: (W @ d) * sigma_prime(z) if W.shape[0] == W.shape[1] else np.full(1, np.nan),
                    "the transpose is missing: the error flows backwards along the weights, so BP2 uses "
                    "(W^{l+1})ᵀ δ^{l+1}"),
            Mistake(lambda W, d, z: (W.T @ d) * sigma_prime(sigma(z)),
                    "this is σ′(a^l) with a^l = σ(z^l); BP2 needs σ′(z^l), the derivative at the weighted input"),
            Mistake(lambda W, d, z: W.T @ d, "the factor σ′(z^l) is missing: δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l)"),
        ],
        shape_hint=lambda got, expected: f"δ^l has the shape of z^l, (n_l, m) = {expected}: (W^{{l+1}})ᵀ δ^{{l+1}} "
                                         "is (n_l, n_{l+1}) @ (n_{l+1}, m)",
        shape_error_hint="W_next is (n_{l+1}, n_l) and delta_next is (n_{l+1}, m): "
                         "W_next.T @ delta_next is (n_l, m), the shape of z",
        describe=lambda args: f"W_next {args[0].shape}, delta_next {args[1].shape}, z {args[2].shape}",
        success=f"δ^l = ((W^{{l+1}})ᵀ δ^{{l+1}}) ⊙ σ′(z^l) is right for {len(cases)} fresh layers",
    )


# ---- 05 · gradient descent ------------------------------------------------------------------------

def check_weight_gradient(weight_gradient, seed: int | None = None) -> Feedback:
    """The learner's ``weight_gradient(delta, a_prev)`` = ∂C/∂W^l = δ^l (a^{l−1})ᵀ / m, the batch mean (BP4)."""
    rng = random_inputs(seed)
    cases = [(rng.normal(size=(n_l, m)), rng.uniform(size=(n_prev, m))) for n_l, n_prev, m in [(3, 5, 4), (4, 2, 7)]]
    return check_cases(
        weight_gradient, name="weight_gradient",
        reference=lambda d, a: d @ a.T / d.shape[1],
        cases=cases,
        mistakes=[
            Mistake(lambda d, a: d @ a.T,
                    "this is the sum over the batch; the cost is the mean of the C_x, so its gradient is the mean "
                    "of the per-sample gradients: divide by m (the number of columns)"),
            Mistake(lambda d, a: (d @ a.T).T / d.shape[1],
                    "the result is transposed: ∂C/∂W^l has the shape of W^l, (n_l, n_{l−1}), so δ^l (a^{l−1})ᵀ"),
        ],
        shape_hint=lambda got, expected: f"∂C/∂W^l must have the shape of W^l, (n_l, n_{{l−1}}) = {expected}: "
                                         "compute delta @ a_prev.T (then take the mean over the batch)",
        shape_error_hint="delta is (n_l, m) and a_prev is (n_{l−1}, m): delta @ a_prev.T is (n_l, n_{l−1})",
        describe=lambda args: f"delta {args[0].shape}, a_prev {args[1].shape}",
        success=f"∂C/∂W = δ (a^{{l−1}})ᵀ / m is right for {len(cases)} fresh batches",
    )


def check_sgd_update(sgd_update, seed: int | None = None) -> Feedback:
    """The learner's ``sgd_update(w, nabla_w, eta)`` = w − η ∇w, one step of gradient descent."""
    rng = random_inputs(seed)
    cases = [(rng.normal(size=shape), rng.normal(size=shape), eta) for shape, eta in [((3, 4), 0.5), ((2, 1), 3.0)]]
    return check_cases(
        sgd_update, name="sgd_update",
        reference=lambda w, g, eta: w - eta * g,
        cases=cases,
        mistakes=[
            Mistake(lambda w, g, eta: w + eta * g,
                    "this steps *up* the gradient (gradient ascent): the cost falls fastest against it, w − η∇w"),
            Mistake(lambda w, g, eta: w - g, "the learning rate η is missing: w − η∇w"),
            Mistake(lambda w, g, eta: -eta * g, "this returns only the change −η∇w; return the new weights w − η∇w"),
        ],
        describe=lambda args: f"w of shape {args[0].shape}, η = {args[2]}",
        success=f"w − η∇w is right on {len(cases)} fresh cases",
    )
