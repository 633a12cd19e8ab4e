"""A new phone replaces the old one: when a chat joins a case through an unbound invite (the
link staff make for a new phone) as the person, or as a representative of one kind, the
participant the old phone was is detached in the same transaction: no chat finds it, its
chat id is gone from the database, its reminders are cancelled, its "contact unsafe" flag
goes to the new phone, the replacement is audited without any chat id or token, and its
answers stay in the case for staff, exports and reports."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from dialogs.types import Answer, ContactUnsafe
from storage import InviteForAnotherChat, Store, generate_key
from storage.models import Participant
from storage.reporting import ReportFilters, SafetyCell, report_counts
from tests.storage.conftest import FakeClock, Opened, context, rows, state

OLD_PHONE = 4242  # the chat the ``opened`` fixture's person joined from
NEW_PHONE = 5555


async def _answer_start(store: Store, participant_id: int, value: str = "2") -> None:
    await store.save_turn(
        participant_id,
        "start",
        [Answer("safety", value, context(), "q")],
        state(status="completed"),
        channel="telegram",
        source_message_id=f"{participant_id}-{value}",
    )


async def _new_phone(
    store: Store, opened: Opened, chat_id: int = NEW_PHONE, kind: str = "person",
    rep_kind: str | None = None,
) -> Participant:  # fmt: skip
    """Redeem an unbound check-in link (as /newlink or ``checkin case invite`` make)."""
    invite = await store.create_invite(opened.new.case, kind, "checkin")
    return await store.redeem_invite(invite.token, chat_id, rep_kind=rep_kind)


def _chat_columns(db_path: Path, participant_id: int) -> list[tuple]:
    return rows(db_path, "SELECT chat_hash, chat_enc FROM participants WHERE id = ?",
                (participant_id,))  # fmt: skip


async def test_the_old_phone_is_detached_and_the_new_one_found(
    store: Store, opened: Opened, db_path: Path, clock: FakeClock
) -> None:
    """After the new phone joins, the old chat finds no one (an unknown chat) and the old
    row holds no chat hash or encrypted chat id; the new chat finds the new participant.
    The old phone's pending reminder is cancelled, so no reminder is ever due for it, and
    the record of the bot's messages in the old chat is gone."""
    old = opened.person
    await store.reminders.schedule(old.id, "start", clock.now + timedelta(hours=1))
    await store.messages.remember(OLD_PHONE, 10)
    new = await _new_phone(store, opened)
    assert None is await store.participant_for_chat(OLD_PHONE)
    assert new == await store.participant_for_chat(NEW_PHONE)
    assert [(None, None)] == _chat_columns(db_path, old.id)
    assert [] == await store.reminders.due(clock.now + timedelta(days=30))
    assert [] == await store.messages.for_chat(OLD_PHONE)
    stored_old = await store.participants.get(old.id)
    assert (None, old.case_id, "person") == (stored_old.chat_id, stored_old.case_id,
                                             stored_old.kind)  # fmt: skip


async def test_the_replacement_is_audited_without_chat_ids_or_tokens(
    store: Store, opened: Opened
) -> None:
    """One participant_replaced entry against the case, by the new participant, naming the
    kind and the replaced participant; no chat id or token anywhere in the audit log."""
    invite = await store.create_invite(opened.new.case, "person", "checkin")
    new = await store.redeem_invite(invite.token, NEW_PHONE)
    [entry] = await store.audit.entries(opened.new.case.id, "participant_replaced")
    detail = {"kind": "person", "replaced_participant": opened.person.id}
    assert (f"participant:{new.id}", detail) == (entry.actor, entry.detail)
    everything = str(await store.audit.entries())
    assert [] == [s for s in (invite.token, str(OLD_PHONE), str(NEW_PHONE)) if s in everything]


async def test_contact_unsafe_goes_to_the_new_phone(store: Store, opened: Opened) -> None:
    """Staff (or the person) flagged contact unsafe on the old phone: the new phone's
    participant is flagged too, so no reminder or check-in reaches it either."""
    await store.save_turn(opened.person.id, "start", [ContactUnsafe("start")], state(),
                          channel="telegram", source_message_id="u")  # fmt: skip
    new = await _new_phone(store, opened)
    assert True is new.contact_unsafe
    again = await _new_phone(store, opened, chat_id=NEW_PHONE + 1)  # and the phone after
    assert True is again.contact_unsafe


async def test_a_safe_contact_stays_safe_on_the_new_phone(store: Store, opened: Opened) -> None:
    """Without the flag the new phone is not flagged (the copy is not always on)."""
    assert False is (await _new_phone(store, opened)).contact_unsafe


async def test_the_same_chat_coming_back_is_the_same_participant(
    store: Store, opened: Opened, db_path: Path
) -> None:
    """A check-in link redeemed from the chat that already is the person replaces no one."""
    again = await _new_phone(store, opened, chat_id=OLD_PHONE)
    assert opened.person.id == again.id
    assert OLD_PHONE == (await store.participant_for_chat(OLD_PHONE)).chat_id
    assert [] == await store.audit.entries(opened.new.case.id, "participant_replaced")


