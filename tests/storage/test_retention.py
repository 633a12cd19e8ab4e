"""Retention (``checkin purge``): what goes and when, that every run is audited, that a
second run finds nothing, and that no retention setting makes it fail."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import main
from dialogs.types import Answer
from storage import Store, open_store
from tests.storage.conftest import FakeClock, context, rows, state


async def _answered_case(store: Store, ref: str, chat_id: int) -> int:
    """A case whose person joined from ``chat_id`` and answered the safety question."""
    new = await store.create_case("Police", "North", ref)
    person = await store.redeem_invite(new.person_token, chat_id)
    await store.save_turn(
        person.id, "start", [Answer("safety", "2", context(), "q")], state(),
        channel="telegram", source_message_id="1",
    )  # fmt: skip
    return new.case.id


async def test_a_case_erased_while_open_is_purged_after_retention(
    store: Store, clock: FakeClock, db_path: Path
) -> None:
    """A case erased while still open can never be closed; its record (reference, dates,
    staff fields, alerts) goes once its first erasure is older than the retention period,
    as a closed case's does once its closing is. Before that it stays."""
    case_id = await _answered_case(store, "ERASED-OPEN", 4242)
    await store.erase_case("ERASED-OPEN")
    clock.advance(days=400)
    await store.erase_case("ERASED-OPEN")  # again: the first erasure still counts
    clock.advance(days=329)
    assert () == (await store.purge(730)).case_ids
    assert [("ERASED-OPEN",)] == rows(db_path, "SELECT local_ref FROM cases")
    clock.advance(days=2)
    assert (case_id,) == (await store.purge(730)).case_ids
    assert [] == rows(db_path, "SELECT local_ref FROM cases")
    assert "case_purged" == (await store.audit.entries(case_id))[-1].action


async def test_a_closed_then_erased_case_is_purged_by_its_closing_date(
    store: Store, clock: FakeClock
) -> None:
    """A case closed and later erased counts from its closing, not from the erasure."""
    case_id = await _answered_case(store, "CLOSED", 4242)
    await store.cases.close("CLOSED", risk_outcome="reduced", capacity="no")
    clock.advance(days=700)
    await store.erase_case("CLOSED")
    clock.advance(days=31)
    assert (case_id,) == (await store.purge(730)).case_ids


async def test_every_purge_run_is_audited_and_a_second_run_finds_nothing(
    store: Store, clock: FakeClock
) -> None:
    """Each run leaves one purge_run entry with its retention and counts (no case ids, no
    personal data), also when nothing was due; running it again purges nothing more."""
    await _answered_case(store, "OLD", 4242)
    await store.messages.remember(9999, 10)  # a chat no case holds
    await store.inbox.claim(501)
    await store.cases.close("OLD", risk_outcome="removed", capacity="no")
    clock.advance(days=31)
    first = await store.purge(30)
    second = await store.purge(30)
    assert (1, 0) == (len(first.case_ids), len(second.case_ids))
    runs = [e.detail for e in await store.audit.entries(action="purge_run")]
    expected = [
        {
            "older_than_days": 30,
            "cases": 1,
            "updates": 1,
            "messages": 1,
            "staff_exchanges": 0,
            "open_past_retention": 0,
        },
        {
            "older_than_days": 30,
            "cases": 0,
            "updates": 0,
            "messages": 0,
            "staff_exchanges": 0,
            "open_past_retention": 0,
        },
    ]
    assert expected == runs
    assert {"cli"} == {e.actor for e in await store.audit.entries(action="purge_run")}


async def test_a_retention_longer_than_the_calendar_purges_nothing(
    store: Store, clock: FakeClock
) -> None:
    """A number of days that reaches before year 1 keeps everything instead of failing
    with an OverflowError."""
    await _answered_case(store, "KEPT", 4242)
    await store.cases.close("KEPT", risk_outcome="reduced", capacity="no")
    clock.advance(days=3000)
    assert () == (await store.purge(99_999_999)).case_ids


