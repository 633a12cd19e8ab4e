"""The real dialog engine writing through the store, with a restart half way: the stored
answers are the engine's records, and the survey resumes at the same question."""

from __future__ import annotations

from pathlib import Path

from dialogs.engine import begin, handle
from dialogs.types import Answer, Turn
from storage import CONSOLE_CHAT_ID, open_store, token_from_link
from storage.invites import invite_link
from tests.dialogs.engine_fixtures import TINY, tiny_person
from tests.storage.conftest import FakeClock


async def _save(store, person_id: int, turn: Turn, message: int):  # noqa: ANN001, ANN202
    return await store.save_turn(
        person_id,
        turn.state.timepoint,
        turn.records,
        turn.state,
        channel="console",
        source_message_id=f"console-{message}",
    )


async def test_a_survey_survives_a_restart_and_stores_what_the_engine_recorded(
    db_path: Path, key: str, clock: FakeClock
) -> None:
    """Answering the tiny start survey, with the store closed and reopened after five
    answers, ends with exactly the engine's answers stored and its outcomes current."""
    person = tiny_person(own_words=("sleep at night",))
    async with open_store(db_path, key, clock=clock) as store:
        new = await store.create_case("Police", "North", "E2E")
        link = invite_link("MspCheckinBot", new.person_token)
        joined = await store.redeem_invite(token_from_link(link), CONSOLE_CHAT_ID)
        turn = begin(TINY, "start", variant="standard", language="en", answered_by="self")
        await _save(store, joined.id, turn, 0)
        recorded = list(turn.records)
        for message in range(1, 6):
            turn = handle(TINY, turn.state, person.respond(turn))
            await _save(store, joined.id, turn, message)
            recorded += turn.records
    async with open_store(db_path, key, clock=clock) as store:
        resumed = await store.participant_for_chat(CONSOLE_CHAT_ID)
        assert resumed is not None and joined.id == resumed.id
        assert turn.state == await store.load_session(resumed.id, resumed.current_timepoint)
        message = 6
        while turn.state.status == "active":
            turn = handle(TINY, turn.state, person.respond(turn))
            await _save(store, joined.id, turn, message)
            recorded += turn.records
            message += 1
        stored = await store.answers.for_case(new.case.id)
        outcomes = await store.current_outcomes(new.case.id)
    expected = [(r.measure, r.value, r.text) for r in recorded if isinstance(r, Answer)]
    assert expected == [(a.measure, a.value, a.text) for a in stored]
    assert turn.state.outcomes == outcomes
    assert "sleep at night" in [o.text for o in outcomes]
    assert {"safety", "how_will_we_know"} <= {a.measure for a in stored}
    assert "completed" == turn.state.status
