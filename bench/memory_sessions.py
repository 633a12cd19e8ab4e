"""Benchmark: peak memory with 10,000 people mid-survey at once.

Opens 10,000 cases, then the real Application (every handler, production SQLite settings,
offline Bot API, no rate limiter) takes every person through ``/start`` and the first answer,
200 at a time, so that all 10,000 surveys are open at the same moment, their state persisted
in the store. Prints the process's peak resident memory (``ru_maxrss``, which also counts
the interpreter and every imported library) next to the figure after imports alone, and
how many chats python-telegram-bot keeps data for. Target: under 150 MB. Asserts nothing.

Slow by nature: about three disk flushes per update (synchronous=FULL); several minutes.

    .venv/bin/python bench/memory_sessions.py [--people N]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from bot_throughput import (
    START_SURVEY,
    LeanBotApi,
    settings_for,
    start_checkin_bot,
    stop_checkin_bot,
    text_update,
)
from telegram import Update

from bot.services import SERVICES_KEY

FIRST_CHAT = 80_000_000
WAVE = 200


class FirstAnswerBotApi(LeanBotApi):
    """Keeps, per chat, only what the next tap needs (the message id and one button's
    data), so the figure measures the bot rather than this fake."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label
        self.next_tap: dict[int, tuple[int, str]] = {}

    def _result(self, endpoint: str, params: dict[str, Any]) -> Any:
        result = super()._result(endpoint, params)
        markup = self.keyboards.pop(int(params["chat_id"]), None) if "chat_id" in params else None
        if markup is not None:
            buttons = [b for row in markup["reply_markup"]["inline_keyboard"] for b in row]
            data = next((b["callback_data"] for b in buttons if b["text"] == self.label), None)
            if data is not None:
                self.next_tap[markup["chat"]["id"]] = (markup["message_id"], data)
        return result


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def tap(chat_id: int, message_id: int, data: str, n: int) -> dict[str, Any]:
    user = {"id": chat_id, "is_bot": False, "first_name": "P"}
    sent = {"message_id": message_id, "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "P"}}  # fmt: skip
    query = {"id": f"m{n}", "from": user, "chat_instance": "c", "data": data, "message": sent}
    return {"update_id": 900_000_000 + n, "callback_query": query}


async def in_waves(app: Any, updates: list[dict[str, Any]]) -> float:
    began = time.perf_counter()
    for start in range(0, len(updates), WAVE):
        wave = updates[start : start + WAVE]
        await asyncio.gather(*(app.process_update(Update.de_json(u, app.bot)) for u in wave))
    return time.perf_counter() - began


async def main(people_count: int) -> None:
    after_imports = peak_mb()
    fake = FirstAnswerBotApi(START_SURVEY[0][1])
    with tempfile.TemporaryDirectory() as folder:
        app = await start_checkin_bot(settings_for(Path(folder)), fake)
        store = app.bot_data[SERVICES_KEY].store
        chats = range(FIRST_CHAT, FIRST_CHAT + people_count)
        began = time.perf_counter()
        tokens = [(await store.create_case("Police", "North", f"M-{c}")).person_token
                  for c in chats]  # fmt: skip
        opened = time.perf_counter() - began
        starts = [text_update(c, f"/start {t}") for c, t in zip(chats, tokens, strict=True)]
        del tokens
        joined = await in_waves(app, starts)
        del starts
        taps = [tap(c, *fake.next_tap.pop(c), n) for n, c in enumerate(chats)]
        answered = await in_waves(app, taps)
        chat_data = len(app.chat_data)
        last = await store.participant_for_chat(chats[-1])
        state = await store.load_session(last.id, "start") if last else None
        await stop_checkin_bot(app)
    print(f"{people_count} people mid-survey (joined and answered the first question):")
    print(f"  cases opened in {opened:.0f} s; /start for all in {joined:.0f} s; "
          f"first answers in {answered:.0f} s")  # fmt: skip
    print(f"  peak RSS {peak_mb():.0f} MB (after imports alone: {after_imports:.0f} MB); "
          f"target < 150 MB")  # fmt: skip
    print(f"  PTB chat_data entries: {chat_data}; the last person's survey: "
          f"{state.status if state else None}, step {state.seq if state else None}")  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    asyncio.run(main(parser.parse_args().people))
