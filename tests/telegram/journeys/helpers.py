"""Helpers for the journey robustness tests: a settable clock (shared by the store and the
bot), the person's way to the safety question, and reading back what was stored."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.transport_words import load_words
from storage.store import Store
from tests.clock import FakeClock as Clock
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import CONTENT, Person, option_label

CHAT = 64400001
OTHER_CHAT = 64400002
WORDS = load_words("en")
LABELS = CONTENT.labels
QUESTIONS = CONTENT.questions
MESSAGES = CONTENT.messages
SAFETY = {level: option_label(QUESTIONS["safety"], str(level)).standard for level in (1, 3, 4)}


__all__ = ["Clock"]  # the settable clock the journeys share (tests.clock)

JOURNEY_START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # the journeys' clock starts here


class Stopped(Exception):
    """Stands in for the bot's process dying at a chosen point (tests patch it in)."""


async def invite(store: Store, ref: str = "REF-R1") -> str:
    return (await store.create_case("Police", "North", ref)).person_token


async def up_to_safety(person: Person, token: str) -> None:
    """Invite, safe to talk, about, consent, how to ask, who is answering: at "safety"."""
    await person.up_to_safety(token)


async def answers(store: Store) -> list[tuple[str, str]]:
    return [(r.measure, r.value) async for r in store.export_answers()]


async def refusals(store: Store, action: str) -> list[str]:
    """The reasons of the audit entries of one kind of refusal, oldest first."""
    return [entry.detail["reason"] for entry in await store.audit.entries(action=action)]


def texts_to(fake: FakeBotApi, chat_id: int = CHAT) -> list[str]:
    return [c["text"] for c in fake.calls("sendMessage") if c["chat_id"] == chat_id]
