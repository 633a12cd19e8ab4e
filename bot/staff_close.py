"""``/close REF``: record the staff-side SAC fields with buttons, then invite the person to
the end-of-case questions or record why not.

Steps: SG2e risk outcome (remained / reduced / removed), SG3a capacity (did the person lack
capacity: yes / no / not known), then either "send the end-of-case questions" or a reason
(unsafe to contact, declined, lacks capacity (not offered when staff said the person did
not lack capacity), no contact, other). When sending is asked for but no one can be
reached, or delivery fails, the reason is recorded for staff (unsafe to contact; declined,
when everyone who joined has withdrawn; or no contact) and they are told why. The end
invite is made and sent before the case is closed, so the recorded reason always matches
what happened.
"""

from __future__ import annotations

from telegram import Bot

from bot import staff_exchange
from bot.roles import StaffAccess, authorise
from bot.services import BotServices
from bot.staff_contact import contact_for, quiet_now, send_invite
from bot.staff_exchange import Exchange
from bot.staff_words import staff_text
from storage.errors import StorageError
from storage.models import CAPACITIES, NO_END_SURVEY_REASONS, RISK_OUTCOMES, Case

SEND = "send"
# why no end questions, when sending was asked for but no one can be reached
_UNREACHABLE_REASONS = {
    "unsafe": "unsafe_to_contact", "withdrawn": "declined", "declined": "declined",
    "not_joined": "no_contact",
}  # fmt: skip
_STEPS = {
    "risk": (RISK_OUTCOMES, "risk_", "close.ask_capacity"),
    "capacity": (CAPACITIES, "capacity_", "close.ask_end"),
}


async def start(svc: BotServices, bot: Bot, chat_id: int, access: StaffAccess) -> None:
    """Begin with the risk outcome, if the case is still open."""
    case = access.case
    assert case is not None
    if case.state != "open":
        await bot.send_message(chat_id, staff_text("close.not_open", ref=case.local_ref,
                                                   state=case.state))  # fmt: skip
        return
    exchange = staff_exchange.begin("close", access.member.id, case_id=case.id)
    exchange.data.update(ref=case.local_ref, organisation=case.organisation)
    await _ask(svc, bot, chat_id, exchange, "risk",
               staff_text("close.ask_risk", ref=case.local_ref))  # fmt: skip


async def _ask(svc: BotServices, bot: Bot, chat_id: int, exchange: Exchange, step: str,
               text: str) -> None:  # fmt: skip
    if step == "end":
        values = (SEND, *_reasons_for(exchange.data["capacity"]))
        labels = [staff_text("buttons.send_end_invite")] + [
            staff_text(f"buttons.reason_{reason}") for reason in values[1:]
        ]
    else:
        values, prefix, _ = _STEPS[step]
        labels = [staff_text(f"buttons.{prefix}{value}") for value in values]
    await staff_exchange.move(svc.store, exchange, step, values)
    markup = staff_exchange.keyboard(svc.signer, chat_id, exchange, labels)
    await bot.send_message(chat_id, text, reply_markup=markup)


def _reasons_for(capacity: str) -> tuple[str, ...]:
    """The reasons not to ask the end questions that fit the capacity answer: "lacks
    capacity" is not offered once staff said the person did not lack it (SG3a "no"), so the
    two staff-side fields cannot contradict each other."""
    if capacity == "no":
        return tuple(r for r in NO_END_SURVEY_REASONS if r != "lacks_capacity")
    return NO_END_SURVEY_REASONS


async def on_button(svc: BotServices, bot: Bot, chat_id: int, exchange: Exchange,
                    key: str) -> None:  # fmt: skip
    """A tapped answer: store it in the exchange and ask the next one, or finish."""
    value = exchange.choice(key)
    if value is None:
        await bot.send_message(chat_id, staff_text("exchange.expired"))
        return
    exchange.data[exchange.step] = value
    if exchange.step in _STEPS:
        next_step = "capacity" if exchange.step == "risk" else "end"
        await _ask(svc, bot, chat_id, exchange, next_step, staff_text(_STEPS[exchange.step][2]))
        return
    await _finish(svc, bot, chat_id, exchange)


async def _send_end_invite(
    svc: BotServices, bot: Bot, case: Case, actor: str
) -> tuple[str | None, str] | None:
    """Send the end invite: (the reason recorded for not asking, None when sent; what staff
    are told), or None when Telegram did not answer (a timeout must not be recorded as "no
    contact" in the case's closing fields, as it was)."""
    target, unreachable = await contact_for(svc.store, case)
    if target is None:
        return _UNREACHABLE_REASONS[unreachable or "not_joined"], staff_text(f"close.{unreachable}")
    delivery = await send_invite(svc.store, bot, case, target, "end", actor,
                                 silent=quiet_now(svc))  # fmt: skip
    if delivery == "failed":
        return None
    if delivery == "refused":
        return "no_contact", staff_text("close.undelivered")
    return None, staff_text("close.end_sent", kind=target.kind, ref=case.local_ref)


async def _finish(svc: BotServices, bot: Bot, chat_id: int, exchange: Exchange) -> None:
    """Send the end invite if asked (and possible), then close the case with the fields."""
    data = exchange.data
    if not await staff_exchange.finish(svc.store, exchange, at_this_step=True):
        await bot.send_message(chat_id, staff_text("exchange.expired"))  # taken by another tap
        return
    # staff exchanges run in private chats only, where the chat id is the user id
    access = await authorise(svc.store, chat_id, "close", data["ref"], data["organisation"])
    case = access.case
    assert case is not None
    if data["end"] == SEND:
        sent = await _send_end_invite(svc, bot, case, access.actor)
        if sent is None:  # Telegram did not answer: nothing recorded, the same step again
            await _ask(svc, bot, chat_id, exchange, "end", staff_text("close.try_again"))
            return
        reason, outcome = sent
    else:
        reason = data["end"]
        outcome = staff_text("close.end_not_sent", reason=reason.replace("_", " "))
    try:
        closed = await svc.store.cases.close(
            case.local_ref, organisation=case.organisation, risk_outcome=data["risk"],
            capacity=data["capacity"], no_end_survey_reason=reason, actor=access.actor,
        )  # fmt: skip
    except StorageError as exc:
        await bot.send_message(chat_id, staff_text("close.failed", problem=str(exc)))
        return
    summary = staff_text("close.closed", ref=closed.local_ref, risk=data["risk"],
                         capacity=data["capacity"].replace("_", " "))  # fmt: skip
    await bot.send_message(chat_id, f"{summary}\n{outcome}")