def test_purge_command_with_a_huge_retention_exits_cleanly(
    cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`checkin purge --older-than 99999999` (a typo, or "keep for ever") says it purged
    nothing and exits 0; it used to end in a traceback."""
    db = tmp_path / "c.db"

    async def make() -> None:
        async with open_store(db, cli_key) as store:
            await _answered_case(store, "R1", 4242)

    asyncio.run(make())
    assert 0 == main(["purge", "--older-than", "99999999", "--db", str(db)])
    expected = "Purged 0 case(s) closed more than 99999999 days ago.\n"
    assert expected == capsys.readouterr().out


def test_purge_dry_run_lists_what_would_go_and_deletes_nothing(
    cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`purge --dry-run` lists each case due (reference, organisation, closing date, or
    that it was erased while open), deletes nothing, and is audited as a listing; the
    real run afterwards purges exactly those."""
    db = tmp_path / "c.db"
    clock = FakeClock()

    async def cases() -> None:
        async with open_store(db, cli_key, clock=clock) as store:
            await _answered_case(store, "OLD-1", 4242)
            await store.cases.close("OLD-1", risk_outcome="reduced", capacity="no")
            await _answered_case(store, "ERASED-2", 4343)
            await store.erase_case("ERASED-2")
            await _answered_case(store, "OPEN-3", 4444)

    asyncio.run(cases())
    argv = ["purge", "--older-than", "1", "--db", str(db)]
    assert 0 == main([*argv, "--dry-run"])
    expected = [
        "Would purge 2 case(s) closed more than 1 days ago:",
        "  OLD-1 (Police), 2026-03-02",
        "  ERASED-2 (Police), erased while open",
        "Nothing was deleted.",
    ]
    assert expected == capsys.readouterr().out.splitlines()
    assert [("ERASED-2",), ("OLD-1",), ("OPEN-3",)] == rows(
        db, "SELECT local_ref FROM cases ORDER BY local_ref"
    )
    assert [('{"cases": 2, "older_than_days": 1}',)] == rows(
        db, "SELECT detail FROM audit_log WHERE action = 'purge_listed'"
    )
    assert 0 == main(argv)
    assert [("OPEN-3",)] == rows(db, "SELECT local_ref FROM cases")


async def test_a_purged_case_leaves_no_bytes_behind(
    store: Store, clock: FakeClock, db_path: Path
) -> None:
    """After the purge, the case reference (in the table and its unique index) and every
    ciphertext of the case are gone from the database file and its WAL, not just from
    the tables: secure_delete zeroes the freed space and the WAL is emptied."""
    ref = "CANARY-REF-9191"
    await _answered_case(store, ref, 4242)
    await store.save_turn(
        (await store.participant_for_chat(4242)).id, "start",  # type: ignore[union-attr]
        [Answer("comments", "text", context(), "q2", text="CANARY purged words")], state(),
        channel="telegram", source_message_id="2",
    )  # fmt: skip
    await store.cases.close(ref, risk_outcome="reduced", capacity="no")
    protected = "SELECT text_enc FROM answers WHERE text_enc IS NOT NULL" + (
        " UNION ALL SELECT chat_enc FROM participants"
    )
    secrets = [blob for (blob,) in rows(db_path, protected)]
    assert 2 == len(secrets)
    clock.advance(days=31)
    assert 1 == len((await store.purge(30)).case_ids)
    on_disk = b"".join(
        Path(f"{db_path}{s}").read_bytes() for s in ("", "-wal") if Path(f"{db_path}{s}").exists()
    )
    assert [] == [s for s in [ref.encode(), *secrets] if s in on_disk]


def test_purge_says_how_many_open_cases_retention_cannot_reach(
    cli_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Open cases are never purged: a run counts those opened before the cutoff, says so
    with what to do, and records the count in its purge_run entry; none, no such line."""
    db = tmp_path / "c.db"

    async def cases() -> None:
        async with open_store(db, cli_key, clock=FakeClock()) as store:
            await _answered_case(store, "OPEN-1", 4242)
            await _answered_case(store, "OPEN-2", 4343)

    asyncio.run(cases())
    assert 0 == main(["purge", "--older-than", "1", "--db", str(db)])
    expected = [
        "Purged 0 case(s) closed more than 1 days ago.",
        "2 open case(s) were opened more than 1 days ago; open cases are never purged, so"
        " close them when they end (checkin case list --state open).",
    ]
    assert expected == capsys.readouterr().out.splitlines()
    assert [(2,)] == rows(
        db, "SELECT json_extract(detail, '$.open_past_retention') FROM audit_log"
        " WHERE action = 'purge_run'",
    )  # fmt: skip
    assert 0 == main(["purge", "--older-than", "36500", "--db", str(db)])  # none that old
    assert ["Purged 0 case(s) closed more than 36500 days ago."] == (
        capsys.readouterr().out.splitlines()
    )
