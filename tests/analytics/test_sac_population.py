"""The SAC return counts concluded cases by the day they were closed, and cases the bot has
no record of (never used, or erased) are never counted as 'not asked' (a real store,
through ``checkin report``)."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from storage import Store, open_store
from tests.analytics.store_helpers import Clock, Survey, take_survey
from tests.analytics.test_reporting_sql import KEY

EXPRESSED = Survey([("safety", "2", None, None)], outcomes=("o1",), outcome_status="expressed")
NONE_EXPRESSED = Survey([("safety", "3", None, None)], outcome_status="none")
STOPPED = Survey([("safety", "2", None, None)])
ALL_YES = Survey([("safety", "4", None, None), ("outcome_achieved", "yes", "o1", None)])


def chat_of(ref: str) -> int:
    """The person's chat id in case ``ref``."""
    return 7000 + ord(ref[0])


def day(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(hour=12, tzinfo=UTC)


async def case_over_time(
    store: Store,
    clock: Clock,
    ref: str,
    opened: str,
    start: Survey | None,
    closed: str | None = None,
    end: Survey | None = None,
    reason: str | None = None,
) -> None:
    """Open a case and take its start survey (None: the link is never used) on ``opened``;
    close it (and take the end survey) on ``closed``."""
    clock.now = day(opened)
    new = await store.create_case("Police", "North", ref)
    if start is not None:
        person = await store.redeem_invite(new.person_token, chat_of(ref))
        await take_survey(store, person.id, "start", start)
    if closed is None:
        return
    clock.now = day(closed)
    await store.cases.close(ref, organisation="Police", no_end_survey_reason=reason)
    if end is not None:
        invite = await store.create_invite(new.case, "person", "end")
        await store.redeem_invite(invite.token, chat_of(ref))
        await take_survey(store, person.id, "end", end)


@pytest.fixture
async def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Seven cases around the SAC year that starts on 1 April 2026:

    P opened 20 Mar, outcomes expressed, closed 5 Apr, every outcome achieved
    Q opened 2 Apr, outcomes expressed, still open
    R opened 10 Apr, outcomes expressed, closed 20 Apr without an end survey (declined)
    S opened 12 Apr, no outcomes expressed, closed 25 Apr, then erased by staff
    T opened 1 Mar, outcomes expressed, closed 30 Mar (the year before), achieved
    U opened 3 Apr, the link never used, closed 22 Apr (no contact)
    V opened 6 Apr, answered the safety question and stopped, closed 18 Apr (other)
    """
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHECKIN_DATA_KEY", KEY)
    monkeypatch.delenv("CHECKIN_CONFIG", raising=False)
    path, clock = tmp_path / "sac.db", Clock(day("2026-03-01"))
    async with open_store(path, KEY, clock=clock) as store:
        await case_over_time(store, clock, "T", "2026-03-01", EXPRESSED, "2026-03-30", ALL_YES)
        await case_over_time(store, clock, "P", "2026-03-20", EXPRESSED, "2026-04-05", ALL_YES)
        await case_over_time(store, clock, "Q", "2026-04-02", EXPRESSED)
        await case_over_time(store, clock, "R", "2026-04-10", EXPRESSED, "2026-04-20",
                             reason="declined")  # fmt: skip
        await case_over_time(store, clock, "S", "2026-04-12", NONE_EXPRESSED, "2026-04-25",
                             ALL_YES)  # fmt: skip
        await store.erase_case("S", organisation="Police")
        await case_over_time(store, clock, "U", "2026-04-03", None, "2026-04-22",
                             reason="no_contact")  # fmt: skip
        await case_over_time(store, clock, "V", "2026-04-06", STOPPED, "2026-04-18",
                             reason="other")  # fmt: skip
    return path


def _sac(db: Path, capsys: pytest.CaptureFixture[str], *options: str) -> dict[str, str]:
    """The return's counts by category, for the year starting 1 April 2026."""
    year = ["--from", "2026-04-01", "--to", "2027-03-31"]
    assert 0 == main(["report", "--db", str(db), "--sac-return", *year, *options])
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))[1:]
    return {f"{row[0]} {row[2]}": row[3] for row in rows}


def test_sac_return_counts_the_cases_concluded_in_the_year(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """P (opened in March, closed in April), R, S, U and V were concluded in the year; Q is
    still open and T was concluded the year before, so neither is counted. P achieved
    everything; R expressed outcomes but has no end survey. V used the bot and was never
    asked about outcomes: 'No'. S's answers were erased and U never used the bot, so SG4a
    cannot say whether they were asked: 'not recorded', never 'No'. SG4b's rows add up to
    SG4a row 1."""
    sac = _sac(db, capsys, "--audience", "hub")
    assert {
        "cases Cases concluded (closed) in the period, including any since erased": "5",
        "SG4a Yes, they were asked and outcomes were expressed": "2",
        "SG4a Yes, they were asked but no outcomes were expressed": "0",
        "SG4a No": "1",
        "SG4a Not recorded": "2",
        "SG4b Fully achieved": "1",
        "SG4b Partially achieved": "0",
        "SG4b Not achieved": "0",
        "SG4b Not known: no answer (not part of the return)": "0",
        "SG4b Not known: no end survey (not part of the return)": "1",
    } == sac


def test_board_sac_return_is_protected_too(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The default (board) return shows every count of 0-4 as [c]; the 5 cases as 5."""
    sac = _sac(db, capsys)
    assert "5" == sac.pop(
        "cases Cases concluded (closed) in the period, including any since erased"
    )
    assert {"[c]"} == set(sac.values())


def test_the_report_still_selects_cases_by_the_day_they_were_opened(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --sac-return, April's cases are those opened in April (Q, R, S, U, V), open
    or closed; the erased case S and U, where the bot was never used, are counted under
    sg4a 'not_recorded', V alone under 'not_asked'."""
    options = ["--from", "2026-04-01", "--to", "2026-04-30", "--audience", "hub"]
    assert 0 == main(["report", "--db", str(db), "--format", "json", *options])
    report = json.loads(capsys.readouterr().out)
    assert (5, False) == (report["cases"], report["filters"]["concluded"])
    sg4a = report["outcomes"]["sg4a"]
    assert {"expressed": 2, "none_expressed": 0, "not_asked": 1, "not_recorded": 2} == sg4a
    assert 2 == report["outcomes"]["no_end_survey"]


def test_a_person_who_withdrew_is_not_recorded_not_never_asked(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """R withdrew from the bot: their answers and outcomes are erased, so SG4a moves R from
    'expressed' to 'not recorded' - never to 'No' (not asked)."""

    async def withdraw() -> None:
        async with open_store(db, KEY) as store:
            person = await store.participant_for_chat(chat_of("R"))
            assert person is not None
            assert await store.erase_participant(person.id, actor="participant")

    asyncio.run(withdraw())
    sac = _sac(db, capsys, "--audience", "hub")
    assert ("1", "1", "3") == (
        sac["SG4a Yes, they were asked and outcomes were expressed"],
        sac["SG4a No"],
        sac["SG4a Not recorded"],
    )
