"""``/newlink REF [ORGANISATION] [representative]``: a new link for someone already in a
case, to hand over in person (say, for a new phone).

The links the bot sends into a person's chat work only in that chat, so a person with a new
phone (a new Telegram account) needs a link that is not bound to any chat: the same kind of
link ``checkin case invite`` makes on the command line. Only the case's own organisation's
practitioners and hub staff may make one (``bot.roles``: deny by default, refusals audited);
the case must be open. The link carries on where that person is: the check-in questions
once they have finished the start questions (or moved on), else the start questions again,
so consent is asked on the new phone. It is sent as text and as a QR code, not
content-protected, like ``/newcase``'s. Its creation is audited by the store
(``invite_created``: who, which case, kind and timepoint; never the token or a chat id).
The reply says that once the new phone joins, the old one gets nothing more from the bot
and is not told (``storage.invite_joining.replace_old_phones``); and, when the one it is for
withdrew, to hand it over only if they asked to take part again.
"""

from __future__ import annotations

from typing import Literal

from telegram import Update
from telegram.ext import CallbackContext

from bot.roles import AccessRefused, authorise
from bot.services import services_of
from bot.staff_access import say_refused
from bot.staff_contact import withdrawals
from bot.staff_newcase import send_link
from bot.staff_words import staff_text
from storage.invites import invite_link
from storage.models import Participant
from storage.store import Store

# a last word that asks for the representative's link rather than the person's
REPRESENTATIVE_WORDS = frozenset({"representative", "rep"})

Kind = Literal["person", "representative"]


def parse_arguments(args: list[str]) -> tuple[str | None, str | None, Kind]:
    """(reference, organisation, kind) from ``REF [ORGANISATION] [representative]``."""
    words = list(args)
    kind: Kind = "person"
    if len(words) > 1 and words[-1].lower() in REPRESENTATIVE_WORDS:
        kind = "representative"
        words.pop()
    ref = words[0] if words else None
    organisation = " ".join(words[1:]) or None
    return ref, organisation, kind


async def link_timepoint(
    store: Store, joined: list[Participant], kind: Kind
) -> Literal["start", "checkin"]:
    """Where a new link for ``kind`` carries on: the check-in questions once someone of that
    kind (among the case's ``joined``) has finished the start questions or moved on (consent
    was given), else the start."""
    for participant in joined:
        if participant.kind != kind:
            continue
        if participant.current_timepoint != "start":
            return "checkin"
        state = await store.load_session(participant.id, "start")
        if state is not None and state.status == "completed":
            return "checkin"
    return "start"


def contact_flagged_unsafe(joined: list[Participant], kind: Kind) -> bool:
    """Whether the latest one of ``kind`` to join (of the case's ``joined``, oldest first)
    has contact flagged unsafe."""
    of_kind = [p for p in joined if p.kind == kind]
    return bool(of_kind) and of_kind[-1].contact_unsafe


async def on_newlink(update: Update, context: CallbackContext) -> None:
    """/newlink REF [ORGANISATION] [representative]: a new unbound link and its QR code."""
    svc, bot, chat_id = services_of(context), context.bot, update.effective_chat.id
    ref, organisation, kind = parse_arguments(list(context.args or []))
    try:  # the role is checked first, even when no case is named
        access = await authorise(svc.store, update.effective_user.id, "newlink", ref,
                                 organisation)  # fmt: skip
    except AccessRefused as refused:
        await say_refused(update, context, refused, "newlink")
        return
    case = access.case
    if case is None:
        await bot.send_message(chat_id, staff_text("usage.newlink"))
        return
    if case.state != "open":
        await bot.send_message(chat_id, staff_text("newlink.not_open", ref=case.local_ref,
                                                   state=case.state))  # fmt: skip
        return
    joined = await svc.store.participants.for_case(case.id)
    timepoint = await link_timepoint(svc.store, joined, kind)
    new = await svc.store.create_invite(case, kind, timepoint, actor=access.actor)
    days = svc.settings.survey.invite_valid_days
    made = staff_text("newlink.made", kind=kind, ref=case.local_ref,
                      organisation=case.organisation, days=days)  # fmt: skip
    if timepoint == "checkin":
        made += "\n" + staff_text("newlink.opens_checkin")
    else:
        made += "\n" + staff_text("newlink.opens_start")
    if contact_flagged_unsafe(joined, kind):
        made += "\n" + staff_text("newlink.unsafe", ref=case.local_ref)
    elif not any(p.kind == kind for p in joined):
        left = [e for e in await withdrawals(svc.store, case) if e.detail.get("kind") == kind]
        if left:
            made += "\n" + staff_text("newlink.withdrawn", kind=kind, ref=case.local_ref)
    await bot.send_message(chat_id, made)
    await send_link(bot, chat_id, kind, invite_link(bot.username or "", new.token), case.local_ref)
