"""Reaching the person for staff: who to send a check-in or end invite to, and sending it.

The invite is made through the store and sent to the chat that joined the case, as a
neutral message with a Start button that opens the invite's deep link: tapping it sends
``/start <invite>``, which the person's handlers already understand. The invite works only
from that chat (a forwarded link opened elsewhere is refused and audited). Nothing is sent when
no one has joined, everyone who joined has withdrawn, or contact is flagged unsafe; the
caller tells staff why. In the quiet hours it is sent silently (``quiet_now``).
"""

from __future__ import annotations

import logging
from typing import Literal

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.nudges import nudge
from bot.reminder_times import in_quiet_hours
from bot.services import BotServices
from storage.invites import invite_link
from storage.models import AuditEntry, Case, Participant
from storage.store import Store

Unreachable = Literal["not_joined", "withdrawn", "unsafe", "declined"]
# sent; refused by the chat (blocked, deleted: 403/400); failed (timeout, network: try again)
Delivery = Literal["sent", "refused", "failed"]
_NUDGE_FOR = {"checkin": "checkin_invite", "end": "end_invite"}
_LOGGER = logging.getLogger(__name__)


async def contact_for(store: Store, case: Case) -> tuple[Participant | None, Unreachable | None]:
    """The participant to contact (the person, else a representative; the latest to join),
    or why no one can be contacted (their contact is flagged unsafe, or they said no to
    taking part)."""
    joined = [p for p in await store.participants.for_case(case.id) if p.chat_id is not None]
    people = [p for p in joined if p.kind == "person"] or joined
    if not people:
        return None, "withdrawn" if await withdrawals(store, case) else "not_joined"
    target = people[-1]
    if target.contact_unsafe:
        return None, "unsafe"
    if await store.latest_consent(target.id) is False:  # said no to taking part: not pressed
        return None, "declined"
    return target, None


def quiet_now(svc: BotServices) -> bool:
    """Whether it is the quiet hours (``reminders.quiet_start`` to ``quiet_end``), when the
    bot's own reminders wait: staff may still send a check-in or the end questions then,
    but they arrive silently, so a phone does not buzz at night beside someone who may be
    watching."""
    return in_quiet_hours(svc.clock(), svc.settings.reminders)


async def withdrawals(store: Store, case: Case) -> list[AuditEntry]:
    """Everyone who withdrew from the case (stopped and had what they gave erased, at their
    own request: the store erases them, so only the audit log says they were there)."""
    entries = await store.audit.entries(case.id, "participant_erased")
    return [e for e in entries if e.actor.startswith("participant:")]


async def send_invite(
    store: Store,
    bot: Bot,
    case: Case,
    participant: Participant,
    timepoint: Literal["checkin", "end"],
    actor: str,
    *,
    silent: bool = False,
) -> Delivery:
    """Make a ``timepoint`` invite and send it to the participant; whether it got there.
    ``silent``: without a sound or buzz (``quiet_now``)."""
    new = await store.create_invite(
        case, participant.kind, timepoint, actor=actor, for_participant=participant.id
    )
    link = invite_link(bot.username or "", new.token)
    start = InlineKeyboardButton(nudge("start_button", participant), url=link)
    try:
        message = await bot.send_message(
            participant.chat_id,  # type: ignore[arg-type]
            nudge(_NUDGE_FOR[timepoint], participant),
            reply_markup=InlineKeyboardMarkup([[start]]),
            disable_notification=silent,
        )
    except (Forbidden, BadRequest) as exc:
        _LOGGER.warning("An invite could not be delivered (%s)", type(exc).__name__)
        return "refused"
    except TelegramError as exc:
        _LOGGER.warning("An invite could not be sent just now (%s)", type(exc).__name__)
        return "failed"
    await store.messages.remember(participant.chat_id, message.message_id)  # type: ignore[arg-type]
    await store.record_audit(actor, "invite_sent", case.id, timepoint=timepoint,
                             kind=participant.kind)  # fmt: skip
    return "sent"
