"""Checkers for the exercises of Part I (notebooks 01–05): derivatives, the forward pass, costs, backprop, SGD.

Each ``check_*`` takes the learner's function, runs it on fresh random inputs (pass ``seed`` to
repeat a run) and returns a :class:`~bpgan.exercises.core.Feedback`. References come from the tested
modules of ``bpgan``; the ``Mistake`` lists are the wrong answers each checker can name. An answer computed
in float32 (numpy's or torch's) is right wherever float32 keeps the digits the exercise needs: everywhere
but the centred difference, whose exercise is about precision.
"""

from __future__ import annotations

import math
import random
import re
import sys
from collections.abc import Callable, Mapping

import numpy as np

from bpgan import activations, costs, gradcheck
from bpgan import backprop as bp
from bpgan.autodiff import Value
from bpgan.exercises.core import (FAIL, FLOAT32_TOLERANCE, PASS, Feedback, Mistake, _parameter_names, _Verdict,
                                  answer_dtype, as_result_array, call, check_cases, close, fail, random_inputs)
from bpgan.exercises.core import needs  # noqa: F401 — a learner copy's guard: exercises.needs(f)
from bpgan.exercises.paper import Question, check_sheet
from bpgan.network import Network

sigma, sigma_prime = activations.sigmoid.fn, activations.sigmoid.prime
NOT_SQUARE = np.full(1, np.nan)     # what a mistake that only fits a square layer "computes" on the others


def _is_float32(value) -> bool:
    """True for float32 (or coarser) numbers: numpy's, torch's, or a sequence of them."""
    try:
        dtype = answer_dtype(value)
    except (TypeError, ValueError):
        return False
    return dtype.kind == "f" and np.finfo(dtype).bits < 64


def _explained_on_square(feedback: Feedback, function, name: str, square_case: tuple, reference,
                         mistakes) -> Feedback:
    """A shape error on a non-square layer, with its cause: on the square case, where the shapes fit, the
    learner's function is run again, and a known mistake that it reproduces there is named."""
    if feedback.passed or "your code raised" not in feedback.message:
        return feedback
    try:
        result, _ = call(function, square_case, name)
        got = as_result_array(result, name)
    except _Verdict:
        return feedback
    expected = np.asarray(reference(*square_case), dtype=np.float64)
    for mistake in mistakes:
        wrong = np.asarray(mistake.compute(*square_case), dtype=np.float64)
        if close(got, wrong) and not close(wrong, expected):
            return Feedback(False, f"{feedback.message}\n  cause: on a square layer, where the shapes fit, your "
                                   f"function gives what this mistake gives — {mistake.message}")
    return feedback


# ---- 01 · the chain rule --------------------------------------------------------------------------

class _Probe:
    """One of the checker's functions f: it notes whether the learner's code handed it float32 numbers."""

    def __init__(self, name: str, fn, derivative):
        self.name, self.fn, self.derivative = name, fn, derivative
        self.saw_float32 = False

    def __call__(self, x):
        if _is_float32(x):
            self.saw_float32 = True
        return self.fn(x)


_FUNCTIONS = [("sin", np.sin, np.cos), ("exp", np.exp, np.exp),
              ("x³ − 2x", lambda x: x ** 3 - 2 * x, lambda x: 3 * x ** 2 - 2)]

_FLOAT32_DIFFERENCE = (
    "computed in float32: float32 keeps about 7 significant digits, and f(x+h) − f(x−h) subtracts two nearly "
    "equal numbers, which loses most of them — the round-off, about 1e-7·|f(x)|/h, swamps the O(h²) accuracy "
    "this exercise is about. Use float64: plain Python floats (no np.float32, no torch.tensor), as f gives them")


def _centred_difference_cases(rng) -> list[tuple]:
    """Two steps for each function, at points where f′ is not small (so that digits lost show)."""
    cases = []
    for name, fn, derivative in _FUNCTIONS:
        for h in (1e-1, 1e-2):
            x = float(rng.uniform(-2, 2))
            while abs(derivative(x)) < 0.3:
                x = float(rng.uniform(-2, 2))
            cases.append((_Probe(name, fn, derivative), x, h))
    return cases


def _describe_centred_case(args) -> str:
    return f"f = {args[0].name}, x = {args[1]:.3f}, h = {args[2]:g}"


def _diagnose_precision(centred_difference, cases, name: str) -> Feedback | None:
    """A centred difference that is close but not exact: float32, or a step other than the h passed in.

    None when there is nothing of the kind to say (check_cases then diagnoses); a learner's exception, endless
    loop or missing return is reported here at once, as check_cases would report it.
    """
    for f, x, h in cases:
        f.saw_float32 = False
        try:
            result, _ = call(centred_difference, (f, x, h), name, _describe_centred_case((f, x, h)))
            got = as_result_array(result, name)
        except _Verdict as verdict:
            return verdict.feedback
        expected = gradcheck.centred_difference(f.fn, x, h)
        if got.size != 1 or close(got, np.asarray(expected), rtol=1e-9):
            continue
        got, exact = float(got.ravel()[0]), float(f.derivative(x))
        if f.saw_float32 and abs(got - expected) < 1e-3 * abs(expected):
            return Feedback(False, f"{FAIL} {name}: {_FLOAT32_DIFFERENCE}")
        if _is_float32(result) and abs(got - expected) < 1e-3 * abs(expected):
            return Feedback(False, f"{FAIL} {name}: your answer is a float32 number: float32 keeps about 7 "
                                   "significant digits, and this exercise asks for 9, which the centred difference "
                                   "keeps in float64 — return it as float64 (a plain Python float; no np.float32 or "
                                   "torch tensor)")
        if abs(got - exact) < 0.1 * abs(expected - exact):
            return Feedback(False, f"{FAIL} {name}: for f = {f.name}, x = {x:.3f}, h = {h:g} your value is far "
                                   "closer to the exact f′(x) than the centred difference with this h: is the h "
                                   "passed in ignored, for a smaller step of your own (1e-5, say), or is it a "
                                   "higher-order formula? The exercise's centred difference steps the given h each way")
        return None
    return None


def check_centred_difference(centred_difference, seed: int | None = None) -> Feedback:
    """The learner's ``centred_difference(f, x, h)`` = (f(x+h) − f(x−h))/(2h), to float64 precision."""
    name = "centred_difference"
    cases = _centred_difference_cases(random_inputs(seed))
    diagnosis = _diagnose_precision(centred_difference, cases, name)
    if diagnosis is not None:
        return diagnosis
    return check_cases(
        centred_difference, name=name,
        reference=lambda f, x, h: gradcheck.centred_difference(f.fn, x, h),
        cases=cases,
        mistakes=[
            Mistake(lambda f, x, h: (f(x + h) - f(x)) / h,
                    "that is the forward difference (f(x+h) − f(x))/h; the centred one uses f(x+h) and f(x−h)"),
            Mistake(lambda f, x, h: (f(x) - f(x - h)) / h,
                    "that is the backward difference (f(x) − f(x−h))/h; the centred one uses f(x+h) and f(x−h)"),
            Mistake(lambda f, x, h: (f(x + h) - f(x - h)) / h,
                    "the step from x−h to x+h is 2h wide: divide by 2h, not h"),
            Mistake(lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h),
                    "f(x−h) − f(x+h) is the wrong way round, which flips the sign: the rise from x−h to x+h is "
                    "f(x+h) − f(x−h)"),
            Mistake(lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h,
                    "`/ 2 * h` multiplies by h: Python reads a / 2 * h as (a / 2)·h — write / (2 * h)"),
            Mistake(lambda f, x, h: f(x + h) - f(x - h) / (2 * h),
                    "only f(x−h) is divided by 2h: / binds tighter than −, so put the difference in parentheses, "
                    "(f(x + h) - f(x - h)) / (2 * h)"),
            Mistake(lambda f, x, h: (f(x + h) + f(x - h)) / (2 * h),
                    "f(x+h) + f(x−h) adds the two values; the slope comes from their difference, f(x+h) − f(x−h)"),
            Mistake(lambda f, x, h: (f(x + h / 2) - f(x - h / 2)) / h,
                    "this steps h/2 each way; the exercise's centred difference steps a whole h each way, to "
                    "f(x+h) and f(x−h), and divides by 2h"),
        ],
        describe=_describe_centred_case,
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
                    "Sum over both paths: ∂u/∂x = y + 1"),
            Mistake(lambda x, y: (2 * u(x, y), 2 * u(x, y) * x),
                    "∂f/∂x follows only the path through '+ x'; x also reaches f through x·y. "
                    "Sum over both paths: ∂u/∂x = y + 1"),
            Mistake(lambda x, y: (y + 1, x),
                    "the outer derivative is missing: f = u², so multiply by ∂f/∂u = 2u (chain rule)"),
            Mistake(lambda x, y: (2 * (y + 1), 2 * x),
                    "the outer derivative of f = u² is 2u, not 2: keep the u = x·y + x"),
            Mistake(lambda x, y: (u(x, y) * (y + 1), u(x, y) * x),
                    "the 2 of ∂(u²)/∂u = 2u is missing"),
            Mistake(lambda x, y: (u(x, y) ** 2 * (y + 1), u(x, y) ** 2 * x),
                    "u² stands where ∂f/∂u belongs: f = u² is the outer function, and its derivative is 2u — "
                    "∂f/∂x = 2u·(y + 1)"),
            Mistake(lambda x, y: (2 * u(x, y) * (y + 1), 2 * u(x, y)),
                    "∂f/∂y is missing ∂u/∂y: y reaches u through x·y, whose derivative with respect to y is x"),
            Mistake(lambda x, y: _path_gradient(x, y)[::-1],
                    "the two derivatives are swapped: return (∂f/∂x, ∂f/∂y), in that order"),
        ],
        shape_hint=lambda got, expected: "return the pair (∂f/∂x, ∂f/∂y): two numbers",
        describe=lambda args: f"x = {args[0]:.3f}, y = {args[1]:.3f}",
        success=f"both partial derivatives are right at {len(cases)} fresh points",
    )


# The engine's operations: each rule's inputs (before `out`) and the operation on Values whose recorded
# local derivatives are the reference.
_LOCAL_RULES = {
    "add_rule": ("ab", lambda a, b: Value(a) + Value(b)),
    "mul_rule": ("ab", lambda a, b: Value(a) * Value(b)),
    "tanh_rule": ("a", lambda a: Value(a).tanh()),
    "exp_rule": ("a", lambda a: Value(a).exp()),
    "pow_rule": ("an", lambda a, n: Value(a) ** n),
}

