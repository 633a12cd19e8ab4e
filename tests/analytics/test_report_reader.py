"""Reports read on a read-only connection of their own: the bot's writes never wait."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from storage import generate_key, open_store
from storage.reporting import ReportFilters, SafetyCell, queries, report_counts
from tests.analytics.store_helpers import START, Clock, Survey, example_partnership, take_survey

KEY = generate_key()
GUARD = 60  # seconds: only to fail instead of hanging if the report blocked the save


async def test_a_turn_is_saved_while_a_report_is_part_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A report is held part-way (its snapshot read, its per-case table built) until a
    save_turn has completed: the writer's lock is free during the report, the save finishes
    first, and the report counts the store as it was when its snapshot began (the new
    answer shows in the next report)."""
    path, clock = tmp_path / "live.db", Clock(START)
    events: list[object] = []
    part_way, saved = asyncio.Event(), asyncio.Event()
    grouped = queries._grouped

    async def held_grouped(conn, dimension, total=None):  # noqa: ANN001, ANN202
        if not part_way.is_set():
            events.append(("report part-way, writer lock held", store._ctx.db._lock.locked()))
            part_way.set()
            await saved.wait()
        return await grouped(conn, dimension, total)

    monkeypatch.setattr(queries, "_grouped", held_grouped)
    async with open_store(path, KEY, clock=clock) as store:
        await example_partnership(store, clock)
        new = await store.create_case("Police", "North", "G")
        person = await store.redeem_invite(new.person_token, 555)
        report = asyncio.create_task(report_counts(store, ReportFilters()))
        try:
            await asyncio.wait_for(part_way.wait(), GUARD)
            survey = Survey([("safety", "4", None, None)])
            await asyncio.wait_for(take_survey(store, person.id, "start", survey), GUARD)
            events.append("turn saved")
        finally:
            saved.set()  # lets the report end (and free any lock) even when the save failed
        counts = await asyncio.wait_for(report, GUARD)
        events.append("report finished")
        after = await report_counts(store, ReportFilters())
    assert [("report part-way, writer lock held", False), "turn saved", "report finished"] == events
    assert SafetyCell(None, None, 2) in counts.overall.safety  # F, and G before its answer
    assert SafetyCell("4", None, 1) in after.overall.safety


async def test_the_report_connection_cannot_write(tmp_path: Path) -> None:
    """The snapshot connection is opened read-only: a write on it is refused by SQLite."""
    async with open_store(tmp_path / "ro.db", KEY) as store:
        await store.create_case("Police", "North", "R")
        async with store._ctx.db.snapshot() as conn:
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                await conn.execute("DELETE FROM cases")
        assert 1 == len(await store.cases.list())
