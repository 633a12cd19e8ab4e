"""``Store.latest_consent``: what a participant last said to taking part, None if never
asked; a new phone (a new participant in the same role) carries its role's answer, and the
person's answer is never a representative's."""

from __future__ import annotations

from dialogs.types import ConsentDeclined, ConsentGiven
from storage import Store
from tests.storage.conftest import Opened, context, state


async def _consent(store: Store, participant_id: int, given: bool, source: str) -> None:
    kind = ConsentGiven if given else ConsentDeclined
    record = kind("v1", context())
    await store.save_turn(participant_id, "start", [record], state(), channel="telegram",
                          source_message_id=source)  # fmt: skip


async def test_latest_answer_and_a_new_phone(store: Store, opened: Opened) -> None:
    """None before the question; False after no; True after a later yes (the last
    counts); a new phone for the person has the person's answer; the representative, who
    never answered, has none."""
    person = opened.person
    assert None is await store.latest_consent(person.id)
    await _consent(store, person.id, False, "1")
    assert False is await store.latest_consent(person.id)
    await _consent(store, person.id, True, "2")
    assert True is await store.latest_consent(person.id)
    link = await store.create_invite(opened.new.case, "person", "checkin")
    new_phone = await store.redeem_invite(link.token, 5555)
    assert True is await store.latest_consent(new_phone.id)
    rep = await store.redeem_invite(opened.new.representative_token or "", 6666)
    assert None is await store.latest_consent(rep.id)
