"""``checkin report`` end to end on a real store: formats, audiences, audit, errors."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from analytics.schema import Report
from bot.cli import main
from storage import open_store
from tests.analytics.store_helpers import START, Clock, example_partnership
from tests.analytics.test_reporting_sql import KEY


@pytest.fixture
async def db(tmp_path: Path) -> Path:
    path = tmp_path / "report.db"
    clock = Clock(START)
    async with open_store(path, KEY, clock=clock) as store:
        await example_partnership(store, clock)
    return path


@pytest.fixture(autouse=True)
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The data key from the environment; no config file."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHECKIN_DATA_KEY", KEY)
    monkeypatch.delenv("CHECKIN_CONFIG", raising=False)


def _report(db: Path, capsys: pytest.CaptureFixture[str], *options: str) -> Report:
    assert 0 == main(["report", "--db", str(db), "--format", "json", *options])
    return Report.model_validate_json(capsys.readouterr().out)


def _audit_actions(db: Path) -> list[str]:
    async def read() -> list[str]:
        async with open_store(db, KEY) as store:
            return [entry.action for entry in await store.audit.entries(action="report_run")]

    return asyncio.run(read())


def test_hub_json_has_exact_figures_and_one_audit_entry(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hub: 3 pairs (1 safer, 1 same, 1 less safe); representative answers apart; tone of
    the free text as an indicative figure. One report run is one audit entry."""
    report = _report(db, capsys, "--audience", "hub", "--by", "organisation")
    safety = report.safety
    assert (3, 1, 1, 1) == (safety.pairs, safety.safer, safety.same, safety.less_safe)
    assert 1 == report.safety_by_answered_by["representative"].pairs
    assert (1, 1, 1) == (
        report.outcomes.fully,
        report.outcomes.partially,
        report.outcomes.not_achieved,
    )
    assert report.free_text is not None and 1 == report.free_text.end.positive
    assert ["Housing", "Police"] == [row.value for row in report.breakdowns[0].rows]
    assert ["report_run"] == _audit_actions(db)


def test_board_json_protects_small_numbers(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Board (the default): 3 pairs is [c], no percentages, no test, no free text."""
    report = _report(db, capsys)
    assert ("board", "[c]", None, False, None) == (
        report.audience, report.safety.pairs, report.safety.safer_percent,
        report.safety.wilcoxon.performed, report.free_text,
    )  # fmt: skip
    assert 5 == report.cases  # 6 cases round to 5


def test_xlsx_html_csv_and_sac_return_files(db: Path, tmp_path: Path) -> None:
    """Each file format is written where --output says and reads back."""
    for fmt, name in (("xlsx", "r.xlsx"), ("html", "r.html"), ("csv", "csv")):
        assert 0 == main(
            ["report", "--db", str(db), "--format", fmt, "--output", str(tmp_path / name)]
        )
    assert "Notes" in load_workbook(tmp_path / "r.xlsx").sheetnames
    page = (tmp_path / "r.html").read_text()
    assert page.count("<figure") == 4 and "This help was great" not in page
    assert (tmp_path / "csv" / "safety.csv").exists()
    assert 0 == main(["report", "--db", str(db), "--sac-return", "--audience", "hub",
                      "--output", str(tmp_path / "sac.csv")])  # fmt: skip
    assert (
        'SG4a,1,"Yes, they were asked and outcomes were expressed",3'
        in (tmp_path / "sac.csv").read_text()
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--format", "html"], "add --output PATH"),
        (["--from", "2026-02-30"], "--from must be a date"),
        (["--from", "2026-03-01", "--to", "2026-02-01"], "--from must be on or before --to"),
    ],
)
def test_mistakes_get_one_line_that_says_what_to_do(
    db: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    """A wrong option exits 1 with one plain line on stderr."""
    assert 1 == main(["report", "--db", str(db), *options])
    err = capsys.readouterr().err.strip().splitlines()
    assert 1 == len(err) and message in err[0]


def test_missing_database_is_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A report never creates an empty store where none was."""
    missing = tmp_path / "none.db"
    assert 1 == main(["report", "--db", str(missing)])
    assert "There is no database" in capsys.readouterr().err and not missing.exists()


def test_python_m_analytics_is_the_same_command(db: Path, tmp_path: Path) -> None:
    """python -m analytics takes the same arguments as checkin report."""
    result = subprocess.run(
        [sys.executable, "-m", "analytics", "--db", str(db), "--format", "json"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert 0 == result.returncode, result.stderr
    assert "board" == json.loads(result.stdout)["audience"]
