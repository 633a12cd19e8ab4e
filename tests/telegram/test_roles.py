"""Roles: deny by default; practitioners see their own organisation's cases only; the hub
sees all; board members get aggregates only. Every refusal and every staff read of a case
is in the audit log, and a refusal records nothing else."""

from __future__ import annotations

import pytest
from telegram.ext import Application

from bot.roles import AccessRefused, authorise
from bot.staff_words import staff_text
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import (
    BOARD_USER,
    HUB_USER,
    OTHER_PRACTITIONER,
    PERSON,
    PRACTITIONER,
    STRANGER,
    answer,
    case_with_person,
    record,
    say,
    svc,
    texts_to,
)

CANARY_WORDS = "CANARY when my neighbour stops shouting"


async def audit(app: Application, action: str) -> list[tuple[str, int | None, dict]]:
    entries = await svc(app).store.audit.entries(action=action)
    return [(e.actor, e.case_id, e.detail) for e in entries]


async def staff_id(app: Application, user: int) -> str:
    member = await svc(app).store.staff.by_telegram_id(user)
    assert member is not None
    return f"staff:{member.id}"


async def test_stranger_asking_for_a_case_is_refused_and_audited(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """A non-staff user's /case: a clear reply, one audit entry with no id of theirs, and no
    read of the case recorded."""
    case = await case_with_person(app)
    await say(app, STRANGER, f"/case {case.local_ref}")
    assert [staff_text("refused.not_staff")] == texts_to(fake_bot_api, STRANGER)
    expected = [("telegram", None, {"command": "case", "reason": "not_staff"})]
    assert expected == await audit(app, "staff_refused")
    assert [] == await audit(app, "case_read")


async def test_practitioner_cannot_read_another_organisations_case(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """A Housing practitioner asking for a Police case is told there is no such case they can
    see (as for a made-up reference); the refusal is audited against that case."""
    case = await case_with_person(app)
    await record(app, PERSON, answer("how_will_we_know", "text", CANARY_WORDS))
    await say(app, OTHER_PRACTITIONER, f"/case {case.local_ref}")
    await say(app, OTHER_PRACTITIONER, f"/case {case.local_ref} Police")
    await say(app, OTHER_PRACTITIONER, "/case NO-SUCH-1")
    replies = texts_to(fake_bot_api, OTHER_PRACTITIONER)
    assert [staff_text("refused.no_such_case", ref=r, command="case")
            for r in (case.local_ref, case.local_ref, "NO-SUCH-1")] == replies  # fmt: skip
    actor = await staff_id(app, OTHER_PRACTITIONER)
    refusal = {"command": "case", "reason": "no_such_case"}
    expected = [(actor, case.id, refusal), (actor, case.id, refusal), (actor, None, refusal)]
    assert expected == await audit(app, "staff_refused")
    assert [] == await audit(app, "case_read")
    assert not any(CANARY_WORDS in t for t in replies)


async def test_own_organisation_and_hub_read_answers_with_an_audit_entry(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """The case's own practitioner and hub staff see its answers, free text included; each
    read is audited with who read which case."""
    case = await case_with_person(app)
    await record(app, PERSON, answer("safety", "2"),
                 answer("how_will_we_know", "text", CANARY_WORDS))  # fmt: skip
    for user in (PRACTITIONER, HUB_USER):
        await say(app, user, f"/case {case.local_ref}")
        shown = "\n".join(texts_to(fake_bot_api, user))
        assert f'- how will we know: "{CANARY_WORDS}"' in shown
        assert "- safety: 2" in shown
    readers = [await staff_id(app, PRACTITIONER), await staff_id(app, HUB_USER)]
    expected = [(actor, case.id, {"what": "answers"}) for actor in readers]
    assert expected == await audit(app, "case_read")


async def test_board_member_gets_aggregates_only(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """A board member's /case, /cases, /checkin and /close are refused for their role (and
    audited); /summary works."""
    case = await case_with_person(app)
    for command in ("case", "cases", "checkin", "close"):
        await say(app, BOARD_USER, f"/{command} {case.local_ref}")
    await say(app, BOARD_USER, "/summary")
    replies = texts_to(fake_bot_api, BOARD_USER)
    assert 4 * [staff_text("refused.not_for_role")] == replies[:4]
    assert replies[4].startswith(staff_text("summary.heading", scope="the whole partnership"))
    actor = await staff_id(app, BOARD_USER)
    expected = [(actor, None, {"command": c, "reason": "not_for_role"})
                for c in ("case", "cases", "checkin", "close")]  # fmt: skip
    assert expected == await audit(app, "staff_refused")
    assert [] == await audit(app, "case_read")


async def test_deactivated_staff_are_refused(app: Application) -> None:
    """A staff member taken off the list is treated like anyone else: refused, audited."""
    store = svc(app).store
    member = await store.staff.by_telegram_id(HUB_USER)
    assert member is not None
    await store.staff.deactivate(member.id)
    with pytest.raises(AccessRefused) as refused:
        await authorise(store, HUB_USER, "cases")
    assert "not_staff" == refused.value.reason
    assert [("telegram", None, {"command": "cases", "reason": "not_staff"})] == await audit(
        app, "staff_refused"
    )


async def test_cases_lists_only_what_the_member_may_see(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """/cases: a practitioner sees their organisation's open cases, the hub sees all."""
    await svc(app).store.create_case("Police", "North", "POL-1")
    await svc(app).store.create_case("Housing", "East", "HOU-1")
    await say(app, PRACTITIONER, "/cases")
    await say(app, HUB_USER, "/cases")
    practitioner, hub = texts_to(fake_bot_api, PRACTITIONER)[0], texts_to(fake_bot_api, HUB_USER)[0]
    assert ("POL-1" in practitioner, "HOU-1" in practitioner) == (True, False)
    assert ("POL-1" in hub, "HOU-1" in hub) == (True, True)


async def test_a_case_command_without_a_reference_says_how_after_the_role_check(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """/case alone: staff are told how to name the case; a stranger is refused as before."""
    await say(app, HUB_USER, "/case")
    await say(app, STRANGER, "/case")
    assert [staff_text("usage.case")] == texts_to(fake_bot_api, HUB_USER)
    assert [staff_text("refused.not_staff")] == texts_to(fake_bot_api, STRANGER)