_LOCAL_RULE_MISTAKES = {
    "add_rule": [
        Mistake(lambda a, b, out: (b, a),
                "(b, a) is the product rule; a sum moves one-for-one with each input: ∂(a + b)/∂a = ∂(a + b)/∂b = 1"),
        Mistake(lambda a, b, out: (a, b),
                "(a, b) returns the inputs themselves; a sum moves one-for-one with each input, whatever their "
                "values: ∂(a + b)/∂a = ∂(a + b)/∂b = 1"),
        Mistake(lambda a, b, out: (1.0, 0.0),
                "∂(a + b)/∂b is 1 too, not 0: b moves the sum one-for-one just as a does"),
        Mistake(lambda a, b, out: (0.0, 1.0),
                "∂(a + b)/∂a is 1 too, not 0: a moves the sum one-for-one just as b does"),
        Mistake(lambda a, b, out: (out, out),
                "(out, out) returns the sum itself; the derivatives of a + b are ∂/∂a = ∂/∂b = 1"),
    ],
    "mul_rule": [
        Mistake(lambda a, b, out: (a, b),
                "the factors are swapped: ∂(ab)/∂a = b, the *other* factor, and ∂(ab)/∂b = a, so return (b, a)"),
        Mistake(lambda a, b, out: (1.0, 1.0), "(1, 1) is the rule for a + b; for a·b each derivative is the other "
                                              "factor: (b, a)"),
        Mistake(lambda a, b, out: (out, out),
                "(out, out) returns the product itself; each derivative of a·b is the *other* factor: (b, a)"),
        Mistake(lambda a, b, out: (b, b),
                "∂(ab)/∂a = b is right, but ∂(ab)/∂b is a, the other factor: return (b, a)"),
        Mistake(lambda a, b, out: (a, a),
                "∂(ab)/∂b = a is right, but ∂(ab)/∂a is b, the other factor: return (b, a)"),
    ],
    "tanh_rule": [
        Mistake(lambda a, out: 1 - a ** 2,
                "1 − a² squares the input; tanh′(a) = 1 − tanh²(a), and tanh(a) is `out`: return 1 − out²"),
        Mistake(lambda a, out: out * (1 - out),
                "out·(1 − out) is the sigmoid's derivative; for tanh it is 1 − tanh²(a) = 1 − out²"),
        Mistake(lambda a, out: 1 - math.tanh(out) ** 2,
                "tanh(out) applies tanh twice: out is tanh(a) already, so tanh′(a) = 1 − out²"),
        Mistake(lambda a, out: 1 - out, "1 − out leaves out the square: tanh′(a) = 1 − tanh²(a) = 1 − out²"),
        Mistake(lambda a, out: 1 - 2 * out,
                "1 − 2·out doubles out (`out*2`?); the square is `out**2` or `out * out`: return 1 − out²"),
    ],
    "exp_rule": [
        Mistake(lambda a, out: a * math.exp(a - 1),
                "a·e^(a−1) applies the power rule to eᵃ, but the variable is in the exponent: eᵃ is its own "
                "derivative, so return out"),
        Mistake(lambda a, out: math.exp(out),
                "e^out applies exp twice: out is eᵃ already, and eᵃ is its own derivative, so return out"),
        Mistake(lambda a, out: a,
                "this returns the input a; eᵃ is its own derivative: return out (= eᵃ)"),
        Mistake(lambda a, out: 1.0, "1 is the derivative of a itself; eᵃ is its own derivative: return out"),
    ],
    "pow_rule": [
        Mistake(lambda a, n, out: n * a ** n - 1,
                "n·aⁿ − 1: `n*a**n - 1` subtracts 1 from n·aⁿ, since ** and * bind before −; the exponent needs "
                "brackets, `n * a ** (n - 1)`"),
        Mistake(lambda a, n, out: n * a ** n, "the power rule lowers the exponent by one: n·aⁿ⁻¹, not n·aⁿ"),
        Mistake(lambda a, n, out: a ** (n - 1), "the factor n is missing: ∂(aⁿ)/∂a = n·aⁿ⁻¹"),
        Mistake(lambda a, n, out: (n - 1) * a ** (n - 1),
                "the factor is n, not n − 1: the power rule brings the old exponent down, ∂(aⁿ)/∂a = n·aⁿ⁻¹"),
        Mistake(lambda a, n, out: out * math.log(a) if a > 0 else math.nan,
                "aⁿ·ln a is the derivative with respect to the exponent n, which is a constant here; "
                "differentiate with respect to the base a: n·aⁿ⁻¹"),
        Mistake(lambda a, n, out: n * out ** (n - 1),
                "n·outⁿ⁻¹ puts out = aⁿ where the base belongs: the power rule is in the base a, n·aⁿ⁻¹"),
    ],
}

# a = 0 with an integer n ≥ 1: the derivative n·aⁿ⁻¹ exists (0 for n = 2), but out/a = aⁿ/a does not.
_POW_AT_ZERO = (0.0, 2, 0.0)
# A factor of 0: ∂(ab)/∂a = b exists, but out/a = ab/a does not; (a, b, out) with a = 0, then with b = 0.
_MUL_AT_ZERO = [(0.0, 1.5, 0.0), (-0.5, 0.0, 0.0)]

# Two expressions for the engine stage: x is used three times in the first, and twice in x·x in the second.
_ENGINE_EXPRESSIONS = [
    ("tanh(x·y + x)·x", lambda x, y: (x * y + x).tanh() * x),
    ("e^(x·y) + y·(x·x + 1)^0.5", lambda x, y: (x * y).exp() + y * (x * x + 1) ** 0.5),
]


def _local_rule_cases(rng, name: str) -> list[tuple]:
    """Four fresh argument tuples (inputs..., out) for one rule; bases of powers stay away from 0 (a = 0 is
    tried on its own afterwards)."""
    if name == "pow_rule":
        # a > 0 first: a rule that takes ln a (a derivative in the exponent) is named before it fails on a < 0;
        # n = 3 before n = 0.5, where (n − 1)·aⁿ⁻¹ and −n·aⁿ⁻¹ coincide
        inputs = [(float(rng.uniform(0.3, 2) * (1 if n in (3, 0.5) else rng.choice([-1, 1]))), n)
                  for n in (3, 0.5, -2, 2)]
    else:
        inputs = [tuple(float(v) for v in rng.uniform(-2, 2, size=len(_LOCAL_RULES[name][0]))) for _ in range(4)]
    return [(*args, _LOCAL_RULES[name][1](*args).data) for args in inputs]


def _value_local_derivatives(name: str, *args):
    """What Value records for this operation: a pair for + and ×, one number for the others."""
    derivatives = _LOCAL_RULES[name][1](*args[:-1]).local_derivatives
    return derivatives if len(derivatives) > 1 else derivatives[0]


def _check_pow_at_zero(pow_rule) -> None:
    """pow_rule at a = 0, n = 2: written as n·out/a it divides by zero, though n·aⁿ⁻¹ = 0 is fine there."""
    a, n, out = _POW_AT_ZERO
    cause = (f"at a = 0 (n = {n}, out = 0) your rule divides by a: n·out/a rewrites aⁿ⁻¹ as out/a, which holds "
             "only for a ≠ 0 — n·aⁿ⁻¹ needs no division, and is 0 here")
    try:
        result, _ = call(pow_rule, _POW_AT_ZERO, "pow_rule")
    except _Verdict as verdict:
        if "ZeroDivisionError" in verdict.feedback.message:
            raise fail("pow_rule", f"{cause}\n  {verdict.feedback.message.split(': ', 1)[1]}") from None
        raise
    got = as_result_array(result, "pow_rule")
    if got.size == 1 and not np.isfinite(got).all():
        raise fail("pow_rule", f"returned {float(got.ravel()[0])} — {cause}")
    if not close(got, np.asarray(_value_local_derivatives("pow_rule", *_POW_AT_ZERO))):
        raise fail("pow_rule", f"wrong at a = 0, n = {n}: returned {_preview_number(got)}, where the base is 0 and "
                               "the derivative of a² is 0")


def _check_mul_at_zero(mul_rule) -> None:
    """mul_rule with a factor 0: written as (out/a, out/b) it divides by zero, though (b, a) is fine there."""
    for a, b, out in _MUL_AT_ZERO:
        zero = "a" if a == 0 else "b"
        cause = (f"at {zero} = 0 (a = {a:g}, b = {b:g}, out = 0) your rule divides by {zero}: out/a and out/b "
                 "rewrite b and a as a quotient, which holds only when the divisor is not 0 — ∂(ab)/∂a is b "
                 "itself and ∂(ab)/∂b is a, with no division")
        try:
            result, _ = call(mul_rule, (a, b, out), "mul_rule")
        except _Verdict as verdict:
            if "ZeroDivisionError" in verdict.feedback.message:
                raise fail("mul_rule", f"{cause}\n  {verdict.feedback.message.split(': ', 1)[1]}") from None
            raise
        got = as_result_array(result, "mul_rule")
        if not np.isfinite(got).all():
            raise fail("mul_rule", f"returned {got.tolist()} — {cause}")
        if not close(got, np.array([b, a])):
            raise fail("mul_rule", f"wrong at a = {a:g}, b = {b:g}: returned {got.tolist()}, where the derivatives "
                                   f"of a·b are (b, a) = ({b:g}, {a:g})")


def _preview_number(array: np.ndarray) -> str:
    return f"{float(array.ravel()[0]):.4g}" if array.size == 1 else f"an array of shape {array.shape}"


def _backward_with_rules(rules: dict, output: Value) -> dict[int, float]:
    """Value.backward's walk over the graph of ``output``, with the learner's rules for the local derivatives.

    Returns ∂output/∂node keyed by ``id(node)``; the learner's rules are called with the time budget.
    """
    order = output.graph()
    grad = {id(node): 0.0 for node in order}
    grad[id(output)] = 1.0
    for node in reversed(order):
        if not node.parents:
            continue                                            # a leaf: an input or a constant
        if node.op.startswith("**"):
            name, args = "pow_rule", (node.parents[0].data, float(node.op[2:]), node.data)
        else:
            name = {"+": "add_rule", "*": "mul_rule", "tanh": "tanh_rule", "exp": "exp_rule"}[node.op]
            args = (*(parent.data for parent in node.parents), node.data)
        local, _ = call(rules[name], args, name)
        for parent, derivative in zip(node.parents, np.atleast_1d(as_result_array(local, name))):
            grad[id(parent)] += float(derivative) * grad[id(node)]
    return grad


def check_local_derivatives(add_rule, mul_rule, tanh_rule, exp_rule, pow_rule, seed: int | None = None) -> Feedback:
    """The learner's local rules of the autodiff engine, one per operation.

    Each rule takes the operation's inputs and its output ``out`` (plain numbers): ``add_rule(a, b, out)``
    and ``mul_rule(a, b, out)`` return the pair (∂out/∂a, ∂out/∂b); ``tanh_rule(a, out)``, ``exp_rule(a, out)``
    and ``pow_rule(a, n, out)`` (out = aⁿ, n a constant) return ∂out/∂a. Each rule is compared with the local
    derivatives :class:`Value` records, on fresh inputs (and ``mul_rule`` and ``pow_rule`` at 0 too); then the five replace
    Value's in its backward walk, on two fresh expressions where a variable is used more than once. Rules that
    compute in float32 are right: the comparisons keep float32's digits.
    """
    rng = random_inputs(seed)
    rules = {"add_rule": add_rule, "mul_rule": mul_rule, "tanh_rule": tanh_rule, "exp_rule": exp_rule,
             "pow_rule": pow_rule}
    for name, rule in rules.items():
        params = _LOCAL_RULES[name][0]
        feedback = check_cases(
            rule, name=name,
            reference=lambda *args, name=name: _value_local_derivatives(name, *args),
            cases=_local_rule_cases(rng, name),
            mistakes=_LOCAL_RULE_MISTAKES[name],
            shape_hint=lambda got, expected: "return one number for tanh, exp and **, and the pair "
                                             "(∂out/∂a, ∂out/∂b) for + and ×",
            describe=lambda args, params=params: ", ".join(f"{p} = {v:.3g}" for p, v in zip(params, args)),
            success="",
        )
        if not feedback:
            return feedback
    try:
        _check_mul_at_zero(mul_rule)
        _check_pow_at_zero(pow_rule)
        for label, expression in _ENGINE_EXPRESSIONS:
            x, y = (Value(float(v)) for v in rng.uniform(-1, 1, size=2))
            output = expression(x, y)
            output.backward()
            grad = _backward_with_rules(rules, output)
            got, expected = np.array([grad[id(x)], grad[id(y)]]), np.array([x.grad, y.grad])
            if not close(got, expected):
                raise fail("local rules", f"each rule is right on its own, but backward() with them gives "
                                          f"(∂f/∂x, ∂f/∂y) = ({got[0]:.6g}, {got[1]:.6g}) instead of "
                                          f"({expected[0]:.6g}, {expected[1]:.6g}) for f = {label} at "
                                          f"x = {x.data:.3f}, y = {y.data:.3f}")
    except _Verdict as verdict:
        return verdict.feedback
    return Feedback(True, f"{PASS} local rules: all five match Value's on 4 fresh inputs each, and backward() with "
                          f"them reproduces Value's gradients on {len(_ENGINE_EXPRESSIONS)} fresh expressions")


# ---- 01 · the backward walk -------------------------------------------------------------------------

# Graphs for the walk, each rebuilt identically on every call (the learner's copy, the reference, a mistake's).
def _graph_product() -> Value:
    return Value(1.5, "x") * Value(-2.0, "y")


def _graph_notebook() -> Value:
    """01's drawn example: x is used three times."""
    x, y = Value(2.0, "x"), Value(-1.5, "y")
    return (x * y + x).tanh() * x


def _graph_uneven_diamond() -> Value:
    """s = x·y reaches the output along a short path (2s) and a long one (exp(tanh s)): a walk in any order but
    a topological one lets s pass its gradient on before the long path's share has arrived."""
    x, y = Value(0.7, "x"), Value(-1.2, "y")
    s = x * y
    s.label = "s"
    return s * 2 + s.tanh().exp()


