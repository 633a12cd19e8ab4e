"""The smaller repositories: alerts, staff, reminders, inbox, message log, voice notes,
export and the bench-only bulk load."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from dialogs.types import DangerAlert
from storage import Conflict, NotFound, StorageError, Store, token_from_link
from storage.bulk import BulkAnswer, BulkCase
from tests.storage.conftest import START, FakeClock, Opened, rows, state


async def test_an_alert_is_acknowledged_once(store: Store, opened: Opened) -> None:
    """Notifications are counted; the first hub member to acknowledge takes it; a second
    acknowledgement is a Conflict; acknowledged alerts leave the open list."""
    hub = await store.staff.add(111, "hub")
    saved = await store.save_turn(
        opened.person.id,
        "start",
        [DangerAlert("in_danger_now", "start")],
        state(),
        channel="telegram",
        source_message_id="1",
    )
    alert_id = saved.alert_ids[0]
    await store.alerts.mark_notified(alert_id)
    await store.alerts.mark_notified(alert_id)
    taken = await store.alerts.acknowledge(alert_id, hub.id)
    assert (hub.id, 2) == (taken.acknowledged_by, taken.notify_count)
    with pytest.raises(Conflict):
        await store.alerts.acknowledge(alert_id, hub.id)
    assert [] == await store.alerts.unacknowledged()
    with pytest.raises(NotFound):
        await store.alerts.get(alert_id + 100)


async def test_staff_are_found_by_telegram_id_until_deactivated(store: Store) -> None:
    """by_telegram_id finds an active member; a duplicate add is a Conflict; deactivated
    members are no longer found; adding them again restores the same row with a new role."""
    member = await store.staff.add(222, "practitioner", "Housing")
    assert member == await store.staff.by_telegram_id(222)
    assert await store.staff.by_telegram_id(333) is None
    with pytest.raises(Conflict):
        await store.staff.add(222, "hub")
    await store.staff.deactivate(member.id)
    assert await store.staff.by_telegram_id(222) is None
    assert [False] == [m.active for m in await store.staff.list()]
    back = await store.staff.add(222, "hub")
    assert (member.id, "hub", None, True) == (back.id, back.role, back.organisation, back.active)


async def test_reminders_come_due_and_stop(store: Store, opened: Opened, clock: FakeClock) -> None:
    """A reminder is due at its time, with the chat id to send to; after a sent one with a
    next time it is due again later; without one it is finished."""
    await store.reminders.schedule(opened.person.id, "start", START + timedelta(hours=24))
    assert [] == await store.reminders.due()
    clock.advance(hours=25)
    [due] = await store.reminders.due()
    assert (4242, 0) == (due.chat_id, due.sent_count)
    await store.reminders.mark_sent(due.id, next_due_at=clock.now + timedelta(hours=48))
    assert [] == await store.reminders.due()
    clock.advance(hours=49)
    [again] = await store.reminders.due()
    assert 1 == again.sent_count
    await store.reminders.mark_sent(again.id)
    clock.advance(days=30)
    assert [] == await store.reminders.due()


async def test_an_update_is_claimed_once(store: Store, clock: FakeClock) -> None:
    """claim() is True the first time an update id is seen and False after; old ids can be
    forgotten."""
    assert await store.inbox.claim(10)
    assert not await store.inbox.claim(10)
    clock.advance(days=3)
    assert 1 == await store.inbox.forget_older_than(2)
    assert await store.inbox.claim(10)


async def test_message_log_per_chat(store: Store, clock: FakeClock) -> None:
    """Message ids are kept per chat (recorded once each, with when they were logged) and
    can be forgotten."""
    for message_id in (5, 3, 5):
        await store.messages.remember(77, message_id)
        clock.advance(minutes=1)
    await store.messages.remember(88, 9)
    assert [3, 5] == await store.messages.for_chat(77)
    later = START + timedelta(minutes=1)
    assert [(5, START), (3, later)] == await store.messages.for_chat_with_times(77)
    await store.messages.forget(77, [3])
    assert [5] == await store.messages.for_chat(77)
    await store.messages.forget(77)
    assert ([], [9]) == (await store.messages.for_chat(77), await store.messages.for_chat(88))


async def test_voice_notes_round_trip_and_go_with_the_participant(
    store: Store, opened: Opened
) -> None:
    """A voice note comes back byte for byte; after erasure its ref is NotFound."""
    ref = await store.voice.put(opened.person.id, b"\x00audio\xff")
    assert b"\x00audio\xff" == await store.voice.get(ref)
    await store.erase_participant(opened.person.id, actor="cli")
    with pytest.raises(NotFound):
        await store.voice.get(ref)
    with pytest.raises(NotFound):
        await store.voice.get("file-id-from-elsewhere")


async def test_bulk_load_writes_rows_the_export_reads(store: Store, db_path: Path) -> None:
    """Bench-only bulk_load stores cases, participants, sessions, answers and outcomes that
    the normal read paths understand."""
    cases = [
        BulkCase(
            organisation=f"Org{n % 2}",
            team="T",
            local_ref=f"B{n}",
            opened_at=START,
            closed_at=START + timedelta(days=30),
            sg2e_risk_outcome="reduced",
            outcomes=(("o1", "common:safe"),),
            answers=(
                BulkAnswer("start", "safety", "2", START),
                BulkAnswer("end", "safety", "4", START + timedelta(days=31)),
                BulkAnswer("end", "outcome_achieved", "yes", START, outcome_ref="o1"),
            ),
        )
        for n in range(50)
    ]
    assert 50 == await store.bulk_load(cases)
    exported = [row async for row in store.export_answers(organisation="Org1")]
    assert 75 == len(exported)
    assert [(50, 100, 150, 50)] == rows(
        db_path,
        "SELECT (SELECT COUNT(*) FROM participants),"
        " (SELECT COUNT(*) FROM sessions), (SELECT COUNT(*) FROM"
        " answers), (SELECT COUNT(*) FROM outcomes)",
    )
    assert [(0,)] == rows(db_path, "SELECT COUNT(*) FROM sessions WHERE completed_at IS NULL")
    case = await store.cases.get("B3")
    assert ("closed", "reduced") == (case.state, case.sg2e_risk_outcome)
    assert 1 == len(await store.current_outcomes(case.id))


def test_token_from_link_accepts_links_and_bare_tokens() -> None:
    """A pasted link or a bare token gives the same token."""
    assert "AbC_-1" == token_from_link(" https://t.me/MspCheckinBot?start=AbC_-1 ")
    assert "AbC_-1" == token_from_link("AbC_-1")


async def test_an_advocate_in_two_cases_is_found_in_both(store: Store, clock: FakeClock) -> None:
    """all_for_chat lists every case a chat joined, most recently active first;
    participant_for_chat gives the most recent one."""
    first = await store.create_case("Police", "North", "A1", representative=True)
    second = await store.create_case("Housing", "East", "A2", representative=True)
    in_first = await store.redeem_invite(first.representative_token or "", 700)
    in_second = await store.redeem_invite(second.representative_token or "", 700)
    clock.advance(minutes=5)
    await store.save_turn(
        in_first.id, "start", [], state(), channel="telegram", source_message_id="1"
    )
    joined = await store.participants.all_for_chat(700)
    assert [in_first.id, in_second.id] == [p.id for p in joined]
    assert in_first.id == (await store.participant_for_chat(700)).id  # type: ignore[union-attr]


async def test_purge_forgets_update_and_message_ids_past_use(
    store: Store, clock: FakeClock
) -> None:
    """Update ids older than a week and message ids older than two days are dropped by
    purge even though the case retention is much longer."""
    await store.inbox.claim(1)
    await store.messages.remember(55, 1)
    clock.advance(days=8)
    await store.inbox.claim(2)
    await store.messages.remember(55, 2)
    result = await store.purge(730)
    assert (1, 1) == (result.updates_forgotten, result.messages_forgotten)
    assert [2] == await store.messages.for_chat(55)
    assert not await store.inbox.claim(2)
    assert await store.inbox.claim(1)


async def test_concern_types_are_the_sac_ids(store: Store) -> None:
    """A case takes SAC concern type ids; anything else is refused with the list."""
    new = await store.create_case("Police", "North", "C1", concern_types=("financial", "neglect"))
    assert ("financial", "neglect") == new.case.concern_types
    with pytest.raises(StorageError, match="domestic_abuse"):
        await store.create_case("Police", "North", "C2", concern_types=("domestic",))


@pytest.mark.parametrize("user_id", [0, -1001234567890])
async def test_a_group_or_zero_id_is_not_a_staff_member(store: Store, user_id: int) -> None:
    """Staff are people: a negative id (a group or channel, e.g. the hub alert chat's id
    pasted by mistake) or 0 is refused with a message that does not repeat it, and no
    staff row is made."""
    with pytest.raises(StorageError) as refused:
        await store.staff.add(user_id, "hub")
    assert str(abs(user_id)) not in str(refused.value)
    assert "positive number" in str(refused.value)
    assert [] == await store.staff.list()
