"""tools/claims_report.py: claims logged over several runs, summarised with their smallest margin."""

import importlib.util
import json
import subprocess
import sys

import pytest

from notebook_files import ROOT

spec = importlib.util.spec_from_file_location("claims_report", ROOT / "tools" / "claims_report.py")
claims_report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(claims_report)


def write_log(path, *records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.parametrize("value, relation, threshold, expected", [
    (18.0, "<=", 20.0, 0.1), (22.0, "<=", 20.0, -0.1), (2.3, ">=", 2.0, 0.15), (0.5, "between", [0.4, 0.6], 0.5),
    (0.41, "between", [0.4, 0.6], 0.05), (0.7, "between", [0.4, 0.6], -0.5),
])
def test_margin_is_the_distance_inside_the_threshold_relative_to_it(value, relation, threshold, expected):
    assert claims_report.margin(value, relation, threshold) == pytest.approx(expected)


def test_report_shows_every_run_and_fails_when_a_claim_missed(tmp_path):
    fd = {"label": "FD", "relation": "<=", "threshold": 20.0}
    ok = write_log(tmp_path / "seed0.jsonl", {**fd, "value": 12.0, "seed": "0"})
    bad = write_log(tmp_path / "seed1.jsonl", {**fd, "value": 21.0, "seed": "1"})
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "claims_report.py"), str(ok), str(bad)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "| FD | 12 | 21 | <= 20 | -5% |" in run.stdout
    assert claims_report.main([str(ok)]) == 0


def test_a_broken_log_is_named(tmp_path):
    broken = tmp_path / "seed2.jsonl"
    broken.write_text('{"label": "FD"}\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="seed2.jsonl:1: not a claim record"):
        claims_report.main([str(broken)])
