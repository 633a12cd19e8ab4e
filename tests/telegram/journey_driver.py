"""A person (or representative) and a staff member driving the bot through Telegram updates,
the way a human would: read the latest keyboard the fake Bot API recorded, find the button
whose label is the content's label for the intended answer, and tap it (never a forged
payload). Every tap is remembered, so a test can check that each one was answered.

Labels come from the content for the person's current variant and wording, so one script
runs in every variant. The yes_no variant's step-by-step trees are walked to land on the
intended value, and the either/or re-check picks the side holding it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qs, urlparse

from telegram.ext import Application, CallbackContext

from dialogs.schema import LanguageContent, Question, Wording, YesNoTree
from dialogs.wording import strip_emoji
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import ENGLISH, last_with_buttons
from tests.telegram.updates import button, feed, message, voice

CONTENT: LanguageContent = ENGLISH["en"]
_NUMBERED = re.compile(r"^\d+\.\s")


def collect_errors(app: Application) -> list[str]:
    """Add an error handler to ``app`` that keeps the type of every exception a handler
    raised (PTB would only log it); the returned list fills as updates are processed."""
    errors: list[str] = []

    async def collect(update: object, context: CallbackContext) -> None:
        if context.error is not None:
            errors.append(type(context.error).__name__)

    app.add_error_handler(collect)
    return errors


def buttons_of(sent: dict[str, Any]) -> list[dict[str, Any]]:
    rows = sent.get("reply_markup", {}).get("inline_keyboard", [])
    return [b for row in rows for b in row]


@dataclass
class Driver:
    """Taps and types in one chat. ``taps``: the callback query id of every tap; ``tapped``:
    each tapped label with the number of Bot API requests made before it."""

    app: Application
    fake: FakeBotApi
    chat_id: int
    taps: list[str] = field(default_factory=list)
    tapped: list[tuple[str, int]] = field(default_factory=list)
    typing: Literal["numbers", "words"] | None = None  # answer by typing instead of tapping

    async def tap_text(self, label: str, sent: dict[str, Any] | None = None) -> None:
        """Tap the button shown as ``label`` (a screen reader's "2. " number ignored) on the
        message ``sent`` (by default the latest with buttons); fails if there is none. When
        ``typing``, type the button's number (its place on the keyboard) or its words."""
        sent = sent or last_with_buttons(self.fake, self.chat_id)
        every = buttons_of(sent)
        shown = [b for b in every if _NUMBERED.sub("", b["text"], count=1) == label]
        assert shown, f"no button {label!r} in {[b['text'] for b in every]}"
        self.tapped.append((label, len(self.fake.requests)))
        if self.typing is not None:
            typed = str(every.index(shown[0]) + 1) if self.typing == "numbers" else label
            await self.type(typed)
            return
        update = button(self.chat_id, shown[0]["callback_data"], sent)
        self.taps.append(update["callback_query"]["id"])
        await feed(self.app, update)

    def texts(self) -> list[str]:
        """What the bot has sent to this chat, in order (captions for photos)."""
        mine = [m for m in self.fake.sent if m["chat"]["id"] == self.chat_id]
        return [m.get("text", m.get("caption", "")) for m in mine]

    def keyboard(self) -> dict[str, Any]:
        """The latest message with buttons in this chat (to tap again later)."""
        return last_with_buttons(self.fake, self.chat_id)

    async def type(self, text: str) -> None:
        await feed(self.app, message(self.chat_id, text))

    async def send_voice(self, file_id: str) -> None:
        await feed(self.app, voice(self.chat_id, file_id))

    def has_button(self, label: str) -> bool:
        sent = last_with_buttons(self.fake, self.chat_id)
        return any(_NUMBERED.sub("", b["text"], count=1) == label for b in buttons_of(sent))

    def start_link_token(self) -> str:
        """The invite token of the latest Start link button sent to this chat."""
        mine = [m for m in self.fake.sent if m["chat"]["id"] == self.chat_id]
        linked = [m for m in mine if "url" in (buttons_of(m) or [{}])[0]]
        url = buttons_of(linked[-1])[0]["url"]
        return parse_qs(urlparse(url).query)["start"][0]


@dataclass
class Person(Driver):
    """The person answering, in a variant; ``representative`` once their wording applies."""

    variant: str = "standard"
    representative: bool = False

    def words(self, wording: Wording) -> str:
        text = getattr(wording, "representative" if self.representative else self.variant)
        return strip_emoji(text) if self.variant == "screen_reader" else text

    async def tap(self, wording: Wording) -> None:
        """Tap the button for ``wording``, turning easy-read pages with Next when needed."""
        label = self.words(wording)
        for _ in range(5):
            if self.has_button(label) or not self.has_button(self.words(CONTENT.labels.next)):
                break
            await self.tap_text(self.words(CONTENT.labels.next))
        await self.tap_text(label)

    async def up_to_safety(self, token: str, variant: str = "standard") -> None:
        """Invite, safe to talk, about, consent, how to ask (``variant``), who is answering
        (the person): at the safety question (easy read asks a practice question first)."""
        await self.type(f"/start {token}")
        await self.choose("safe_to_talk", "yes")
        await self.next()
        await self.choose("consent", "yes")
        await self.choose("how_to_ask", variant)
        self.variant = variant
        await self.choose("who_answering", "self")

    async def choose(self, question_id: str, value: str) -> None:
        """Answer a choice question with ``value``, as this variant asks it."""
        question = CONTENT.questions[question_id]
        tree = question.yes_no if self.variant == "yes_no" else None
        if tree is None:
            await self.tap(option_label(question, value))
            return
        for key in _path_to(tree, tree.start, value) or ():
            await self.tap(getattr(CONTENT.labels, key))
        if tree.recheck is not None and value in {*tree.recheck.first.values,
                                                  *tree.recheck.second.values}:  # fmt: skip
            side = tree.recheck.first if value in tree.recheck.first.values else tree.recheck.second
            await self.tap(side.label)

    async def next(self) -> None:
        await self.tap(CONTENT.labels.next)

    async def pick_outcomes(self, wanted: list[str], own_words: str) -> None:
        """Choose common outcomes by id, add some own words, and press Done."""
        if self.variant == "yes_no":  # each common outcome is its own yes / no question
            for common in CONTENT.common_outcomes:
                await self.tap(CONTENT.labels.yes if common.id in wanted else CONTENT.labels.no)
        else:
            for common in CONTENT.common_outcomes:
                if common.id in wanted:
                    await self.tap(common.label)
        await self.type(own_words)
        await self.tap(CONTENT.labels.done)


def option_label(question: Question, value: str) -> Wording:
    return next(o.label for o in question.options if o.value == value)


def _path_to(tree: YesNoTree, step: str, value: str) -> list[str] | None:
    """The yes / no / not_sure keys that walk ``tree`` from ``step`` to the leaf ``=value``."""
    node = tree.steps[step]
    for key, target in (("yes", node.yes), ("no", node.no), ("not_sure", node.not_sure)):
        if target == f"={value}":
            return [key]
        if target in tree.steps:
            rest = _path_to(tree, target, value)
            if rest is not None:
                return [key, *rest]
    return None
