"""An update's arrival, read in one snapshot: the chat's participant, whether the update was
handled before, and the participant's current round (state and last question shown)."""

from __future__ import annotations

from storage import Store
from storage.arrival import Arrival
from storage.inbox import UpdateClaim
from storage.sessions import ShownQuestion
from tests.storage.conftest import Opened, state

STRANGER = 999


async def test_a_chat_with_no_case_arrives_with_no_participant(store: Store) -> None:
    """An unknown chat: no participant, no state, and its update not yet handled."""
    assert Arrival(None, False) == await store.arrivals.read(STRANGER, 1)


async def test_a_joined_chat_before_any_question(store: Store, opened: Opened) -> None:
    """A person who joined but was asked nothing yet: their participant, no state."""
    arrival = await store.arrivals.read(4242, 5)
    assert (opened.person, False, None, None) == (
        arrival.participant,
        arrival.seen,
        arrival.state,
        arrival.shown_seq,
    )
    assert False is arrival.question_unseen


async def test_the_state_and_the_question_shown_come_with_the_participant(
    store: Store, opened: Opened
) -> None:
    """The saved state of the current round, and the question last shown: a question saved
    but not yet shown is 'unseen'; once shown, it is not."""
    saved = state(step="what_would_be_good")
    await store.save_turn(opened.person.id, "start", [], saved, channel="telegram",
                          source_message_id="1", claim=UpdateClaim(7, None))  # fmt: skip
    shown_before = ShownQuestion(opened.person.id, "start", saved.seq - 1)
    await store.messages.remember_many(4242, [10], shown=shown_before)
    before = await store.arrivals.read(4242, 8)
    await store.messages.remember_many(
        4242, [11], shown=ShownQuestion(opened.person.id, "start", saved.seq)
    )
    after = await store.arrivals.read(4242, 8)
    assert (saved, saved.seq - 1, True) == (before.state, before.shown_seq, before.question_unseen)
    assert (saved.seq, False) == (after.shown_seq, after.question_unseen)


async def test_an_update_handled_before_is_seen(store: Store, opened: Opened) -> None:
    """An update claimed (or saved with its turn) arrives again as seen; another is not."""
    await store.inbox.claim(41, (4242, 3))
    await store.save_turn(opened.person.id, "start", [], state(), channel="telegram",
                          source_message_id="2", claim=UpdateClaim(42, None))  # fmt: skip
    seen = [(await store.arrivals.read(4242, update)).seen for update in (41, 42, 43)]
    assert [True, True, False] == seen


async def test_a_paused_survey_has_no_unseen_question(store: Store, opened: Opened) -> None:
    """Only an active survey can have a question the person has not seen."""
    paused = state(status="paused")
    await store.save_turn(opened.person.id, "start", [], paused, channel="telegram",
                          source_message_id="3")  # fmt: skip
    await store.messages.remember_many(
        4242, [12], shown=ShownQuestion(opened.person.id, "start", paused.seq + 5)
    )
    assert False is (await store.arrivals.read(4242, 9)).question_unseen


async def test_an_erased_case_arrives_as_no_participant(store: Store, opened: Opened) -> None:
    """Once the case is erased its chat is no one's: same as a stranger."""
    await store.erase_case("REF-1", actor="test")
    assert None is (await store.arrivals.read(4242, 1)).participant
