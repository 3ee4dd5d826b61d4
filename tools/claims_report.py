"""Summarise logged claims over runs: every claim's values across seeds and kernel paths, and its margin.

Each notebook run with ``BPGAN_CLAIMS_LOG=FILE`` appends one JSON line per checked claim (see
``bpgan.claims``). Give this script the files of several runs, each named for what it was (say
``seed3.jsonl``, ``avx2.jsonl``): it prints one row per claim with the value of every run, the threshold,
and the margin of the closest run, the smallest distance to the threshold as a fraction of the threshold
(for "between", of the interval's width). A margin near zero is a claim one unlucky run away from failing.

Usage: python tools/claims_report.py logs/seed0.jsonl logs/seed1.jsonl … [--markdown]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path


def margin(value: float, relation: str, threshold) -> float:
    """How far ``value`` is inside its threshold, relative to it: negative when the claim fails."""
    if relation == "between":
        low, high = threshold
        width = (high - low) or 1.0
        return min(value - low, high - value) / width
    scale = abs(threshold) or 1.0
    return (threshold - value) / scale if relation in ("<=", "<") else (value - threshold) / scale


def read(paths: list[Path]) -> tuple[list[str], dict]:
    """Run names (file stems) and {label: {"relation", "threshold", run: [values]}} in first-seen order."""
    claims: dict[str, dict] = {}
    runs = []
    for path in paths:
        run = path.stem
        runs.append(run)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                label, value = record["label"], float(record["value"])
            except (ValueError, KeyError, TypeError) as error:
                raise SystemExit(f"{path}:{number}: not a claim record ({error})") from None
            entry = claims.setdefault(label, {"relation": record["relation"], "threshold": record["threshold"],
                                              "values": defaultdict(list)})
            entry["values"][run].append(value)
    return runs, claims


def threshold_text(relation: str, threshold) -> str:
    if relation == "between":
        return f"[{threshold[0]:.4g}, {threshold[1]:.4g}]"
    return f"{relation} {threshold:.4g}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("logs", nargs="+", type=Path)
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.logs if not p.is_file()]
    if missing:
        raise SystemExit(f"no such log file: {', '.join(missing)}")
    runs, claims = read(args.logs)
    print("| claim | " + " | ".join(runs) + " | required | smallest margin |")
    print("|---|" + "---|" * len(runs) + "---|---|")
    failing = 0
    for label, entry in claims.items():
        cells, margins = [], []
        for run in runs:
            values = entry["values"].get(run, [])
            cells.append(", ".join(f"{v:.4g}" for v in values) or "—")
            margins += [margin(v, entry["relation"], entry["threshold"]) for v in values]
        smallest = min(margins)
        failing += smallest < 0
        print(f"| {label} | " + " | ".join(cells) + f" | {threshold_text(entry['relation'], entry['threshold'])} "
              f"| {smallest:+.0%} |")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
