"""The running bot the fuzz tests throw updates at, and the checks made after each batch.

``open_world`` starts the whole bot (person, staff and alert handlers) as
``tests.telegram.staff_setup.started`` does, on a real SQLite file, with staff, two people
who have joined their cases, and an error handler that records every exception a handler
let escape (PTB would otherwise only log it). ``feed_batch`` resolves the strategies'
``Late`` placeholders, gives every update and callback query a unique id, feeds the updates
and returns what was fed. The checks: nothing reached the error handler, every callback
query got exactly one answer, every request conforms to the Bot API spec.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from telegram import Update
from telegram.ext import Application, CallbackContext

from bot.payloads import PayloadSigner
from storage import generate_key
from storage.store import Store
from tests.hostile.strategies import (
    FRESH_INVITE,
    LATEST_BUTTON,
    LATEST_LINK,
    NEW_STRANGER,
    OTHER_PERSON,
    PERSON,
    SIGNED,
    USED_INVITE,
    Late,
)
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.spec_check import spec_problems
from tests.telegram.staff_setup import add_staff, settings_for, started, stopped, svc
from tests.telegram.updates import feed, message


@dataclass
class World:
    """The bot under test and what the fuzz needs to know about it."""

    app: Application
    fake: FakeBotApi
    database: Path
    used_token: str
    errors: list[BaseException] = field(default_factory=list)
    newcomers: dict[int, int] = field(default_factory=dict)  # this batch's, by invite slot
    keyboards: dict[int, list[str]] = field(default_factory=dict)  # latest buttons per chat
    links: dict[int, str] = field(default_factory=dict)  # latest invite link per chat
    seen: int = 0  # how many of the fake's sent messages keyboards and links reflect
    fresh: dict[int, str] = field(default_factory=dict)  # this batch's fresh invites by slot
    fresh_cases: dict[int, int] = field(default_factory=dict)  # and their cases' ids
    ids: itertools.count = field(default_factory=lambda: itertools.count(10_000_000))

    def catch_up(self) -> None:
        """Note the latest keyboard and link of each chat from messages sent since last time
        (incrementally: a long run sends hundreds of thousands of messages)."""
        for sent in self.fake.sent[self.seen :]:
            rows = sent.get("reply_markup", {}).get("inline_keyboard", [])
            buttons = [b for row in rows for b in row]
            chat_id = sent["chat"]["id"]
            if buttons:
                self.keyboards[chat_id] = [b["callback_data"] for b in buttons
                                           if "callback_data" in b]  # fmt: skip
            urls = [b["url"] for b in buttons if "url" in b]
            if urls:
                self.links[chat_id] = parse_qs(urlparse(urls[0]).query).get("start", ["none"])[0]
        self.seen = len(self.fake.sent)

    @property
    def store(self) -> Store:
        return svc(self.app).store

    @property
    def signer(self) -> PayloadSigner:
        return svc(self.app).signer


async def open_world(tmp_path: Path, fake: FakeBotApi) -> World:
    """The bot started, staff added, PERSON (Police) and OTHER_PERSON (Housing) joined."""
    app = await started(settings_for(tmp_path, generate_key()), fake)
    await add_staff(app)
    store = svc(app).store
    mine = await store.create_case("Police", "North", "REF-1")
    theirs = await store.create_case("Housing", "East", "REF-2")
    for chat_id, token in ((PERSON, mine.person_token), (OTHER_PERSON, theirs.person_token)):
        await feed(app, message(chat_id, f"/start {token}"))
    world = World(app, fake, store.path, mine.person_token)

    async def record_error(update: object, context: CallbackContext) -> None:
        world.errors.append(context.error)  # type: ignore[arg-type]

    app.add_error_handler(record_error)
    return world


async def close_world(world: World) -> None:
    await stopped(world.app)


def _latest_link(world: World, chat_id: int) -> str:
    """The invite token of the latest link button sent to the chat ("none" if none yet)."""
    world.catch_up()
    return world.links.get(chat_id, "none")


def _latest_button(world: World, chat_id: int, index: int) -> str:
    """The ``index``-th (wrapping) button of the chat's latest keyboard."""
    world.catch_up()
    if chat_id not in world.keyboards:
        return "no-keyboard-yet"
    buttons = world.keyboards[chat_id]
    return buttons[index % len(buttons)] if buttons else "no-buttons"


