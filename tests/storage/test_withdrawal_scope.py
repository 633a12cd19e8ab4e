"""Withdrawal ("stop and delete my answers") covers everything that person gave in the
case: also what they answered from a phone they have since replaced (the old phone is
detached, not deleted, and keeps its answers for staff). It covers nothing of anyone else:
not the person's representative, not another representative, not another case."""

from __future__ import annotations

from pathlib import Path

from dialogs.types import Answer, Outcome, OutcomesRevised, WithdrawConfirmed
from storage import Store
from storage.models import Participant
from tests.storage.conftest import Opened, context, rows, state

OWN_WORDS = "CANARY own words from the old phone 7070"


async def _answer(store: Store, who: Participant, message: str, text: str | None = None) -> None:
    records: list = [Answer("safety", "2", context(), "q")]
    if text is not None:
        records += [
            Answer("comments", "text", context(), "q2", text=text),
            OutcomesRevised(context(), (Outcome("o1", text, "own_words"),)),
        ]
    await store.save_turn(
        who.id, "start", records, state(), channel="telegram", source_message_id=message
    )


async def _new_phone(store: Store, opened: Opened, chat_id: int, kind: str = "person",
                     rep_kind: str | None = None) -> Participant:  # fmt: skip
    invite = await store.create_invite(opened.new.case, kind, "checkin")
    return await store.redeem_invite(invite.token, chat_id, rep_kind=rep_kind)


def _left(db_path: Path) -> list[tuple]:
    """(participant kind, rep kind, how many answers) for every participant left."""
    return rows(
        db_path,
        "SELECT p.kind, p.rep_kind, (SELECT COUNT(*) FROM answers a WHERE a.participant_id"
        " = p.id) FROM participants p ORDER BY p.id",
    )


async def test_withdrawing_from_a_new_phone_erases_the_old_phones_answers(
    store: Store, opened: Opened, db_path: Path
) -> None:
    """The person answered (own words included) on their old phone, then joined from a new
    one and withdrew there: no answer, outcome or revision of the person is left, from
    either phone; the representative's answers stay; the audit log says so, without ids."""
    await _answer(store, opened.person, "1", OWN_WORDS)
    rep = await store.redeem_invite(opened.new.representative_token or "", 6161)
    await _answer(store, rep, "2")
    new = await _new_phone(store, opened, 5555)
    await _answer(store, new, "3")
    saved = await store.save_turn(
        new.id, "start", [WithdrawConfirmed()], state(), channel="telegram",
        source_message_id="4",
    )  # fmt: skip
    assert saved.withdrawn
    assert [("representative", None, 1)] == _left(db_path)
    assert [(0, 0)] == rows(
        db_path,
        "SELECT (SELECT COUNT(*) FROM outcomes), (SELECT COUNT(*) FROM outcome_revisions"
        " WHERE participant_id <> ?)",
        (rep.id,),
    )
    last = (await store.audit.entries(opened.new.case.id))[-1]
    assert ("participant_erased", {"kind": "person", "replaced_phones": 1}) == (
        last.action, last.detail,
    )  # fmt: skip


async def test_a_representative_withdrawing_leaves_the_person_and_other_representatives(
    store: Store, opened: Opened, db_path: Path
) -> None:
    """A family member who replaced their phone withdraws: both of their phones go; the
    person's answers (from a phone replaced too) and an advocate's stay."""
    await _answer(store, opened.person, "1")
    await _new_phone(store, opened, 5555)  # the person's new phone, not yet answering
    family_old = await _new_phone(store, opened, 7001, "representative", "family")
    await _answer(store, family_old, "2")
    advocate = await _new_phone(store, opened, 7002, "representative", "advocate")
    await _answer(store, advocate, "3")
    family_new = await _new_phone(store, opened, 7003, "representative", "family")
    await _answer(store, family_new, "4")
    assert await store.erase_participant(family_new.id, actor=f"participant:{family_new.id}")
    expected = [("person", None, 1), ("person", None, 0), ("representative", "advocate", 1)]
    assert expected == _left(db_path)


async def test_withdrawing_touches_no_other_case(
    store: Store, opened: Opened, db_path: Path
) -> None:
    """Another case's person, whose phone was replaced too, keeps everything."""
    other = await store.create_case("Police", "North", "REF-2")
    other_old = await store.redeem_invite(other.person_token, 8001)
    await _answer(store, other_old, "1")
    invite = await store.create_invite(other.case, "person", "checkin")
    await store.redeem_invite(invite.token, 8002)
    await _answer(store, opened.person, "2")
    assert await store.erase_participant(opened.person.id, actor="cli")
    assert [("person", None, 1), ("person", None, 0)] == _left(db_path)
