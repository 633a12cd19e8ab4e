"""The access matrix's bench: one role's bot set up with every kind of thing to try, and
one observer per kind of action that says whether it was allowed ("A") or refused ("R"),
checking on the way that a refusal replied clearly and recorded nothing it should not.

Set-up: staff (``tests.telegram.staff_setup``); REF-1 (Police, with a representative) whose
person has answered up to a danger alert; REF-2 (Housing) whose person has begun; the hub
half way through /newcase. Observers:

- a staff command is allowed when no refusal is audited; a refusal gets a refusal reply
  and exactly one ``staff_refused`` audit entry, and changes no other table;
- a person command is allowed when it was taken as the sender's own (the update claimed
  for their survey); a refusal gets a reply (the "get a link" message, or for staff the
  list of their commands) and changes no table at all;
- a survey button (the sender's own latest one, or a copy of the case's person's) is
  allowed when a turn is saved; a staff button (the sender's own /newcase exchange's, or
  a copy of the hub's) when the exchange moves on; Acknowledge (on the hub alert) when
  the alert is acknowledged. Every tap is answered exactly once; a refusal says why and
  changes nothing but bookkeeping (``BOOKKEEPING``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram.ext import Application

from bot.staff_exchange import load
from bot.staff_menu_commands import staff_help
from bot.staff_words import staff_text
from bot.transport_words import load_words
from storage import generate_key
from tests.hostile.fuzzing import table_counts
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import Person
from tests.telegram.staff_setup import HUB_CHAT, HUB_USER, add_staff, settings_for, started, svc
from tests.telegram.updates import button, feed, message

PERSON = 64600001
OTHER_PERSON = 64600002
REPRESENTATIVE = 64600003
PERSON_COMMANDS = ("start", "help", "pause", "resume", "back", "skip", "howtoask", "language",
                   "hide", "stop")  # fmt: skip
STAFF_REFUSALS = {staff_text(f"refused.{reason}", ref="REF-1", command=command)
                  for reason in ("not_staff", "not_for_role", "no_such_case")
                  for command in ("case", "checkin", "close")}  # fmt: skip
NO_LINK = load_words("en").no_link_yet.standard


@dataclass
class Bench:
    """One role's bot: the app, the fake Bot API, and who is trying."""

    app: Application
    fake: FakeBotApi
    actor: int

    @property
    def database(self) -> Path:
        return svc(self.app).store.path

    async def audit_actions(self) -> list[str]:
        return [entry.action for entry in await svc(self.app).store.audit.entries()]

    def replies(self, since: int, chat_id: int | None = None) -> list[str]:
        chat_id = self.actor if chat_id is None else chat_id
        return [r.params.get("text", "") for r in self.fake.requests[since:]
                if r.method == "sendMessage" and r.params.get("chat_id") == chat_id]  # fmt: skip

    def keyboard(self, chat_id: int) -> dict[str, Any] | None:
        sent = [m for m in self.fake.sent if m["chat"]["id"] == chat_id and "reply_markup" in m]
        return sent[-1] if sent else None


def first_button(sent: dict[str, Any]) -> str:
    return sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"]


async def bench_for(tmp_path: Path, fake: FakeBotApi, actor: int) -> Bench:
    """Staff; REF-1 (Police, with a representative) whose person raised a danger alert;
    REF-2 (Housing) whose person has begun; the hub half way through /newcase."""
    app = await started(settings_for(tmp_path, generate_key()), fake)
    await add_staff(app)
    store = svc(app).store
    ref1 = await store.create_case("Police", "North", "REF-1", representative=True)
    ref2 = await store.create_case("Housing", "East", "REF-2")
    person = Person(app, fake, PERSON)
    await person.type(f"/start {ref1.person_token}")
    for question, value in (("safe_to_talk", "yes"), ("consent", "yes"),
                            ("how_to_ask", "standard"), ("who_answering", "self"),
                            ("safety", "1")):  # fmt: skip
        if question == "consent":
            await person.next()
        await person.choose(question, value)
    await person.tap_text("Yes")  # in danger now: the alert goes to the hub
    assert 1 == len(await store.alerts.unacknowledged())
    await feed(app, message(REPRESENTATIVE, f"/start {ref1.representative_token}"))
    await feed(app, message(OTHER_PERSON, f"/start {ref2.person_token}"))
    if actor != HUB_USER:
        await feed(app, message(HUB_USER, "/newcase"))
    return Bench(app, fake, actor)


Action = Callable[[Bench], Awaitable[str]]


async def staff_command(bench: Bench, text: str) -> str:
    """A, or R after checking the refusal: a refusal reply, one audit entry, nothing else."""
    since, before = len(bench.fake.requests), table_counts(bench.database)
    audited = len(await bench.audit_actions())
    await feed(bench.app, message(bench.actor, text))
    new_audit = (await bench.audit_actions())[audited:]
    if "staff_refused" not in new_audit:
        return "A"
    assert ["staff_refused"] == new_audit
    replies = bench.replies(since)
    assert 1 == len(replies) and replies[0] in STAFF_REFUSALS
    assert_only_audit_changed(before, table_counts(bench.database))
    return "R"