def _graph_random(seed: int) -> Callable[[], Value]:
    """A random expression over three inputs in which most nodes are used more than once."""
    def build() -> Value:
        rng = random.Random(seed)
        pool = [Value(rng.uniform(-1, 1), name) for name in "xyz"]
        for _ in range(14):
            a, b = rng.choice(pool[-4:]), rng.choice(pool)
            op = rng.choice(["+", "*", "tanh", "**2", "exp"])
            node = {"+": lambda: a + b, "*": lambda: a * b, "tanh": lambda: a.tanh(), "**2": lambda: a ** 2,
                    "exp": lambda: (a * 0.5).tanh().exp()}[op]()
            pool.append(node.tanh() if abs(node.data) > 3 else node)        # numbers that stay small
        return pool[-1] + pool[-2] * pool[-3]
    return build


def _graph_chain(length: int) -> Callable[[], Value]:
    def build() -> Value:
        y = Value(1.0, "x")
        for _ in range(length):
            y = y * 1.0001
        return y
    return build


def _graph_diamonds(count: int) -> Callable[[], Value]:
    """``count`` diamonds in a row: y → (2y, 3y) → their sum, the next y; 2^count paths from the input."""
    def build() -> Value:
        y = Value(0.01, "x")
        for _ in range(count):
            y = (y * 2 + y * 3) * 0.2
        return y
    return build


_WALK_GRAPHS = [("x·y", _graph_product), ("tanh(x·y + x)·x, where x is used three times", _graph_notebook),
                ("2s + exp(tanh s) with s = x·y, a shared node on a short and a long path", _graph_uneven_diamond)]
_DEEP_CHAIN = 5_000             # operations, beyond Python's recursion limit (about 1,000)
_DIAMONDS = 40                  # 2^40 paths: a walk that visits a node once per path never ends


def _walk_nodes(out: Value) -> list[Value]:
    return Value.graph(out)


def _walk_gradients(out: Value) -> np.ndarray:
    return np.array([float(node.grad) for node in _walk_nodes(out)])


def _reference_gradients(build) -> np.ndarray:
    out = build()
    Value.backward(out)
    return _walk_gradients(out)


def _depth_first_with_repeats(out: Value) -> list[Value]:
    """Post-order without a visited set: a node is listed once per path that reaches it."""
    order, stack = [], [(out, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
        else:
            stack.append((node, True))
            stack.extend((parent, False) for parent in node.parents)
    return order


def _breadth_first(out: Value) -> list[Value]:
    """The output first, then nodes as they are reached: an order that is not topological."""
    order, seen, queue = [], {id(out)}, [out]
    while queue:
        node = queue.pop(0)
        order.append(node)
        for parent in node.parents:
            if id(parent) not in seen:
                seen.add(id(parent))
                queue.append(parent)
    return order


def _walk_mistake(step=None, order=None, reverse=True, seed=True) -> Callable[[Value], None]:
    """A backward walk with one thing changed: how an edge carries its gradient, or the order of the nodes."""
    def walk(out: Value) -> None:
        nodes = (order or _walk_nodes)(out)
        for node in set(nodes):
            node.grad = 0.0
        if seed:
            out.grad = 1.0
        for node in (reversed(nodes) if reverse else nodes):
            for parent, local in zip(node.parents, node.local_derivatives):
                (step or _add_edge)(node, parent, local)
    return walk


def _add_edge(node, parent, local):
    parent.grad += local * node.grad


def _assign_edge(node, parent, local):
    parent.grad = local * node.grad


def _edge_without_node_grad(node, parent, local):
    parent.grad += local


_REPEATS = Mistake(_walk_mistake(order=_depth_first_with_repeats),
                   "a node reached along several paths is in your order once per path, so its gradient is passed on "
                   "several times: keep a `visited` set and list each node once")
_WALK_MISTAKES = [
    Mistake(_walk_mistake(step=_assign_edge),
            "a node used more than once kept only one path's share: `parent.grad = …` overwrites what the other "
            "paths carried back. The sum over paths needs `parent.grad += local * node.grad`"),
    _REPEATS,
    Mistake(_walk_mistake(order=_breadth_first, reverse=False),
            "the nodes are not in topological order: a node passed its gradient on before every node that uses it "
            "had added its share (visiting nodes as they are first reached from the output is not enough). Order "
            "the graph so that every node comes after its parents, then walk that order backwards"),
    Mistake(_walk_mistake(reverse=False),
            "the walk goes from the inputs to the output: reverse the topological order, so that each node's "
            "gradient is complete before it is passed on to its parents"),
    Mistake(_walk_mistake(step=_edge_without_node_grad),
            "each edge carried only its local derivative: the chain rule multiplies it by the gradient that has "
            "reached the node, `parent.grad += local * node.grad`"),
]


def _run_walk(backward_walk, out: Value, name: str, label: str):
    """The learner's walk on ``out``, told apart from the library's: Value.graph and Value.backward are
    watched while it runs (the exercise is to write them)."""
    used: list[str] = []
    graph, backward = Value.graph, Value.backward

    def watched(method, what):
        def wrapper(self, *args, **kwargs):
            used.append(what)
            return method(self, *args, **kwargs)
        return wrapper

    Value.graph, Value.backward = watched(graph, "graph"), watched(backward, "backward")
    try:
        result, _ = call(backward_walk, (out,), name, describe_inputs=f"the graph of {label}", allow_none=True)
    except _Verdict as verdict:
        if "RecursionError" in verdict.feedback.message:
            raise fail(name, f"your walk recursed once per node and hit Python's recursion limit "
                             f"({sys.getrecursionlimit()}) on {label}: build the order with an explicit stack "
                             "(a list you append to and pop from) instead of a function that calls itself") from None
        raise
    finally:
        Value.graph, Value.backward = graph, backward
    if "backward" in used:
        raise fail(name, "this calls Value.backward, the library's own walk: the exercise is to write it — order the "
                         "graph, reset the gradients, seed the output and carry each gradient back along its edges")
    if "graph" in used:
        raise fail(name, "this calls Value.graph, the library's topological order: building that order is half of "
                         "the exercise — walk the parents with an explicit stack (see the hint)")
    return result


def _diagnose_walk(build, got: np.ndarray, expected: np.ndarray, result, name: str, label: str,
                   mistakes=_WALK_MISTAKES):
    """Fail with the cause of a wrong walk: no gradients at all, a known mistake it reproduces, or the first
    node whose gradient is wrong."""
    if not np.isfinite(got).all():
        raise fail(name, f"some gradients are NaN or inf on {label}")
    if not got.any():
        if result is not None:
            raise fail(name, f"every .grad is still 0, and your function returned a {type(result).__name__}: the walk "
                             "sets each node's .grad (node.grad = …, node.grad += …); what it returns is not used")
        raise fail(name, f"every gradient is 0 on {label}: is the seed missing? After resetting the gradients, set "
                         "out.grad = 1 (∂out/∂out), then walk")
    nodes = _walk_nodes(build())
    out_index, reached = len(nodes) - 1, set(np.flatnonzero(got))
    if reached == {out_index}:
        raise fail(name, f"only out.grad is set on {label}: no gradient reached any other node. Each edge adds "
                         "local × node.grad into parent.grad (not into node.grad or node.data), and the walk starts "
                         "with out itself, the last node of the order")
    own_parents = {k for k, node in enumerate(nodes) if any(node is parent for parent in nodes[-1].parents)}
    if reached <= own_parents | {out_index} and not set(np.flatnonzero(expected)) <= own_parents | {out_index}:
        raise fail(name, f"only out's own parents got gradients on {label}: a walk over out.parents alone, or one that "
                         "reaches out last (the order not reversed)? Walk every node, from out back to the inputs")
    for mistake in mistakes:
        out = build()
        mistake.compute(out)
        wrong = _walk_gradients(out)
        if close(got, wrong) and not close(wrong, expected):
            raise fail(name, mistake.message + f" (on {label})")
    first = next(k for k in range(len(nodes)) if not close(got[k:k + 1], expected[k:k + 1]))
    node = nodes[first]
    what = (f"∂out/∂{node.label}" if node.label else "∂out/∂out" if first == out_index
            else f"∂out/∂(the node made by `{node.op}`)")
    raise fail(name, f"wrong gradient on {label}: {what} is {got[first]:.6g}, expected {expected[first]:.6g}")


def _check_walk_left_numbers(out: Value, build, name: str, label: str) -> None:
    """The walk set each .grad to a number and left every .data as it was."""
    for node, reference in zip(_walk_nodes(out), _walk_nodes(build())):
        if isinstance(node.grad, Value):
            raise fail(name, f"a node's .grad holds a Value, not a number, on {label} (`local * node` where "
                             "`local * node.grad` belongs?): gradients are plain numbers")
        if node.data != reference.data:
            raise fail(name, f"your walk changed a node's .data on {label} ({reference.data:.6g} → {node.data:.6g}): "
                             "the backward walk reads the values and sets only .grad")


def _walk_and_check(backward_walk, label: str, build, name: str, *, many_paths: bool = False):
    """The learner's walk on a fresh ``build()``, checked against Value.backward's gradients; (out, expected).

    On a graph of ``many_paths`` a timeout is explained by the missing visited set, and the walk with repeats is
    not replayed (it would never end either)."""
    expected = _reference_gradients(build)
    out = build()
    try:
        result = _run_walk(backward_walk, out, name, label)
    except _Verdict as verdict:
        if many_paths and "did not return" in verdict.feedback.message:
            raise fail(name, f"{verdict.feedback.message.split(': ', 1)[1]} On {label}, a walk that visits a node "
                             "once per path never ends: keep a `visited` set, so that each node is listed once") from None
        raise
    _check_walk_left_numbers(out, build, name, label)
    got = _walk_gradients(out)
    if not close(got, expected, rtol=1e-9):
        _diagnose_walk(build, got, expected, result, name, label,
                       [m for m in _WALK_MISTAKES if m is not _REPEATS] if many_paths else _WALK_MISTAKES)
    return out, expected


def check_backward_walk(backward_walk, seed: int | None = None) -> Feedback:
    """The learner's ``backward_walk(out)``: set node.grad = ∂out/∂node for every node of out's graph.

    Without Value.graph or Value.backward (the library's answer): order the graph topologically, reset every
    gradient, seed out.grad = 1 and carry local × node.grad back along each edge, in reverse order. Checked on
    a product, on 01's example (x used three times), on a shared node reached along a short and a long path,
    on fresh random graphs, twice in a row (a second call must give the same gradients), on a chain longer than
    Python's recursion limit and on 40 diamonds in a row (2^40 paths, so each node must be visited once).
    """
    name = "backward_walk"
    rng = random_inputs(seed)
    graphs = _WALK_GRAPHS + [(f"a random graph of 17 operations (graph {k + 1})",
                              _graph_random(int(rng.integers(2 ** 31)))) for k in range(3)]
    try:
        walked = [(label, *_walk_and_check(backward_walk, label, build, name)) for label, build in graphs]
        for label, out, expected in walked:
            _run_walk(backward_walk, out, name, label)
            again = _walk_gradients(out)
            if not close(again, expected, rtol=1e-9):
                raise fail(name, f"right the first time, but a second call on the same graph ({label}) changed the "
                                 "gradients: the `+=` adds onto what the first call left. Reset every node's grad to 0 "
                                 "before the walk (as Value.backward does), so that each call starts afresh")
        _walk_and_check(backward_walk, f"a chain of {_DEEP_CHAIN:,} multiplications", _graph_chain(_DEEP_CHAIN), name)
        _walk_and_check(backward_walk, f"{_DIAMONDS} diamonds in a row (each node used twice: 2^{_DIAMONDS} paths "
                                       "from the input)", _graph_diamonds(_DIAMONDS), name, many_paths=True)
    except _Verdict as verdict:
        return verdict.feedback
    return Feedback(True, f"{PASS} {name}: right on {len(graphs)} graphs, {len(graphs) - 1} of them with shared "
                          f"nodes (and again on a second call), on a chain of {_DEEP_CHAIN:,} operations and on "
                          f"{_DIAMONDS} diamonds in a row")


# ---- 02 · the forward pass ------------------------------------------------------------------------

def check_sigmoid_prime(sigmoid_prime, seed: int | None = None) -> Feedback:
    """The learner's ``sigmoid_prime(z)`` = σ′(z), elementwise on arrays."""
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
            Mistake(lambda z: sigma(z) * (sigma(z) - 1),
                    "σ(z)(σ(z) − 1) has the factors' difference the wrong way round, which flips the sign: "
                    "σ′(z) = σ(z)(1 − σ(z)), never negative"),
            Mistake(lambda z: 1 - sigma(z) ** 2,
                    "1 − σ(z)² is the pattern of tanh′ = 1 − tanh²; the sigmoid's is σ(z)(1 − σ(z))"),
            Mistake(lambda z: sigma(-z),
                    "e^(−z)/(1 + e^(−z)) is 1 − σ(z): differentiating 1/(1 + e^(−z)) gives e^(−z)/(1 + e^(−z))², "
                    "with the denominator squared"),
            Mistake(lambda z: sigma(z) * (1 - z),
                    "σ(z)(1 − z): the second factor is 1 − σ(z), not 1 − z"),
            Mistake(lambda z: np.exp(np.clip(z, -700, 700)) * sigma(z) ** 2,
                    "e^z/(1 + e^(−z))² has e^z on top: differentiating 1/(1 + e^(−z)) gives e^(−z)/(1 + e^(−z))² "
                    "— the numerator is the derivative of the denominator, up to sign"),
        ],
        describe=lambda args: f"z of shape {args[0].shape}",
        success=f"right on {len(cases)} fresh arrays of different shapes, including |z| = 1000",
        returns_array=True,
    )


