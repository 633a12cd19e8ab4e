"""Benchmark: the whole bot (engine, storage commit, rendering) against a bare echo bot.

Many simulated people each complete the start survey (invite, safe to talk, consent, way of
asking, who answers, safety, outcomes, own words, how we will know) through
``Application.process_update``, a group of them at a time with ``asyncio.gather``. The bot
is built as ``checkin run`` builds it (every handler, a real SQLite file with WAL and
synchronous=FULL); only the Bot API is an offline fake (``LeanBotApi``) and the rate limiter
is off, since the point is our cost per update, not Telegram's 30 messages a second. In the
same run a bare python-telegram-bot echo bot (one MessageHandler sending the text back) is
driven the same way on the same fake. Prints updates per second, p50/p99 handling latency
and the cost ratio; targets: at most 3x the echo bot's cost, at least 300 updates/s.
Asserts nothing.

    .venv/bin/python bench/bot_throughput.py [--people N] [--concurrency C]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest, RequestData

from bot import alerts, handlers_person, handlers_staff, reminders
from bot.app import ProtectedBot, build_application
from bot.config import Settings
from bot.services import SERVICES_KEY, attach_services
from dialogs.content import CONTENT_ROOT, load_language
from storage import db as storage_db
from storage import generate_key

TOKEN = "123456789:bench-token-not-a-secret"
CONTENT = load_language(CONTENT_ROOT / "en")
FIRST_CHAT = 70_000_000


@dataclass
class LeanBotApi(BaseRequest):
    """An offline Bot API that keeps only what a driver needs: each chat's latest keyboard
    and a count of requests (a recording fake would grow with every request)."""

    requests: int = 0
    keyboards: dict[int, dict[str, Any]] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(100))

    def __post_init__(self) -> None:
        super().__init__()

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         *args: Any, **kwargs: Any) -> tuple[int, bytes]:  # fmt: skip
        self.requests += 1
        endpoint = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        return 200, json.dumps({"ok": True, "result": self._result(endpoint, params)}).encode()

    def _result(self, endpoint: str, params: dict[str, Any]) -> Any:
        if endpoint == "getMe":
            return {"id": 7000000001, "is_bot": True, "first_name": "Bench", "username": "B"}
        if endpoint not in ("sendMessage", "editMessageText", "editMessageReplyMarkup"):
            return True
        chat_id = int(params["chat_id"])
        message = {
            "message_id": int(params.get("message_id") or next(self._ids)),
            "date": int(time.time()),
            "chat": _chat(chat_id),
            "text": params.get("text"),
        }
        if "inline_keyboard" in (params.get("reply_markup") or {}):
            message["reply_markup"] = params["reply_markup"]
            self.keyboards[chat_id] = message
        return message


def _chat(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "type": "private", "first_name": "P"}


_update_ids = itertools.count(1)


def text_update(chat_id: int, text: str) -> dict[str, Any]:
    """A private text message (a /command gets its entity)."""
    body: dict[str, Any] = {
        "message_id": next(_update_ids),
        "date": int(time.time()),
        "chat": _chat(chat_id),
        "from": {"id": chat_id, "is_bot": False, "first_name": "P"},
        "text": text,
    }
    if text.startswith("/"):
        body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": next(_update_ids), "message": body}


def tap_update(fake: LeanBotApi, chat_id: int, label: str) -> dict[str, Any]:
    """A tap on the button shown as ``label`` on the chat's latest keyboard."""
    sent = fake.keyboards[chat_id]
    buttons = [b for row in sent["reply_markup"]["inline_keyboard"] for b in row]
    data = next(b["callback_data"] for b in buttons if b["text"] == label)
    query = {"id": str(next(_update_ids)), "from": {"id": chat_id, "is_bot": False,
             "first_name": "P"}, "chat_instance": "c", "data": data, "message": sent}  # fmt: skip
    return {"update_id": next(_update_ids), "callback_query": query}


def option(question_id: str, value: str) -> str:
    question = CONTENT.questions[question_id]
    return next(o.label.standard for o in question.options if o.value == value)


# The start survey in the standard variant: ("tap", label) or ("type", text)
START_SURVEY: list[tuple[str, str]] = [
    ("tap", option("safe_to_talk", "yes")),
    ("tap", CONTENT.labels.next.standard),
    ("tap", option("consent", "yes")),
    ("tap", option("how_to_ask", "standard")),
    ("tap", option("who_answering", "self")),
    ("tap", option("safety", "3")),
    *[("tap", common.label.standard) for common in CONTENT.common_outcomes[:2]],
    ("type", "To feel settled at home again"),
    ("tap", CONTENT.labels.done.standard),
    ("type", "I will tell my worker when things are calmer"),
]