async def resolve(world: World, value: Any) -> Any:
    """``value`` with every ``Late`` placeholder made real (tuples of text are joined)."""
    if isinstance(value, dict):
        return {key: await resolve(world, item) for key, item in value.items()}
    if isinstance(value, list):
        return [await resolve(world, item) for item in value]
    if isinstance(value, tuple):
        return " ".join([str(await resolve(world, item)) for item in value])
    if not isinstance(value, Late):
        return value
    if value.kind == USED_INVITE:
        return world.used_token
    if value.kind == FRESH_INVITE:
        (slot,) = value.args
        if slot not in world.fresh:
            new = await world.store.create_case("Police", "North", f"FZ-{next(world.ids)}")
            world.fresh[slot], world.fresh_cases[slot] = new.person_token, new.case.id
        return world.fresh[slot]
    if value.kind == NEW_STRANGER:
        (slot,) = value.args
        return world.newcomers.setdefault(slot, 9_000_000_000 + next(world.ids))
    if value.kind == LATEST_LINK:
        return _latest_link(world, *value.args)
    if value.kind == LATEST_BUTTON:
        return _latest_button(world, *value.args)
    if value.kind == SIGNED:
        chat_id, seq, question_id, key = value.args
        try:
            return world.signer.encode(chat_id, seq, question_id, key)
        except ValueError:  # too long for a button, or control characters: send it raw
            return key or "x"
    raise AssertionError(f"unknown placeholder {value.kind}")


async def feed_batch(world: World, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Feed every update of ``batch`` (ids filled in, placeholders resolved); returns them."""
    world.fresh, world.fresh_cases, world.newcomers = {}, {}, {}
    fed = []
    for planned in batch:
        data = await resolve(world, planned)
        data["update_id"] = next(world.ids)
        if "callback_query" in data:
            data["callback_query"]["id"] = str(next(world.ids))
        await world.app.process_update(Update.de_json(data, world.app.bot))
        fed.append(data)
    return fed


def unanswered_or_twice(world: World, fed: list[dict[str, Any]], since: int) -> dict[str, int]:
    """Callback query ids fed in this batch not answered exactly once (id -> answers)."""
    answers = Counter(r.params.get("callback_query_id") for r in world.fake.requests[since:]
                      if r.method == "answerCallbackQuery")  # fmt: skip
    queries = [u["callback_query"]["id"] for u in fed if "callback_query" in u]
    return {query: answers[query] for query in queries if answers[query] != 1}


def assert_batch_handled(world: World, fed: list[dict[str, Any]], since: int) -> None:
    """No exception escaped a handler, every tap was answered once, every request conforms."""
    errors = [f"{type(e).__name__}: {e}" for e in world.errors]
    world.errors.clear()
    assert [] == errors
    assert {} == unanswered_or_twice(world, fed, since)
    assert [] == spec_problems(world.fake.requests[since:])


def table_counts(database: Path) -> dict[str, int]:
    """Rows in every table, read through a separate read-only connection."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        listed = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        names = [row[0] for row in conn.execute(listed)]
        counts = {name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
                  for name in names}  # fmt: skip
    conn.close()
    return counts


def senders_of(fed: list[dict[str, Any]]) -> set[int]:
    """The user ids that sent (or tapped) anything in ``fed``."""
    found = set()
    for update in fed:
        for kind in ("message", "edited_message", "callback_query"):
            sender = update.get(kind, {}).get("from")
            if sender is not None:
                found.add(sender["id"])
    return found
