"""What the bot sends into a person's chat: transport messages by key (``say``), the engine's
rendered replies, and the line confirming a tapped button, all in the person's language and
wording. Every sent message id is remembered so that "hide this chat" can delete it. Also
which label a tap or a typed answer chose, for that confirming line, and what typed words
mean before the engine sees them (``read_typed``: a control typed, a reply to an earlier
question).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import Message

from bot.app import ProtectedBot
from bot.payloads import PayloadError
from bot.render import choice_confirmation, render_reply
from bot.services import BotServices
from bot.transport_words import load_words, words
from dialogs.engine import handle
from dialogs.matching import match_option, normalise, spelled_number
from dialogs.schema import LanguageContent
from dialogs.types import Command, Event, Reply, SessionState, Text
from storage.errors import StorageError
from storage.models import Participant

_LOGGER = logging.getLogger(__name__)


def is_representative(participant: Participant, state: SessionState | None = None) -> bool:
    """Whether the person's messages take the representative wording."""
    answered_by = state.answered_by if state else participant.answered_by
    return participant.kind == "representative" or answered_by == "representative"


def _opener(state: SessionState, representative: bool) -> str:
    """The neutral line put before a message whose first line would alarm."""
    return words("calm_opening", variant=state.variant, language=state.language,
                 representative=representative)  # fmt: skip


async def say(
    svc: BotServices, bot: ProtectedBot, chat_id: int, key: str,
    participant: Participant | None = None, state: SessionState | None = None,
) -> None:  # fmt: skip
    """Send one transport message (by key) in the person's language and wording. Noting it
    for "hide this chat" may fail when the store is failing (the very case "did not save"
    is sent for): that is logged, not raised, since the message has reached the person."""
    variant = state.variant if state else participant.variant if participant else "standard"
    language = state.language if state else participant.language if participant else "en"
    rep = participant is not None and is_representative(participant, state)
    text = words(key, variant=variant, language=language, representative=rep)
    message_id = await bot.send_text(chat_id, text)
    if participant is not None:
        await remember_or_log(svc, chat_id, message_id)


async def remember_or_log(svc: BotServices, chat_id: int, message_id: int) -> None:
    """Note a message for "hide this chat"; if the store cannot write, log it and go on."""
    try:
        await svc.store.messages.remember(chat_id, message_id)
    except StorageError as exc:
        _LOGGER.warning("A message could not be noted for hiding (%s)", type(exc).__name__)


async def send_replies(
    svc: BotServices, bot: ProtectedBot, chat_id: int, replies: tuple[Reply, ...],
    state: SessionState, representative: bool = False, sent: list[int] | None = None,
) -> None:  # fmt: skip
    """Render and send the engine's replies, keeping each sent id for "hide this chat".

    The ids are remembered together at the end (one commit, one disk flush), or left in
    ``sent`` for the caller to remember with others; a failed send still remembers those
    already sent."""
    opener = _opener(state, representative)
    ids: list[int] = [] if sent is None else sent
    try:
        for reply in replies:
            variant, signer = state.variant, svc.signer
            for kwargs in render_reply(reply, chat_id=chat_id, variant=variant, signer=signer,
                                       opener=opener):  # fmt: skip
                ids.append(await bot.send_text(**kwargs))
    finally:
        if sent is None:
            await svc.store.messages.remember_many(chat_id, ids)


async def confirm_choice(
    svc: BotServices, bot: ProtectedBot, chat_id: int, participant: Participant,
    state: SessionState, label: str, sent: list[int],
) -> None:  # fmt: skip
    """Confirm the option the person tapped (its label), when the wording has a line for it."""
    template = load_words(state.language).you_chose
    rep = is_representative(participant, state)
    wording = "representative" if rep else state.variant
    kwargs = choice_confirmation(
        chat_id=chat_id, variant=state.variant, label=label, template=getattr(template, wording),
        opener=_opener(state, rep),
    )  # fmt: skip
    if kwargs is not None:
        sent.append(await bot.send_text(**kwargs))


def tapped_label(message: Message | None, data: str) -> str | None:
    """The label of the tapped button (``data``) on the message it was under, if shown."""
    markup = message.reply_markup if message is not None else None
    buttons = [b for row in markup.inline_keyboard for b in row] if markup else []
    return next((b.text for b in buttons if b.callback_data == data), None)


