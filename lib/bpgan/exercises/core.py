"""The machinery shared by every checker: calling learner code safely and diagnosing its output."""

from __future__ import annotations

import _thread
import ctypes
import signal
import threading
import time
import traceback
import warnings
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from bpgan.validate import as_seed

PASS, FAIL = "✓", "✗"
TIME_BUDGET = 10.0          # seconds one call of a learner's function may take before the checker gives up


@dataclass(frozen=True)
class Feedback:
    """The verdict of a checker: ``passed`` and a message for the learner."""

    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return self.message

    __str__ = __repr__


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer: ``compute(*args)`` returns what that mistake produces, ``message`` names it."""

    compute: Callable
    message: str


class _Verdict(Exception):
    """Raised inside a checker to stop at the first problem found."""

    def __init__(self, feedback: Feedback):
        super().__init__(feedback.message)
        self.feedback = feedback


def random_inputs(seed: int | None) -> np.random.Generator:
    """The generator of a checker's test inputs: fixed by ``seed``, or fresh every call when it is None."""
    return np.random.default_rng(as_seed(seed, allow_none=True))


def fail(name: str, message: str) -> _Verdict:
    return _Verdict(Feedback(False, f"{FAIL} {name}: {message}"))


def describe_exception(error: BaseException, function: Callable, name: str) -> str:
    """'raised ZeroDivisionError: … at line 3 of name: `code`', pointing into the learner's own code."""
    frames = traceback.extract_tb(error.__traceback__)
    code = getattr(function, "__code__", None)
    own = [f for f in frames if code is not None and f.filename == code.co_filename]
    where = ""
    if own:
        frame = own[-1]
        line = frame.lineno - code.co_firstlineno + 1
        text = (frame.line or "").strip()
        where = f"\n  at line {line} of {name}" + (f": `{text}`" if text else "")
    return f"your code raised {type(error).__name__}: {error}{where}"


class OutOfTime(BaseException):
    """The learner's function did not return within its time budget.

    A BaseException, like KeyboardInterrupt, so that a learner's ``except Exception`` cannot swallow it.
    """


def _interrupt_main_thread(first: bool) -> None:
    main = threading.main_thread().ident
    if not first:
        # The first interrupt was swallowed (an `except KeyboardInterrupt` in the learner's loop): raise
        # OutOfTime itself in the main thread, at its next Python instruction.
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(main), ctypes.py_object(OutOfTime))
    elif hasattr(signal, "pthread_kill"):
        signal.pthread_kill(main, signal.SIGINT)         # a real signal wakes even a blocking sleep
    else:
        _thread.interrupt_main()                         # Windows: KeyboardInterrupt at the next instruction


def run_with_time_budget(function: Callable, args: tuple, seconds: float | None):
    """``function(*args)``, interrupted with :class:`OutOfTime` if it has not returned after ``seconds``.

    A watchdog thread interrupts the main thread as Kernel → Interrupt would, and every second after that
    raises :class:`OutOfTime` there directly, in case the learner's code swallows the interrupt. Only the
    main thread can be interrupted, so elsewhere (or with ``seconds`` None) the function simply runs.
    """
    if seconds is None or threading.current_thread() is not threading.main_thread():
        return function(*args)
    lock, stop = threading.Lock(), threading.Event()
    state = {"done": False, "fired": False}

    def watchdog():
        wait = seconds
        while not stop.wait(wait):
            with lock:
                if state["done"]:
                    return
                _interrupt_main_thread(first=not state["fired"])
                state["fired"] = True
            wait = 1.0

    threading.Thread(target=watchdog, daemon=True, name="exercise time budget").start()
    try:
        try:
            return function(*args)
        finally:
            with lock:
                state["done"] = True
            stop.set()
            if state["fired"]:
                time.sleep(0.05)                  # an interrupt already on its way arrives here, and is caught below
    except (KeyboardInterrupt, OutOfTime):
        if state["fired"]:
            raise OutOfTime(seconds) from None
        raise


def call(function: Callable, args: tuple, name: str, describe_inputs: str = "", shape_error_hint: str = "",
         allow_none: bool = False):
    """Call the learner's function on copies of ``args``; return (result, warnings), or fail explaining why.

    ``allow_none`` is for functions that act rather than return (a training step). The call gets
    :data:`TIME_BUDGET` seconds: an endless loop is reported, not waited for.
    """
    if not callable(function):
        raise fail(name, f"expected a function, got {type(function).__name__}")
    copies = tuple(arg.copy() if isinstance(arg, np.ndarray) else arg for arg in args)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = run_with_time_budget(function, copies, TIME_BUDGET)
        except OutOfTime:
            raise fail(name, f"your function did not return within {TIME_BUDGET:g} s — an endless loop, or a loop "
                             "over far more items than the inputs hold?") from None
        except Exception as error:  # the learner's bug, reported as feedback
            message = describe_exception(error, function, name)
            if describe_inputs:
                message += f"\n  inputs: {describe_inputs}"
            if shape_error_hint and isinstance(error, (ValueError, RuntimeError)) and any(
                    word in str(error).lower() for word in ("mismatch", "broadcast", "shape", "sizes")):
                message += f"\n  hint: {shape_error_hint}"
            raise fail(name, message) from None
    if result is None and not allow_none:
        raise fail(name, "returned None — is a `return` statement missing?")
    return result, [str(w.message) for w in caught]


