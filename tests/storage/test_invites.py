"""Invites: single use, expiry, deep-link-safe tokens, and coming back for later surveys."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.types import Answer
from storage import (
    Conflict,
    InviteExpired,
    InviteForAnotherChat,
    InviteNotFound,
    InviteUsed,
    Store,
    generate_key,
    invite_link,
)
from storage.crypto import new_invite_token
from tests.storage.conftest import FakeClock, Opened, context, rows, state

DEEP_LINK = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
PERSON_CHAT = 4242  # the chat the ``opened`` fixture's person joined from


@given(st.integers(min_value=0, max_value=50))
def test_tokens_fit_a_telegram_deep_link_and_carry_192_bits(_: int) -> None:
    """A token is 32 characters of A-Z a-z 0-9 _ - (24 random bytes), within the 64 limit."""
    token = new_invite_token()
    assert DEEP_LINK.match(token)
    assert 32 == len(token)


def test_invite_link_format() -> None:
    """The link is https://t.me/<bot>?start=<token>, with or without a leading @."""
    assert "https://t.me/MspBot?start=abc" == invite_link("@MspBot", "abc")


async def test_only_a_hash_of_the_token_is_stored(store: Store, db_path: Path) -> None:
    """The token itself is nowhere in the invites table."""
    new = await store.create_case("Police", "North", "REF-9")
    stored = rows(db_path, "SELECT token_hash FROM invites")
    assert 1 == len(stored)
    assert new.person_token.encode() not in stored[0][0]


async def test_an_invite_works_once(store: Store) -> None:
    """A second chat using the same invite gets InviteUsed."""
    new = await store.create_case("Police", "North", "REF-1")
    await store.redeem_invite(new.person_token, 1001)
    with pytest.raises(InviteUsed):
        await store.redeem_invite(new.person_token, 2002)


async def test_the_same_chat_tapping_its_link_again_is_not_an_error(store: Store) -> None:
    """Re-tapping one's own link returns the same participant instead of failing."""
    new = await store.create_case("Police", "North", "REF-1")
    first = await store.redeem_invite(new.person_token, 1001)
    assert first == await store.redeem_invite(new.person_token, 1001)


async def test_an_invite_expires(store: Store, clock: FakeClock) -> None:
    """After invite_valid_days (14 by default) the invite raises InviteExpired."""
    new = await store.create_case("Police", "North", "REF-1")
    clock.advance(days=14, seconds=1)
    with pytest.raises(InviteExpired):
        await store.redeem_invite(new.person_token, 1001)


async def test_an_unknown_token_is_not_found(store: Store) -> None:
    """A made-up token raises InviteNotFound, whose message never repeats the token."""
    with pytest.raises(InviteNotFound) as caught:
        await store.redeem_invite("x" * 32, 1001)
    assert "x" * 32 not in str(caught.value)


async def test_redeeming_joins_the_chat_to_the_case(store: Store) -> None:
    """The participant has the invite's case, kind and timepoint, and is found by chat id."""
    new = await store.create_case("Police", "North", "REF-1", representative=True)
    rep = await store.redeem_invite(new.representative_token or "", 3003, rep_kind="imca")
    assert (new.case.id, "representative", "imca", "representative", "start") == (
        rep.case_id,
        rep.kind,
        rep.rep_kind,
        rep.answered_by,
        rep.current_timepoint,
    )
    assert rep == await store.participant_for_chat(3003)
    assert 3003 == rep.chat_id
    assert "3003" not in repr(rep)


async def test_a_checkin_invite_continues_the_same_case_in_a_new_round(
    store: Store, opened: Opened, db_path: Path
) -> None:
    """The same chat redeeming check-in invites keeps its participant; each check-in is a
    new round with a fresh state, and the start answers stay."""
    pid = opened.person.id
    await store.save_turn(
        pid,
        "start",
        [Answer("safety", "2", context(), "q")],
        state(status="completed"),
        channel="telegram",
        source_message_id="1",
    )
    for expected_round in (1, 2):
        invite = await store.create_invite(opened.new.case, "person", "checkin")
        again = await store.redeem_invite(invite.token, 4242)
        assert (pid, "checkin") == (again.id, again.current_timepoint)
        assert await store.load_session(pid, "checkin") is None
        await store.save_turn(
            pid,
            "checkin",
            [Answer("safety", "3", context("checkin"), "q")],
            state("checkin", status="completed"),
            channel="telegram",
            source_message_id=f"c{expected_round}",
        )
    assert [("start", 1), ("checkin", 1), ("checkin", 2)] == rows(
        db_path, "SELECT timepoint, round FROM answers ORDER BY id"
    )


async def test_a_new_phone_keeps_the_persons_preferences(store: Store, opened: Opened) -> None:
    """A later invite redeemed from another chat makes a new participant with the same
    variant and language."""
    from dialogs.types import PreferencesChanged

    await store.save_turn(
        opened.person.id,
        "start",
        [PreferencesChanged("easy_read", "en", "self")],
        state(),
        channel="telegram",
        source_message_id="1",
    )
    invite = await store.create_invite(opened.new.case, "person", "checkin")
    other = await store.redeem_invite(invite.token, 5555)
    assert other.id != opened.person.id
    assert "easy_read" == other.variant


async def test_a_closed_case_only_takes_end_invites(store: Store, opened: Opened) -> None:
    """Check-in invites for a closed case are a Conflict; end invites are fine."""
    await store.cases.close("REF-1", risk_outcome="reduced", capacity="no")
    with pytest.raises(Conflict):
        await store.create_invite(opened.new.case, "person", "checkin")
    end = await store.create_invite(opened.new.case, "person", "end")
    assert "end" == (await store.redeem_invite(end.token, 4242)).current_timepoint


async def test_an_invite_sent_into_a_chat_works_only_from_that_chat(
    store: Store, opened: Opened, db_path: Path
) -> None:
    """A check-in invite bound to the person (as the bot sends it into their chat) opened
    from another chat is refused as InviteForAnotherChat (an InviteNotFound: the other
    chat learns nothing), joins no one and stays unused; from the person's chat it works."""
    bound = await store.create_invite(
        opened.new.case, "person", "checkin", for_participant=opened.person.id
    )
    participants_before = rows(db_path, "SELECT id FROM participants")
    with pytest.raises(InviteForAnotherChat):
        await store.redeem_invite(bound.token, 5555)
    assert participants_before == rows(db_path, "SELECT id FROM participants")
    assert [(None,)] == rows(db_path, f"SELECT used_at FROM invites WHERE id = {bound.invite.id}")
    joined = await store.redeem_invite(bound.token, PERSON_CHAT)
    assert (opened.person.id, "checkin") == (joined.id, joined.current_timepoint)
    with pytest.raises(InviteNotFound):  # used now: still nothing for the other chat
        await store.redeem_invite(bound.token, 5555)


async def test_a_bound_invite_survives_key_rotation_and_goes_with_an_erased_person(
    store: Store, opened: Opened
) -> None:
    """The binding is to the participant, so it still holds after the key is rotated (chats
    are re-hashed); once that participant is erased the invite no longer exists."""
    bound = await store.create_invite(
        opened.new.case, "person", "checkin", for_participant=opened.person.id
    )
    await store.rotate_key(generate_key())
    with pytest.raises(InviteForAnotherChat):
        await store.redeem_invite(bound.token, 5555)
    await store.erase_participant(opened.person.id, actor="test")
    with pytest.raises(InviteNotFound) as refused:
        await store.redeem_invite(bound.token, PERSON_CHAT)
    assert not isinstance(refused.value, InviteForAnotherChat)  # gone, not merely refused
