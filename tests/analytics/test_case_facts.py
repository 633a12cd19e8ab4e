"""case_facts (migration 0004): kept by triggers, it gives exactly the report the answers do.

The oracle is the report's previous query path (tests/analytics/answers_path.py), which
built every fact from the answers at report time.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import storage.migrate as migrate
from analytics.demo import DemoClock, build_demo
from storage import Store, generate_key, open_store
from storage.bulk import BulkAnswer, BulkCase
from storage.reporting import DIMENSIONS, ReportCounts, ReportFilters, report_counts
from tests.analytics.answers_path import report_counts_from_answers, same_layout
from tests.analytics.store_helpers import START, Clock, example_partnership

KEY = generate_key()
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
SELECTIONS = (
    ReportFilters(),
    ReportFilters(organisation="Police"),
    ReportFilters(date_from="2026-03-01", date_to="2026-06-30"),
    ReportFilters(team="North"),
)


def _canonical(counts: ReportCounts) -> dict:
    """The counts as plain data with every unordered tuple of cells sorted."""

    def group(g) -> dict:  # noqa: ANN001
        data = asdict(g)
        data["safety"] = sorted(data["safety"], key=repr)
        data["achievement"] = sorted(data["achievement"], key=repr)
        data["alerts"]["minutes_to_acknowledge"] = sorted(data["alerts"]["minutes_to_acknowledge"])
        return data

    return {
        "overall": group(counts.overall),
        "breakdowns": {
            dim: {value: group(g) for value, g in table.items()}
            for dim, table in counts.breakdowns.items()
        },
    }


def _rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _stale_rows(path: Path) -> list[tuple]:
    """case_facts rows that differ from the view (there must be none)."""
    return _rows(path, "SELECT * FROM case_facts EXCEPT SELECT * FROM case_facts_computed")


async def _assert_same_reports(store: Store) -> None:
    for selection in SELECTIONS:
        new = await report_counts(store, selection, DIMENSIONS)
        old = await report_counts_from_answers(store, selection, DIMENSIONS)
        assert _canonical(old) == _canonical(new)


async def _forget_some(store: Store, clock: DemoClock) -> int:
    """Purge the oldest closed case, erase the next one and withdraw the person of the
    newest case that finished its end survey; returns the latter's case id."""
    cases = sorted(await store.cases.list(state="closed"), key=lambda c: c.closed_at)
    days = (clock.now - cases[0].closed_at).days  # type: ignore[operator]
    assert (await store.purge(days)).case_ids
    await store.erase_case(cases[-1].local_ref, organisation=cases[-1].organisation)
    person, case_id = _finished(store.path)[-1]
    assert case_id != cases[-1].id
    assert await store.erase_participant(person, actor="test")
    return case_id


def _finished(path: Path) -> list[tuple[int, int]]:
    """(participant, case) of each completed end survey, oldest case first."""
    return _rows(
        path,
        "SELECT p.id, p.case_id FROM participants p JOIN sessions s ON s.participant_id = p.id"
        " WHERE s.timepoint = 'end' AND s.status = 'completed' ORDER BY p.case_id, p.id",
    )


def test_the_oracle_packs_the_same_fields() -> None:
    """The old path's codes are laid out as the new path's, so their counts compare."""
    assert same_layout()


async def test_demo_store_reports_equal_the_answers_path_before_and_after_forgetting(
    tmp_path: Path,
) -> None:
    """A 40-case demo driven through the real engine and store (variants, representatives,
    revised outcomes, missing end surveys, alerts): every breakdown of every selection is
    the same from case_facts as from the answers; and still after a withdrawal (its case's
    row removed, computed at report time), an erased case and a purge."""
    path, clock = tmp_path / "demo.db", DemoClock(NOW)
    async with open_store(path, KEY, clock=clock) as store:
        await build_demo(store, clock, cases=40, seed=11)
        assert [] == _stale_rows(path)
        assert _rows(path, "SELECT count(*) FROM cases") == _rows(
            path, "SELECT count(*) FROM case_facts"
        )
        await _assert_same_reports(store)
        withdrawn = await _forget_some(store, clock)
        assert [] == _stale_rows(path)
        missing = _rows(path, "SELECT id FROM cases EXCEPT SELECT case_id FROM case_facts")
        assert [(withdrawn,)] == missing  # no row until the case's next write
        await _assert_same_reports(store)


async def test_bulk_loaded_cases_get_their_facts_and_the_triggers_resume(tmp_path: Path) -> None:
    """The bulk loader drops the triggers only inside its transaction (all 18 are back, as
    they were) and fills the facts of the cases it loaded; later cases through the normal API are
    kept by the triggers."""
    path = tmp_path / "bulk.db"
    when = datetime(2026, 2, 1, tzinfo=UTC)
    rep = {"answered_by": "representative", "participant_kind": "representative"}
    loaded = [
        BulkCase("Police", "North", "B1", when, when + timedelta(days=20),
                 outcomes=(("o1", "own_words"),),
                 answers=(BulkAnswer("start", "safety", "2", when),
                          BulkAnswer("end", "safety", "4", when, variant="easy_read"),
                          BulkAnswer("end", "outcome_achieved", "partly", when, outcome_ref="o1"),
                          BulkAnswer("end", "made_safer", "yes", when))),
        BulkCase("Housing", "East", "B2", when, when + timedelta(days=9),
                 no_end_survey_reason="declined",
                 answers=(BulkAnswer("start", "safety", "dont_know", when, **rep),)),
    ]  # fmt: skip
    clock = Clock(START)
    triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    async with open_store(path, KEY, clock=clock) as store:
        before = _rows(path, triggers)
        assert 2 == await store.bulk_load(loaded)
        await example_partnership(store, clock)
        assert 18 == len([name for name, _ in before if name.startswith("case_facts_")])
        assert before == _rows(path, triggers)
        assert [] == _stale_rows(path)
        assert [(8, 8)] == _rows(
            path, "SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM case_facts)"
        )
        assert [("2", "4", "standard", "easy_read", "yes", 0, 1, 0, 0, 1, 1)] == _rows(
            path,
            "SELECT start_safety, end_safety, start_variant, end_variant, made_safer,"
            " achieved_yes, achieved_partly, achieved_no, achieved_other, outcomes_answered,"
            " end_done FROM case_facts f JOIN cases c ON c.id = f.case_id"
            " WHERE c.local_ref = 'B1'",
        )
        await _assert_same_reports(store)


