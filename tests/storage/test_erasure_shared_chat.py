"""A chat in two cases (an advocate helping two people): erasing one case, or withdrawing
from it, must not stop "hide this chat" working for the other case. The bot's list of
messages in that chat stays while the chat is still in another case, and goes with the
last one."""

from __future__ import annotations

from dialogs.types import WithdrawConfirmed
from storage import Store
from tests.storage.conftest import FakeClock, state

ADVOCATE = 7000


async def _advocate_in_two_cases(store: Store) -> tuple[int, int]:
    """The advocate's chat joined two cases; the bot logged messages 1-3 in that chat."""
    first = await store.create_case("Police", "North", "A1", representative=True)
    second = await store.create_case("Housing", "East", "A2", representative=True)
    in_first = await store.redeem_invite(first.representative_token or "", ADVOCATE)
    in_second = await store.redeem_invite(second.representative_token or "", ADVOCATE)
    await store.messages.remember_many(ADVOCATE, [1, 2, 3])
    return in_first.id, in_second.id


async def test_erasing_one_case_keeps_the_chats_messages_for_the_other(store: Store) -> None:
    """Erase A1: the messages stay for A2's "hide this chat"; erase A2 too: they go."""
    await _advocate_in_two_cases(store)
    await store.erase_case("A1")
    assert [1, 2, 3] == await store.messages.for_chat(ADVOCATE)
    await store.erase_case("A2")
    assert [] == await store.messages.for_chat(ADVOCATE)


async def test_withdrawing_from_one_case_keeps_the_chats_messages_for_the_other(
    store: Store,
) -> None:
    """Withdraw in A1 (the bot's path): the messages stay for A2; withdraw in A2: gone."""
    in_first, in_second = await _advocate_in_two_cases(store)
    for participant in (in_first, in_second):
        saved = await store.save_turn(
            participant, "start", [WithdrawConfirmed()], state(), channel="telegram",
            source_message_id="9",
        )  # fmt: skip
        assert saved.withdrawn
        left = await store.messages.for_chat(ADVOCATE)
        assert ([1, 2, 3] if participant == in_first else []) == left


async def test_purging_one_case_keeps_the_chats_messages_for_the_other(
    store: Store, clock: FakeClock
) -> None:
    """The retention purge of A1 (closed two days ago) leaves the messages the bot logged
    in the chat since (for A2); purging A2 later takes them."""
    await _advocate_in_two_cases(store)
    await store.cases.close("A1", risk_outcome="reduced", capacity="no")
    clock.advance(days=2)
    await store.messages.remember_many(ADVOCATE, [4, 5])
    assert 1 == len((await store.purge(1)).case_ids)
    assert [4, 5] == await store.messages.for_chat(ADVOCATE)
    await store.cases.close("A2", risk_outcome="reduced", capacity="no")
    clock.advance(hours=25)
    await store.messages.remember_many(ADVOCATE, [6])
    assert 1 == len((await store.purge(1)).case_ids)
    assert [] == await store.messages.for_chat(ADVOCATE)
