"""The machinery shared by every checker: calling learner code safely and diagnosing its output."""

from __future__ import annotations

import _thread
import ast
import copy
import inspect
import signal
import sys
import sysconfig
import textwrap
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
STUB_MESSAGE = "exercise: write this function"     # what a learner copy's stub raises (tools/learner_copies.py)


class NotWrittenYet(NotImplementedError):
    """A cell needs a function that is still its exercise's stub."""


def _raises_not_implemented(statement: ast.stmt) -> bool:
    if not isinstance(statement, ast.Raise) or statement.exc is None:
        return False
    raised = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
    return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"


def _returns_unfilled_answers(statement: ast.stmt) -> bool:
    """``return dict(key=..., …)`` with a value still ``...``: the answer template of a learner copy."""
    call = statement.value if isinstance(statement, ast.Return) else None
    return (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "dict"
            and any(isinstance(k.value, ast.Constant) and k.value.value is Ellipsis for k in call.keywords))


def _is_placeholder(statement: ast.stmt) -> bool:
    """A docstring, ``...`` or ``pass``: what a body holds before anything is written in it."""
    return isinstance(statement, ast.Pass) or (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
                                               and (statement.value.value is Ellipsis or isinstance(statement.value.value, str)))


def _carries_stub_message(function: Callable) -> bool:
    """The stub's own raise, read from the compiled code: for a function whose source cannot be read."""
    code = getattr(function, "__code__", None)
    return code is not None and STUB_MESSAGE in code.co_consts and "NotImplementedError" in code.co_names


def is_stub(function: Callable) -> bool:
    """True while ``function`` is still an exercise's stub: a statement of its body raises NotImplementedError,
    it returns answers still left as ``...``, or its body is nothing but ``...`` or ``pass``. A function whose
    source cannot be read is a stub if its code raises the stub's own message."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        return _carries_stub_message(function)
    definition = tree.body[0] if tree.body else None
    if not isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return _carries_stub_message(function)
    body = definition.body
    return (any(_raises_not_implemented(s) or _returns_unfilled_answers(s) for s in body)
            or all(_is_placeholder(s) for s in body))


def needs(*functions: Callable) -> None:
    """Stop the cell, saying why, while one of the learner's ``functions`` is still its exercise's stub.

    A learner copy puts ``exercises.needs(f)`` at the top of every cell that uses the learner's ``f``
    or a value computed from it, so that a stub stops the first such cell with one sentence, not a
    ``NameError`` several cells later.
    """
    for function in functions:
        if not callable(function):
            raise TypeError(f"needs() takes the functions this cell uses, got {type(function).__name__}")
        if is_stub(function):
            name = getattr(function, "__name__", "your function")
            raise NotWrittenYet(
                f"this cell uses your `{name}`, which is not written yet: write it in its exercise cell above "
                f"(replace the `raise NotImplementedError` line, or fill in every `...`), run that cell and its "
                f"checker, then run this cell again")


def _show_not_written_yet(shell, etype, value, tb, tb_offset=None):
    """IPython's display of NotWrittenYet: the sentence alone, no traceback to read through."""
    shell._showtraceback(etype, value, [f"⏸ {value}"])


def _register_display() -> None:
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None and not shell.custom_exceptions:
        shell.set_custom_exc((NotWrittenYet,), _show_not_written_yet)


_register_display()


@dataclass(frozen=True)
class Feedback:
    """The verdict of a checker: ``passed`` and a message for the learner."""

    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def require(self) -> None:
        """Print a pass; raise AssertionError with the message otherwise. A graded cell ends in it, so that an
        autograder (nbgrader) gives the exercise's points exactly when the checker passes the answer. (Printed,
        not returned: nbgrader would read a returned value as a partial score.)"""
        if not self.passed:
            raise AssertionError(self.message)
        print(self.message)

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
        last = max((end for _, _, end in code.co_lines() if end is not None), default=code.co_firstlineno)
        inside = code.co_firstlineno <= frame.lineno <= last
        place = f"line {line} of {name}" if inside else "a helper of yours that it calls"
        where = f"\n  at {place}" + (f": `{text}`" if text else "")
    hint = ""
    if isinstance(error, TypeError) and ("bitwise_xor" in str(error) or "for ^" in str(error)):
        hint = "\n  hint: `^` is Python's exclusive or, not a power — write a power with `**` (x ** 2)"
    return f"your code raised {type(error).__name__}: {error}{where}{hint}"


