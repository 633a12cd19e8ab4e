"""``/newcase``: a short guided exchange that opens a case and hands over its invite links.

Steps: organisation (only when the staff member could open cases for more than one), team,
the local reference (never a name or an NHS number: refused, with the reason), optional
SAC concern types, and whether a representative answers too. The case is opened through
the store on the last step; the reply carries the person's link (and the representative's),
each also as a QR code PNG to print. Links and QR codes are not content-protected, because
staff must be able to copy, forward or print them.

The reference check is ``bot.case_reference``; sending the links and QR codes is
``bot.invite_handover``.
"""

from __future__ import annotations

from telegram import Bot, InlineKeyboardMarkup

from bot import staff_exchange
from bot.case_reference import MAX_REF, reference_problem
from bot.commands.case import CONCERN_TYPES
from bot.invite_handover import qr_png, send_link
from bot.roles import StaffAccess, authorise, visible_organisation
from bot.services import BotServices
from bot.staff_exchange import Exchange
from bot.staff_words import staff_text
from storage.errors import StorageError
from storage.invites import invite_link
from storage.staff_queries import organisation_names, team_names

__all__ = [
    "MAX_BUTTONS",
    "MAX_NAME",
    "MAX_REF",
    "on_button",
    "on_text",
    "qr_png",
    "reference_problem",
    "send_link",
    "start",
]

MAX_NAME = 80
MAX_BUTTONS = 12


async def start(svc: BotServices, bot: Bot, chat_id: int, access: StaffAccess) -> None:
    """Begin: ask the organisation unless the staff member has only one."""
    exchange = staff_exchange.begin("newcase", access.member.id)
    own = visible_organisation(access.member)
    names = [own] if own else await organisation_names(svc.store)
    if len(names) == 1:
        exchange.data["organisation"] = names[0]
        await _ask_team(svc, bot, chat_id, exchange)
        return
    await staff_exchange.move(svc.store, exchange, "organisation", names[:MAX_BUTTONS])
    markup = staff_exchange.keyboard(svc.signer, chat_id, exchange, exchange.choices)
    await bot.send_message(chat_id, staff_text("newcase.ask_organisation"),
                           reply_markup=markup if exchange.choices else None)  # fmt: skip


async def _ask_team(svc: BotServices, bot: Bot, chat_id: int, exchange: Exchange) -> None:
    organisation = exchange.data["organisation"]
    teams = (await team_names(svc.store, organisation))[:MAX_BUTTONS]
    await staff_exchange.move(svc.store, exchange, "team", teams)
    if not teams:
        await bot.send_message(chat_id, staff_text("newcase.ask_team_typed",
                                                   organisation=organisation))  # fmt: skip
        return
    markup = staff_exchange.keyboard(svc.signer, chat_id, exchange, teams)
    await bot.send_message(chat_id, staff_text("newcase.ask_team", organisation=organisation),
                           reply_markup=markup)  # fmt: skip


async def _ask_concerns(svc: BotServices, bot: Bot, chat_id: int, exchange: Exchange) -> None:
    await staff_exchange.move(svc.store, exchange, "concerns", CONCERN_TYPES)
    await bot.send_message(chat_id, staff_text("newcase.ask_concerns"),
                           reply_markup=_concern_keyboard(svc, chat_id, exchange))  # fmt: skip


def _concern_keyboard(svc: BotServices, chat_id: int, exchange: Exchange) -> InlineKeyboardMarkup:
    labels = [
        ("✓ " if value in exchange.selected else "") + value.replace("_", " ")
        for value in exchange.choices
    ]
    done = staff_text("buttons.done")
    return staff_exchange.keyboard(svc.signer, chat_id, exchange, labels, done_label=done)


async def on_text(svc: BotServices, bot: Bot, chat_id: int, exchange: Exchange,
                  text: str) -> None:  # fmt: skip
    """A typed answer: an organisation or team name, or the reference."""
    typed = " ".join(text.split())
    if exchange.step in ("organisation", "team"):
        if not any(c.isalnum() for c in typed):  # "", ".", "-": nothing to name it by
            await bot.send_message(chat_id, staff_text("newcase.empty"))
        elif len(typed) > MAX_NAME:
            await bot.send_message(chat_id, staff_text("newcase.too_long", limit=MAX_NAME))
        else:
            await _chosen(svc, bot, chat_id, exchange, typed)
        return
    if exchange.step == "reference":
        problem = reference_problem(typed)
        if problem is not None:
            await bot.send_message(chat_id, staff_text(problem, limit=MAX_REF))
            return
        exchange.data["reference"] = typed
        await _ask_concerns(svc, bot, chat_id, exchange)
        return
    await bot.send_message(chat_id, staff_text("exchange.use_buttons"))


async def on_button(svc: BotServices, bot: Bot, chat_id: int, exchange: Exchange, key: str,
                    message_id: int | None) -> None:  # fmt: skip
    """A tapped choice (organisation, team, concern type, Done, representative yes/no)."""
    if exchange.step == "concerns" and key == staff_exchange.DONE_KEY:
        exchange.data["concerns"] = list(exchange.selected)
        await staff_exchange.move(svc.store, exchange, "representative", ("yes", "no"))
        labels = [staff_text("buttons.yes"), staff_text("buttons.no")]
        markup = staff_exchange.keyboard(svc.signer, chat_id, exchange, labels)
        await bot.send_message(chat_id, staff_text("newcase.ask_representative"),
                               reply_markup=markup)  # fmt: skip
        return
    value = exchange.choice(key)
    if value is None:
        await bot.send_message(chat_id, staff_text("exchange.expired"))
    elif exchange.step == "concerns":
        _toggle(exchange.selected, value)
        await staff_exchange.save(svc.store, exchange)
        if message_id is not None:
            await bot.edit_message_reply_markup(
                chat_id, message_id, reply_markup=_concern_keyboard(svc, chat_id, exchange)
            )
    else:
        await _chosen(svc, bot, chat_id, exchange, value)


def _toggle(selected: list[str], value: str) -> None:
    if value in selected:
        selected.remove(value)
    else:
        selected.append(value)


async def _chosen(svc: BotServices, bot: Bot, chat_id: int, exchange: Exchange,
                  value: str) -> None:  # fmt: skip
    if exchange.step == "organisation":
        exchange.data["organisation"] = value
        await _ask_team(svc, bot, chat_id, exchange)
    elif exchange.step == "team":
        exchange.data["team"] = value
        await staff_exchange.move(svc.store, exchange, "reference")
        await bot.send_message(chat_id, staff_text("newcase.ask_reference"))
    elif exchange.step == "representative":
        await _open_case(svc, bot, chat_id, exchange, representative=value == "yes")


async def _open_case(svc: BotServices, bot: Bot, chat_id: int, exchange: Exchange, *,
                     representative: bool) -> None:  # fmt: skip
    """Open the case through the store (the role is checked again), then hand over links."""
    if not await staff_exchange.finish(svc.store, exchange, at_this_step=True):
        await bot.send_message(chat_id, staff_text("exchange.expired"))  # taken by another tap
        return
    # staff exchanges run in private chats only, where the chat id is the user id
    access = await authorise(svc.store, chat_id, "newcase")
    data = exchange.data
    organisation = visible_organisation(access.member) or data["organisation"]
    try:
        new = await svc.store.create_case(
            organisation, data["team"], data["reference"], representative=representative,
            concern_types=tuple(data.get("concerns", ())), actor=access.actor,
        )  # fmt: skip
    except StorageError as exc:  # e.g. the reference is taken: ask for another one
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
