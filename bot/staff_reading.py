"""``/cases`` and ``/case REF``: what staff may read, as plain text.

``/cases`` lists the open cases the staff member can see (their organisation's, or all for
the hub). ``/case`` shows one case: its staff-side fields, who joined (and who withdrew:
their answers are erased, the audit log keeps that they did), the person's outcomes
in their own words and every answer so far, free text included (only hub staff and the
case's own organisation get this far: ``bot.roles`` checks, and audits the read). A phone
replaced by a new one (``storage.invite_joining``) is marked as the old phone.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.roles import StaffAccess, visible_organisation
from bot.staff_contact import withdrawals
from bot.staff_words import staff_text
from dialogs.vocabulary import DONT_KNOW, MEASURE_SCALES
from storage.models import Case, Participant, StoredAnswer
from storage.store import Store

LISTED = 30  # the most recent open cases shown by /cases
SAFETY_LEVELS = MEASURE_SCALES["safety"]


def _day(moment: object) -> str:
    return moment.strftime("%d %b %Y") if moment is not None else "-"  # type: ignore[attr-defined]


async def case_list(store: Store, access: StaffAccess) -> str:
    """The open cases this staff member can see, newest first (the listing is audited)."""
    own = visible_organisation(access.member)
    cases = await store.cases.list(organisation=own, state="open")
    await store.record_audit(access.actor, "cases_listed", None, shown=min(len(cases), LISTED))
    if not cases:
        return staff_text("cases.none")
    newest = list(reversed(cases))
    lines = [staff_text("cases.heading", count=len(cases))]
    lines += [
        staff_text(
            "cases.line",
            ref=c.local_ref,
            organisation=c.organisation,
            team=c.team,
            opened=_day(c.opened_at),
        )  # fmt: skip
        for c in newest[:LISTED]
    ]
    if len(newest) > LISTED:
        lines.append(staff_text("cases.more", count=len(newest) - LISTED))
    return "\n".join(lines)


async def case_details(store: Store, case: Case) -> str:
    """One case for staff who may read it (the caller has audited the read)."""
    lines = [_heading(case)]
    participants = await store.participants.for_case(case.id)
    left = [
        staff_text(
            "case.withdrawn", kind=str(e.detail.get("kind", "person")).capitalize(), day=_day(e.at)
        )  # fmt: skip
        for e in await withdrawals(store, case)
    ]
    lines += [_participant_line(p) for p in participants] + left
    if not participants and not left:
        lines.append(staff_text("case.no_one_joined"))
    outcomes = await store.current_outcomes(case.id)
    if outcomes:
        lines.append(staff_text("case.outcomes"))
        lines += [staff_text("case.outcome_line", ref=o.ref, text=o.text) for o in outcomes]
    lines += _answer_lines(await store.answers.for_case(case.id))
    return "\n".join(lines)


def _heading(case: Case) -> str:
    lines = [
        staff_text(
            "case.heading",
            ref=case.local_ref,
            organisation=case.organisation,
            team=case.team,
            state=case.state.capitalize(),
            opened=_day(case.opened_at),
        )  # fmt: skip
    ]
    if case.state == "closed":
        reason = case.no_end_survey_reason
        lines.append(staff_text(
            "case.closed_fields", closed=_day(case.closed_at),
            risk=case.sg2e_risk_outcome or "not recorded",
            capacity=(case.sg3a_capacity or "not recorded").replace("_", " "),
            reason=reason.replace("_", " ") if reason else "not applicable",
        ))  # fmt: skip
    if case.concern_types:
        concerns = ", ".join(c.replace("_", " ") for c in case.concern_types)
        lines.append(staff_text("case.concerns", concerns=concerns))
    return "\n".join(lines)


def _participant_line(participant: Participant) -> str:
    unsafe = staff_text("case.unsafe_flag") if participant.contact_unsafe else ""
    kind = participant.kind.capitalize()
    if participant.rep_kind:
        kind = f"{kind} ({participant.rep_kind})"
    line = staff_text("case.participant", kind=kind, joined=_day(participant.joined_at),
                      variant=participant.variant.replace("_", " "), unsafe=unsafe)  # fmt: skip
    if participant.chat_id is None:  # replaced by a new phone: no chat, nothing sent to it
        return " ".join((line, staff_text("case.replaced")))
    return line


def _answer_lines(answers: Sequence[StoredAnswer]) -> list[str]:
    if not answers:
        return [staff_text("case.no_answers")]
    lines: list[str] = []
    heading = None
    for answer in answers:
        label = answer.timepoint if answer.timepoint != "checkin" else f"check-in {answer.round}"
        if label != heading:
            heading = label
            lines.append(staff_text("case.timepoint", timepoint=label.capitalize()))
        lines.append(_answer_line(answer))
    return lines


def _answer_line(answer: StoredAnswer) -> str:
    measure = answer.measure.replace("_", " ")
    if answer.outcome_ref:
        measure = f"{measure} ({answer.outcome_ref})"
    if answer.text:
        return staff_text("case.answer_text", measure=measure, text=answer.text)
    if answer.voice_ref:
        return staff_text("case.answer_voice", measure=measure)
    return staff_text("case.answer", measure=measure, value=_readable(answer.measure, answer.value))


def _readable(measure: str, value: str) -> str:
    """An answer's value as staff read it: a safety level with what it means (a bare "1"
    does not say whether 1 is the safest or the least safe), "don't know" spelt out."""
    if measure == "safety" and value in SAFETY_LEVELS:
        return f"{value} ({staff_text(f'case.safety_{value}')})"
    if value == DONT_KNOW:
        return staff_text("case.dont_know")
    return value.replace("_", " ")
