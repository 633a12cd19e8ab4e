"""Turn the engine's replies into ``sendMessage`` arguments: text and an inline keyboard.

Layout follows the variant: easy read and screen reader get one button per row (easier to
aim at, read in a predictable order); the others get up to two short buttons per row.
Controls (hide this chat, pause, skip, back) always come after the options, on the last
rows. Screen-reader options are numbered so a typed number can answer, and a choice is
confirmed in a normal message, because screen readers do not announce callback pop-ups.

The keyboard is built as the Bot API's JSON (``{"inline_keyboard": [[{"text": ..,
"callback_data": ..}]]}``) and passed through ``api_kwargs``, python-telegram-bot's documented
way to send raw parameters: building button objects only for PTB to turn them back into
JSON cost about 0.5 ms per question, the largest part of rendering.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

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


Button = dict[str, str]  # the Bot API's InlineKeyboardButton: text and callback_data


def _rows(buttons: Sequence[Button], variant: Variant) -> list[list[Button]]:
    """One button per row, or pairs of short buttons, in the given order."""
    if variant in ONE_PER_ROW:
        return [[button] for button in buttons]
    rows: list[list[Button]] = []
    for button in buttons:
        last = rows[-1] if rows else None
        fits_beside = (
            last is not None
            and len(last) == 1
            and len(last[0]["text"]) <= PAIR_LABEL_LIMIT
            and len(button["text"]) <= PAIR_LABEL_LIMIT
        )
        if fits_beside and last is not None:
            last.append(button)
        else:
            rows.append([button])
    return rows


def keyboard(
    reply: Reply, *, chat_id: int, variant: Variant, signer: PayloadSigner
) -> dict[str, Any] | None:
    """The inline keyboard for a reply, as the Bot API's InlineKeyboardMarkup JSON: options
    first, then controls; ``None`` if neither."""
    question_id = reply.question_id or ""

    def button(option: Option, label: str) -> Button:
        data = signer.encode(chat_id, reply.seq, question_id, option.key)
        return {"text": label, "callback_data": data}

    options = [
        button(option, button_label(option, number, variant))
        for number, option in enumerate(reply.options, start=1)
    ]
    controls = [button(option, option.label) for option in reply.controls]
    rows = _rows(options, variant) + _rows(controls, variant)
    return {"inline_keyboard": rows} if rows else None


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
    """``send_message`` keyword arguments for one reply (several if the text is very long).

    The keyboard goes on the last message (as ``api_kwargs["reply_markup"]``), so the
    buttons sit under the question itself.
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
        messages[-1]["api_kwargs"] = {"reply_markup": markup}
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
