"""At-least-once delivery: duplicated and reordered updates leave the store as one clean
delivery would.

Three people (standard, easy read, screen reader) answer the start survey once, cleanly,
and every update the bot received is recorded. The same updates (with each person's own
invite from a fresh store under the same data key, so button payloads are the same bytes)
are then replayed into a second store: people's streams interleaved at random, every update
delivered again right away or much later, as Telegram does after a timeout or a restart.
A person's own updates keep their order among first deliveries (nobody can tap a question's
button before it is asked), which is what Telegram guarantees too.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from storage import generate_key
from storage.store import Store
from tests.telegram import journey_driver
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import Person
from tests.telegram.staff_setup import settings_for, started, stopped, svc
from tests.telegram.updates import feed

PEOPLE = {64500001: "standard", 64500002: "easy_read", 64500003: "screen_reader"}
OWN_WORDS = "CANARY redelivered own words 5121"
HOW_WE_KNOW = "CANARY redelivered how we know 5122"


async def start_survey(person: Person, token: str, variant: str) -> None:
    """The whole start survey, as a person taps and types it."""
    await person.up_to_safety(token, variant)
    if variant == "easy_read":
        await person.choose("practice", "yes")
    await person.choose("safety", "3")
    await person.pick_outcomes(["safe_at_home"], OWN_WORDS)
    await person.type(HOW_WE_KNOW)


async def open_cases(store: Store) -> dict[int, str]:
    """One case per person (same references in every store); chat -> invite token."""
    tokens = {}
    for n, chat_id in enumerate(PEOPLE, start=1):
        tokens[chat_id] = (await store.create_case("Police", "North", f"RD-{n}")).person_token
    return tokens


async def clean_delivery(
    tmp_path: Path, key: str, fake: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> tuple[dict[int, list[dict[str, Any]]], dict[str, Any]]:
    """Each person's updates, in order, from one clean run; and that run's stored rows."""
    received: dict[int, list[dict[str, Any]]] = {chat_id: [] for chat_id in PEOPLE}

    async def recording_feed(app: Application, data: dict[str, Any]) -> None:
        chat = (data.get("message") or data.get("callback_query", {}).get("message"))["chat"]
        received[chat["id"]].append(data)
        await feed(app, data)

    monkeypatch.setattr(journey_driver, "feed", recording_feed)
    app = await started(settings_for(tmp_path / "clean", key), fake)
    tokens = await open_cases(svc(app).store)
    for chat_id, variant in PEOPLE.items():
        await start_survey(Person(app, fake, chat_id), tokens[chat_id], variant)
    rows = await stored_rows(svc(app).store)
    await stopped(app)
    return received, rows


def with_new_invite(update: dict[str, Any], token: str) -> dict[str, Any]:
    """The update, with a /start invite swapped for this store's invite."""
    text = update.get("message", {}).get("text", "")
    if not text.startswith("/start "):
        return update
    return {**update, "message": {**update["message"], "text": f"/start {token}"}}


def at_least_once(streams: dict[int, list[dict[str, Any]]], seed: int) -> list[dict[str, Any]]:
    """People's streams interleaved at random; each update also delivered a second time,
    right after itself or anywhere later."""
    rng = random.Random(seed)
    pending = {chat: list(stream) for chat, stream in streams.items()}
    delivered: list[dict[str, Any]] = []
    while any(pending.values()):
        chat = rng.choice([c for c, stream in pending.items() if stream])
        delivered.append(pending[chat].pop(0))
    replay = list(delivered)
    for update in delivered:
        original = replay.index(update)
        again = original + 1 if rng.random() < 0.5 else rng.randint(original + 1, len(replay))
        replay.insert(again, update)
    return replay


async def stored_rows(store: Store) -> dict[str, Any]:
    """Everything a survey stores, per case reference, without ids or clock times."""
    rows: dict[str, Any] = {}
    for case in await store.cases.list():
        answers = await store.answers.for_case(case.id)
        participant = (await store.participants.for_case(case.id))[0]
        state = await store.load_session(participant.id, participant.current_timepoint)
        rows[case.local_ref] = {
            "answers": [
                (
                    a.timepoint,
                    a.round,
                    a.measure,
                    a.question_id,
                    a.outcome_ref,
                    a.value,
                    a.text,
                    a.variant,
                    a.answered_by,
                    a.rechecked,
                )
                for a in answers
            ],  # fmt: skip
            "outcomes": [(o.ref, o.text) for o in await store.current_outcomes(case.id)],
            "state": state,
            "variant": participant.variant,
        }
    return rows


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_duplicated_and_reordered_updates_store_what_one_clean_delivery_stores(
    tmp_path: Path, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """Every update delivered twice (at once or later) and people interleaved differently:
    the answers, outcomes and survey states equal those of the clean run, and every update
    after its first delivery is ignored (no second reply, no second row)."""
    key = generate_key()
    streams, clean = await clean_delivery(tmp_path, key, fake_bot_api, monkeypatch)
    finished = {ref: (len(case["answers"]), len(case["outcomes"]), case["state"].status)
                for ref, case in clean.items()}  # fmt: skip
    assert {f"RD-{n}": (2, 2, "completed") for n in (1, 2, 3)} == finished
    app = await started(settings_for(tmp_path / "replayed", key), fake_bot_api)
    tokens = await open_cases(svc(app).store)
    renamed = {chat: [with_new_invite(u, tokens[chat]) for u in stream]
               for chat, stream in streams.items()}  # fmt: skip
    sent_before = len(fake_bot_api.sent)
    for update in at_least_once(renamed, seed):
        await feed(app, update)
    replayed = await stored_rows(svc(app).store)
    replies = len(fake_bot_api.sent) - sent_before
    await stopped(app)
    assert clean == replayed
    assert sent_before == replies  # the same replies as the clean run, none for duplicates