async def test_upgrading_a_store_backfills_the_facts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store filled without migration 0004 gets every case's facts when it is upgraded,
    and reports the same as the answers path. (The other migrations are applied: today's
    code writes the columns they add.)"""
    path = tmp_path / "old.db"
    every = migrate.available_migrations()
    monkeypatch.setattr(
        migrate, "available_migrations", lambda: [m for m in every if m.name[:4] != "0004"]
    )
    clock = Clock(START)
    async with open_store(path, KEY, clock=clock) as store:
        await example_partnership(store, clock)
    assert [] == _rows(path, "SELECT name FROM sqlite_master WHERE name = 'case_facts'")
    monkeypatch.undo()
    async with open_store(path, KEY) as store:
        assert [(6,)] == _rows(path, "SELECT count(*) FROM case_facts")
        assert [] == _stale_rows(path)
        await _assert_same_reports(store)


def _turn(timepoint: str, status: str = "active"):  # noqa: ANN202
    from dialogs.types import AnswerContext, SessionState

    ctx = AnswerContext(timepoint, "standard", "en", "self")  # type: ignore[arg-type]
    state = SessionState(timepoint, "standard", "en", "self", step="x", status=status)  # type: ignore[arg-type]
    return ctx, state


_COLUMNS = (
    "invite_used, start_safety, outcomes_expressed, outcomes_active, start_done, "
    "end_safety, achieved_yes, achieved_other, outcomes_answered, end_done, made_safer"
)


async def test_each_kind_of_write_alone_updates_the_case_row(tmp_path: Path) -> None:
    """Step by step, each write (not followed by a completed survey, which would recompute
    the row anyway) changes the case's row as the view says: invite redeemed, the first
    start answer (a second one changes nothing), outcomes stated, a survey completed, an
    outcome dropped at a check-in, end answers (the last one counts)."""
    from dialogs.types import Answer, Outcome, OutcomesRevised

    path = tmp_path / "steps.db"
    outcomes = (Outcome("o1", "one", "own_words"), Outcome("o2", "two", "own_words"))
    seen = []
    async with open_store(path, KEY, clock=Clock(START)) as store:

        async def save(timepoint: str, records: list, status: str = "active") -> None:
            _, state = _turn(timepoint, status)
            await store.save_turn(person.id, timepoint, records, state, channel="console",
                                  source_message_id=None)  # fmt: skip
            seen.append(_rows(path, f"SELECT {_COLUMNS} FROM case_facts")[0])
            assert [] == _stale_rows(path)

        new = await store.create_case("Police", "North", "S1")
        person = await store.redeem_invite(new.person_token, 77)
        seen.append(_rows(path, f"SELECT {_COLUMNS} FROM case_facts")[0])
        start, _ = _turn("start")
        await save("start", [Answer("safety", "2", start, "q")])
        await save("start", [Answer("safety", "1", start, "q")])  # the first one counts
        await save("start", [OutcomesRevised(start, outcomes, status="expressed")])
        await save("start", [], status="completed")
        checkin, _ = _turn("checkin")
        await save("checkin", [OutcomesRevised(checkin, outcomes[:1], dropped=("o2",))])
        end, _ = _turn("end")
        await save("end", [Answer("outcome_achieved", "yes", end, "q", outcome_ref="o1")])
        await save("end", [Answer("safety", "4", end, "q"), Answer("made_safer", "yes", end, "q")])
        await save("end", [Answer("safety", "3", end, "q"), Answer("made_safer", "no", end, "q")])
        await save("end", [], status="completed")
    assert [
        (1, None, None, 0, 0, None, 0, 0, 0, 0, None),
        (1, "2", None, 0, 0, None, 0, 0, 0, 0, None),
        (1, "2", None, 0, 0, None, 0, 0, 0, 0, None),
        (1, "2", 1, 2, 0, None, 0, 0, 0, 0, None),
        (1, "2", 1, 2, 1, None, 0, 0, 0, 0, None),
        (1, "2", 1, 1, 1, None, 0, 0, 0, 0, None),
        (1, "2", 1, 1, 1, None, 1, 0, 1, 0, None),
        (1, "2", 1, 1, 1, "4", 1, 0, 1, 0, "yes"),
        (1, "2", 1, 1, 1, "3", 1, 0, 1, 0, "no"),
        (1, "2", 1, 1, 1, "3", 1, 0, 1, 1, "no"),
    ] == seen