def settings_for(folder: Path) -> Settings:
    """Production settings but for the database file, token and key."""
    return Settings.model_validate({
        "telegram_token": TOKEN, "data_key": generate_key(),
        "storage": {"url": f"sqlite:///{folder / 'bench.db'}"},
        "telegram": {"hub_alert_chat_id": -1009000001},
    })  # fmt: skip


def unlimited() -> AIORateLimiter:
    return AIORateLimiter(overall_max_rate=0, group_max_rate=0)


async def start_checkin_bot(settings: Settings, fake: BaseRequest) -> Application:
    """The bot with every handler, as ``bot.commands.run.make_bot`` builds it."""
    app = build_application(settings, request=fake, rate_limiter=unlimited())
    attach_services(app, settings)
    alerts.register(app)
    handlers_person.register(app)
    handlers_staff.register_staff_handlers(app)
    reminders.schedule_reminders(app)
    await app.initialize()
    await app.post_init(app)
    return app


async def stop_checkin_bot(app: Application) -> None:
    await app.shutdown()
    await app.post_shutdown(app)


async def start_echo_bot(fake: BaseRequest) -> Application:
    """A bare python-telegram-bot echo bot on the same fake transport."""
    app = Application.builder().token(TOKEN).request(fake).get_updates_request(fake)
    app = app.rate_limiter(unlimited()).build()

    async def echo(update: Update, context: Any) -> None:
        await context.bot.send_message(update.effective_chat.id, update.message.text)

    app.add_handler(MessageHandler(filters.TEXT, echo))
    await app.initialize()
    return app


async def start_mirror_bot(fake: BaseRequest) -> Application:
    """A PTB bot making the check-in bot's Bot API calls, the way it makes them, with no
    logic of its own: a tap is answered, its buttons removed and the same keyboard sent
    again under a new message; a text gets a message with the latest keyboard. Like the
    check-in bot it sends with ``ProtectedBot.send_text``/``remove_buttons`` (Telegram's echo
    not parsed). What PTB alone costs for our traffic."""
    bot = ProtectedBot(TOKEN, request=fake, get_updates_request=fake, rate_limiter=unlimited())
    app = Application.builder().bot(bot).build()
    latest: dict[int, dict[str, Any] | None] = {}

    async def tapped(update: Update, context: Any) -> None:
        query, chat = update.callback_query, update.effective_chat.id
        await query.answer()
        await bot.remove_buttons(chat, query.message.message_id)
        markup = query.message.reply_markup
        latest[chat] = markup.to_dict() if markup else None
        await bot.send_text(chat, "Next question?", api_kwargs={"reply_markup": latest[chat]})

    async def typed(update: Update, context: Any) -> None:
        chat = update.effective_chat.id
        markup = latest.get(chat)
        await bot.send_text(chat, "Next question?",
                            api_kwargs={"reply_markup": markup} if markup else None)  # fmt: skip

    app.add_handler(CallbackQueryHandler(tapped))
    app.add_handler(MessageHandler(filters.TEXT, typed))
    await app.initialize()
    return app


async def run_mirror(updates: dict[int, list[dict[str, Any]]], concurrency: int) -> Timings:
    """The check-in run's own updates, replayed through the mirror bot, person by person."""
    fake, timings = LeanBotApi(), Timings()
    app = await start_mirror_bot(fake)

    async def person(chat: int) -> None:
        for data in updates[chat]:
            await timings.timed(app, data, chat)

    await in_groups(sorted(updates), concurrency, person, timings)
    await app.shutdown()
    print(f"  (mirror: {fake.requests} Bot API requests)")
    return timings


@dataclass
class Timings:
    latencies: list[float] = field(default_factory=list)
    updates: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # by chat, in order
    wall: float = 0.0
    cpu: float = 0.0  # process CPU seconds (both threads: the event loop and SQLite's)

    async def timed(self, app: Application, data: dict[str, Any], chat: int = 0) -> None:
        self.updates.setdefault(chat, []).append(data)
        update = Update.de_json(data, app.bot)
        began = time.perf_counter()
        await app.process_update(update)
        self.latencies.append(time.perf_counter() - began)

    def figures(self) -> tuple[float, float, float, float]:
        """(updates/s, mean cost ms, p50 ms, p99 ms)."""
        ordered = sorted(self.latencies)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        per_second = len(ordered) / self.wall
        return per_second, 1000 / per_second, statistics.median(ordered) * 1000, p99 * 1000


