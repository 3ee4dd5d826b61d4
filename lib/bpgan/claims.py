"""Checked claims: a measured number printed beside the threshold it must meet, and an error when it does not.

A notebook that says "the Fréchet distance is at most 20" must fail when that stops being true. For
anything trained from random numbers, the measured value changes with the seed, the CPU's kernels and
the device, so nbval cannot compare it exactly; the *claim* is the threshold. :func:`claim` prints one
line a reader can judge for themselves::

    ✓ Fréchet distance to the real digits: 18.2 — required ≤ 20.0

and raises :class:`ClaimFailed` (an ``AssertionError``) with the same line, marked ✗, when the value
misses its threshold. For nbval's comparison, ``tests/nbval_sanitize.cfg`` replaces the measured value
(the text between the last ``": "`` and ``" — required"``) by ``…``: the label, the relation and the
threshold are still compared exactly, so a notebook cannot quietly change what it claims.

Set ``$BPGAN_CLAIMS_LOG`` to a file name and every claim is also appended to it as one JSON line
(label, value, relation, threshold, seed): ``tools/claims_report.py`` turns the logs of runs over several
seeds and kernel paths into a table of values and margins.
"""

from __future__ import annotations

import json
import math
import operator
import os
import re
import warnings
from numbers import Real
from pathlib import Path

LOG_VARIABLE = "BPGAN_CLAIMS_LOG"

_RELATIONS = {
    "<=": (operator.le, "≤"),
    "<": (operator.lt, "<"),
    ">=": (operator.ge, "≥"),
    ">": (operator.gt, ">"),
}


class ClaimFailed(AssertionError):
    """A checked claim whose measured value missed its threshold."""


def _number(value, name: str) -> float:
    if isinstance(value, bool) or str(getattr(value, "dtype", "")) in ("bool", "torch.bool"):
        raise TypeError(f"{name} must be a real number, not a bool: print what was measured, not whether it passed")
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a number, not text ({value!r}): pass the measured number itself")
    if not isinstance(value, Real):
        try:
            value = float(value)               # numpy and torch scalars
        except (TypeError, ValueError):
            raise TypeError(f"{name} must be a real number; got {type(value).__name__} ({value!r})") from None
    value = float(value)
    if math.isnan(value):
        raise ValueError(f"{name} is NaN: the measurement itself failed")
    if math.isinf(value):
        raise ValueError(f"{name} is {value}: the measurement overflowed (or divided by zero)")
    return value


def _distinct(value: float, bounds: list[float], fmt: str) -> str:
    """``value`` formatted with ``fmt``, given more digits while it would print like one of ``bounds``: a failing
    line must not read "✗ 90.0% — required ≥ 90.0%"."""
    text = _format(value, fmt)
    precision = re.search(r"\.(\d+)", fmt)
    if precision is None or fmt.endswith("d"):
        return text if text not in {_format(b, fmt) for b in bounds} else repr(value)
    wider = fmt
    for extra in range(1, 8):
        if text not in {_format(b, wider) for b in bounds}:
            break
        wider = fmt[:precision.start(1)] + str(int(precision.group(1)) + extra) + fmt[precision.end(1):]
        text = _format(value, wider)
    return text


def _format(value: float, fmt: str) -> str:
    """``format(value, fmt)``; integer formats ("d") take counts that arrive as floats."""
    return format(round(value), fmt) if fmt.endswith("d") else format(value, fmt)


def claim(label: str, value, relation: str, threshold, *, fmt: str = "g") -> None:
    """Print ``✓ label: value — required relation threshold``; raise :class:`ClaimFailed` if it does not hold.

    ``relation`` is one of ``<=``, ``<``, ``>=``, ``>`` (``threshold`` a number) or ``between``
    (``threshold`` a pair ``(low, high)``, both ends included). ``fmt`` formats the value and the
    threshold alike (``".1f"``, ``".1%"``, ``"d"``). It returns nothing, so that a claim on a cell's last line
    prints its line and no echo of the value.
    """
    if not isinstance(label, str) or not label or ":" in label or "\n" in label:
        raise ValueError(f"label must be a non-empty line of text without ':'; got {label!r}")
    value = _number(value, "value")
    try:
        _format(value, fmt)
    except (ValueError, TypeError):
        raise ValueError(f"fmt must be a format for a number, such as '.3f', '.1%' or 'd'; got {fmt!r}") from None
    if relation == "between":
        try:
            low, high = (_number(end, "threshold") for end in threshold)
        except (TypeError, ValueError) as error:
            raise TypeError(f"'between' needs threshold = (low, high); got {threshold!r}") from error
        if low > high:
            raise ValueError(f"'between' needs low ≤ high; got {threshold!r}")
        holds = low <= value <= high
        required = f"between {_format(low, fmt)} and {_format(high, fmt)}"
    elif relation in _RELATIONS:
        compare, symbol = _RELATIONS[relation]
        threshold = _number(threshold, "threshold")
        holds = compare(value, threshold)
        required = f"{symbol} {_format(threshold, fmt)}"
    else:
        raise ValueError(f"relation must be one of {', '.join(list(_RELATIONS) + ['between'])}; got {relation!r}")

    line = f"{label}: {_format(value, fmt)} — required {required}"
    _log(label, value, relation, threshold)
    if not holds:
        bounds = list(threshold) if relation == "between" else [threshold]
        raise ClaimFailed(f"✗ {label}: {_distinct(value, bounds, fmt)} — required {required}")
    print(f"✓ {line}")


def _log(label: str, value: float, relation: str, threshold) -> None:
    path = os.environ.get(LOG_VARIABLE)
    if not path:
        return
    record = {"label": label, "value": value, "relation": relation,
              "threshold": list(threshold) if relation == "between" else threshold,
              "seed": os.environ.get("BPGAN_SEED", "")}
    try:
        with Path(path).open("a", encoding="utf-8") as log:
            log.write(json.dumps(record, ensure_ascii=False) + "\n")
    except OSError as error:         # the log is a maintainer's record: it must not fail the learner's cell
        warnings.warn(f"${LOG_VARIABLE} = {path!r} cannot be written ({error.strerror or error}); this claim is "
                      "not logged", stacklevel=3)