def _layer_forward_mistakes():
    square = lambda W, a: W.shape[0] == W.shape[1] == a.shape[1]  # noqa: E731  where a stray transpose fits
    return [
        Mistake(lambda W, a, b: W @ a + b, "this is z^l = W a + b; apply the activation: a^l = σ(z^l)"),
        Mistake(lambda W, a, b: sigma(W @ a), "the bias is missing: a^l = σ(W a^{l−1} + b)"),
        Mistake(lambda W, a, b: sigma(W @ a - b), "the bias is subtracted: it is added, a^l = σ(W a^{l−1} + b)"),
        Mistake(lambda W, a, b: sigma(W.T @ a + b) if square(W, a) else NOT_SQUARE,
                "W is transposed: w^l_jk is the weight *to* neuron j *from* neuron k, "
                "so row j of W holds neuron j's weights and W @ a_prev needs no .T"),
        Mistake(lambda W, a, b: sigma(W @ a) + b, "the bias goes inside σ: σ(W a + b), not σ(W a) + b"),
        Mistake(lambda W, a, b: sigma(W * a + b) if W.shape == a.shape else NOT_SQUARE,
                "`*` multiplies entry by entry; W a^{l−1} is the matrix product, `@` in numpy (each neuron sums "
                "w^l_jk a^{l−1}_k over k)"),
        Mistake(lambda W, a, b: sigma(W @ a + b.T) if square(W, a) else NOT_SQUARE,
                "the bias was added as a row (b.T, or the flat b.ravel() or b[:, 0], which numpy lines up with the "
                "columns): that adds b_k to column k, a different bias for each sample. b (n_l, 1) is a column "
                "and is added to every column as it is, + b"),
        Mistake(lambda W, a, b: sigma(a @ W + b) if square(W, a) else NOT_SQUARE,
                "a_prev @ W multiplies in the wrong order: row j of W holds neuron j's weights, so z^l = W @ a_prev"),
        Mistake(lambda W, a, b: sigma(W @ a + b).T if square(W, a) else NOT_SQUARE,
                "the result is transposed, one sample per row: here columns are samples, and W @ a_prev + b "
                "is already (n_l, m)"),
        Mistake(lambda W, a, b: np.tanh(W @ a + b),
                "this applies tanh; the layer's activation here is the sigmoid σ, activations.sigmoid"),
        Mistake(lambda W, a, b: sigma_prime(W @ a + b),
                "this is σ′(z^l), the derivative; the layer's output is a^l = σ(z^l)"),
        Mistake(lambda W, a, b: sigma(-(W @ a + b)),
                "this is σ(−z^l) = 1 − σ(z^l): the sigmoid is 1/(1 + e^(−z)), with the minus sign inside the "
                "exponent once"),
        Mistake(lambda W, a, b: np.maximum(W @ a + b, 0),
                "this applies ReLU, max(0, z); the layer's activation here is the sigmoid σ, activations.sigmoid"),
    ]


def check_layer_forward(layer_forward, seed: int | None = None) -> Feedback:
    """The learner's ``layer_forward(W, a_prev, b)`` = σ(W a_prev + b) for a batch (columns are samples)."""
    rng = random_inputs(seed)
    cases = []
    # Non-square layers first, and one of a single sample; the square one last, where a transpose that happens
    # to fit gives the wrong values — and where a shape error on the others is explained.
    for n_l, n_prev, m in [(4, 3, 5), (2, 6, 3), (3, 2, 1), (3, 3, 3)]:
        cases.append((rng.normal(size=(n_l, n_prev)), rng.normal(size=(n_prev, m)), rng.normal(size=(n_l, 1))))

    def shape_hint(got, expected):
        if got == expected[::-1]:
            return (f"that is (m, n_l): rows are samples. Here columns are samples, so the result of a layer "
                    f"is (n_l, m) = {expected}: compute W @ a_prev, with no transposes")
        return "W has shape (n_l, n_{l−1}) and a_prev (n_{l−1}, m), so W @ a_prev + b is (n_l, m)"

    reference = lambda W, a, b: sigma(W @ a + b)  # noqa: E731
    mistakes = _layer_forward_mistakes()
    feedback = check_cases(
        layer_forward, name="layer_forward",
        reference=reference,
        cases=cases,
        mistakes=mistakes,
        shape_hint=shape_hint,
        shape_error_hint="W is (n_l, n_{l−1}), a_prev is (n_{l−1}, m) and b is (n_l, 1): W @ a_prev + b — the "
                         "matrix product, no transpose — is (n_l, m), and b is added to every column",
        describe=lambda args: f"W {args[0].shape}, a_prev {args[1].shape}, b {args[2].shape}",
        success=f"right for {len(cases)} fresh layers, non-square ones too, columns as samples",
        returns_array=True,
    )
    return _explained_on_square(feedback, layer_forward, "layer_forward", cases[-1], reference, mistakes)


# ---- 03 · cost functions --------------------------------------------------------------------------

def _cost_cases(rng, binary: bool):
    cases = []
    for n, m in [(3, 4), (10, 7), (1, 5)]:
        a = rng.uniform(0.05, 0.95, size=(n, m))
        y = (rng.random((n, m)) < 0.5).astype(float) if binary else rng.uniform(0, 1, size=(n, m))
        cases.append((a, y))
    return cases


# Outputs near 0 and 1 (saturated sigmoids) with targets at both ends and between: edge values of a cost.
_EDGE_OUTPUTS = (np.array([[0.01, 0.99], [0.99, 0.01], [0.5, 0.2]]), np.array([[1.0, 0.0], [1.0, 0.0], [0.3, 1.0]]))


def check_cross_entropy_derivative(cross_entropy_derivative, seed: int | None = None) -> Feedback:
    """The learner's ``cross_entropy_derivative(a, y)`` = ∂C_x/∂a^L, one column per sample."""
    rng = random_inputs(seed)
    cases = _cost_cases(rng, binary=False) + [_EDGE_OUTPUTS]
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
            Mistake(lambda a, y: (y - a) / (a * (1 - a)),
                    "the sign is flipped: d/da of −y ln a is −y/a, so where y = 1 the derivative is negative — "
                    "the numerator is a − y"),
            Mistake(lambda a, y: (a - y) / a * (1 - a),
                    "`/ a * (1 - a)` multiplies by (1 − a): Python reads x / a * (1 − a) as (x / a)·(1 − a) — "
                    "write / (a * (1 - a))"),
            Mistake(lambda a, y: (a - y) / a,
                    "the denominator is a(1 − a), not a: −y/a + (1 − y)/(1 − a) over a common denominator is "
                    "(a − y)/(a(1 − a))"),
            Mistake(lambda a, y: (a - y) * a * (1 - a),
                    "(a − y)·a(1 − a) multiplies by a(1 − a), where ∂C_x/∂a divides by it: (a − y)/(a(1 − a))"),
            Mistake(lambda a, y: -y / a,
                    "only the first term: C_x has a second one, −(1 − y) ln(1 − a), whose derivative "
                    "(1 − y)/(1 − a) belongs in the sum too"),
            Mistake(lambda a, y: -(y * np.log(a) + (1 - y) * np.log(1 - a)),
                    "this is the cost C_x itself, entry by entry; return its derivative with respect to a"),
        ],
        shape_hint=lambda got, expected: "∂C_x/∂a^L has the shape of a: (n_L, m), one column per sample",
        describe=lambda args: f"a and y of shape {args[0].shape}",
        success=f"right on {len(cases)} batches, one column per sample, outputs from 0.01 to 0.99",
        returns_array=True,
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
            Mistake(lambda a, y: np.mean((y - a) ** 2),
                    "this averages over every entry (n_L × m numbers), and the ½ is missing: sum ½(y − a)² down "
                    "each column, then take the mean over the columns"),
            Mistake(lambda a, y: np.mean(np.sum((y - a) ** 2, axis=0)), "the ½ is missing: C_x = ½‖y − a‖²"),
            Mistake(lambda a, y: 0.5 * np.mean(np.linalg.norm(y - a, axis=0)),
                    "‖y − a‖ must be squared: C_x = ½‖y − a‖²"),
            Mistake(lambda a, y: 0.5 * np.sum((y - a) ** 2) / a.shape[0],
                    "this is the sum divided by n_L, the number of rows (len(a) and a.shape[0] count rows, and a "
                    "mean of sums along axis=1 is a mean over the rows): the samples are the columns — sum "
                    "½(y − a)² down each column (axis=0), then take the mean over the m = a.shape[1] columns"),
            Mistake(lambda a, y: np.sum((y - a) ** 2) / 2 * a.shape[1],
                    "`/ 2 * m` multiplies by m: Python reads s / 2 * m as (s / 2)·m — write s / (2 * m), or take "
                    "the mean of the C_x"),
            Mistake(lambda a, y: 0.5 * np.mean(np.sum(np.abs(y - a), axis=0)),
                    "|y − a| is not squared: C_x = ½‖y − a‖² sums the squares (y − a)², and |y − a| is the L1 "
                    "cost's term"),
            Mistake(lambda a, y: np.sqrt(np.mean(np.sum((y - a) ** 2, axis=0))),
                    "the square root undoes the square: ‖y − a‖² needs no root — C_x = ½‖y − a‖²"),
            Mistake(lambda a, y: costs.cross_entropy.value(a, y),
                    "this is the cross-entropy cost, −Σ[y ln a + (1 − y) ln(1 − a)]; the exercise asks for the "
                    "quadratic one, C_x = ½‖y − a‖²"),
            Mistake(lambda a, y: 0.5 * np.mean(np.sum(y - a, axis=0) ** 2),
                    "this squares the column's sum; ‖y − a‖² is the sum of the squares: square each entry, then "
                    "sum down the column"),
        ],
        shape_hint=lambda got, expected: "the cost C is a single number (the mean over the batch)",
        describe=lambda args: f"a and y of shape {args[0].shape}",
        success=f"right on {len(cases)} fresh batches, columns as samples",
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
    """The learner's ``output_error(a, z, y)`` = δ^L for the quadratic cost and a sigmoid output (BP1)."""
    rng = random_inputs(seed)
    cases = _error_cases(rng)
    reference = lambda a, z, y: costs.quadratic.output_error(z, a, y, activations.sigmoid)  # noqa: E731
    mistakes = [
        Mistake(lambda a, z, y: (a - y) * sigma_prime(a),
                "σ′ was applied to a; BP1 needs σ′(z^L), the derivative at the weighted input z"),
        Mistake(lambda a, z, y: a - y,
                "this returns a − y, with no σ′(z^L) left in it. For this exercise's quadratic cost ∇_a C = a − y, "
                "and BP1 multiplies it by σ′(z^L): δ^L = (a − y) ⊙ σ′(z^L). Either σ′(z^L) is missing, or ∂C/∂a "
                "is the cross-entropy's (a − y)/(a(1 − a)), whose a(1 − a) cancels σ′ — notebook 03's cost, "
                "not this one"),
        Mistake(lambda a, z, y: 0.5 * (a - y) ** 2 * sigma_prime(z),
                "½(a − y)² is the cost C_x itself; BP1 takes its derivative, ∇_a C = a − y: "
                "δ^L = (a − y) ⊙ σ′(z^L)"),
        Mistake(lambda a, z, y: a - y * sigma_prime(z),
                "only y is multiplied by σ′(z): `*` binds tighter than `−`, so put a − y in parentheses, "
                "(a - y) * σ′(z)"),
        Mistake(lambda a, z, y: (a - y) / (a * (1 - a)),
                "(a − y)/(a(1 − a)) is ∂C/∂a of the cross-entropy, without σ′: this exercise's cost is the "
                "quadratic one, ∇_a C = a − y, and BP1 multiplies it by σ′(z^L)"),
        Mistake(lambda a, z, y: (a - y) * sigma(z), "that multiplies by σ(z); BP1 needs its derivative σ′(z)"),
        Mistake(lambda a, z, y: (a - y) @ sigma_prime(z).T,
                "⊙ is the elementwise (Hadamard) product, `*` in numpy, not the matrix product `@`"),
        Mistake(lambda a, z, y: (a - y) @ sigma_prime(z) if a.shape[0] == a.shape[1] else NOT_SQUARE,
                "⊙ is the elementwise (Hadamard) product, `*` in numpy, not the matrix product `@` (or np.dot)"),
        Mistake(lambda a, z, y: (y - a) * sigma_prime(z),
                "(y − a) has the sign flipped: for C_x = ½‖y − a‖², ∇_a C_x = a − y"),
        Mistake(lambda a, z, y: (a - y) * z * (1 - z),
                "z(1 − z) is σ′ written for the activation a = σ(z), but z was put in: σ′(z) = a(1 − a), or "
                "activations.sigmoid.prime(z)"),
        Mistake(lambda a, z, y: (a - y) * sigma_prime(z) / a.shape[1],
                "this is divided by the batch size: δ^L has one column per sample, each sample's own error; the mean "
                "over the batch comes later, in BP3 and BP4"),
    ]
    feedback = check_cases(
        output_error, name="output_error",
        reference=reference,
        cases=cases,
        mistakes=mistakes,
        shape_hint=lambda got, expected: "δ^L has the shape of z^L: (n_L, m); ⊙ is elementwise (`*`), not `@`",
        shape_error_hint="a, z and y are all (n_L, m): ⊙ is the elementwise product `*`; `@` and np.dot are "
                         "matrix products",
        describe=lambda args: f"a, z, y of shape {args[0].shape}",
        success=f"right on {len(cases)} fresh batches, one column per sample",
        returns_array=True,
    )
    return _explained_on_square(feedback, output_error, "output_error", cases[-1], reference, mistakes)


