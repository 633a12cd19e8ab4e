"""The last step of ``/newcase``: who else answers on the person's behalf, then opening the
case through the store and handing over its links.

Who else answers: no one, an advocate (e.g. an IMCA), a family member, a friend or someone
else (``storage.models.REP_KINDS``). Only an advocate marks the case SAC "advocate involved";
a family member's or friend's link leaves it unknown (a yes/no question used to mark every
representative as an advocate). The reply carries the person's link (and the
representative's), each also as a QR code PNG to print (``bot.invite_handover``); links and
QR codes are not content-protected, because staff must be able to copy, forward or print
them.
"""

from __future__ import annotations

from telegram import Bot

from bot import staff_exchange
from bot.invite_handover import send_link
from bot.roles import authorise, visible_organisation
from bot.services import BotServices
from bot.staff_exchange import Exchange
from bot.staff_words import staff_text
from storage.errors import StorageError
from storage.invites import invite_link
from storage.models import REP_KINDS

NO_ONE = "no_one"  # the "No" of who else answers


async def ask_representative(svc: BotServices, bot: Bot, chat_id: int, exchange: Exchange) -> None:
    """Ask whether someone answers on the person's behalf too, and who they are."""
    await staff_exchange.move(svc.store, exchange, "representative", (NO_ONE, *REP_KINDS))
    labels = [staff_text("buttons.no")] + [staff_text(f"buttons.rep_{k}") for k in REP_KINDS]
    markup = staff_exchange.keyboard(svc.signer, chat_id, exchange, labels)
    await bot.send_message(chat_id, staff_text("newcase.ask_representative"), reply_markup=markup)


async def open_case(svc: BotServices, bot: Bot, chat_id: int, exchange: Exchange,
                     representative: str) -> None:  # fmt: skip
    """Open the case through the store (the role is checked again), then hand over links.
    ``representative``: who answers on the person's behalf too (a ``REP_KINDS``, or
    ``NO_ONE``); only an advocate marks the case advocate involved (SAC), a family
    member's or friend's link leaves it unknown. ("yes"/"no": a step saved before kinds
    were asked, read as before: someone of an unsaid kind, or no one.)"""
    if not await staff_exchange.finish(svc.store, exchange, at_this_step=True):
        await bot.send_message(chat_id, staff_text("exchange.expired"))  # taken by another tap
        return
    # staff exchanges run in private chats only, where the chat id is the user id
    access = await authorise(svc.store, chat_id, "newcase")
    data = exchange.data
    organisation = visible_organisation(access.member) or data["organisation"]
    try:
        new = await svc.store.create_case(
            organisation, data["team"], data["reference"],
            representative=representative not in (NO_ONE, "no"),
            rep_kind=representative if representative in REP_KINDS else None,
            concern_types=tuple(data.get("concerns", ())), actor=access.actor,
        )  # fmt: skip
    except StorageError as exc:  # e.g. the reference was taken meanwhile: ask for another
        exchange.data["representative"] = representative  # kept: the new one opens it
        await staff_exchange.move(svc.store, exchange, "reference")
        await bot.send_message(chat_id, staff_text("newcase.failed", problem=str(exc)))
        await bot.send_message(chat_id, staff_text("newcase.ask_reference"))
        return
    case = new.case
    days = svc.settings.survey.invite_valid_days
    await bot.send_message(chat_id, staff_text("newcase.opened", ref=case.local_ref,
                           organisation=case.organisation, team=case.team, days=days))  # fmt: skip
    links = [("person", new.person_token)]
    if new.representative_token:
        links.append(("representative", new.representative_token))
    for who, token in links:
        await send_link(bot, chat_id, who, invite_link(bot.username or "", token), case.local_ref)