def typed_label(svc: BotServices, state: SessionState | None, text: str) -> str | None:
    """The label a typed answer picks on screen, if any: confirmed in a message as a tapped
    button is, when the survey is (or, by this answer, becomes) in the screen-reader
    variant. Asked of the engine without side effects."""
    if state is None or state.status != "active":
        return None
    asked = [r for r in handle(svc.catalogue, state, Command("repeat")).replies
             if r.kind == "question"]  # fmt: skip
    options = asked[-1].options if asked else ()
    said = spelled_number(text, svc.catalogue[state.language].meta.number_words)  # as the engine
    key = match_option(said, options, options)
    return next((option.label for option in options if option.key == key), None)


def replies_to_earlier_question(
    svc: BotServices, chat_id: int, message: Message, state: SessionState | None
) -> bool:
    """Whether ``message`` is a reply (Telegram's quote) to an earlier question's message,
    which still shows its buttons: a typed "2" there is not an answer to the question now
    asked. Only the quoted message's first button is read (no store read)."""
    markup = getattr(message.reply_to_message, "reply_markup", None)
    if state is None or markup is None or not markup.inline_keyboard:
        return False
    try:
        payload = svc.signer.decode(markup.inline_keyboard[0][0].callback_data or "", chat_id)
    except PayloadError:
        return False
    return payload.seq != state.seq


# Controls whose name or button words, typed, mean the control at any question. The engine
# reads the button words only while a choice is asked: at a free-text question "pause" or
# "hide" was saved as the answer (the survey moved on, or ended), and after the last
# question "Hide this chat" did nothing while the chat stayed on the phone. Not "stop" or
# "help": those may well be the person's own words.
TYPED_CONTROLS = ("hide", "pause", "skip", "back")
_LONGEST_CONTROL = 24  # characters: longer typed words are an answer


def typed_control(svc: BotServices, asked: SessionState | Participant, text: str) -> str | None:
    """The control typed words name, if any: its name ("pause") or the words of its button
    in the person's language (any wording: "Skip this question", "🙈 Hide chat")."""
    said = normalise(text) if len(text) <= _LONGEST_CONTROL else ""
    content = svc.catalogue.get(asked.language) if said else None
    return None if content is None else _control_words(content).get(said)


_CONTROL_WORDS: dict[int, tuple[LanguageContent, dict[str, str]]] = {}


def _control_words(content: LanguageContent) -> dict[str, str]:
    """Typed words -> control name for one language, worked out once (typed answers are
    read on every message)."""
    known = _CONTROL_WORDS.get(id(content))
    if known is None or known[0] is not content:
        words = {normalise(label): name for name in TYPED_CONTROLS
                 for _, label in getattr(content.labels, name)}  # fmt: skip
        known = (content, words | {name: name for name in TYPED_CONTROLS})
        _CONTROL_WORDS[id(content)] = known
    return known[1]


@dataclass(frozen=True)
class Typed:
    """What typed words mean: the event for the engine; the option label they pick (read
    back to screen-reader users); or, in ``not_taken``, why they are not an answer (the
    transport words then said before the current question is shown again)."""

    event: Event
    label: str | None = None
    not_taken: str | None = None

    @property
    def hides(self) -> bool:
        return self.event == Command("hide")


def read_typed(
    svc: BotServices, chat_id: int, participant: Participant, state: SessionState | None,
    message: Message,
) -> Typed:  # fmt: skip
    """Typed words (or the words under a photo): "hide", "pause", "skip" or "back" (or
    their buttons' words) do that whatever is asked; a choice typed as a reply to an
    earlier question is not taken; otherwise they go to the engine."""
    text = message.text or message.caption or ""
    control = typed_control(svc, state or participant, text)
    if control is not None:
        return Typed(Command(control))  # type: ignore[arg-type]
    chosen = typed_label(svc, state, text)
    if chosen is not None and replies_to_earlier_question(svc, chat_id, message, state):
        return Typed(Text(text), not_taken="reply_to_earlier")
    return Typed(Text(text), chosen)
