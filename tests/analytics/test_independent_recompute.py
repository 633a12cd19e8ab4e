"""The report's main figures recomputed independently: plain Python over the raw tables of a
demo store (no storage.reporting, no analytics), compared with ``checkin report`` in JSON,
CSV and XLSX, for the whole selection and by organisation and month (local months)."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from bot.cli import main
from tests.analytics.test_reporting_sql import KEY

ZONE = ZoneInfo("Europe/London")  # the default reminders.timezone


def _baseline(db: sqlite3.Connection, case: int) -> str | None:
    """The start safety level: last answer of the first start session that has one."""
    rows = db.execute(
        "SELECT session_id, value FROM answers WHERE case_id = ? AND measure = 'safety' "
        "AND timepoint = 'start' ORDER BY id", (case,),
    ).fetchall()  # fmt: skip
    return [value for session, value in rows if session == rows[0][0]][-1] if rows else None


def _last(db: sqlite3.Connection, case: int, measure: str) -> str | None:
    row = db.execute(
        "SELECT value FROM answers WHERE case_id = ? AND measure = ? AND timepoint = 'end' "
        "ORDER BY id DESC LIMIT 1", (case, measure),
    ).fetchone()  # fmt: skip
    return row[0] if row else None


def _sg4a(db: sqlite3.Connection, case: int, state: str) -> str:
    last_per_session: dict[int, str] = {}
    for session, status in db.execute(
        "SELECT session_id, status FROM outcome_revisions WHERE case_id = ? ORDER BY id", (case,)
    ):
        last_per_session[session] = status
    used = db.execute(
        "SELECT count(*) FROM invites WHERE case_id = ? AND used_at IS NOT NULL", (case,)
    ).fetchone()[0]
    if state == "erased":
        return "not_recorded"
    if not last_per_session:
        return "not_asked" if used else "not_recorded"
    return "expressed" if "expressed" in last_per_session.values() else "none_expressed"


def _achieved(db: sqlite3.Connection, case: int) -> str | None:
    last: dict[str | None, str] = {}
    for ref, value in db.execute(
        "SELECT outcome_ref, value FROM answers WHERE case_id = ? AND timepoint = 'end' "
        "AND measure = 'outcome_achieved' ORDER BY id", (case,),
    ):  # fmt: skip
        last[ref] = value
    scored = {value for value in last.values() if value in ("yes", "partly", "no")}
    if not scored:
        return None
    return {frozenset({"yes"}): "fully", frozenset({"no"}): "not_achieved"}.get(
        frozenset(scored), "partially"
    )


def recompute(path: Path) -> dict[tuple[str, str], Counter[str]]:
    """(dimension, value) -> figure -> count, from the raw tables."""
    db = sqlite3.connect(path)
    figures: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    cases = db.execute(
        "SELECT c.id, o.name, c.opened_at, c.state FROM cases c "
        "JOIN organisations o ON o.id = c.organisation_id"
    ).fetchall()
    for case, organisation, opened_at, state in cases:
        opened = datetime.fromisoformat(opened_at[:-1]).replace(tzinfo=UTC).astimezone(ZONE)
        end_done = db.execute(
            "SELECT count(*) FROM sessions s JOIN participants p ON p.id = s.participant_id "
            "WHERE p.case_id = ? AND s.timepoint = 'end' AND s.status = 'completed'", (case,),
        ).fetchone()[0]  # fmt: skip
        start, end = _baseline(db, case), _last(db, case, "safety")
        sg4a = _sg4a(db, case, state)
        found = Counter({"cases": 1, f"sg4a_{sg4a}": 1})
        if start in ("1", "2", "3", "4") and end in ("1", "2", "3", "4"):
            change = (int(end) > int(start)) - (int(end) < int(start))
            found.update(["pairs", {1: "safer", 0: "same", -1: "less_safe"}[change]])
            found.update([f"start_{start}", f"end_{end}"])
        if sg4a == "expressed" and end_done:
            found[_achieved(db, case) or "not_known"] += 1
        found[f"made_safer_{_last(db, case, 'made_safer')}"] += 1
        for key in (("all", "all"), ("organisation", organisation),
                    ("month", f"{opened:%Y-%m}")):  # fmt: skip
            figures[key].update(found)
    return figures


FIGURES = ("cases", "pairs", "safer", "same", "less_safe", "fully", "partially",
           "not_achieved", "not_known", "made_safer_yes", "sg4a_expressed", "sg4a_not_asked",
           "sg4a_not_recorded", "start_4", "end_4")  # fmt: skip


def _from_report(group: dict) -> dict[str, int]:
    safety, outcomes = group["safety"], group["outcomes"]
    return {
        "cases": group["cases"], "pairs": safety["pairs"], "safer": safety["safer"],
        "same": safety["same"], "less_safe": safety["less_safe"], "fully": outcomes["fully"],
        "partially": outcomes["partially"], "not_achieved": outcomes["not_achieved"],
        "not_known": outcomes["not_known"],
        "made_safer_yes": group["experience"]["made_safer_yes"]["count"],
        "sg4a_expressed": outcomes["sg4a"]["expressed"],
        "sg4a_not_asked": outcomes["sg4a"]["not_asked"],
        "sg4a_not_recorded": outcomes["sg4a"]["not_recorded"],
        "start_4": safety["start_distribution"]["4"], "end_4": safety["end_distribution"]["4"],
    }  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 40-case demo store, made through the real engine and store."""
    folder = tmp_path_factory.mktemp("recompute")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        patch.setenv("CHECKIN_DATA_KEY", KEY)
        patch.delenv("CHECKIN_CONFIG", raising=False)
        assert 0 == main(["demo", "--cases", "40", "--seed", "7", "--db", "demo.db"])
    return folder / "demo.db"


