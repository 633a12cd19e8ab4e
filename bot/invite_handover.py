"""Handing a new invite link to staff: as text to copy and as a QR code PNG to print, both
sent without content protection because staff must be able to copy, forward or print them
(``/newcase`` and ``/newlink``)."""

from __future__ import annotations

import io

import segno
from telegram import Bot

from bot.staff_words import staff_text


async def send_link(bot: Bot, chat_id: int, who: str, link: str, ref: str) -> None:
    """The link as text (to copy) and as a QR code PNG (to print), both unprotected."""
    await bot.send_message(chat_id, staff_text(f"newcase.{who}_link", link=link),
                           protect_content=False)  # fmt: skip
    await bot.send_photo(chat_id, qr_png(link), caption=staff_text(f"newcase.{who}_qr", ref=ref),
                         protect_content=False)  # fmt: skip


def qr_png(link: str) -> bytes:
    """A QR code of ``link`` as PNG bytes, large enough to print and scan."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()