async def in_groups(
    people: list[int], concurrency: int, script: Callable[[int], Awaitable[None]], timings: Timings
) -> None:
    began, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(people), concurrency):
        await asyncio.gather(*(script(chat) for chat in people[start : start + concurrency]))
    timings.wall = time.perf_counter() - began
    timings.cpu = time.process_time() - cpu


async def run_checkin(folder: Path, people: list[int], concurrency: int) -> Timings:
    fake, timings = LeanBotApi(), Timings()
    app = await start_checkin_bot(settings_for(folder), fake)
    store = app.bot_data[SERVICES_KEY].store
    tokens = {chat: (await store.create_case("Police", "North", f"B-{chat}")).person_token
              for chat in people}  # fmt: skip

    async def person(chat: int) -> None:
        await timings.timed(app, text_update(chat, f"/start {tokens[chat]}"), chat)
        for kind, value in START_SURVEY:
            made = tap_update(fake, chat, value) if kind == "tap" else text_update(chat, value)
            await timings.timed(app, made, chat)

    await in_groups(people, concurrency, person, timings)
    answers = sum([len(await store.answers.for_case(c.id)) for c in await store.cases.list()])
    await stop_checkin_bot(app)
    print(f"  ({len(timings.latencies)} updates, {answers} answers stored, "
          f"{fake.requests} Bot API requests)")  # fmt: skip
    return timings


async def run_echo(people: list[int], concurrency: int, per_person: int) -> Timings:
    fake, timings = LeanBotApi(), Timings()
    app = await start_echo_bot(fake)

    async def person(chat: int) -> None:
        for n in range(per_person):
            await timings.timed(app, text_update(chat, f"hello {n}"))

    await in_groups(people, concurrency, person, timings)
    await app.shutdown()
    return timings


def report(name: str, timings: Timings) -> float:
    per_second, cost, p50, p99 = timings.figures()
    cpu = timings.cpu * 1000 / len(timings.latencies)
    print(f"  {name:<24} {per_second:6.0f} updates/s  {cost:6.2f} ms/update  "
          f"(CPU {cpu:5.2f} ms)  p50 {p50:7.2f} ms  p99 {p99:7.2f} ms")  # fmt: skip
    return cost


@contextlib.contextmanager
def without_commit_flush() -> Iterator[None]:
    """FOR COMPARISON ONLY: synchronous=NORMAL (WAL still survives a killed process, not a
    power cut), to show how much of the cost is the disk flush at every commit."""
    production = storage_db._REQUIRED_PRAGMAS
    storage_db._REQUIRED_PRAGMAS = tuple(
        (name, "NORMAL", 1) if name == "synchronous" else (name, value, expected)
        for name, value, expected in production
    )
    try:
        yield
    finally:
        storage_db._REQUIRED_PRAGMAS = production


async def main(people_count: int, concurrency: int) -> None:
    people = list(range(FIRST_CHAT, FIRST_CHAT + people_count))
    print(f"{people_count} people, {concurrency} at a time, start survey "
          f"({len(START_SURVEY) + 1} updates each):")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        ours = await run_checkin(Path(folder) / "full", people, concurrency)
        with without_commit_flush():
            no_flush = await run_checkin(Path(folder) / "normal", people, concurrency)
    echo = await run_echo(people, concurrency, per_person=len(START_SURVEY) + 1)
    mirror = await run_mirror(ours.updates, concurrency)
    our_cost = report("check-in bot (FULL)", ours)
    report("same, synchronous=NORMAL", no_flush)
    echo_cost = report("bare echo bot", echo)
    mirror_cost = report("PTB, same calls, no logic", mirror)
    per_second = 1000 / our_cost
    print(f"  cost ratio (ours / echo): {our_cost / echo_cost:.1f}x (target <= 3x); "
          f"{per_second:.0f} updates/s (target >= 300)")  # fmt: skip
    print(f"  ours / PTB making the same calls: {our_cost / mirror_cost:.1f}x")
    print(f"  one SQLite commit with synchronous=FULL on this disk: {commit_ms():.2f} ms")


def commit_ms(commits: int = 200) -> float:
    """The disk flush a committed answer costs here (WAL, synchronous=FULL)."""
    with tempfile.TemporaryDirectory() as folder:
        conn = sqlite3.connect(Path(folder) / "flush.db", isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("CREATE TABLE t (n INTEGER)")
        began = time.perf_counter()
        for n in range(commits):
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO t VALUES (?)", (n,))
            conn.execute("COMMIT")
        conn.close()
        return (time.perf_counter() - began) * 1000 / commits


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=50)
    options = parser.parse_args()
    asyncio.run(main(options.people, options.concurrency))
