"""Report days and months are the partnership's local ones (config reminders.timezone), while
times are stored in UTC: a case opened just after midnight on 1 April (BST) is an April case."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from storage import open_store
from storage.reporting.periods import month_starts
from tests.analytics.store_helpers import Clock
from tests.analytics.test_reporting_sql import KEY

# (reference, opening moment in UTC, local (Europe/London) day)
OPENED = [
    ("A", datetime(2026, 3, 31, 23, 30, tzinfo=UTC)),  # 00:30 BST on 1 April
    ("B", datetime(2026, 4, 15, 12, 0, tzinfo=UTC)),  # 13:00 BST on 15 April
    ("C", datetime(2026, 4, 30, 23, 30, tzinfo=UTC)),  # 00:30 BST on 1 May
    ("D", datetime(2026, 12, 31, 23, 30, tzinfo=UTC)),  # 23:30 GMT on 31 December
]


@pytest.fixture
async def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Four cases opened near the edges of months."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHECKIN_DATA_KEY", KEY)
    monkeypatch.delenv("CHECKIN_CONFIG", raising=False)
    path, clock = tmp_path / "periods.db", Clock(OPENED[0][1])
    async with open_store(path, KEY, clock=clock) as store:
        for ref, moment in OPENED:
            clock.now = moment
            await store.create_case("Police", "North", ref)
    return path


def _report(db: Path, capsys: pytest.CaptureFixture[str], *options: str) -> dict:
    assert 0 == main(["report", "--db", str(db), "--format", "json", "--audience", "hub",
                      *options])  # fmt: skip
    return json.loads(capsys.readouterr().out)


def _months(report: dict) -> dict[str, int]:
    rows = next(b["rows"] for b in report["breakdowns"] if b["dimension"] == "month")
    return {row["value"]: row["cases"] for row in rows}


def test_local_days_and_months_in_the_partnerships_time_zone(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """In Europe/London, April is A (00:30 on 1 April BST) and B; C was opened on 1 May
    and D on 31 December (GMT, the same as UTC). The quarters follow the months."""
    monkeypatch.setenv("CHECKIN_REMINDERS_TIMEZONE", "Europe/London")
    april = _report(db, capsys, "--from", "2026-04-01", "--to", "2026-04-30")
    assert (2, "Europe/London") == (april["cases"], april["filters"]["timezone"])
    by_month = _report(db, capsys, "--by", "month", "--by", "quarter")
    assert {"2026-04": 2, "2026-05": 1, "2026-12": 1} == _months(by_month)
    quarters = next(b["rows"] for b in by_month["breakdowns"] if b["dimension"] == "quarter")
    assert {"2026-Q2": 3, "2026-Q4": 1} == {row["value"]: row["cases"] for row in quarters}


def test_utc_time_zone_keeps_utc_days(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With reminders.timezone = UTC, A is a March case and C an April one."""
    monkeypatch.setenv("CHECKIN_REMINDERS_TIMEZONE", "UTC")
    assert 2 == _report(db, capsys, "--from", "2026-04-01", "--to", "2026-04-30")["cases"]
    by_month = _report(db, capsys, "--by", "month")
    assert {"2026-03": 1, "2026-04": 2, "2026-12": 1} == _months(by_month)


def test_a_time_zone_that_does_not_exist_is_one_plain_error(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mistyped zone names the setting and an example, and no report is written."""
    monkeypatch.setenv("CHECKIN_REMINDERS_TIMEZONE", "Europe/Londn")
    assert 1 == main(["report", "--db", str(db), "--format", "json"])
    captured = capsys.readouterr()
    assert "" == captured.out
    assert "reminders.timezone" in captured.err and "Europe/London" in captured.err


def test_month_starts_follow_summer_time() -> None:
    """April 2026 starts at 23:00 UTC on 31 March (BST); January 2027 at midnight UTC."""
    first = datetime(2026, 3, 5, tzinfo=UTC)
    last = datetime(2027, 1, 2, tzinfo=UTC)
    starts = dict((month, utc) for utc, month in month_starts(first, last, "Europe/London"))
    assert "2026-03-31T23:00:00.000000Z" == starts["2026-04"]
    assert "2027-01-01T00:00:00.000000Z" == starts["2027-01"]
    assert 11 == len(starts)