class OutOfTime(BaseException):
    """The learner's function did not return within its time budget.

    A BaseException, like KeyboardInterrupt, so that a learner's ``except Exception`` cannot swallow it.
    """


RESEND_EVERY = 0.2          # seconds between interrupts once the budget is spent, until the function gives up


def _interrupt_main_thread() -> None:
    """Run the main thread's SIGINT handler, as Kernel → Interrupt would; a real signal wakes even a sleep."""
    if hasattr(signal, "pthread_kill"):
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
    else:
        _thread.interrupt_main()                         # Windows: the handler runs at the next instruction


_LIBRARY_FOLDERS = tuple({sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")})


def _raise_out_of_time(seconds: float, stop_at):
    """A trace function that raises OutOfTime at the next line the learner's code runs — an ``except`` clause's
    body included, so that a bare ``except:`` around the interrupted call cannot swallow it. Frames from
    ``stop_at`` outwards (the checker's own) are not traced, and installed libraries' frames (threading's locks,
    say) are left to finish their line: an exception raised inside their cleanup would break their state."""
    def trace(frame, event, arg):
        if frame.f_code is stop_at:
            return None
        if event in ("line", "call") and not frame.f_code.co_filename.startswith(_LIBRARY_FOLDERS):
            raise OutOfTime(seconds)
        return trace
    return trace


def run_with_time_budget(function: Callable, args: tuple, seconds: float | None):
    """``function(*args)``, stopped with :class:`OutOfTime` if it has not returned after ``seconds``.

    A watchdog thread interrupts the main thread (as Kernel → Interrupt would) when the time is up, and every
    :data:`RESEND_EVERY` s after that. Each interrupt runs this call's SIGINT handler in the main thread, which
    raises OutOfTime there and traces every frame of the learner's code, so that the next line it runs raises
    OutOfTime again: an ``except:`` or ``except KeyboardInterrupt`` around a sleep or a loop stops within a
    fraction of a second. A real interrupt before the time is up stays a KeyboardInterrupt. Only the main thread
    can be interrupted, so elsewhere (or with ``seconds`` None) the function simply runs. What cannot be stopped:
    code that catches every exception at two levels of an endless loop (an exception raised by a trace function
    turns tracing off, so the outer handler catches it each time), and threads the function started — a pool's
    endless task keeps running after the checker has returned.
    """
    if seconds is None or threading.current_thread() is not threading.main_thread():
        return function(*args)
    lock, stop = threading.Lock(), threading.Event()
    state = {"done": False, "fired": False}
    here = sys._getframe().f_code
    trace = _raise_out_of_time(seconds, here)

    def on_interrupt(signum, frame):
        if not state["fired"]:
            raise KeyboardInterrupt                     # the learner pressed Interrupt: theirs, not the budget's
        while frame is not None and frame.f_code is not here:
            frame.f_trace, frame.f_trace_lines = trace, True
            frame = frame.f_back
        sys.settrace(trace)
        raise OutOfTime(seconds)

    def watchdog():
        wait = seconds
        while not stop.wait(wait):
            with lock:
                if state["done"]:
                    return
                state["fired"] = True
                _interrupt_main_thread()
            wait = RESEND_EVERY

    previous = signal.signal(signal.SIGINT, on_interrupt)
    threading.Thread(target=watchdog, daemon=True, name="exercise time budget").start()
    try:
        return function(*args)
    except (KeyboardInterrupt, OutOfTime):
        if state["fired"]:
            raise OutOfTime(seconds) from None
        raise
    finally:
        sys.settrace(None)                        # first: the checker's own code must not be traced
        with lock:
            state["done"] = True
        stop.set()
        if state["fired"]:
            try:
                time.sleep(0.05)                  # an interrupt already on its way arrives here
            except (KeyboardInterrupt, OutOfTime):
                pass
            sys.settrace(None)
        signal.signal(signal.SIGINT, previous)


def _parameter_names(function: Callable, count: int) -> list[str]:
    try:
        names = [p.name for p in inspect.signature(function).parameters.values()
                 if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        names = []
    return [names[k] if k < len(names) else f"argument {k + 1}" for k in range(count)]


def _is_tensor(value) -> bool:
    return hasattr(value, "detach") and hasattr(value, "clone")


def _learner_copy(arg):
    """What the learner's function is given: numpy arrays and lists copied, so the checker's own stay as they are.

    A torch tensor is given itself — it may carry the autograd graph the checker follows back — and compared
    with a snapshot afterwards instead.
    """
    if isinstance(arg, np.ndarray):
        return arg.copy()
    if isinstance(arg, (list, dict)) and _plain(arg):
        return copy.deepcopy(arg)
    return arg


def _plain(value) -> bool:
    """Numbers, text and arrays, in lists, tuples and dicts: data whose copy compares equal to it."""
    if isinstance(value, (list, tuple)):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(_plain(item) for item in value.values())
    return isinstance(value, (int, float, complex, str, bytes, np.ndarray, np.generic)) or value is None


def _equal(a, b) -> bool:
    """Same values (NaN equal to NaN), through nested lists, tuples and dicts."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.shape(a) == np.shape(b) and np.array_equal(a, b, equal_nan=True)
    if _is_tensor(a) and _is_tensor(b):
        return a.shape == b.shape and bool(((a == b) | (a.isnan() & b.isnan())).all())
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[key], b[key]) for key in a)
    return a == b or (a != a and b != b)


def _check_inputs_unchanged(function: Callable, args: tuple, given: tuple, snapshots: dict, name: str,
                            may_change: Sequence[int]):
    """Fail if the learner's function changed one of its inputs in place (``b += …``, ``layers.pop()``, ``fake.sub_(…)``).

    The function got copies of the arrays and lists (``given``), and the tensors themselves (``snapshots`` holds
    their values before the call), so the checker's numbers are safe; but in the notebook the same inputs are used
    again by the cells after it, which would then compute with changed numbers and fail far from the cause.
    """
    for k, (arg, mine) in enumerate(zip(args, given)):
        if k in may_change:
            continue
        if isinstance(arg, np.ndarray):
            changed = not _equal(mine, arg)
            how, kind, instead = "a `{p} += …`, `{p} *= …` or `{p}[…] = …`?", "array", "`{p} + …` makes a new array"
        elif isinstance(arg, (list, dict)) and _plain(arg):
            changed = not _equal(mine, arg)
            how, kind, instead = ("a `{p}.pop()`, `{p}.append(…)`, `{p}.sort()` or `{p}[…] = …`?", "list",
                                  "sorted({p}) and {p} + […] make new lists")
        elif k in snapshots:
            changed = not _equal(arg.detach(), snapshots[k])
            how, kind, instead = ("a `{p}.mul_(…)`, `{p} -= …` or `{p}[…] = …`?", "tensor",
                                  "`{p} * …` makes a new tensor, where `{p}.mul_(…)` changes this one")
        else:
            continue
        if changed:
            p = _parameter_names(function, len(args))[k]
            raise fail(name, f"your function changed its input `{p}` in place ({how.format(p=p)}): the cells after "
                             f"this one use the same {kind} again, and would compute with changed numbers. Leave "
                             f"the inputs as they are and return a new value ({instead.format(p=p)})")


def _raised_by_itself(error: BaseException, function: Callable) -> bool:
    code = getattr(function, "__code__", None)
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and code is not None and frames[-1].filename == code.co_filename \
        and frames[-1].name == code.co_name


def call(function: Callable, args: tuple, name: str, describe_inputs: str = "", shape_error_hint: str = "",
         allow_none: bool = False, may_change: Sequence[int] = ()):
    """Call the learner's function on copies of ``args``; return (result, warnings), or fail explaining why.

    ``allow_none`` is for functions that act rather than return (a training step). The call gets
    :data:`TIME_BUDGET` seconds: an endless loop is reported, not waited for. An array input that the function
    changes in place is refused, unless its position is in ``may_change`` (an update step may work in place).
    """
    if not callable(function):
        raise fail(name, f"expected a function, got {type(function).__name__}")
    if is_stub(function):
        raise fail(name, "not written yet — replace the `raise NotImplementedError(…)` line (or every `...`) "
                         "with your code, run the cell, then this checker again")
    copies = tuple(_learner_copy(arg) for arg in args)
    snapshots = {k: arg.detach().clone() for k, arg in enumerate(args) if _is_tensor(arg) and k not in may_change}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = run_with_time_budget(function, copies, TIME_BUDGET)
        except OutOfTime:
            raise fail(name, f"your function did not return within {TIME_BUDGET:g} s — an endless loop, or a loop "
                             "over far more items than the inputs hold? (If it is right but slow — a busy computer — "
                             "`bpgan.exercises.core.TIME_BUDGET = 30` gives each call 30 s.)") from None
        except NotImplementedError as error:
            if str(error) != STUB_MESSAGE:
                raise fail(name, describe_exception(error, function, name)) from None
            if _raised_by_itself(error, function):
                raise fail(name, "not written yet — replace the `raise NotImplementedError(…)` line with your "
                                 "code, run the cell, then this checker again") from None
            stub = traceback.extract_tb(error.__traceback__)[-1].name
            raise fail(name, f"your code calls `{stub}`, which is not written yet: do its exercise first, "
                             "then this one") from None
        except Exception as error:  # the learner's bug, reported as feedback
            message = describe_exception(error, function, name)
            if describe_inputs:
                message += f"\n  inputs: {describe_inputs}"
            if shape_error_hint and isinstance(error, (ValueError, RuntimeError)) and any(
                    word in str(error).lower() for word in ("mismatch", "broadcast", "shape", "sizes")):
                message += f"\n  hint: {shape_error_hint}"
            raise fail(name, message) from None
    _check_inputs_unchanged(function, args, copies, snapshots, name, may_change)
    if result is None and not allow_none:
        raise fail(name, "returned None — is a `return` statement missing?")
    return result, [str(w.message) for w in caught]


FLOAT32_TOLERANCE = 3e-5     # relative to the answer's largest value: what float32 arithmetic reliably keeps


def answer_dtype(result) -> np.dtype:
    """The dtype the learner computed in: of an array, a tensor, a number, or the widest in a tuple or list."""
    if isinstance(result, (tuple, list)) and result:
        return max((answer_dtype(item) for item in result), key=lambda d: np.finfo(d).bits if d.kind == "f" else 0)
    dtype = getattr(result, "dtype", None)
    if dtype is not None and hasattr(dtype, "is_floating_point"):          # a torch dtype
        return np.dtype(str(dtype).replace("torch.", "").replace("bfloat16", "float16"))
    return np.asarray(result).dtype if dtype is None else np.dtype(dtype)


def as_result_array(result, name: str) -> np.ndarray:
    """The learner's answer as float64 numbers; complex, boolean, text and too-coarse floats are refused."""
    dtype = answer_dtype(result)
    if isinstance(result, (tuple, list)):
        try:
            result = np.array([np.asarray(item.detach().cpu() if hasattr(item, "detach") else item)
                               for item in result])
        except (TypeError, ValueError):
            raise fail(name, f"returned a {type(result).__name__} that is not a sequence of numbers: {result!r}") from None
    if hasattr(result, "detach"):
        result = result.detach().cpu().numpy()
    array = np.asarray(result)
    if array.dtype.kind == "c":
        imaginary = float(np.max(np.abs(array.imag), initial=0.0))
        raise fail(name, f"returned complex numbers (imaginary parts up to {imaginary:.2g}): the answer is real — "
                         "if the imaginary part is rounding left by a matrix square root, keep the real part (.real)")
    if array.dtype.kind not in "iuf" or array.dtype == bool:
        what = returned_in_words(result, array)
        raise fail(name, f"returned {what}, where numbers are asked"
                         + (": return the number itself, without quotes" if what.startswith("text") else ""))
    if dtype.kind == "f" and np.finfo(dtype).bits < 32:
        raise fail(name, f"returned {dtype} numbers, whose three digits cannot tell a right answer from a near miss: "
                         "compute in float32 or float64")
    return array.astype(np.float64)


def returned_in_words(result, array: np.ndarray) -> str:
    """What a learner returned that is not numbers, in words (text, booleans, a dict), not numpy's dtype codes."""
    if isinstance(result, (str, bytes)):
        return f"text ({result!r})"
    if array.dtype.kind in "US":
        return "text"
    if array.dtype == bool:
        return "booleans (True/False)"
    return f"a {type(result).__name__}"


def close(a: np.ndarray, b: np.ndarray, rtol: float = FLOAT32_TOLERANCE, atol: float = 1e-12) -> bool:
    """Same shape, and every entry within ``rtol`` of ``b``'s largest magnitude (or ``atol``) of ``b``'s.

    The tolerance is measured against the answer's scale, not entry by entry: an entry that is small because
    of cancellation keeps only the absolute precision of the numbers it came from.
    """
    if a.shape != b.shape:
        return False
    scale = float(np.max(np.abs(b), initial=0.0))
    return bool(np.allclose(a, b, rtol=rtol, atol=max(atol, rtol * scale)))


def constant_factor(got: np.ndarray, expected: np.ndarray) -> float | None:
    """c if got ≈ c·expected for one constant c (other than 1), else None."""
    scale = np.abs(expected)
    if got.shape != expected.shape or got.size < 2 or scale.max(initial=0) == 0:
        return None  # a single number always "has" a constant factor: that says nothing
    mask = scale > 1e-8 * scale.max()
    ratios = got[mask] / expected[mask]
    c = float(np.median(ratios))
    if c == 0:
        return None                      # all zeros: said as such, not as "0 times the right one"
    if np.allclose(ratios, c, rtol=1e-6) and np.allclose(got, c * expected, rtol=1e-6, atol=1e-10):
        return c
    return None


def preview(array: np.ndarray) -> str:
    flat = np.asarray(array, dtype=float).ravel()
    shown = np.array2string(flat[:4], precision=4, separator=", ")
    return shown[:-1] + (", …]" if flat.size > 4 else "]")


def _largest_difference(got: np.ndarray, expected: np.ndarray) -> str:
    """Where ``got`` is furthest from ``expected``, with enough digits to tell the two apart; "" for one number.

    The previews show the first four values to 4 digits, which can read the same for both when the error lies
    further in or in a later digit: the learner is then told the values differ and shown two equal lists.
    """
    if got.shape != expected.shape or got.size < 2:
        return ""
    error = np.where(np.isnan(got) | np.isnan(expected), np.inf, np.abs(got - expected))
    index = np.unravel_index(int(np.argmax(error)), got.shape)
    g, e = float(got[index]), float(expected[index])
    digits = next((d for d in range(4, 18) if f"{g:.{d}g}" != f"{e:.{d}g}"), 17)
    return f"; the largest difference is at [{', '.join(map(str, index))}]: expected {e:.{digits}g}, got {g:.{digits}g}"


def check_cases(function: Callable, *, name: str, reference: Callable, cases: Sequence[tuple],
                mistakes: Sequence[Mistake] = (), shape_hint: Callable[[tuple, tuple], str] | None = None,
                shape_error_hint: str = "",
                describe: Callable[[tuple], str] = lambda args: "", success: str,
                rtol: float = FLOAT32_TOLERANCE, precision_hint: str = "", returns_array: bool = False,
                may_change: Sequence[int] = ()) -> Feedback:
    """Run ``function`` on every case and compare with ``reference``; diagnose the first difference.

    The order of diagnosis: an exception (with ``shape_error_hint`` added when numpy complained about
    shapes) or a missing return; a known mistake that reproduces the
    output exactly; a wrong shape (with ``shape_hint`` saying what the shape suggests); NaN or inf
    where the answer is finite; a flipped sign; an answer right to 1e-3 but not to ``rtol`` (lost precision,
    with ``precision_hint`` saying where this exercise loses digits); a constant factor; otherwise the first
    differing values.

    ``rtol`` is relative to the answer's largest value. The default accepts what float32 arithmetic keeps,
    so an answer computed in float32 (or in torch, whose default is float32) is right; a checker asks for
    more only where the exercise is about precision. ``returns_array`` refuses a list or tuple where the cells
    after the exercise use the answer as an array (and notes a torch tensor, right but awkward there); ``may_change`` lists the inputs the function may change in
    place (see :func:`call`).
    """
    notes: set[str] = set()
    try:
        for args in cases:
            expected = np.asarray(reference(*args), dtype=np.float64)
            result, caught = call(function, args, name, describe(args), shape_error_hint, may_change=may_change)
            if returns_array and isinstance(result, (list, tuple)):
                raise fail(name, f"returned a {type(result).__name__}; return a numpy array (numpy's operations on "
                                 "arrays give one; np.array(…) turns a list into one): the cells after this one use "
                                 "the answer's .shape and compute with it as an array")
            if returns_array and hasattr(result, "detach"):
                notes.add("your function returns a torch tensor: right, but the cells after this one compute with "
                          "the answer as a numpy array (and may pass it back in) — return a numpy array, "
                          "tensor.numpy(), so that they run")
            got = as_result_array(result, name)
            if close(got, expected, rtol=rtol):
                if any("overflow" in message for message in caught):
                    notes.add("numpy warned about an overflow for large inputs; the result was still right, "
                              "but a form that never evaluates exp of a large positive number is safer")
                continue
            for mistake in mistakes:
                wrong = np.asarray(mistake.compute(*args), dtype=np.float64)
                if close(got, wrong, rtol=rtol) and not close(wrong, expected, rtol=rtol):
                    raise fail(name, mistake.message)
            if got.shape != expected.shape:
                hint = shape_hint(got.shape, expected.shape) if shape_hint else ""
                raise fail(name, f"returned shape {got.shape}, expected {expected.shape}" + (f" — {hint}" if hint else ""))
            if not np.isfinite(got).all() and np.isfinite(expected).all():
                raise fail(name, f"returned NaN or inf where the answer is finite, for {describe(args) or 'an input'}"
                                 " — is it numerically unstable (exp of a large number, 0/0)?")
            if close(got, -expected, rtol=rtol):
                raise fail(name, "the sign is flipped: every value is the negative of the right one")
            if close(got, expected, rtol=1e-3, atol=1e-8):
                scale = max(float(np.max(np.abs(expected), initial=0.0)), 1e-300)
                raise fail(name, f"almost right, but only to about {np.max(np.abs(got - expected)) / scale:.0e} of "
                                 f"the answer's size, where {rtol:.0e} is asked: digits are being lost"
                                 + (f" — {precision_hint}" if precision_hint else ""))
            if not got.any() and expected.any():
                raise fail(name, f"returned only zeros{' for ' + describe(args) if describe(args) else ''}, where "
                                 f"the answer is {preview(expected)} — a term multiplied by 0, or a result that is "
                                 "never filled in?")
            factor = constant_factor(got, expected)
            if factor is not None:
                raise fail(name, f"every value is {factor:.4g} times the right one — a missing or extra constant "
                                 "factor (a ½, a 2, a batch size?)")
            where = f"wrong values{' for ' + describe(args) if describe(args) else ''}"
            if got.size > 1 and got.shape == expected.shape and preview(got) == preview(expected):
                raise fail(name, f"{where}: the first values shown agree ({preview(got)}), but not all"
                                 f"{_largest_difference(got, expected)}")
            raise fail(name, f"{where}: expected {preview(expected)}, got {preview(got)}"
                             f"{_largest_difference(got, expected)}")
    except _Verdict as verdict:
        return verdict.feedback
    message = f"{PASS} {name}: {success}"
    if notes:
        message += "\n  note: " + "; ".join(sorted(notes))
    return Feedback(True, message)