def check_backpropagate_error(backpropagate_error, seed: int | None = None) -> Feedback:
    """The learner's ``backpropagate_error(W_next, delta_next, z)`` = δ^l from δ^{l+1} (BP2)."""
    rng = random_inputs(seed)
    cases = []
    # Non-square layers first, so a missing .T fails with a shape message; the square one last, where it is named.
    for n_next, n_l, m in [(2, 4, 3), (5, 3, 6), (3, 3, 3)]:
        cases.append((rng.normal(size=(n_next, n_l)), rng.normal(size=(n_next, m)), rng.normal(0, 2, size=(n_l, m))))
    square = lambda W, d: W.shape[0] == W.shape[1] == d.shape[1]  # noqa: E731
    reference = lambda W, d, z: bp.backpropagate_error(W, d, z, activations.sigmoid)  # noqa: E731
    mistakes = [
        Mistake(lambda W, d, z: (W @ d) * sigma_prime(z) if square(W, d) else NOT_SQUARE,
                "the transpose is missing: the error flows backwards along the weights, so BP2 uses "
                "(W^{l+1})ᵀ δ^{l+1}"),
        Mistake(lambda W, d, z: (W.T @ d) * sigma_prime(sigma(z)),
                "this is σ′(a^l) with a^l = σ(z^l); BP2 needs σ′(z^l), the derivative at the weighted input"),
        Mistake(lambda W, d, z: W.T @ d, "the factor σ′(z^l) is missing: δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l)"),
        Mistake(lambda W, d, z: (W.T @ d) * sigma(z), "that multiplies by σ(z^l); BP2 needs its derivative σ′(z^l)"),
        Mistake(lambda W, d, z: (W.T @ d) * z * (1 - z),
                "z(1 − z) is σ′ written for the activation a = σ(z), but z was put in: σ′(z^l) = σ(z^l)(1 − σ(z^l))"),
        Mistake(lambda W, d, z: (W.T @ d) @ sigma_prime(z) if square(W, d) else NOT_SQUARE,
                "⊙ σ′(z^l) is the elementwise product, `*` in numpy, not the matrix product `@`"),
        Mistake(lambda W, d, z: W.T @ (d * sigma_prime(z)) if square(W, d) else NOT_SQUARE,
                "σ′(z^l) was applied to δ^{l+1} before the weights: it belongs to layer l, so multiply after "
                "them, ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l)"),
        Mistake(lambda W, d, z: (d @ W) * sigma_prime(z) if square(W, d) else NOT_SQUARE,
                "delta_next @ W_next multiplies in the wrong order: the error of layer l is (W^{l+1})ᵀ δ^{l+1}, "
                "W_next.T @ delta_next"),
    ]
    feedback = check_cases(
        backpropagate_error, name="backpropagate_error",
        reference=reference,
        cases=cases,
        mistakes=mistakes,
        shape_hint=lambda got, expected: f"δ^l has the shape of z^l, (n_l, m) = {expected}: (W^{{l+1}})ᵀ δ^{{l+1}} "
                                         "is (n_l, n_{l+1}) @ (n_{l+1}, m)",
        shape_error_hint="W_next is (n_{l+1}, n_l) and delta_next is (n_{l+1}, m): "
                         "W_next.T @ delta_next is (n_l, m), the shape of z",
        describe=lambda args: f"W_next {args[0].shape}, delta_next {args[1].shape}, z {args[2].shape}",
        success=f"right for {len(cases)} fresh layers, non-square ones too, one column per sample",
        returns_array=True,
    )
    return _explained_on_square(feedback, backpropagate_error, "backpropagate_error", cases[-1], reference, mistakes)


def _gradients(net, X, Y, bp1, bp2):
    """BP1–BP4 for a batch, with the given BP1 (a, z, y) → δ^L and BP2 (W_next, δ_next, z) → δ^l."""
    zs, a = net.forward(X)
    L, m = net.L, X.shape[1]
    delta = {L: bp1(a[L], zs[L], Y)}
    for l in range(L - 1, 1, -1):
        delta[l] = bp2(net.weights[l + 1], delta[l + 1], zs[l])
    return ({l: delta[l] @ a[l - 1].T / m for l in net.layer_numbers},
            {l: delta[l].mean(axis=1, keepdims=True) for l in net.layer_numbers})


def _bp1(a, z, y):
    return (a - y) * sigma_prime(z)


def _bp2(W, d, z):
    return (W.T @ d) * sigma_prime(z)


# Whole-backprop mistakes that leave every shape right: a wrong BP1 or BP2 inside a right loop.
_BACKPROP_VARIANTS = [
    (lambda a, z, y: (a - y) * sigma_prime(a), _bp2,
     "δ^L used σ′(a^L): BP1 needs σ′(z^L), the derivative at the weighted input, zs[L]"),
    (lambda a, z, y: a - y, _bp2,
     "δ^L = a^L − y leaves out σ′(z^L): for the quadratic cost BP1 is δ^L = (a^L − y) ⊙ σ′(z^L) (a^L − y alone "
     "is the δ^L of the cross-entropy)"),
    (_bp1, lambda W, d, z: (W.T @ d) * sigma_prime(sigma(z)),
     "BP2 used σ′(a^l): it needs σ′(z^l), the derivative at the weighted input, zs[l]"),
    (_bp1, lambda W, d, z: W.T @ d,
     "BP2's factor σ′(z^l) is missing: δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l)"),
]


def _same_gradients(got, expected) -> bool:
    return all(close(as_result_array(got[i][l], "backprop"), expected[i][l]) for i in (0, 1) for l in expected[i])


def _diagnose_variant(name, net, X, Y, result, expected, sizes) -> None:
    """Name a wrong BP1 or BP2 when every layer's gradients match what that mistake gives."""
    try:
        if not all(isinstance(part, Mapping) and all(l in part for l in net.layer_numbers) for part in result):
            return
        if _same_gradients(result, expected):
            return
        for bp1, bp2, message in _BACKPROP_VARIANTS:
            variant = _gradients(net, X, Y, bp1, bp2)
            if _same_gradients(result, variant) and not _same_gradients(variant, expected):
                raise fail(name, f"{message} — every layer's gradients, in a {sizes} network, are what that mistake "
                                 "gives")
    except _Verdict as verdict:
        if verdict.feedback.message.startswith(f"{FAIL} {name}: returned"):    # not numbers: _compare_layers says so
            return
        raise


_KEY_ERROR = re.compile(r"raised KeyError: '?(?:no layer )?(-?\d+)")


def _explain_key_error(verdict: _Verdict, net, name: str) -> _Verdict:
    """A KeyError for a layer number, said in the course's terms: which loop stopped where."""
    message = verdict.feedback.message
    match = _KEY_ERROR.search(message)
    if not match:
        return verdict
    k, L = int(match.group(1)), net.L
    if 2 <= k < L:
        hint = (f"nothing was stored for layer {k}: δ^{k} was never computed. BP2 must bring δ back to layer 2 — "
                "for l in range(L − 1, 1, −1) runs l = L − 1, …, 2 (range stops just before its second argument)")
    elif k == 1:
        hint = ("the loop reached layer 1, the input layer: it has no z^1, W^1 or δ^1 (a[1] is X). BP2 runs "
                "l = L − 1, …, 2, range(L − 1, 1, −1), and BP3 and BP4 run over net.layer_numbers, 2 … L")
    elif k == 0:
        hint = "layers are numbered from 1 as in the notes (a[1] is X, zs and δ start at layer 2): there is no layer 0"
    elif k > L:
        hint = (f"there is no layer {k}: this network's layers are 1 … L = {L}. BP2 starts at l = L − 1, from "
                "δ^L of BP1, and reads W^{l+1}: range(L − 1, 1, −1)")
    else:
        hint = (f"nothing was stored for the output layer L = {L}: BP1 gives δ^L, stored under the key L "
                "before BP2's loop starts")
    return fail(name, f"{message.split(': ', 1)[1]}\n  hint: {hint}")


def check_backprop(backprop, seed: int | None = None) -> Feedback:
    """The learner's ``backprop(net, X, Y)`` → ``(nabla_w, nabla_b)``, dicts keyed by layer 2..L: the gradients of
    the mean quadratic cost of a sigmoid :class:`~bpgan.network.Network`, as its own ``backprop`` computes them."""
    rng = random_inputs(seed)
    name = "backprop"
    try:
        for sizes in ([3, 4, 2], [2, 5, 3, 1], [4, 3, 3, 3, 2]):
            net = Network(sizes, seed=int(rng.integers(2 ** 31)))
            m = int(rng.integers(3, 7))
            X, Y = rng.normal(size=(sizes[0], m)), rng.random((sizes[-1], m))
            before = [(net.weights[l].copy(), net.biases[l].copy()) for l in net.layer_numbers]
            try:
                result, _ = call(backprop, (net, X, Y), name, f"a {sizes} network and a batch of {m}",
                                 shape_error_hint="columns are samples: a^l is (n_l, m), δ^l is (n_l, m), and "
                                                  "∂C/∂W^l is (n_l, n_{l−1}), the shape of W^l")
            except _Verdict as verdict:
                raise _explain_key_error(verdict, net, name) from None
            for l, (W, b) in zip(net.layer_numbers, before):
                for what, now, then in (("weights", net.weights[l], W), ("biases", net.biases[l], b)):
                    if not np.array_equal(now, then):
                        raise fail(name, f"it changed net.{what}: backprop only computes the gradients (the step "
                                         "is notebook 05's)")
            pair = isinstance(result, tuple) or (isinstance(result, list) and all(isinstance(p, Mapping) for p in result))
            if not (pair and len(result) == 2):
                raise fail(name, f"return two dicts, (nabla_w, nabla_b); got {type(result).__name__}")
            expected = net.backprop(X, Y)
            _check_not_swapped(name, net, result)
            _diagnose_variant(name, net, X, Y, result, expected, sizes)
            for got_all, expected_all, what in zip(result, expected, ("W", "b")):
                _compare_layers(name, net, got_all, expected_all, what, m, sizes)
    except _Verdict as verdict:
        return verdict.feedback
    return Feedback(True, f"✓ {name}: ∂C/∂W^l and ∂C/∂b^l are right for every layer of 3 random networks "
                          "(1 to 3 hidden layers)")


