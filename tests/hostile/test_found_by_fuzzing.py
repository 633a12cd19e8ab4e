"""What the update fuzzing found, pinned as plain examples (each failed before its fix).

- An edited message from a person with a case reached the text handler, which read
  ``update.message`` (None for an edit) and raised. Edits are now left alone: an edit is
  not a new answer, and nothing is stored or sent.
- A button on an inline message (no chat) was answered by nobody: the spinner stayed.
- A staff member tapping a button that is not from their live exchange (a person's
  payload, a stale or forged one) was answered by nobody: each handler left it to the other.
- A huge typed reference was repeated whole in the staff refusal (over 4096 characters).
- /newcase took "." as a new organisation's (or team's) name.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.staff_exchange import load
from bot.staff_newcase import reference_problem
from bot.staff_words import staff_text
from tests.hostile.fuzzing import (
    World,
    assert_batch_handled,
    close_world,
    feed_batch,
    open_world,
    table_counts,
)
from tests.hostile.strategies import DATE, PERSON, chat_json, command_entity, user
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import HUB_USER, PRACTITIONER


@pytest.fixture
async def world(tmp_path: Path, fake_bot_api: FakeBotApi) -> AsyncIterator[World]:
    opened = await open_world(tmp_path, fake_bot_api)
    yield opened
    await close_world(opened)


def tap(sender: int, data: str, in_chat: bool = True) -> dict[str, Any]:
    query: dict[str, Any] = {"from": user(sender), "chat_instance": "ci", "data": data}
    if in_chat:
        query["message"] = {"message_id": 7, "date": DATE, "chat": chat_json(sender, "private"),
                            "text": "?"}  # fmt: skip
    else:
        query["inline_message_id"] = "inline-1"
    return {"callback_query": query}


def answers_to(world: World, fed: list[dict[str, Any]]) -> list[int]:
    """How many answerCallbackQuery calls each fed tap got, in order."""
    calls = world.fake.calls("answerCallbackQuery")
    return [sum(c["callback_query_id"] == u["callback_query"]["id"] for c in calls) for u in fed]


async def test_an_edited_answer_is_not_taken_without_error(world: World) -> None:
    """A person edits a message they sent: no error, one reply (changes are not seen; use
    /back), and no answer, turn or session stored (only the reply's id, for hiding)."""
    before, sent = table_counts(world.database), len(world.fake.requests)
    edit = {"message_id": 9, "date": DATE, "edit_date": DATE + 5, "text": "CANARY edited",
            "chat": chat_json(PERSON, "private"), "from": user(PERSON)}  # fmt: skip
    await feed_batch(world, [{"edited_message": edit}])
    assert [] == world.errors
    replies = [r for r in world.fake.requests[sent:] if r.method == "sendMessage"]
    assert [PERSON] == [r.params["chat_id"] for r in replies]
    assert "/back" in replies[0].params["text"]
    after = table_counts(world.database)
    for table in ("answers", "turns", "sessions", "outcomes"):
        assert before[table] == after[table]


async def test_an_edited_staff_command_is_ignored_without_error(world: World) -> None:
    """Staff edit an old /case command: it is not run again (no second read audited)."""
    audited = len(await world.store.audit.entries())
    edit = {"message_id": 9, "date": DATE, "edit_date": DATE + 5, "text": "/case REF-1",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
            "chat": chat_json(HUB_USER, "private"), "from": user(HUB_USER)}  # fmt: skip
    await feed_batch(world, [{"edited_message": edit}])
    assert [] == world.errors
    assert audited == len(await world.store.audit.entries())


async def test_a_button_on_an_inline_message_is_answered_once(world: World) -> None:
    """A callback query with no chat (an inline message's button) still stops the spinner."""
    fed = await feed_batch(world, [tap(PERSON, "anything", in_chat=False)])
    assert [] == world.errors
    assert [1] == answers_to(world, fed)


async def test_staff_tapping_a_button_not_of_their_exchange_is_answered_once(
    world: World,
) -> None:
    """A practitioner taps a person's button (copied), a forged one and a stale staff one:
    each is answered exactly once and nothing is stored."""
    person_button = world.signer.encode(PERSON, 1, "safety", "3")
    mine_but_stale = world.signer.encode(PRACTITIONER, 5, "staff", "team:0")
    before = table_counts(world.database)
    fed = await feed_batch(world, [tap(PRACTITIONER, data) for data in
                                   (person_button, "forged", mine_but_stale)])  # fmt: skip
    assert [] == world.errors
    assert [1, 1, 1] == answers_to(world, fed)
    expired = staff_text("exchange.expired")
    told = [c.get("text") for c in world.fake.calls("answerCallbackQuery")[-3:]]
    assert [expired, expired] == told[:2]  # the stale staff one is told in a message instead
    before.pop("audit_log")
    after = table_counts(world.database)
    after.pop("audit_log")
    assert before == after


@pytest.mark.parametrize("typed", [".", ",", " . , "])
def test_a_reference_of_only_punctuation_is_refused_not_an_error(typed: str) -> None:
    """/newcase: a reference typed as only dots or commas was an IndexError (found by the
    newcase property test while this suite ran); it is refused as not a reference."""
    assert "newcase.ref_name" == reference_problem(typed)


@pytest.mark.parametrize("command", ["/case", "/checkin", "/close", "/summary"])
async def test_a_huge_reference_gets_a_refusal_telegram_will_take(
    world: World, command: str
) -> None:
    """A reference thousands of characters long (one of the fuzz's odd arguments) was
    repeated whole in the refusal, making a message over Telegram's 4096 characters: the
    staff member got no reply and PTB an error. It is now cut short in the reply."""
    huge = "A" * 4090
    for sender in (PRACTITIONER, HUB_USER, 5555555555):
        text = f"{command} {huge}"[:4096]
        body = {"message_id": 9, "date": DATE, "text": text, "from": user(sender),
                "chat": chat_json(sender, "private"),
                "entities": command_entity(command)}  # fmt: skip
        since = len(world.fake.requests)
        fed = await feed_batch(world, [{"message": body}])
        assert_batch_handled(world, fed, since)
        replies = [r.params["text"] for r in world.fake.requests[since:]
                   if r.method == "sendMessage"]  # fmt: skip
        assert replies and not any(huge in reply for reply in replies)


@pytest.mark.parametrize("typed", [".", "-", "…", " ' "])
async def test_an_organisation_or_team_of_only_punctuation_is_asked_again(
    world: World, typed: str
) -> None:
    """/newcase (the staff-exchange fuzz): hub staff typing "." as the organisation made a
    new organisation called "."; a name with no letter or digit is now asked for again."""
    body = {"message_id": 9, "date": DATE, "chat": chat_json(HUB_USER, "private"),
            "from": user(HUB_USER)}  # fmt: skip
    newcase = {**body, "text": "/newcase", "entities": command_entity("/newcase")}
    await feed_batch(world, [{"message": newcase}, {"message": {**body, "text": typed}}])
    assert [] == world.errors
    exchange = await load(world.store, HUB_USER)
    assert exchange is not None and "organisation" == exchange.step
    assert staff_text("newcase.empty") == world.fake.calls("sendMessage")[-1]["text"]