def as_result_array(result, name: str) -> np.ndarray:
    if isinstance(result, (tuple, list)):
        try:
            result = np.array([np.asarray(item, dtype=float) for item in result])
        except (TypeError, ValueError):
            raise fail(name, f"returned a {type(result).__name__} that is not a sequence of numbers: {result!r}") from None
    if hasattr(result, "detach"):
        result = result.detach().cpu().numpy()
    array = np.asarray(result)
    if array.dtype.kind not in "iuf" or array.dtype == bool:
        raise fail(name, f"returned {type(result).__name__} of dtype {array.dtype}; expected numbers")
    return array.astype(np.float64)


def close(a: np.ndarray, b: np.ndarray, rtol: float = 1e-7, atol: float = 1e-10) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def constant_factor(got: np.ndarray, expected: np.ndarray) -> float | None:
    """c if got ≈ c·expected for one constant c (other than 1), else None."""
    scale = np.abs(expected)
    if got.shape != expected.shape or got.size < 2 or scale.max(initial=0) == 0:
        return None  # a single number always "has" a constant factor: that says nothing
    mask = scale > 1e-8 * scale.max()
    ratios = got[mask] / expected[mask]
    c = float(np.median(ratios))
    if np.allclose(ratios, c, rtol=1e-6) and np.allclose(got, c * expected, rtol=1e-6, atol=1e-10):
        return c
    return None


def preview(array: np.ndarray) -> str:
    flat = np.asarray(array, dtype=float).ravel()
    shown = np.array2string(flat[:4], precision=4, separator=", ")
    return shown[:-1] + (", …]" if flat.size > 4 else "]")


def check_cases(function: Callable, *, name: str, reference: Callable, cases: Sequence[tuple],
                mistakes: Sequence[Mistake] = (), shape_hint: Callable[[tuple, tuple], str] | None = None,
                shape_error_hint: str = "",
                describe: Callable[[tuple], str] = lambda args: "", success: str,
                rtol: float = 1e-7) -> Feedback:
    """Run ``function`` on every case and compare with ``reference``; diagnose the first difference.

    The order of diagnosis: an exception (with ``shape_error_hint`` added when numpy complained about
    shapes) or a missing return; a known mistake that reproduces the
    output exactly; a wrong shape (with ``shape_hint`` saying what the shape suggests); NaN or inf
    where the answer is finite; a flipped sign; an answer right to 1e-3 but not to ``rtol`` (lost precision);
    a constant factor; otherwise the first differing values.
    """
    notes: set[str] = set()
    try:
        for args in cases:
            expected = np.asarray(reference(*args), dtype=np.float64)
            result, caught = call(function, args, name, describe(args), shape_error_hint)
            got = as_result_array(result, name)
            if close(got, expected, rtol=rtol):
                if any("overflow" in message for message in caught):
                    notes.add("numpy warned about an overflow for large inputs; the result was still right, "
                              "but a form that never evaluates exp of a large positive number is safer")
                continue
            for mistake in mistakes:
                wrong = np.asarray(mistake.compute(*args), dtype=np.float64)
                if close(got, wrong, rtol=rtol):
                    raise fail(name, mistake.message)
            if got.shape != expected.shape:
                hint = shape_hint(got.shape, expected.shape) if shape_hint else ""
                raise fail(name, f"returned shape {got.shape}, expected {expected.shape}" + (f" — {hint}" if hint else ""))
            if not np.isfinite(got).all() and np.isfinite(expected).all():
                raise fail(name, f"returned NaN or inf where the answer is finite, for {describe(args) or 'an input'}"
                                 " — is it numerically unstable (exp of a large number, 0/0)?")
            if close(got, -expected, rtol=rtol):
                raise fail(name, "the sign is flipped: every value is the negative of the right one")
            if np.allclose(got, expected, rtol=1e-3, atol=1e-8):
                raise fail(name, f"almost right, but only to about {np.max(np.abs(got - expected) / (np.abs(expected) + 1e-12)):.0e} "
                                 "relative: digits are being lost — is something like log(1 − σ(l)) or exp of a large "
                                 "number computed directly?")
            factor = constant_factor(got, expected)
            if factor is not None:
                raise fail(name, f"every value is {factor:.4g} times the right one — a missing or extra constant "
                                 "factor (a ½, a 2, a batch size?)")
            raise fail(name, f"wrong values{' for ' + describe(args) if describe(args) else ''}: "
                             f"expected {preview(expected)}, got {preview(got)}")
    except _Verdict as verdict:
        return verdict.feedback
    message = f"{PASS} {name}: {success}"
    if notes:
        message += "\n  note: " + "; ".join(sorted(notes))
    return Feedback(True, message)
