"""Joining with a ``/start`` link (``join_with_link``), and a refused one: the plain reply,
the audit entry and, for a link the bot sent into someone's chat, a note to the hub.

Every refusal gets the same "this link is not working" kind of reply (never which reason, so
a forwarded or guessed link learns nothing) and is audited by reason only: no chat id, token
or payload. A link bound to a participant names its case, so the hub is told it was opened
elsewhere (forwarded, or a new phone that needs a link of its own), or that it was sent to a
phone since replaced (which may now be in someone else's hands).
"""

from __future__ import annotations

from telegram import Bot

from bot.errors import reply_key_for
from bot.hub_notes import tell_hub
from bot.journey import say
from bot.services import BotServices
from storage.errors import (
    InviteExpired,
    InviteForAnotherChat,
    InviteForReplacedPhone,
    InviteNotFound,
    InviteUsed,
    StorageError,
)

AUDIT_ACTOR = "telegram"  # refusals are audited by kind only: no chat id, token or payload
REFUSED = (InviteNotFound, InviteUsed, InviteExpired)
REASONS = {InviteNotFound: "not_found", InviteForAnotherChat: "another_chat",
           InviteForReplacedPhone: "replaced_phone", InviteUsed: "used",
           InviteExpired: "expired"}  # fmt: skip
HUB_NOTES = {InviteForAnotherChat: "invite.another_chat",
             InviteForReplacedPhone: "invite.replaced_phone"}  # fmt: skip


async def refuse_invite(
    svc: BotServices, bot: Bot, chat_id: int, refusal: InviteNotFound | InviteUsed | InviteExpired,
    message_id: int | None = None,
) -> None:  # fmt: skip
    """Audit the refusal, tell the hub when the link names its case, then reply plainly.

    In a chat already in a case (an old or second link tapped), the /start ``message_id``
    and the reply are kept for "hide this chat", like every other message there."""
    case_id = refusal.case_id if isinstance(refusal, InviteForAnotherChat) else None
    await svc.store.record_audit(AUDIT_ACTOR, "invite_refused", case_id,
                                 reason=REASONS[type(refusal)])  # fmt: skip
    if case_id is not None:
        case = await svc.store.cases.by_id(case_id)
        await tell_hub(svc, bot, HUB_NOTES[type(refusal)], case)
    participant = await svc.store.participant_for_chat(chat_id)
    if participant is not None and message_id is not None:
        await svc.store.messages.remember(chat_id, message_id)
    await say(svc, bot, chat_id, reply_key_for(refusal), participant)


async def join_with_link(
    svc: BotServices, bot: Bot, chat_id: int, token: str, message_id: int
) -> bool:  # fmt: skip
    """Join the chat to the link's case; False after saying why not: a refused link, or a
    store that cannot take it now (not joined: the same link works once the store does)."""
    try:
        await svc.store.redeem_invite(token, chat_id)
    except REFUSED as refusal:
        await refuse_invite(svc, bot, chat_id, refusal, message_id)
        return False
    except StorageError as exc:
        await say(svc, bot, chat_id, reply_key_for(exc))
        return False
    return True