@pytest.fixture
def report_in(demo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., None]:
    """Run ``checkin report --audience hub --by organisation --by month`` in a format."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHECKIN_DATA_KEY", KEY)
    monkeypatch.delenv("CHECKIN_CONFIG", raising=False)

    def run(fmt: str, output: Path | None = None) -> None:
        options = ["--output", str(output)] if output else []
        assert 0 == main(["report", "--db", str(demo), "--audience", "hub", "--format", fmt,
                          "--by", "organisation", "--by", "month", *options])  # fmt: skip

    return run


def test_json_figures_equal_an_independent_recomputation(
    demo: Path, report_in: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    """Cases, pairs, safer/same/less safe, level 4 at start and end, SG4a, fully/partially/
    not achieved and made safer: overall, per organisation and per (local) month."""
    report_in("json")
    report = json.loads(capsys.readouterr().out)
    groups = {("all", "all"): report} | {
        (b["dimension"], row["value"]): row for b in report["breakdowns"] for row in b["rows"]
    }
    expected = recompute(demo)
    assert set(expected) == set(groups)
    assert {key: {f: expected[key][f] for f in FIGURES} for key in expected} == {
        key: _from_report(group) for key, group in groups.items()
    }
    assert report["safety"]["pairs"] >= 10  # the demo gives the figures something to count


def test_csv_and_xlsx_carry_the_same_figures(
    demo: Path, report_in: Callable[..., None], tmp_path: Path
) -> None:
    """The tidy CSV folder and the XLSX workbook hold the recomputed pairs and outcomes."""
    report_in("csv", tmp_path / "csv")
    report_in("xlsx", tmp_path / "report.xlsx")
    expected = recompute(demo)
    with (tmp_path / "csv" / "safety.csv").open() as handle:
        safety = [row for row in csv.DictReader(handle) if row["answered_by"] == "all"]
    with (tmp_path / "csv" / "outcomes.csv").open() as handle:
        outcomes = list(csv.DictReader(handle))
    assert {(r["dimension"], r["value"]): int(r["pairs"]) for r in safety} == {
        key: found["pairs"] for key, found in expected.items()
    }
    assert {(r["dimension"], r["value"]): int(r["fully"]) for r in outcomes} == {
        key: found["fully"] for key, found in expected.items()
    }
    sheet = load_workbook(tmp_path / "report.xlsx")["safety"]
    headers = [cell.value for cell in sheet[1]]
    rows = [dict(zip(headers, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    assert {
        (r["dimension"], r["value"]): r["safer"] for r in rows if r["answered_by"] == "all"
    } == {key: found["safer"] for key, found in expected.items()}


def test_table_and_html_carry_the_same_figures(
    demo: Path,
    report_in: Callable[..., None],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The terminal table's headline pairs and safer/same/less safe, and the HTML safety
    table's row for the whole selection, hold the recomputed figures."""
    expected = recompute(demo)[("all", "all")]
    report_in("table")
    table = capsys.readouterr().out
    assert re.search(rf"^pairs \(start and end level\) +{expected['pairs']}$", table, re.M)
    counts = f"{expected['safer']} / {expected['same']} / {expected['less_safe']}"
    assert re.search(rf"^safer / same / less safe +{counts}$", table, re.M)
    report_in("html", tmp_path / "report.html")
    page = (tmp_path / "report.html").read_text()
    row = f"<td>all</td><td>all</td><td>all</td><td>{expected['pairs']}</td>"
    assert row + f"<td>{expected['safer']}</td><td>{expected['same']}</td>" in page
