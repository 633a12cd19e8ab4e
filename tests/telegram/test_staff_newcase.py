"""``/newcase`` through Telegram updates: the guided exchange, the links and QR codes, the
person joining with the link, and references that must never be a name or NHS number."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from hypothesis import given
from hypothesis import strategies as st
from telegram.ext import Application

from bot.staff_newcase import qr_png, reference_problem
from bot.staff_words import staff_text
from tests.telegram.fake_bot_api import FakeBotApi, chat
from tests.telegram.staff_setup import (
    BOARD_USER,
    HUB_USER,
    PERSON,
    PRACTITIONER,
    STRANGER,
    last_with_buttons,
    say,
    svc,
    tap_label,
    texts_to,
)
from tests.telegram.updates import button, feed


def token_in(text: str) -> str:
    link = text.split("\n")[-1]
    return parse_qs(urlparse(link).query)["start"][0]


async def test_hub_opens_a_case_and_the_person_joins_with_the_link(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Hub staff pick the organisation, type team and reference, tick concern types and ask
    for an advocate's link; they get both links and a QR code PNG of each; the person's
    link then starts the person's survey."""
    await say(app, HUB_USER, "/newcase")
    await tap_label(app, fake_bot_api, HUB_USER, "Police")
    await say(app, HUB_USER, "North")
    await say(app, HUB_USER, "ASC-2041")
    await tap_label(app, fake_bot_api, HUB_USER, "financial")
    await tap_label(app, fake_bot_api, HUB_USER, "neglect")
    await tap_label(app, fake_bot_api, HUB_USER, "✓ neglect")  # ticked twice: off again
    await tap_label(app, fake_bot_api, HUB_USER, "Done")
    await tap_label(app, fake_bot_api, HUB_USER, staff_text("buttons.rep_advocate"))
    case = await svc(app).store.cases.get("ASC-2041", "Police")
    assert ("North", ("financial",), True) == (case.team, case.concern_types,
                                               case.advocate_involved)  # fmt: skip
    photos = fake_bot_api.calls("sendPhoto")
    expected_captions = [
        staff_text("newcase.person_qr", ref="ASC-2041"),
        staff_text("newcase.representative_qr", ref="ASC-2041"),
    ]
    assert expected_captions == [p["caption"] for p in photos]
    assert [False, False] == [p["protect_content"] for p in photos]
    links = [t for t in texts_to(fake_bot_api, HUB_USER) if "?start=" in t]
    assert 2 == len(links)
    await say(app, PERSON, f"/start {token_in(links[0])}")
    participant = await svc(app).store.participant_for_chat(PERSON)
    assert (case.id, "person") == (participant.case_id, participant.kind)
    assert 1 <= len(texts_to(fake_bot_api, PERSON))  # the first question was asked


async def test_practitioner_is_not_asked_the_organisation(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """A practitioner has one organisation, so the exchange starts at the team; without a
    representative only the person's link and QR code are sent."""
    await say(app, PRACTITIONER, "/newcase")
    assert (
        staff_text("newcase.ask_team_typed", organisation="Police")
        == texts_to(fake_bot_api, PRACTITIONER)[-1]
    )
    await say(app, PRACTITIONER, "South")
    await say(app, PRACTITIONER, "P-77")
    await tap_label(app, fake_bot_api, PRACTITIONER, "Done")
    await tap_label(app, fake_bot_api, PRACTITIONER, "No")
    case = await svc(app).store.cases.get("P-77")
    assert ("Police", "South", ()) == (case.organisation, case.team, case.concern_types)
    assert 1 == len(fake_bot_api.calls("sendPhoto"))
    entry = (await svc(app).store.audit.entries(case.id, "case_opened"))[0]
    assert entry.actor.startswith("staff:")


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("9434765919", "newcase.ref_nhs_number"),
        ("943 476 5919", "newcase.ref_nhs_number"),
        ("ASC-943-476-5919", "newcase.ref_nhs_number"),
        ("12-34567890", "newcase.ref_nhs_number"),
        ("943/476/5919", "newcase.ref_nhs_number"),
        ("943_476_5919", "newcase.ref_nhs_number"),
        ("943.476.5919", "newcase.ref_nhs_number"),
        ("NHS/943/476/5919", "newcase.ref_nhs_number"),
        ("John Smith", "newcase.ref_name"),
        ("Mrs Patel 2", "newcase.ref_name"),
        ("Smith", "newcase.ref_name"),
        ("A 12", "newcase.ref_characters"),
        ("ASC-2041", None),
        ("2024/118_b", None),
    ],
)
def test_reference_rules(typed: str, problem: str | None) -> None:
    """NHS-number-like 10-digit numbers (split by spaces, dashes, slashes, underscores or
    dots: a reference may hold / and _, so "943/476/5919" used to be accepted) and name-like
    references are refused, with why."""
    assert problem == reference_problem(typed)


