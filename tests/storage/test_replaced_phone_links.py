"""A link the bot had sent into a phone that has since been replaced by a new one (see
``tests/storage/test_new_phone.py``) is refused as ``InviteForReplacedPhone``, from every
chat: the old phone (now an unknown chat), the new phone and anyone else. It is still an
``InviteForAnotherChat`` and an ``InviteNotFound``, so code that catches those still does;
it carries the case id (for the audit and the hub note) and says nothing of it; nothing
is written. A bound link whose phone was not replaced is refused as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import InviteForAnotherChat, InviteNotFound, Store
from storage.errors import InviteForReplacedPhone
from storage.models import NewInvite
from tests.storage.conftest import Opened, rows

OLD_PHONE = 4242  # the chat the ``opened`` fixture's person joined from
NEW_PHONE = 5555
SOMEONE_ELSE = 6666


async def _checkin_link_to_old_phone(store: Store, opened: Opened) -> NewInvite:
    """A check-in link bound to the old phone's participant (as /checkin sends it)."""
    return await store.create_invite(
        opened.new.case, "person", "checkin", for_participant=opened.person.id
    )


async def _new_phone_joins(store: Store, opened: Opened) -> None:
    """An unbound link (as /newlink makes) redeemed from the new phone."""
    unbound = await store.create_invite(opened.new.case, "person", "checkin")
    await store.redeem_invite(unbound.token, NEW_PHONE)


def _written(db_path: Path) -> list[tuple]:
    """What a redeemed link would change: participants, rounds, used invites."""
    return [
        *rows(db_path, "SELECT id, chat_hash, current_timepoint FROM participants ORDER BY id"),
        *rows(db_path, "SELECT id, participant_id, timepoint FROM sessions ORDER BY id"),
        *rows(db_path, "SELECT id, used_at, participant_id FROM invites ORDER BY id"),
    ]


@pytest.mark.parametrize("chat", [OLD_PHONE, NEW_PHONE, SOMEONE_ELSE])
async def test_a_link_sent_to_a_replaced_phone_is_refused_from_every_chat(
    store: Store, opened: Opened, db_path: Path, chat: int
) -> None:
    """The old phone's check-in link, opened from the old phone, the new one or a third
    chat after the replacement: InviteForReplacedPhone naming the case id, nothing written,
    and the old chat still finds no one."""
    bound = await _checkin_link_to_old_phone(store, opened)
    await _new_phone_joins(store, opened)
    before = _written(db_path)
    with pytest.raises(InviteForReplacedPhone) as refused:
        await store.redeem_invite(bound.token, chat)
    assert (InviteForReplacedPhone, opened.new.case.id) == (type(refused.value),
                                                            refused.value.case_id)  # fmt: skip
    assert before == _written(db_path)
    assert None is await store.participant_for_chat(OLD_PHONE)


async def test_a_link_the_old_phone_had_used_is_refused_as_replaced(
    store: Store, opened: Opened
) -> None:
    """A check-in link the old phone had already opened (used, so tapping it again would
    have been fine) is refused as a replaced phone's once the new phone joins."""
    bound = await _checkin_link_to_old_phone(store, opened)
    await store.redeem_invite(bound.token, OLD_PHONE)
    await _new_phone_joins(store, opened)
    with pytest.raises(InviteForReplacedPhone) as refused:
        await store.redeem_invite(bound.token, OLD_PHONE)
    assert InviteForReplacedPhone is type(refused.value)


async def test_the_refusal_belongs_to_the_refused_link_family_and_names_nothing(
    store: Store, opened: Opened
) -> None:
    """Callers catching InviteForAnotherChat or InviteNotFound still catch it; its message
    is the same as any link opened elsewhere and names no case reference or id."""
    bound = await _checkin_link_to_old_phone(store, opened)
    await _new_phone_joins(store, opened)
    with pytest.raises(InviteNotFound) as refused:
        await store.redeem_invite(bound.token, OLD_PHONE)
    assert isinstance(refused.value, InviteForAnotherChat)
    assert str(InviteForAnotherChat(opened.new.case.id)) == str(refused.value)
    assert "REF-1" not in str(refused.value)


async def test_a_bound_link_whose_phone_was_not_replaced_is_refused_as_before(
    store: Store, opened: Opened
) -> None:
    """Before any new phone joins, the bound link opened from another chat is a plain
    InviteForAnotherChat (a forwarded link, not a replaced phone's), and the bound phone
    itself can still use it."""
    bound = await _checkin_link_to_old_phone(store, opened)
    with pytest.raises(InviteForAnotherChat) as refused:
        await store.redeem_invite(bound.token, SOMEONE_ELSE)
    assert InviteForAnotherChat is type(refused.value)
    assert opened.person.id == (await store.redeem_invite(bound.token, OLD_PHONE)).id


async def test_a_representatives_new_phone_leaves_the_persons_links_working(
    store: Store, opened: Opened
) -> None:
    """Only the replaced role's links are refused: the representative's new phone replaces
    the representative's old one, and the person's bound check-in link still works."""
    bound = await _checkin_link_to_old_phone(store, opened)
    rep_old = await store.redeem_invite(opened.new.representative_token or "", 7001)
    rep_link = await store.create_invite(
        opened.new.case, "representative", "checkin", for_participant=rep_old.id
    )
    rep_new = await store.create_invite(opened.new.case, "representative", "checkin")
    await store.redeem_invite(rep_new.token, 7002)
    with pytest.raises(InviteForReplacedPhone):
        await store.redeem_invite(rep_link.token, 7001)
    assert opened.person.id == (await store.redeem_invite(bound.token, OLD_PHONE)).id