def _check_not_swapped(name, net, result) -> None:
    shapes = [{l: np.shape(part.get(l)) for l in net.layer_numbers} if isinstance(part, Mapping) else None
              for part in result]
    w_shapes = {l: net.weights[l].shape for l in net.layer_numbers}
    b_shapes = {l: net.biases[l].shape for l in net.layer_numbers}
    if shapes == [b_shapes, w_shapes]:
        raise fail(name, "the two dicts are swapped: the first holds the shapes of the biases, the second those of "
                         "the weights — return (nabla_w, nabla_b), in that order")


def _compare_layers(name, net, got_all, expected_all, what, m, sizes):
    """Compare the learner's gradients layer by layer, from the output back; name what a wrong one suggests."""
    label = f"∂C/∂{what}"
    if not isinstance(got_all, Mapping):
        raise fail(name, f"{label} must be a dict keyed by layer number 2..L, as net.weights is; got "
                         f"{type(got_all).__name__}")
    missing = [l for l in net.layer_numbers if l not in got_all]
    count = len(net.layer_numbers)
    if missing and set(got_all) in ({*range(count)}, {*range(1, count + 1)}):
        raise fail(name, f"{label}'s keys are {sorted(got_all)}, positions counted from {min(got_all)}: key it by "
                         f"layer number, l = 2 … L (= {net.L}), as net.weights is — the gradient of W^l under the "
                         "key l")
    if missing:
        raise fail(name, f"no {label} for layer(s) {missing} of a {sizes} network: the loops must cover every "
                         f"layer l = 2 … L (= {net.L}), and BP2 must bring δ all the way back to layer 2, "
                         "range(L − 1, 1, −1)")
    for l in sorted(net.layer_numbers, reverse=True):
        got, expected = as_result_array(got_all[l], name), expected_all[l]
        if close(got, expected):
            continue
        where = f"{label}^{l} of a {sizes} network"
        n_l, n_prev = net.n(l), net.n(l - 1)
        if got.shape != expected.shape:
            if got.shape == expected.shape[::-1]:
                raise fail(name, f"{where} is transposed: it must have the shape of {what}^{l}, {expected.shape} — "
                                 "δ^l (a^{l−1})ᵀ, not a^{l−1} (δ^l)ᵀ")
            if what == "b" and got.shape in ((1, m), (m,)) and m != n_l:
                raise fail(name, f"{where} has shape {got.shape}: that is the mean over the n_l neurons (axis=0). "
                                 f"BP3 averages δ^{l} over the samples, the columns: mean(axis=1, keepdims=True)")
            if what == "b" and got.size == 1:
                raise fail(name, f"{where} is a single number: that is the mean of every entry of δ^{l}. BP3 "
                                 "averages each neuron's row over the samples, giving a column like "
                                 f"b^{l}, {expected.shape}: mean(axis=1, keepdims=True)")
            if what == "b" and got.shape == expected.shape[:1]:
                raise fail(name, f"{where} has shape {got.shape}: keep it a column like b^{l}, {expected.shape} — "
                                 "mean(axis=1, keepdims=True)")
            if what == "W" and got.shape == (n_l, n_l) and n_l != n_prev:
                raise fail(name, f"{where} has shape {got.shape}: BP4 pairs δ^{l} with the activations of the layer "
                                 f"before, a^{l - 1} = a[l − 1], not a^{l}")
            raise fail(name, f"{where} has shape {got.shape}, expected {expected.shape} (the shape of {what}^{l})")
        if close(got, m * expected):
            raise fail(name, f"{where} is m = {m} times too large: that is the sum over the batch; the cost is the "
                             "mean of the C_x, so BP3 and BP4 average over the columns")
        if close(got, expected / m):
            raise fail(name, f"{where} is m = {m} times too small: the batch mean is taken twice — δ^l holds one "
                             "column per sample, undivided, and BP3 and BP4 divide by m once")
        if close(got, -expected):
            raise fail(name, f"{where} has the wrong sign: δ^L = (a^L − y) ⊙ σ′(z^L), not (y − a^L)")
        if n_l != m and close(got, m / n_l * expected):
            raise fail(name, f"{where} is divided by n_{l} = {n_l}, the number of neurons (delta.shape[0], len(delta)): "
                             f"the batch size m = {m} is the number of columns, delta.shape[1]")
        if what == "b":
            raise fail(name, f"{where} is wrong, while every ∂C/∂W is right — so δ^{l} is right, and the slip is "
                             f"in BP3: ∂C/∂b^{l} is the mean of δ^{l} over the samples, the columns, "
                             "delta[l].mean(axis=1, keepdims=True)")
        if l < net.L:
            raise fail(name, f"{where} is wrong, while the layers after it are right: look at δ^{l}, which BP2 "
                             f"computes from W^{l + 1} and δ^{l + 1}, or at a^{l - 1} in BP4")
        raise fail(name, f"{where} is wrong already at the output layer: look at δ^L (BP1) and at a^{{L−1}} in BP4")


# ---- 05 · gradient descent ------------------------------------------------------------------------

def check_weight_gradient(weight_gradient, seed: int | None = None) -> Feedback:
    """The learner's ``weight_gradient(delta, a_prev)`` = ∂C/∂W^l for a mini-batch, the batch mean (BP4)."""
    rng = random_inputs(seed)
    cases = [(rng.normal(size=(n_l, m)), rng.uniform(size=(n_prev, m)))
             for n_l, n_prev, m in [(3, 5, 4), (4, 2, 7), (2, 3, 1)]]

    def shape_hint(got, expected):
        if got == expected[:1]:
            return ("the mean over axis 1 after the product averages over the n_{l−1} inputs; the product "
                    "δ (a^{l−1})ᵀ has summed over the m samples already: divide it by m")
        return (f"∂C/∂W^l must have the shape of W^l, (n_l, n_{{l−1}}) = {expected}: a product of delta (n_l, m) "
                "with a_prev (n_{l−1}, m) that sums over the m samples")

    return check_cases(
        weight_gradient, name="weight_gradient",
        reference=bp.weight_gradient,
        cases=cases,
        mistakes=[
            Mistake(lambda d, a: d @ a.T,
                    "this is the sum over the batch; the cost is the mean of the C_x, so its gradient is the mean "
                    "of the per-sample gradients: divide by m (the number of columns)"),
            Mistake(lambda d, a: (d @ a.T).T / d.shape[1],
                    "the result is transposed: ∂C/∂W^l has the shape of W^l, (n_l, n_{l−1}), so δ^l (a^{l−1})ᵀ"),
            Mistake(lambda d, a: d @ a.T / a.shape[0],
                    "this divides by a_prev.shape[0] = n_{l−1}, the number of neurons of the layer before; the "
                    "batch size m is the number of columns, delta.shape[1]"),
            Mistake(lambda d, a: d @ a.T / d.shape[0],
                    "this divides by n_l, the number of rows (len(delta) and delta.shape[0] count rows); the batch "
                    "size m is the number of columns, delta.shape[1]"),
            Mistake(lambda d, a: d @ a.T / d.size,
                    "this divides by delta.size = n_l·m, every entry of δ; the batch size m is the number of "
                    "columns alone, delta.shape[1]"),
            Mistake(lambda d, a: d @ a.T / 2 * d.shape[1],
                    "`/ 2 * m` multiplies by m: Python reads s / 2 * m as (s / 2)·m — and BP4 has no ½: "
                    "divide δ (a^{l−1})ᵀ by m"),
            Mistake(lambda d, a: d @ a.T / (2 * d.shape[1]),
                    "BP4 has no ½: the gradient is δ (a^{l−1})ᵀ divided by m alone (the ½ of the quadratic cost "
                    "was used up when it was differentiated, in BP1)"),
            Mistake(lambda d, a: d.mean(axis=1, keepdims=True) @ a.mean(axis=1, keepdims=True).T,
                    "this multiplies the batch means of δ and a^{l−1}; the gradient is the mean of the per-sample "
                    "products δ_x (a_x^{l−1})ᵀ, which is not the product of the means — multiply first, then "
                    "divide by m"),
        ],
        shape_hint=shape_hint,
        shape_error_hint="delta is (n_l, m) and a_prev is (n_{l−1}, m): BP4's product is a matrix product that "
                         "sums over the samples (`@`, not the elementwise `*`), giving (n_l, n_{l−1})",
        describe=lambda args: f"delta {args[0].shape}, a_prev {args[1].shape}",
        success=f"right for {len(cases)} fresh batches, columns as samples",
        returns_array=True,
    )


def check_sgd_update(sgd_update, seed: int | None = None) -> Feedback:
    """The learner's ``sgd_update(w, nabla_w, eta)``: the weights after one step of gradient descent."""
    rng = random_inputs(seed)
    cases = [(rng.normal(size=shape), rng.normal(size=shape), eta)
             for shape, eta in [((3, 4), 0.3), ((2, 1), 3.0), ((1, 5), 0.01)]]   # not η = ½, where (1 − η)w = ηw
    return check_cases(
        sgd_update, name="sgd_update",
        reference=lambda w, g, eta: w - eta * g,
        cases=cases,
        mistakes=[
            Mistake(lambda w, g, eta: w + eta * g,
                    "this steps *up* the gradient (gradient ascent): the cost falls fastest against it, w − η∇w"),
            Mistake(lambda w, g, eta: w - g, "the learning rate η is missing: w − η∇w"),
            Mistake(lambda w, g, eta: -eta * g, "this returns only the change −η∇w; return the new weights w − η∇w"),
            Mistake(lambda w, g, eta: w - g / eta, "this divides by η; the step is η times the gradient, w − η∇w"),
            Mistake(lambda w, g, eta: w - eta * w,
                    "the step uses w itself; it goes along the gradient nabla_w: w − η∇w"),
            Mistake(lambda w, g, eta: eta * (w - g),
                    "η(w − ∇w) scales the weights by η too: only the gradient is scaled, w − η∇w"),
            Mistake(lambda w, g, eta: w * (1 - eta * g),
                    "w(1 − η∇w) multiplies the weights by the step; gradient descent subtracts it: w − η∇w"),
            Mistake(lambda w, g, eta: g - eta * w,
                    "∇w − ηw swaps the roles of the weights and the gradient: w − η∇w"),
            Mistake(lambda w, g, eta: w - eta / g,
                    "η/∇w divides by the gradient; the step is η *times* the gradient, w − η∇w"),
            Mistake(lambda w, g, eta: (w - eta) * g,
                    "(w − η)·∇w subtracts η from the weights and then multiplies by the gradient: the step is "
                    "w − η∇w, η times the gradient subtracted from w"),
            Mistake(lambda w, g, eta: eta * w - g,
                    "ηw − ∇w scales the weights, not the gradient: w − η∇w"),
            Mistake(lambda w, g, eta: w - eta * g ** 2,
                    "the gradient is squared: the step is η times ∇w itself, w − η∇w"),
            Mistake(lambda w, g, eta: w,
                    "the weights came back unchanged: return w − η∇w"),
            Mistake(lambda w, g, eta: w - eta * g / len(w),
                    "this divides by len(w), the number of rows of w: nabla_w is the gradient of the mean cost "
                    "already, so the step is just w − η∇w"),
            Mistake(lambda w, g, eta: w - eta * g / w.shape[1],
                    "this divides by the number of columns of w: nabla_w is the gradient of the mean cost already "
                    "(backprop averaged over the mini-batch), so the step is just w − η∇w"),
        ],
        describe=lambda args: f"w of shape {args[0].shape}, η = {args[2]}",
        success=f"right on {len(cases)} fresh cases",
        returns_array=True, may_change=(0,),      # w -= η·∇w, in place, is a right step too (torch's optimisers do it)
    )


# ---- 05 · the training loop -----------------------------------------------------------------------