async def test_a_representatives_new_phone_replaces_only_that_representative(
    store: Store, opened: Opened
) -> None:
    """The person and a family member stay when the IMCA's new phone joins; only the IMCA's
    old phone is detached. The person's new phone leaves the representatives alone."""
    imca = await store.redeem_invite(opened.new.representative_token or "", 3003, rep_kind="imca")
    family = await _new_phone(store, opened, chat_id=3004, kind="representative", rep_kind="family")
    assert imca == await store.participant_for_chat(3003)  # a second kind joined, no one gone
    imca_now = await _new_phone(store, opened, chat_id=3005, kind="representative", rep_kind="imca")
    assert (None, family.id, imca_now.id, opened.person.id) == (
        await store.participant_for_chat(3003),
        (await store.participant_for_chat(3004)).id,
        (await store.participant_for_chat(3005)).id,
        (await store.participant_for_chat(OLD_PHONE)).id,
    )
    await _new_phone(store, opened)
    assert [None, None, 3004, 3005, NEW_PHONE] == [  # person, IMCA, family, IMCA, person
        p.chat_id for p in await store.participants.for_case(opened.new.case.id)
    ]


async def test_an_unnamed_representative_replaces_the_latest_representative(
    store: Store, opened: Opened
) -> None:
    """Links opened in Telegram name no kind of representative: the new phone takes the
    kind (and preferences) of the representative who was last active, and replaces them."""
    imca = await store.redeem_invite(opened.new.representative_token or "", 3003, rep_kind="imca")
    invite = await store.create_invite(opened.new.case, "representative", "checkin")
    new = await store.redeem_invite(invite.token, 3004)
    assert ("imca", "representative", None) == (
        new.rep_kind, new.answered_by, await store.participant_for_chat(3003))  # fmt: skip
    assert imca.id != new.id


async def test_the_old_phones_answers_stay_in_the_case_and_its_reports(
    store: Store, opened: Opened
) -> None:
    """The old phone's start answers are still the case's: /case reads them, the export
    has them and the report pairs the old phone's start safety with the new phone's end."""
    await _answer_start(store, opened.person.id, "2")
    new = await _new_phone(store, opened)
    await store.cases.close("REF-1", risk_outcome="reduced", capacity="no")
    end = await store.create_invite(opened.new.case, "person", "end")
    assert new.id == (await store.redeem_invite(end.token, NEW_PHONE)).id
    await store.save_turn(new.id, "end", [Answer("safety", "4", context("end"), "q")],
                          state("end", status="completed"), channel="telegram",
                          source_message_id="e")  # fmt: skip
    answers = await store.answers.for_case(opened.new.case.id)
    assert [(opened.person.id, "start", "2"), (new.id, "end", "4")] == [
        (a.participant_id, a.timepoint, a.value) for a in answers
    ]
    exported = [(r.timepoint, r.value) async for r in store.export_answers()]
    assert [("start", "2"), ("end", "4")] == exported
    counts = await report_counts(store, ReportFilters(), [])
    assert (SafetyCell("2", "4", 1),) == counts.overall.safety
    assert (1, 1) == (counts.overall.flow.start_completed, counts.overall.flow.end_completed)


async def test_an_old_phones_bound_link_stays_refused(store: Store, opened: Opened) -> None:
    """A check-in link the bot had sent into the old chat opens for no one once the old
    phone is replaced: not the old chat (now unknown), not the new one."""
    bound = await store.create_invite(
        opened.new.case, "person", "checkin", for_participant=opened.person.id
    )
    await _new_phone(store, opened)
    for chat in (OLD_PHONE, NEW_PHONE):
        with pytest.raises(InviteForAnotherChat):
            await store.redeem_invite(bound.token, chat)


async def test_an_old_chat_still_in_another_case_keeps_its_message_record(
    store: Store, opened: Opened
) -> None:
    """An advocate's chat replaced in one case but still a participant in another keeps
    its message record there ("hide this chat" still works in the other case)."""
    other = await store.create_case("Police", "North", "REF-2", representative=True)
    await store.redeem_invite(opened.new.representative_token or "", 3003)
    await store.redeem_invite(other.representative_token or "", 3003)
    await store.messages.remember(3003, 7)
    await _new_phone(store, opened, chat_id=3004, kind="representative")
    assert other.case.id == (await store.participant_for_chat(3003)).case_id
    assert [7] == await store.messages.for_chat(3003)


async def test_a_detached_participant_is_erased_with_everything_it_gave(
    store: Store, opened: Opened, db_path: Path
) -> None:
    """Withdrawing the old phone's participant, or erasing the case, removes its answers
    and sessions although it has no chat; key rotation passes over its empty chat."""
    await _answer_start(store, opened.person.id, "2")
    new = await _new_phone(store, opened)
    await _answer_start(store, new.id, "3")
    await store.rotate_key(generate_key())
    assert True is await store.erase_participant(opened.person.id, actor="test")
    assert [(new.id,)] == rows(db_path, "SELECT DISTINCT participant_id FROM answers")
    await store.erase_case("REF-1")
    assert [(0, 0, 0)] == rows(
        db_path,
        "SELECT (SELECT COUNT(*) FROM participants), (SELECT COUNT(*) FROM answers),"
        " (SELECT COUNT(*) FROM sessions)",
    )


async def test_erasing_the_case_with_a_detached_participant_removes_it(
    store: Store, opened: Opened, db_path: Path
) -> None:
    """Erasing the case at once removes the detached row and its answers too."""
    await _answer_start(store, opened.person.id, "2")
    await _new_phone(store, opened)
    await store.erase_case("REF-1")
    assert [(0, 0)] == rows(
        db_path, "SELECT (SELECT COUNT(*) FROM participants), (SELECT COUNT(*) FROM answers)"
    )
