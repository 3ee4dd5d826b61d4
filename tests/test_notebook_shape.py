"""Every notebook opens with what you will do and how long it takes, and closes with a summary and the next step;
the teaching guide's table of times is the notebooks' own, and each of its sessions is a minute plan that leaves
slack."""

import re

import nbformat
import pytest

from bpgan.course import NOTEBOOKS
from notebook_files import NOTEBOOK_DIR, ROOT

TIME = re.compile(r"\*\*Time:\*\* about (\d+) minutes")
SESSION_MINUTES, PLANNED_AT_MOST = 90, 80          # a session's slots take at most 80 of its 90 minutes
SLOT = re.compile(r"^\| (\d+)–(\d+) \|", flags=re.MULTILINE)   # a row of a minute plan: | 0–5 | … | … |
SLACK = re.compile(r"\*\*Slack:\*\* (\d+) minutes")


def cells(notebook):
    return nbformat.read(NOTEBOOK_DIR / notebook.filename, as_version=4).cells


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[n.filename for n in NOTEBOOKS])
def test_opens_with_objectives_and_a_time_and_closes_with_a_summary_and_a_link_onwards(notebook):
    notebook_cells = cells(notebook)
    first, last = notebook_cells[0].source, notebook_cells[-1].source
    assert first.startswith(f"# {notebook.number} · ")
    assert "**You will**" in first and TIME.search(first), "the first cell says what you will do and how long it takes"
    assert "## Summary" in last
    position = NOTEBOOKS.index(notebook)
    following = NOTEBOOKS[(position + 1) % len(NOTEBOOKS)]
    assert f"({following.filename})" in last, f"the last cell links on to {following.filename}"


def test_the_teaching_guide_lists_each_notebooks_own_time():
    guide = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| (\d\d) \| [^|]+ \| (\d+) min \|", guide, flags=re.MULTILINE))
    for notebook in NOTEBOOKS:
        stated = TIME.search(cells(notebook)[0].source).group(1)
        assert rows.get(notebook.number) == stated, f"docs/teaching.md: notebook {notebook.number} takes {stated} min"
    total = re.search(r"all fourteen notebooks: about (\d+) minutes", guide)
    assert total and int(total.group(1)) == sum(int(minutes) for minutes in rows.values())


def guide_sessions(guide: str) -> dict[int, str]:
    """Each "## Session N — …" section of the guide, up to the next "## " heading, by its number."""
    sections = re.split(r"^(?=## )", guide, flags=re.MULTILINE)
    numbered = ((re.match(r"## Session (\d+) — ", section), section) for section in sections)
    return {int(match.group(1)): section for match, section in numbered if match}


def test_each_session_of_the_teaching_guide_is_a_minute_plan_of_at_most_80_minutes_with_its_slack_stated():
    guide = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")
    sessions = guide_sessions(guide)
    assert sorted(sessions) == [1, 2, 3], "docs/teaching.md plans three sessions"
    for number, section in sessions.items():
        slots = [(int(start), int(end)) for start, end in SLOT.findall(section)]
        assert slots, f"session {number}: no minute plan (rows such as | 0–5 | … | … |)"
        assert slots[0][0] == 0, f"session {number}: the plan starts at minute {slots[0][0]}, not 0"
        for (start, end), (next_start, _) in zip(slots, slots[1:] + [(slots[-1][1], None)]):
            assert start < end, f"session {number}: the slot {start}–{end} is empty or runs backwards"
            assert next_start == end, f"session {number}: the slot {start}–{end} is followed by one from {next_start}"
        planned = slots[-1][1]
        assert planned <= PLANNED_AT_MOST, (f"session {number}: its slots take {planned} minutes; at most "
                                            f"{PLANNED_AT_MOST} of {SESSION_MINUTES}, the rest slack")
        stated = SLACK.findall(section)
        assert stated == [str(SESSION_MINUTES - planned)], (
            f"session {number}: the guide states its slack once, as **Slack:** {SESSION_MINUTES - planned} minutes "
            f"(found {stated})")