class _RecordingNetwork(Network):
    """A :class:`~bpgan.network.Network` that notes what a learner's training loop asks of it.

    Each ``backprop`` call, and each ``forward`` pass over a mini-batch (a learner's own backprop of notebook 04
    starts with ``net.forward``), records which samples (columns of the checker's X, recognised by their values)
    it was given and the parameters at that moment. From that the checker sees the mini-batches the loop
    formed, the order it took them in and when it changed the weights — however the loop shuffled. A forward
    pass over all of X (to print the cost, say) is noted apart.
    """

    def __init__(self, sizes, seed: int, X: np.ndarray, Y: np.ndarray):
        super().__init__(sizes, seed=seed)
        self.n_samples = X.shape[1]
        self.sample_of = {X[:, j].tobytes(): j for j in range(X.shape[1])}
        self.sample_of_float32 = {X[:, j].astype(np.float32).tobytes(): j for j in range(X.shape[1])}
        self.target_of = {Y[:, j].tobytes(): j for j in range(Y.shape[1])}
        self.calls: list[tuple[np.ndarray, list[np.ndarray]]] = []
        self.full_passes: list[list[np.ndarray]] = []        # forward passes over every sample
        self.full_backprops = 0                              # backprop calls over every sample
        self.library_loop = ""                               # the library's own loop, if the learner called it

    def _samples(self, X, method: str) -> list[int]:
        X = np.asarray(X.detach().cpu() if hasattr(X, "detach") else X)
        columns = [np.asarray(X[:, k], dtype=np.float64).tobytes() for k in range(X.shape[1])]
        samples = [self.sample_of.get(column) for column in columns]
        if None in samples and X.dtype == np.float32:
            samples = [self.sample_of_float32.get(X[:, k].tobytes()) for k in range(X.shape[1])]
        if None in samples:
            raise ValueError(f"the inputs given to net.{method} are not columns of X: pass a mini-batch's columns "
                             "as they are, X[:, batch]")
        return samples

    def _record(self, X, Y, method: str) -> None:
        """Note the mini-batch a call of ``method`` was given, with the parameters at that moment."""
        samples = self._samples(X, method)
        if Y is not None:
            Y = np.asarray(Y.detach().cpu() if hasattr(Y, "detach") else Y, dtype=np.float64)
            targets = [self.target_of.get(Y[:, k].tobytes()) for k in range(Y.shape[1])]
            if targets != samples:
                raise ValueError(f"the targets given to net.{method} do not belong to its inputs: take both with the "
                                 "same indices, X[:, batch] and Y[:, batch] (shuffling X and Y separately pairs "
                                 "each input with another sample's desired output)")
        if len(samples) >= self.n_samples > 1 and len(set(samples)) == self.n_samples:
            self.full_backprops += 1
        self.calls.append((np.array(samples), _parameters(self)))

    def backprop(self, X, Y=None, **options):
        gradients = super().backprop(X, Y, **options)      # its own checks explain a wrong shape first
        self._record(X, Y, "backprop")
        return gradients

    def sgd_step(self, X, Y, eta):
        """The library's step on a mini-batch is a right way to take one: recorded like a backprop call."""
        X_checked, Y_checked = self._checked(X, Y)         # its own checks explain a wrong shape first
        self._record(X, Y, "sgd_step")
        super().sgd_step(X_checked, Y_checked, eta)

    def sgd_epoch(self, X, Y, **options):
        self.library_loop = "net.sgd_epoch"
        return super().sgd_epoch(X, Y, **options)

    def train(self, X, Y, **options):
        self.library_loop = "net.train"
        return super().train(X, Y, **options)

    def forward(self, X):
        result = super().forward(X)                          # its own checks explain a wrong shape first
        samples = self._samples(X, "forward")
        if len(set(samples)) == self.n_samples:
            self.full_passes.append(_parameters(self))       # all of X: the cost, printed — not a mini-batch
        else:
            self.calls.append((np.array(samples), _parameters(self)))
        return result


def _parameters(net) -> list[np.ndarray]:
    """Copies of W^2..W^L, then of b^2..b^L."""
    return ([np.array(net.weights[l], dtype=np.float64) for l in net.layer_numbers]
            + [np.array(net.biases[l], dtype=np.float64) for l in net.layer_numbers])


def _unchanged(a, b) -> list[bool]:
    return [x.shape == y.shape and np.array_equal(x, y) for x, y in zip(a, b)]


def _steps(calls) -> list[np.ndarray]:
    """The samples of each step: calls made while the parameters did not change form one step.

    Asking again for a mini-batch's gradients at the same parameters changes nothing, so a repeated call
    within a step is counted once.
    """
    steps, previous = [], None
    for samples, parameters in calls:
        if previous is not None and all(_unchanged(parameters, previous)):
            if not any(set(samples) == set(earlier) for earlier in steps[-1]):
                steps[-1].append(samples)
        else:
            steps.append([samples])
        previous = parameters
    return [np.concatenate(step) for step in steps]


def _replay(sizes, start, steps, X, Y, step_size) -> list[np.ndarray]:
    """The parameters after SGD from ``start`` on ``steps``, each a step of step_size(m) times the mean gradient."""
    net = Network(sizes)
    count = len(net.layer_numbers)
    for i, l in enumerate(net.layer_numbers):
        net.weights[l], net.biases[l] = start[i].copy(), start[count + i].copy()
    for samples in steps:
        nabla_w, nabla_b = net.backprop(X[:, samples], Y[:, samples])
        for l in net.layer_numbers:
            net.weights[l] -= step_size(len(samples)) * nabla_w[l]
            net.biases[l] -= step_size(len(samples)) * nabla_b[l]
    return _parameters(net)


def _same_change(after, replayed, before, rounding: float = 0.0) -> bool:
    """The epoch changed every parameter as the replay did, to float32 precision relative to the change's size,
    give or take ``rounding`` times the parameter's size (a loop that keeps its parameters in float32 rounds
    them at every step): a loop that computes in float32 is right."""
    return all(x.shape == y.shape
               and np.allclose(x - start, y - start, rtol=FLOAT32_TOLERANCE,
                               atol=FLOAT32_TOLERANCE * np.max(np.abs(y - start), initial=0.0)
                               + rounding * np.max(np.abs(start), initial=0.0) + 1e-12)
               for x, y, start in zip(after, replayed, before))


def _check_parameter_shapes(name: str, net) -> None:
    """W^l and b^l kept their shapes; a bias of the weights' shape means nabla_w and nabla_b were swapped."""
    for l in net.layer_numbers:
        w_shape, b_shape = (net.n(l), net.n(l - 1)), (net.n(l), 1)
        W, b = np.shape(net.weights[l]), np.shape(net.biases[l])
        if (W, b) == (w_shape, b_shape):
            continue
        if b == w_shape or W == b_shape:
            raise fail(name, f"after your steps net.biases[{l}] has shape {b} and net.weights[{l}] shape {W}: the "
                             "weights were stepped with the biases' gradient and the biases with the weights' (numpy "
                             "broadcast one over the other). net.backprop returns (nabla_w, nabla_b), in that order")
        raise fail(name, f"after your steps net.weights[{l}] has shape {W} and net.biases[{l}] shape {b}, where they "
                         f"must keep {w_shape} and {b_shape}: each step changes the values, never the shapes")


def _run_epoch(sgd_epoch, args, name: str, describe: str) -> None:
    """One epoch of the learner's loop on ``args`` = (net, X, Y, batch_size, eta, rng); X and Y must come back
    as they went in: in notebook 05, X_train is read against its labels after the loop."""
    try:
        call(sgd_epoch, args, name, describe, allow_none=True,
             shape_error_hint="columns are samples: a mini-batch is X[:, batch], shape (n_1, m), with its desired "
                              "outputs Y[:, batch], shape (n_L, m)")
    except _Verdict as verdict:
        _check_parameter_shapes(name, args[0])
        data = [f"`{parameter}`" for parameter in _parameter_names(sgd_epoch, 3)[1:]]
        if "in place" in verdict.feedback.message and any(f"input {p} " in verdict.feedback.message for p in data):
            raise fail(name, f"your loop reordered the data {' or '.join(data)} in place (`X[:] = X[:, order]`, "
                             "rng.shuffle(X.T)?): the caller's own arrays change, and in the notebook the training "
                             "digits would no longer line up with the labels read after the loop. Shuffle the "
                             "indices instead — order = rng.permutation(n) — and take X[:, batch] and Y[:, batch] "
                             "with them") from None
        if "holds no samples" in verdict.feedback.message:
            raise fail(name, verdict.feedback.message.split(": ", 1)[1]
                       + "\n  hint: an empty mini-batch — order[start:start + batch_size] is empty once start passes "
                         "the end of the order: is the order over all n = X.shape[1] samples, "
                         "rng.permutation(n)?") from None
        if "raised IndexError" in verdict.feedback.message:
            raise fail(name, verdict.feedback.message.split(": ", 1)[1]
                       + "\n  hint: X[batch] picks rows, and rows are the n_1 inputs here; samples are columns, "
                         "so a mini-batch is X[:, batch] (and Y[:, batch])") from None
        raise


