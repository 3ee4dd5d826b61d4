"""bpgan.claims: a checked claim prints its number beside its threshold and fails loudly when it misses."""

import json
import re
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from bpgan.claims import LOG_VARIABLE, ClaimFailed, claim

SANITIZE = Path(__file__).with_name("nbval_sanitize.cfg")


def sanitize(text):
    """Apply the project's nbval sanitize rules, as nbval does, in file order."""
    rules = re.findall(r"^regex: (.*)$\n^replace: (.*)$", SANITIZE.read_text(encoding="utf-8"), flags=re.MULTILINE)
    for regex, replace in rules:
        text = re.sub(regex, replace, text)
    return text


@pytest.mark.parametrize("relation, threshold, symbol", [("<=", 20, "≤"), ("<", 20, "<"), (">=", 10, "≥"), (">", 10, ">")])
def test_a_claim_that_holds_prints_value_and_threshold(capsys, relation, threshold, symbol):
    assert claim("Fréchet distance", 18.24, relation, threshold, fmt=".1f") is None
    assert capsys.readouterr().out == f"✓ Fréchet distance: 18.2 — required {symbol} {threshold:.1f}\n"


@pytest.mark.parametrize("relation, threshold", [("<=", 18), ("<", 18.24), (">=", 19), (">", 18.24),
                                                 ("between", (0, 18)), ("between", (19, 30))])
def test_a_claim_that_misses_raises_with_the_number_and_the_threshold(capsys, relation, threshold):
    with pytest.raises(ClaimFailed, match=r"^✗ FD: 18\.24 — required "):
        claim("FD", 18.24, relation, threshold)
    assert capsys.readouterr().out == "", "a failed claim must not also print a ✓ line"


def test_between_includes_both_ends(capsys):
    claim("rate", 0.9, "between", (0.9, 1.0), fmt=".0%")
    claim("rate", 1.0, "between", (0.9, 1.0), fmt=".0%")
    assert capsys.readouterr().out.splitlines() == ["✓ rate: 90% — required between 90% and 100%",
                                                   "✓ rate: 100% — required between 90% and 100%"]


def test_numpy_and_torch_scalars_are_numbers(capsys):
    claim("a", np.float32(0.5), "<", 1)
    claim("b", torch.tensor(3), ">=", np.int64(2), fmt="d")
    assert "✓ b: 3 — required ≥ 2" in capsys.readouterr().out


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(value=float("nan")), ValueError, "NaN"),
    (dict(value="high"), TypeError, "not text"),
    (dict(value=True), TypeError, "real number"),
    (dict(relation="=="), ValueError, "relation must be one of"),
    (dict(relation="between", threshold=5), TypeError, r"\(low, high\)"),
    (dict(relation="between", threshold=(5, 1)), ValueError, "low ≤ high"),
    (dict(label="FD: final"), ValueError, "without ':'"),
    (dict(label=""), ValueError, "label"),
])
def test_bad_arguments_get_a_clear_error(kwargs, error, message):
    arguments = dict(label="FD", value=1.0, relation="<", threshold=2.0) | kwargs
    with pytest.raises(error, match=message):
        claim(**arguments)


def test_nbval_compares_the_threshold_but_not_the_measured_value(capsys):
    claim("Fréchet distance after 1500 steps", 18.2, "<=", 20, fmt=".1f")
    claim("Fréchet distance after 1500 steps", 7.9, "<=", 20, fmt=".1f")
    first, second = capsys.readouterr().out.splitlines()
    assert first != second and sanitize(first) == sanitize(second)
    assert sanitize(first) == "✓ Fréchet distance after 1500 steps: … — required ≤ 20.0"
    claim("Fréchet distance after 1500 steps", 7.9, "<=", 25, fmt=".1f")
    assert sanitize(capsys.readouterr().out.strip()) != sanitize(first), "a changed threshold must be noticed"


def test_lines_that_are_not_claims_are_left_alone():
    for line in ("largest stable step 2/λ_max = 0.200", "a: 1, b: 2", "test accuracy after the last epoch: 94.1%"):
        assert sanitize(line) == line


def test_claims_are_logged_when_asked(tmp_path, monkeypatch, capsys):
    log = tmp_path / "claims.jsonl"
    monkeypatch.setenv(LOG_VARIABLE, str(log))
    monkeypatch.setenv("BPGAN_SEED", "3")
    claim("coverage", 2.25, ">=", 2.2)
    with pytest.raises(ClaimFailed):
        claim("rate", 0.5, "between", (0.6, 1.0))
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert records == [
        {"label": "coverage", "value": 2.25, "relation": ">=", "threshold": 2.2, "seed": "3"},
        {"label": "rate", "value": 0.5, "relation": "between", "threshold": [0.6, 1.0], "seed": "3"},
    ]


@pytest.mark.parametrize("value, says", [(np.True_, "not a bool"), (torch.tensor(True), "not a bool"),
                                         ("0.95", "not text"), (b"0.95", "not text"), (float("inf"), "overflowed"),
                                         (-np.inf, "overflowed"), (torch.tensor(float("inf")), "overflowed")])
def test_a_value_that_is_not_a_measured_number_is_refused(value, says):
    with pytest.raises((TypeError, ValueError), match=says):
        claim("accuracy", value, ">=", 0.9)


@given(value=st.floats(0.5, 0.9, exclude_max=True), fmt=st.sampled_from([".0%", ".1%", ".1f", ".2f", "g", "d"]))
def test_a_failing_line_never_prints_its_value_like_its_threshold(value, fmt):
    with pytest.raises(ClaimFailed) as failed:
        claim("accuracy", value, ">=", 0.9, fmt=fmt)
    shown, required = re.match(r"✗ accuracy: (.*) — required ≥ (.*)$", str(failed.value)).groups()
    assert shown != required, str(failed.value)


def test_an_unwritable_log_warns_and_the_claim_still_holds(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv(LOG_VARIABLE, str(tmp_path / "no such folder" / "claims.jsonl"))
    with pytest.warns(UserWarning, match="cannot be written"):
        claim("accuracy", 0.95, ">=", 0.9, fmt=".0%")
    assert capsys.readouterr().out == "✓ accuracy: 95% — required ≥ 90%\n"
