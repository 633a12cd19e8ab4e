"""Invite links as people see them: the Telegram deep link for a token, the token back from
a pasted link, and the stand-in chat id the terminal channel joins with. No storage here.
"""

from __future__ import annotations

# The terminal channel (``checkin chat``) has no Telegram chat: it joins with this stand-in
# id, so a second run with a check-in or end invite finds the same participant.
CONSOLE_CHAT_ID = 0


def invite_link(bot_username: str, token: str) -> str:
    """The Telegram deep link that starts the bot with this invite."""
    return f"https://t.me/{bot_username.lstrip('@')}?start={token}"


def token_from_link(text: str) -> str:
    """The token from a pasted invite link (``...?start=TOKEN``) or from a bare token."""
    text = text.strip()
    if "start=" in text:
        text = text.split("start=", 1)[1].split("&", 1)[0]
    return text