def _check_epoch(name: str, net: _RecordingNetwork, before, X, Y, batch_size: int, eta: float) -> np.ndarray:
    """Diagnose one epoch of the learner's loop from what ``net`` recorded; return the order of the samples."""
    n, layers = X.shape[1], list(net.layer_numbers)
    _check_parameter_shapes(name, net)
    after = _parameters(net)
    unchanged = _unchanged(after, before)
    if net.library_loop:
        raise fail(name, f"this calls {net.library_loop}, the library's own training loop: the exercise is to write "
                         "that loop — shuffle with rng, cut the order into mini-batches, and step on each with "
                         "net.backprop and your sgd_update")
    if not net.calls:
        if net.full_passes and not all(unchanged):
            raise fail(name, f"no mini-batch ever went through the network: every forward pass went over all {n} "
                             "samples of X, so the steps did not come from mini-batches. Each step's gradients come "
                             "from its mini-batch alone — backprop(net, X[:, batch], Y[:, batch]), or "
                             "net.backprop(X[:, batch], Y[:, batch]), inside the loop over the mini-batches")
        raise fail(name, "net.backprop was never called (nor net.sgd_step): the gradients of a mini-batch come from "
                         "nabla_w, nabla_b = net.backprop(X[:, batch], Y[:, batch])")
    used_samples = set(np.concatenate([samples for samples, _ in net.calls]).tolist())
    if batch_size < n and used_samples <= set(range(batch_size)):
        raise fail(name, f"only samples 0 to {batch_size - 1} were ever used, of the {n}: rng.permutation(batch_size) "
                         f"shuffles batch_size indices — shuffle all n samples, order = rng.permutation(n) with "
                         "n = X.shape[1], then cut that order into mini-batches")
    weights_unchanged, biases_unchanged = unchanged[:len(layers)], unchanged[len(layers):]
    if all(unchanged):
        raise fail(name, "net.weights and net.biases are the same after the epoch as before: assigning to a loop "
                         "variable or to a copy leaves the network as it was — write "
                         "net.weights[l] = sgd_update(net.weights[l], nabla_w[l], eta), and the same for net.biases[l]")
    if all(weights_unchanged):
        raise fail(name, "only the biases changed: update the weights too, "
                         "net.weights[l] = sgd_update(net.weights[l], nabla_w[l], eta)")
    if all(biases_unchanged):
        raise fail(name, "the biases never changed: update them too, "
                         "net.biases[l] = sgd_update(net.biases[l], nabla_b[l], eta)")
    stuck = [l for l, w, b in zip(layers, weights_unchanged, biases_unchanged) if w and b]
    if stuck:
        raise fail(name, f"layer {', '.join(map(str, stuck))} never changed: update every layer l = 2, …, L "
                         "(net.layer_numbers lists them; range(2, net.L) stops before the output layer L)")
    if net.full_backprops:
        raise fail(name, f"net.backprop was given all {n} samples, net.backprop(X, Y): that is the gradient of the "
                         "whole training set, and SGD steps with a mini-batch's — "
                         "net.backprop(X[:, batch], Y[:, batch]), with batch the mini-batch's column indices")

    steps = _steps(net.calls)
    expected = [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
    sizes = [len(step) for step in steps]
    if len(steps) == 1 and len(expected) > 1:
        raise fail(name, "the network changed only once in the epoch: is the update outside the loop over the "
                         "mini-batches, or the gradient taken over all samples at once? SGD takes one step per "
                         "mini-batch")
    used = np.concatenate(steps)
    counts = np.bincount(used, minlength=n)
    if counts.max() > 1:
        if any(set(a) == set(b) for a, b in zip(steps, steps[1:])):
            raise fail(name, "the weights changed between two backprop calls on the same mini-batch (one call per "
                             "layer?): compute nabla_w, nabla_b = net.backprop(…) once per mini-batch, then update "
                             "every layer with them")
        raise fail(name, f"{np.sum(counts > 1)} of the {n} samples were used more than once in one epoch: an epoch "
                         "visits each sample once — cut the shuffled order rng.permutation(n) into pieces that do not "
                         "overlap (drawing indices with rng.integers or rng.choice repeats some)")
    missing = int(np.sum(counts == 0))
    if missing:
        if missing == n % batch_size and all(size == batch_size for size in sizes):
            raise fail(name, f"the last, smaller mini-batch was left out: {missing} of the {n} samples were never "
                             "used. Starting a mini-batch at every start in range(0, n, batch_size) keeps it")
        raise fail(name, f"{missing} of the {n} samples were never used in the epoch: every sample belongs to "
                         "exactly one mini-batch")
    if max(sizes) == 1 < batch_size:
        raise fail(name, "the weights changed after every single sample: compute the gradient of the whole "
                         "mini-batch first — net.backprop(X[:, batch], Y[:, batch]) averages over its columns — "
                         "then take one step")
    if sorted(sizes) != sorted(expected):
        raise fail(name, f"the mini-batches held {', '.join(map(str, sorted(set(sizes))))} samples; with n = {n} "
                         f"and batch_size = {batch_size} each holds {batch_size}"
                         + (f", and the last one the {n % batch_size} left over" if n % batch_size else ""))
    if np.array_equal(used, np.arange(n)):
        raise fail(name, "the samples were not shuffled: the mini-batches took the columns in their stored order. "
                         "Shuffle at the start of every epoch, order = rng.permutation(n) — the MNIST training "
                         "digits are stored sorted by class, so unshuffled mini-batches would each hold one digit")
    if all(np.all(np.diff(step) == 1) for step in steps if len(step) > 1):
        raise fail(name, "each mini-batch is a run of neighbouring columns; only the order of the mini-batches "
                         "was shuffled. Shuffle the samples themselves (order = rng.permutation(n)), then cut the "
                         "order into mini-batches, so that each holds a random mix")

    in_float32 = any(_is_float32(net.weights[l]) or _is_float32(net.biases[l]) for l in layers)
    rounding = 4 * len(steps) * float(np.finfo(np.float32).eps) if in_float32 else 0.0
    if _same_change(after, _replay(net.sizes, before, steps, X, Y, lambda m: eta), before, rounding):
        return used
    mistakes = [
        (lambda m: -eta, "the step went *up* the gradient (gradient ascent): the cost falls fastest against it, "
                         "w − η∇w"),
        (lambda m: eta * m, "each step used the sum of the mini-batch's per-sample gradients; the cost is their "
                            "mean, so divide by m (net.backprop on the whole mini-batch returns the mean already)"),
        (lambda m: eta / m, "each step was divided by the mini-batch size once too often: net.backprop already "
                            "returns the gradient of the mean cost, (1/m) Σ_x ∇C_x"),
        (lambda m: 1.0, "the learning rate η is missing from the step: w − η∇w"),
    ]
    for step_size, message in mistakes:
        if _same_change(after, _replay(net.sizes, before, steps, X, Y, step_size), before, rounding):
            raise fail(name, message)
    raise fail(name, "the mini-batches were right, but the parameters after the epoch differ from those of SGD on "
                     "the same mini-batches: each step is w → w − η ∂C/∂w and b → b − η ∂C/∂b, with the "
                     "mini-batch's gradients from net.backprop")


def check_sgd_epoch(sgd_epoch, seed: int | None = None) -> Feedback:
    """The learner's ``sgd_epoch(net, X, Y, batch_size, eta, rng)``: one epoch of SGD, changing ``net`` in place.

    It must shuffle the columns with ``rng``, cut them into mini-batches of ``batch_size`` (the last one
    smaller if need be), and step once per mini-batch with the gradients of ``net.backprop`` — or of the
    learner's own ``backprop(net, X, Y)`` of notebook 04, which starts with ``net.forward`` — or with the
    library's ``net.sgd_step``. Any way of
    shuffling with ``rng`` is accepted, and so is backpropagating sample by sample and averaging, and keeping
    the parameters in float32; the loop runs two epochs on each fresh network, and once more from an equally
    seeded ``rng``, which must give the same order.
    """
    name = "sgd_epoch"
    rng = random_inputs(seed)
    cases = [([4, 5, 3], 23, 5, 0.7), ([3, 6, 4, 2], 16, 4, 2.0)]
    try:
        for sizes, n, batch_size, eta in cases:
            X, Y = rng.normal(size=(sizes[0], n)), rng.random((sizes[-1], n))
            net_seed, shuffle_seed = (int(s) for s in rng.integers(2 ** 31, size=2))
            describe = f"a {sizes} network, X {X.shape}, Y {Y.shape}, batch_size = {batch_size}, η = {eta}"
            net, shuffle = _RecordingNetwork(sizes, net_seed, X, Y), np.random.default_rng(shuffle_seed)
            orders = []
            for _ in range(2):
                before, net.calls, net.full_passes, net.full_backprops = _parameters(net), [], [], 0
                _run_epoch(sgd_epoch, (net, X, Y, batch_size, eta, shuffle), name, describe)
                orders.append(_check_epoch(name, net, before, X, Y, batch_size, eta))
            if np.array_equal(*orders):
                raise fail(name, "both epochs took the samples in the same order: shuffle with the rng passed in, "
                                 "rng.permutation(n), which gives a fresh order on every call (a generator created "
                                 "inside the function, np.random.default_rng(0), starts over every epoch)")
            twin = _RecordingNetwork(sizes, net_seed, X, Y)
            _run_epoch(sgd_epoch, (twin, X, Y, batch_size, eta, np.random.default_rng(shuffle_seed)), name, describe)
            twin_order = np.concatenate(_steps(twin.calls)) if twin.calls else np.array([], dtype=int)
            if not np.array_equal(twin_order, orders[0]):
                raise fail(name, "two runs with equally seeded rngs shuffled differently: shuffle with the rng "
                                 "passed in (rng.permutation(n)). np.random.permutation and random.shuffle draw from "
                                 "a global generator, so the training run could not be repeated from its seed")
    except _Verdict as verdict:
        return verdict.feedback
    return Feedback(True, f"{PASS} {name}: shuffled with rng, each sample in one mini-batch per epoch, every step "
                          f"right, on {len(cases)} fresh networks over two epochs")


# ---- 04 and 05 · on paper ------------------------------------------------------------------------------

def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


_A_OUT = _sigmoid(0.5)                                   # the output neuron of 04's paper exercise: z = 0.5, y = 1

BP_ON_PAPER = [
    Question("delta_output", "δ^L = ∂C/∂z^L of a sigmoid output neuron under the cross-entropy, at z^L = 0.5, y = 1",
             _A_OUT - 1,
             {(_A_OUT - 1) * _A_OUT * (1 - _A_OUT): "that is (a − y)·σ′(z), BP1 of the quadratic cost; under the "
                                                      "cross-entropy ∂C/∂a = (a − y)/(a(1 − a)), and σ′(z) = a(1 − a) "
                                                      "cancels its denominator: δ^L = a − y",
              1 - _A_OUT: "the sign is flipped: δ^L = a − y, and a = σ(0.5) ≈ 0.622 is below the target y = 1",
              -1 / _A_OUT: "that is ∂C/∂a = −1/a (at y = 1) before the chain rule: δ^L = ∂C/∂a · σ′(z), and "
                           "σ′(z) = a(1 − a)",
              -0.5: "that uses z = 0.5 for the output a: the output is a = σ(z) = σ(0.5) ≈ 0.622",
              _A_OUT: "that is the output a = σ(0.5) itself; δ^L = a − y"}),
    Question("delta_hidden_1", "δ^l_1 of the two-neuron layer (w^{l+1} = (2, −1), δ^{l+1} = 0.4, z^l = (0, ln 3))",
             2 * 0.4 * 0.25,
             {2 * 0.4: "the factor σ′(z^l_1) = σ′(0) = ¼ is missing: BP2 is (W^{l+1})ᵀδ^{l+1} ⊙ σ′(z^l)",
              2 * 0.4 * 0.5: "σ(0) = ½ stands where σ′(0) = σ(0)(1 − σ(0)) = ¼ belongs",
              -1 * 0.4 * 0.25: "that uses w^{l+1}_2 = −1, the weight from neuron 2: neuron 1's error comes back "
                               "through its own weight w^{l+1}_1 = 2",
              2 * 0.4 * 0.1875: "that uses σ′(z^l_2); neuron 1's σ′ is at its own z^l_1 = 0",
              -1 * 0.4 * 0.1875: "that is δ^l_2, neuron 2's error — the two answers swapped? δ^l_1 comes back through "
                                 "neuron 1's own weight w^{l+1}_1 = 2, times σ′(z^l_1) = σ′(0) = ¼"}),
    Question("delta_hidden_2", "δ^l_2 of the same layer", -1 * 0.4 * 0.1875,
             {-1 * 0.4: "the factor σ′(z^l_2) = σ′(ln 3) = ¾·¼ = 3/16 is missing: BP2 multiplies by σ′(z^l)",
              -1 * 0.4 * 0.75: "σ(ln 3) = ¾ stands where σ′(ln 3) = σ(1 − σ) = 3/16 belongs",
              1 * 0.4 * 0.1875: "the sign is lost: w^{l+1}_2 = −1 carries the error back with its sign",
              2 * 0.4 * 0.1875: "that uses w^{l+1}_1 = 2, the weight from neuron 1: neuron 2's error comes back "
                                "through its own weight w^{l+1}_2 = −1",
              -1 * 0.4 * 0.25: "that uses ¼ for σ′(z^l_2) — σ′(0), neuron 1's, or 1 − σ(ln 3)? Neuron 2's σ′ is at "
                               "z^l_2 = ln 3: σ′ = σ(1 − σ) = ¾·¼ = 3/16",
              -1 * 0.4 * math.log(3): "z^l_2 = ln 3 stands where σ′(z^l_2) belongs",
              2 * 0.4 * 0.25: "that is δ^l_1, neuron 1's error — the two answers swapped? δ^l_2 comes back through "
                              "neuron 2's own weight w^{l+1}_2 = −1, times σ′(z^l_2) = σ′(ln 3) = 3/16"}),
]

_GRADIENTS = (0.3, -0.1, 0.5, 0.1)                       # the four per-sample ∂C_x/∂b of 05's paper exercise
_MEAN = sum(_GRADIENTS) / len(_GRADIENTS)
_ETA = 0.1                                               # not ½, where −∂C/∂b / η and −η Σ ∂C_x/∂b coincide

BATCH_ON_PAPER = [
    Question("batch_gradient", "∂C/∂b for the mini-batch of 4 (∂C_x/∂b = 0.3, −0.1, 0.5, 0.1)", _MEAN,
             {sum(_GRADIENTS): "that is the sum; C is the mean of the C_x, so ∂C/∂b = (1/m) Σ ∂C_x/∂b",
              _MEAN / 4: "divided by m twice: the mean is the sum over m once",
              0.5: "that is the largest of the four; the batch's gradient is their mean",
              sum(abs(g) for g in _GRADIENTS) / 4: "the −0.1 counts with its sign: the mean of 0.3, −0.1, 0.5, 0.1"}),
    Question("bias_change", f"b′ − b after one SGD step with η = {_ETA:g}", -_ETA * _MEAN,
             {_ETA * _MEAN: "the sign is flipped: SGD steps *against* the gradient, b → b − η ∂C/∂b",
              -_MEAN: "η is missing: the step is η ∂C/∂b, not ∂C/∂b",
              -_ETA * sum(_GRADIENTS): "that steps with the sum of the four gradients; ∂C/∂b is their mean",
              -_MEAN / _ETA: "that divides by η; the step is η times the gradient, −η ∂C/∂b",
              -_ETA * _MEAN ** 2: "the step is η times the gradient, −η ∂C/∂b, not η times its square"}),
    Question("doubled_batch_gradient", "∂C/∂b when the mini-batch holds the same 4 samples twice (m = 8)", _MEAN,
             {2 * _MEAN: "the mean of eight numbers that are the four twice is the mean of the four: the 1/m "
                         "keeps the gradient's size independent of m",
              _MEAN / 2: "m doubles, but so does the sum: the mean of the four twice is the mean of the four",
              2 * sum(_GRADIENTS): "that is the sum of the eight; C is their mean"}),
]


def check_bp_on_paper(answers) -> Feedback:
    """04's paper exercise: BP1 under the cross-entropy and BP2 for a two-neuron layer, as numbers."""
    return check_sheet(answers, BP_ON_PAPER, "on paper, BP1 and BP2")


def check_batch_on_paper(answers) -> Feedback:
    """05's paper exercise: the batch's 1/m, one SGD step, and a batch of the same samples twice."""
    return check_sheet(answers, BATCH_ON_PAPER, "on paper, the batch's 1/m")