async def test_nhs_number_as_reference_is_refused_and_nothing_is_opened(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Typing an NHS number as the reference gets the reason and the question again; no case
    is opened until a proper reference is typed."""
    await say(app, PRACTITIONER, "/newcase")
    await say(app, PRACTITIONER, "South")
    await say(app, PRACTITIONER, "943 476 5919")
    assert staff_text("newcase.ref_nhs_number") == texts_to(fake_bot_api, PRACTITIONER)[-1]
    assert [] == await svc(app).store.cases.list()
    await say(app, PRACTITIONER, "P-78")
    assert staff_text("newcase.ask_concerns") == texts_to(fake_bot_api, PRACTITIONER)[-1]


async def test_stranger_is_refused_with_an_audit_entry_and_nothing_recorded(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """/newcase from someone who is not staff: a clear reply, one audit entry without any id,
    no case and no exchange (their next message gets the person side's neutral reply)."""
    await say(app, STRANGER, "/newcase")
    await say(app, STRANGER, "North")
    replies = texts_to(fake_bot_api, STRANGER)
    assert staff_text("refused.not_staff") == replies[0]
    assert staff_text("newcase.ask_team_typed", organisation="Police") not in replies
    refusals = await svc(app).store.audit.entries(action="staff_refused")
    assert [("telegram", {"command": "newcase", "reason": "not_staff"})] == [
        (e.actor, e.detail) for e in refusals
    ]
    assert [] == await svc(app).store.cases.list()
    assert None is await svc(app).store.participant_for_chat(STRANGER)


async def test_board_member_cannot_open_cases(app: Application, fake_bot_api: FakeBotApi) -> None:
    """Board members see aggregates only: /newcase is refused for their role."""
    await say(app, BOARD_USER, "/newcase")
    assert [staff_text("refused.not_for_role")] == texts_to(fake_bot_api, BOARD_USER)


async def test_cancel_stops_the_exchange(app: Application, fake_bot_api: FakeBotApi) -> None:
    """/cancel ends the exchange; a late button from it is answered and refused as expired."""
    await say(app, HUB_USER, "/newcase")
    await say(app, HUB_USER, "/cancel")
    await tap_label(app, fake_bot_api, HUB_USER, "Police")
    assert [staff_text("exchange.cancelled"), staff_text("exchange.expired")] == texts_to(
        fake_bot_api, HUB_USER
    )[-2:]
    assert 1 == len(fake_bot_api.calls("answerCallbackQuery"))


@given(st.text(max_size=60))
def test_an_accepted_reference_is_never_a_name_or_nhs_number(typed: str) -> None:
    """Whatever is typed, the check never fails, and anything it accepts has a number, no run
    of 10 digits (even split by the separators a reference may hold), only letters, digits
    and - / _, and at most 40 characters."""
    if reference_problem(typed) is None:
        ref = typed.strip()
        assert True is any(c.isdigit() for c in ref)
        assert None is re.search(r"\d{10}", re.sub(r"[\s\-/_.]", "", ref))
        assert None is not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9/_-]{0,39}", ref)


async def test_double_tap_on_the_last_step_opens_one_case(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Tapping the last button twice opens one case; the second tap is answered and told the
    step is over."""
    await say(app, PRACTITIONER, "/newcase")
    await say(app, PRACTITIONER, "South")
    await say(app, PRACTITIONER, "P-79")
    await tap_label(app, fake_bot_api, PRACTITIONER, "Done")
    sent = last_with_buttons(fake_bot_api, PRACTITIONER)
    no = sent["reply_markup"]["inline_keyboard"][1][0]["callback_data"]
    await feed(app, button(PRACTITIONER, no, sent))
    await feed(app, button(PRACTITIONER, no, sent))
    assert 1 == len(await svc(app).store.cases.list())
    assert staff_text("exchange.expired") == texts_to(fake_bot_api, PRACTITIONER)[-1]
    assert 3 == len(fake_bot_api.calls("answerCallbackQuery"))


async def test_a_staff_button_copied_to_another_chat_does_nothing(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """A staff button's data sent from another chat fails its signature: it is left to the
    person side, which answers it and gives its neutral reply; nothing is recorded."""
    await say(app, HUB_USER, "/newcase")
    sent = last_with_buttons(fake_bot_api, HUB_USER)
    police = sent["reply_markup"]["inline_keyboard"][-1][0]["callback_data"]
    await feed(app, button(STRANGER, police, {**sent, "chat": chat(STRANGER)}))
    assert 1 == len(fake_bot_api.calls("answerCallbackQuery"))
    assert [] == await svc(app).store.cases.list()
    assert staff_text("newcase.ask_organisation") == texts_to(fake_bot_api, HUB_USER)[-1]


def test_qr_code_is_a_png() -> None:
    """The QR code sent to staff is a PNG image (large enough to print)."""
    png = qr_png("https://t.me/MspCheckinBot?start=abc")
    assert b"\x89PNG\r\n\x1a\n" == png[:8]
    width = int.from_bytes(png[16:20], "big")
    assert width >= 200
