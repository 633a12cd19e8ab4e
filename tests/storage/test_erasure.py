"""Forgetting: erasing a case, a participant's withdrawal, and the retention purge."""

from __future__ import annotations

from pathlib import Path

from dialogs.types import Answer, ConsentGiven, DangerAlert, Outcome, OutcomesRevised
from storage import Store
from tests.storage.conftest import FakeClock, Opened, context, rows, state

# Every table that holds something a person gave, and how to count a case's rows in it.
PERSONAL = {
    "answers": "SELECT COUNT(*) FROM answers WHERE case_id = ?",
    "participants": "SELECT COUNT(*) FROM participants WHERE case_id = ?",
    "sessions": "SELECT COUNT(*) FROM sessions s JOIN participants p ON p.id = s.participant_id"
    " WHERE p.case_id = ?",
    "turns": "SELECT COUNT(*) FROM turns WHERE participant_id NOT IN (SELECT id FROM participants)"
    " OR participant_id IN (SELECT id FROM participants WHERE case_id = ?)",
    "consents": "SELECT COUNT(*) FROM consents WHERE participant_id IN"
    " (SELECT id FROM participants WHERE case_id = ?)",
    "outcomes": "SELECT COUNT(*) FROM outcomes WHERE case_id = ?",
    "outcome_revisions": "SELECT COUNT(*) FROM outcome_revisions WHERE case_id = ?",
    "invites": "SELECT COUNT(*) FROM invites WHERE case_id = ?",
}


async def _fill(store: Store, opened: Opened, clock: FakeClock) -> None:
    """Give the case one of everything: answers, outcomes, consent, voice, alert, reminder."""
    pid = opened.person.id
    records = [
        ConsentGiven("v1", context()),
        Answer("safety", "1", context(), "q"),
        Answer("comments", "text", context(), "q2", text="words"),
        OutcomesRevised(context(), (Outcome("o1", "safe", "own_words"),)),
        DangerAlert("in_danger_now", "start"),
    ]
    await store.save_turn(pid, "start", records, state(), channel="telegram", source_message_id="1")
    await store.voice.put(pid, b"audio")
    await store.reminders.schedule(pid, "start", clock.now)
    await store.messages.remember(4242, 10)
    rep = await store.redeem_invite(opened.new.representative_token or "", 5151)
    await store.save_turn(
        rep.id,
        "start",
        [Answer("safety", "2", context(), "q")],
        state(),
        channel="telegram",
        source_message_id="1",
    )


def _personal_counts(db_path: Path, case_id: int) -> dict[str, int]:
    counts = {name: rows(db_path, sql, (case_id,))[0][0] for name, sql in PERSONAL.items()}
    counts["voice_notes"] = rows(db_path, "SELECT COUNT(*) FROM voice_notes")[0][0]
    counts["reminders"] = rows(db_path, "SELECT COUNT(*) FROM reminders")[0][0]
    counts["message_log"] = rows(db_path, "SELECT COUNT(*) FROM message_log")[0][0]
    return counts


async def test_erasing_a_case_removes_everything_personal(
    store: Store, opened: Opened, clock: FakeClock, db_path: Path
) -> None:
    """After erase_case no row a person gave is left; the case stays as 'erased' with its
    staff fields, its alert stays without a participant, and the audit log says so."""
    await _fill(store, opened, clock)
    other = await store.create_case("Police", "North", "REF-2")
    other_person = await store.redeem_invite(other.person_token, 6161)
    await store.save_turn(
        other_person.id,
        "start",
        [Answer("safety", "4", context(), "q")],
        state(),
        channel="telegram",
        source_message_id="1",
    )
    case_id = opened.new.case.id
    assert all(_personal_counts(db_path, case_id).values())
    erased = await store.erase_case("REF-1")
    after = _personal_counts(db_path, case_id)
    assert dict.fromkeys(after, 0) == after
    assert "erased" == erased.state
    assert [(None,)] == rows(
        db_path, "SELECT participant_id FROM alerts WHERE case_id = ?", (case_id,)
    )
    assert [(1,)] == rows(
        db_path, "SELECT COUNT(*) FROM answers WHERE case_id = ?", (other.case.id,)
    )
    last = (await store.audit.entries(case_id))[-1]
    assert ("case_erased", {"participants": 2}) == (last.action, last.detail)
    assert await store.participant_for_chat(4242) is None


async def test_a_representative_withdrawing_leaves_the_persons_answers(
    store: Store, opened: Opened, clock: FakeClock, db_path: Path
) -> None:
    """erase_participant forgets only that participant."""
    await _fill(store, opened, clock)
    rep = await store.participant_for_chat(5151)
    assert rep is not None
    assert await store.erase_participant(rep.id, actor=f"participant:{rep.id}")
    assert not await store.erase_participant(rep.id, actor="cli")
    kinds = rows(db_path, "SELECT DISTINCT participant_kind FROM answers")
    assert [("person",)] == kinds


async def test_purge_removes_only_closed_cases_past_retention(
    store: Store, clock: FakeClock, db_path: Path
) -> None:
    """A case closed 800 days ago goes (row and all); one closed 10 days ago and one still
    open since long ago stay; the audit log records the purge."""
    for ref in ("OLD", "RECENT", "OPEN"):
        new = await store.create_case("Police", "North", ref)
        person = await store.redeem_invite(new.person_token, hash(ref) % 10_000)
        await store.save_turn(
            person.id,
            "start",
            [Answer("safety", "2", context(), "q")],
            state(),
            channel="telegram",
            source_message_id="1",
        )
    await store.cases.close("OLD", risk_outcome="removed", capacity="no")
    clock.advance(days=790)
    await store.cases.close("RECENT", risk_outcome="reduced", capacity="no")
    clock.advance(days=10)
    result = await store.purge(730)
    assert 1 == len(result.case_ids)
    assert [("OPEN",), ("RECENT",)] == rows(
        db_path, "SELECT local_ref FROM cases ORDER BY local_ref"
    )
    assert [(2,)] == rows(db_path, "SELECT COUNT(*) FROM answers")
    assert ["case_purged"] == [e.action for e in await store.audit.entries(result.case_ids[0])][-1:]


async def test_erasure_completes_while_another_process_reads(
    store: Store, opened: Opened, clock: FakeClock, db_path: Path, caplog
) -> None:  # noqa: ANN001
    """A report holding a read snapshot cannot stop an erasure: the rows go at once; the
    WAL is emptied later, and a warning (without personal data) says so."""
    import sqlite3

    await _fill(store, opened, clock)
    reader = sqlite3.connect(db_path)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM answers").fetchone()
    try:
        await store.erase_case("REF-1")
    finally:
        reader.close()
    assert [(0,)] == rows(
        db_path, "SELECT COUNT(*) FROM answers WHERE case_id = ?", (opened.new.case.id,)
    )
    assert ["The WAL could not be emptied yet: another process is reading the database."] == [
        r.getMessage() for r in caplog.records if r.name == "storage.maintenance"
    ]