# What a refusal may still write: the audit entry, and for someone with a case the update id
# (so a redelivery is not handled twice) and the ids of the replies (so "hide this chat"
# can delete them). Nothing else: no answer, turn, participant, invite, case or alert.
BOOKKEEPING = {"audit_log"}
PARTICIPANT_BOOKKEEPING = {"audit_log", "processed_updates", "message_log"}


def assert_only_audit_changed(
    before: dict[str, int], after: dict[str, int], actor: int | None = None
) -> None:
    """Nothing recorded but the bookkeeping above."""
    ignored = PARTICIPANT_BOOKKEEPING if actor in (OTHER_PERSON, REPRESENTATIVE) else BOOKKEEPING
    assert {k: v for k, v in before.items() if k not in ignored} == {
        k: v for k, v in after.items() if k not in ignored
    }


async def person_command(bench: Bench, text: str) -> str:
    """A when it was taken as the sender's own (the update claimed for their survey), else
    R after checking the reply and that nothing at all was stored."""
    since, before = len(bench.fake.requests), table_counts(bench.database)
    await feed(bench.app, message(bench.actor, text))
    after = table_counts(bench.database)
    if after["processed_updates"] > before["processed_updates"]:
        return "A"
    assert before == after
    replies = bench.replies(since)
    staff_helps = {staff_help(role) for role in ("practitioner", "hub", "board")}
    assert 1 == len(replies) and (replies[0] == NO_LINK or replies[0] in staff_helps)
    return "R"


async def tap(bench: Bench, data: str, sent: dict[str, Any], chat_id: int) -> str:
    """Tap, check the tap was answered exactly once; returns what the sender was told (the
    answer's pop-up text and any messages to the chat)."""
    query = button(chat_id, data, sent, user_id=bench.actor)
    since = len(bench.fake.requests)
    await feed(bench.app, query)
    answered = [r for r in bench.fake.requests[since:] if r.method == "answerCallbackQuery"]
    assert [query["callback_query"]["id"]] == [r.params["callback_query_id"] for r in answered]
    return " ".join([answered[0].params.get("text", ""), *bench.replies(since, chat_id)]).strip()


async def survey_button(bench: Bench) -> str:
    """The sender's own latest survey button, or (with no survey) a copy of the person's."""
    own = bench.keyboard(bench.actor)
    sent = own if own is not None else bench.keyboard(PERSON)
    assert sent is not None
    data = first_button(sent)
    before = table_counts(bench.database)
    chat = {"id": bench.actor, "type": "private", "first_name": "Someone"}
    told = await tap(bench, data, {**sent, "chat": chat}, bench.actor)
    after = table_counts(bench.database)
    if after["turns"] > before["turns"]:  # a stale or forged tap saves no turn
        return "A"
    assert told, "a refused tap must say why"
    assert_only_audit_changed(before, after, bench.actor)
    return "R"


async def staff_button(bench: Bench) -> str:
    """The first button of the sender's own /newcase exchange (if they may start one), or a
    copy of the hub's: A when the exchange moves on to its next step."""
    await feed(bench.app, message(bench.actor, "/newcase"))
    store = svc(bench.app).store
    exchange = await load(store, bench.actor)
    owner = bench.actor if exchange is not None else HUB_USER
    exchange = exchange or await load(store, HUB_USER)
    assert exchange is not None
    step, sent = exchange.step, bench.keyboard(owner)
    assert sent is not None
    before = table_counts(bench.database)
    chat = {"id": bench.actor, "type": "private", "first_name": "Someone"}
    told = await tap(bench, first_button(sent), {**sent, "chat": chat}, bench.actor)
    mine = await load(store, bench.actor)
    if mine is not None and mine.step != step:
        return "A"
    assert told, "a refused tap must say why"
    assert_only_audit_changed(before, table_counts(bench.database), bench.actor)
    return "R"


async def acknowledge_button(bench: Bench) -> str:
    """Acknowledge on the hub alert, pressed in the hub alert chat."""
    sent = [m for m in bench.fake.sent if m["chat"]["id"] == HUB_CHAT][-1]
    before, audited = table_counts(bench.database), len(await bench.audit_actions())
    since = len(bench.fake.requests)
    told = await tap(bench, first_button(sent), sent, HUB_CHAT)
    if not await svc(bench.app).store.alerts.unacknowledged():
        return "A"
    assert ["alert_ack_refused"] == (await bench.audit_actions())[audited:]
    assert [] == bench.replies(since, HUB_CHAT)  # a pop-up for the presser, not the group
    assert staff_text("alert.only_hub") == told
    assert_only_audit_changed(before, table_counts(bench.database))
    return "R"


def action_for(name: str) -> Action:
    if name == "survey button":
        return survey_button
    if name == "staff button":
        return staff_button
    if name == "Acknowledge button":
        return acknowledge_button
    command = name.split()[0].lstrip("/")
    if command in PERSON_COMMANDS:
        return lambda bench: person_command(bench, name)
    return lambda bench: staff_command(bench, name)
