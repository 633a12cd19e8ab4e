"""``/newcase``: a short guided exchange that opens a case and hands over its invite links.

Steps: organisation (only when the staff member could open cases for more than one), team,
the local reference (never a name or an NHS number: refused, with the reason), optional
SAC concern types, and whether someone answers on the person's behalf too and who they are.
A typed organisation or team name is matched to an existing one whatever its capitals; a
new organisation is added only when confirmed with a tap.

The reference check is ``bot.case_reference``; the last step (who else answers, opening the
case, handing over the links) is ``bot.staff_newcase_open``.
"""

from __future__ import annotations

from telegram import Bot, InlineKeyboardMarkup

from bot import staff_exchange
from bot.case_reference import MAX_REF, reference_problem
from bot.commands.case import CONCERN_TYPES
from bot.invite_handover import qr_png, send_link
from bot.roles import StaffAccess, visible_organisation
from bot.services import BotServices
from bot.staff_exchange import Exchange
from bot.staff_newcase_open import NO_ONE, ask_representative, open_case
from bot.staff_words import staff_text
from storage.errors import NotFound
from storage.staff_queries import organisation_names, team_names

__all__ = [
    "MAX_BUTTONS",
    "MAX_NAME",
    "MAX_REF",
    "NO_ONE",
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
    if not names:  # a new partnership: nothing to tap yet
        await bot.send_message(chat_id, staff_text("newcase.ask_organisation_typed"))
        return
    markup = staff_exchange.keyboard(svc.signer, chat_id, exchange, exchange.choices)
    await bot.send_message(chat_id, staff_text("newcase.ask_organisation"), reply_markup=markup)


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
            await _typed_name(svc, bot, chat_id, exchange, typed)
        return
    if exchange.step == "reference":
        await _typed_reference(svc, bot, chat_id, exchange, typed)
        return
    await bot.send_message(chat_id, staff_text("exchange.use_buttons"))


async def _typed_reference(svc: BotServices, bot: Bot, chat_id: int, exchange: Exchange,
                           ref: str) -> None:  # fmt: skip
    """A typed reference: refused with the reason if it could be a name or NHS number, or
    if the organisation already has it (said now, not after the last step); else on to the
    concern types, or straight to opening the case when this is a second try after the
    reference was taken at the last step (what was chosen then still stands)."""
    problem = reference_problem(ref)
    if problem is None and await _taken(svc, exchange.data["organisation"], ref):
        problem = "newcase.ref_taken"
    if problem is not None:
        organisation = exchange.data["organisation"]
        await bot.send_message(chat_id, staff_text(problem, limit=MAX_REF, ref=ref,
                                                   organisation=organisation))  # fmt: skip
        return
    exchange.data["reference"] = ref
    if "representative" in exchange.data:
        await open_case(svc, bot, chat_id, exchange, exchange.data["representative"])
    else:
        await _ask_concerns(svc, bot, chat_id, exchange)


async def _taken(svc: BotServices, organisation: str, ref: str) -> bool:
    try:
        await svc.store.cases.get(ref, organisation)
    except NotFound:
        return False
    return True


async def _typed_name(svc: BotServices, bot: Bot, chat_id: int, exchange: Exchange,
                      typed: str) -> None:  # fmt: skip
    """A typed organisation or team: an existing one however it is capitalised (else
    "police" would start a second Police); a new organisation only once confirmed with a
    tap, as a typo would start one too. New teams need no confirming: they come with use."""
    if exchange.step == "organisation":
        known = await organisation_names(svc.store)
    else:
        known = await team_names(svc.store, exchange.data["organisation"])
    same = next((name for name in known if name.casefold() == typed.casefold()), None)
    if same is not None or exchange.step == "team":
        await _chosen(svc, bot, chat_id, exchange, same or typed)
        return
    await staff_exchange.move(svc.store, exchange, "organisation", (typed,))
    label = staff_text("buttons.add_organisation", organisation=typed)
    markup = staff_exchange.keyboard(svc.signer, chat_id, exchange, [label])
    await bot.send_message(chat_id, staff_text("newcase.new_organisation", organisation=typed),
                           reply_markup=markup)  # fmt: skip


async def on_button(svc: BotServices, bot: Bot, chat_id: int, exchange: Exchange, key: str,
                    message_id: int | None) -> None:  # fmt: skip
    """A tapped choice (organisation, team, concern type, Done, who else answers)."""
    if exchange.step == "concerns" and key == staff_exchange.DONE_KEY:
        exchange.data["concerns"] = list(exchange.selected)
        await ask_representative(svc, bot, chat_id, exchange)
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
        await open_case(svc, bot, chat_id, exchange, value)
