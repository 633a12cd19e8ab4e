"""Turn the engine's replies into ``sendMessage`` arguments: text and an inline keyboard.

Layout follows the variant: easy read and screen reader get one button per row (easier to
aim at, read in a predictable order); the others get up to two short buttons per row.
Controls (hide this chat, pause, skip, back) always come after the options, on the last
rows. Screen-reader options are numbered so a typed number can answer, and a choice is
confirmed in a normal message, because screen readers do not announce callback pop-ups.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.payloads import PayloadSigner
from dialogs.lint_text import alarm_words, first_line
from dialogs.types import Option, Reply
from dialogs.vocabulary import Variant

MAX_TEXT = 4096
ONE_PER_ROW: frozenset[str] = frozenset({"easy_read", "screen_reader"})
PAIR_LABEL_LIMIT = 20  # longer labels get a row of their own so they are not cut off
_ALREADY_NUMBERED = re.compile(r"^\s*\d+[.)]\s")


def button_label(option: Option, index: int, variant: Variant) -> str:
    """The label shown: numbered ("1. Yes") for screen readers unless content numbered it."""
    if variant == "screen_reader" and not _ALREADY_NUMBERED.match(option.label):
        return f"{index}. {option.label}"
    return option.label


def _rows(buttons: Sequence[InlineKeyboardButton], variant: Variant) -> list[list[Any]]:
    """One button per row, or pairs of short buttons, in the given order."""
    if variant in ONE_PER_ROW:
        return [[button] for button in buttons]
    rows: list[list[InlineKeyboardButton]] = []
    for button in buttons:
        last = rows[-1] if rows else None
        fits_beside = (
            last is not None
            and len(last) == 1
            and len(last[0].text) <= PAIR_LABEL_LIMIT
            and len(button.text) <= PAIR_LABEL_LIMIT
        )
        if fits_beside and last is not None:
            last.append(button)
        else:
            rows.append([button])
    return rows


def keyboard(
    reply: Reply, *, chat_id: int, variant: Variant, signer: PayloadSigner
) -> InlineKeyboardMarkup | None:
    """The inline keyboard for a reply: options first, then controls; ``None`` if neither."""
    question_id = reply.question_id or ""

    def button(option: Option, label: str) -> InlineKeyboardButton:
        data = signer.encode(chat_id, reply.seq, question_id, option.key)
        return InlineKeyboardButton(label, callback_data=data)

    options = [
        button(option, button_label(option, number, variant))
        for number, option in enumerate(reply.options, start=1)
    ]
    controls = [button(option, option.label) for option in reply.controls]
    rows = _rows(options, variant) + _rows(controls, variant)
    return InlineKeyboardMarkup(rows) if rows else None


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split text longer than Telegram allows at paragraph, line or word breaks."""
    chunks: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        cut = cut if cut > limit // 2 else limit
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    chunks.append(rest)
    return [chunk for chunk in chunks if chunk]


def calm_first_line(text: str, opener: str | None) -> str:
    """``text`` led by the neutral ``opener`` when its first line, all a lock screen shows,
    holds an alarming word (the content lint's list): content is checked, but the person's
    own words and chosen labels are read back too."""
    if opener is None or not alarm_words(first_line(text)):
        return text
    return f"{opener}\n{text}"


def render_reply(
    reply: Reply, *, chat_id: int, variant: Variant, signer: PayloadSigner,
    opener: str | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """``sendMessage`` keyword arguments for one reply (several if the text is very long).

    The keyboard goes on the last message, so the buttons sit under the question itself.
    Each message whose first line would alarm is led by ``opener`` (see ``calm_first_line``).
    """
    room = MAX_TEXT - (len(opener) + 1 if opener else 0)
    chunks = [calm_first_line(chunk, opener) for chunk in split_text(reply.text, room)]
    if not chunks:
        raise ValueError("A reply must have some text to send.")
    messages: list[dict[str, Any]] = [
        {"chat_id": chat_id, "text": chunk, "protect_content": reply.protect} for chunk in chunks
    ]
    markup = keyboard(reply, chat_id=chat_id, variant=variant, signer=signer)
    if markup is not None:
        messages[-1]["reply_markup"] = markup
    return messages


def option_for_typed_number(reply: Reply, typed: str) -> Option | None:
    """The option a typed number names ("2", " 2. "), as screen-reader users answer."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*[.)]?\s*", typed)
    if not match:
        return None
    index = int(match.group(1))
    return reply.options[index - 1] if 1 <= index <= len(reply.options) else None


def choice_confirmation(
    *, chat_id: int, variant: Variant, label: str, template: str, opener: str | None = None
) -> dict[str, Any] | None:
    """A normal message confirming a choice, for screen readers only (``None`` otherwise).

    ``template`` comes from content and contains ``{label}``, e.g. "You chose: {label}";
    an alarming label ("Stop someone hurting me") puts ``opener`` first.
    """
    if variant != "screen_reader":
        return None
    words = _ALREADY_NUMBERED.sub("", label, count=1)  # "2. Yes" is read back as "Yes"
    text = calm_first_line(template.replace("{label}", words), opener)
    return {"chat_id": chat_id, "text": text, "protect_content": True}
