"""Build small, hand-checkable stores through the real storage API (no bulk loading)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from dialogs.types import (
    Answer,
    AnswerContext,
    DangerAlert,
    Outcome,
    OutcomesRevised,
    SessionState,
    SurveyCompleted,
)
from storage import Store
from tests.clock import FakeClock as Clock


@dataclass
class Survey:
    """One survey's answers: (measure, value, outcome ref or None, text or None)."""

    answers: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)
    answered_by: str = "self"
    variant: str = "standard"
    language: str = "en"
    outcomes: tuple[str, ...] = ()
    outcome_status: str | None = None
    danger: bool = False
    # Outcomes picked and then taken back with Back in the same survey (recorded first).
    taken_back: tuple[str, ...] = ()


async def take_survey(
    store: Store, participant_id: int, timepoint: str, survey: Survey
) -> list[int]:
    """Save one completed survey through ``save_turn``; returns the ids of alerts raised."""
    ctx = AnswerContext(timepoint, survey.variant, survey.language, survey.answered_by)  # type: ignore[arg-type]
    records: list = [
        Answer(measure, value, ctx, question_id=measure, outcome_ref=ref, text=text)
        for measure, value, ref, text in survey.answers
    ]
    if survey.taken_back:
        picked = tuple(Outcome(ref, f"outcome {ref}", "own_words") for ref in survey.taken_back)
        records.append(OutcomesRevised(ctx, picked, status="expressed"))
    if survey.outcome_status:
        outcomes = tuple(Outcome(ref, f"outcome {ref}", "own_words") for ref in survey.outcomes)
        records.append(OutcomesRevised(ctx, outcomes, status=survey.outcome_status))  # type: ignore[arg-type]
    if survey.danger:
        records.append(DangerAlert("danger_words", timepoint))  # type: ignore[arg-type]
    records.append(SurveyCompleted(timepoint))  # type: ignore[arg-type]
    state = SessionState(
        timepoint,
        survey.variant,
        survey.language,
        survey.answered_by,
        step="done",
        status="completed",  # type: ignore[arg-type]
    )
    saved = await store.save_turn(
        participant_id, timepoint, records, state, channel="console", source_message_id=None
    )
    return list(saved.alert_ids)


async def run_case(
    store: Store,
    org: str,
    team: str,
    ref: str,
    chat_id: int,
    start: Survey | None = None,
    end: Survey | None = None,
    *,
    close_reason: str | None = None,
    concern_types: tuple[str, ...] = (),
) -> list[int]:
    """Open a case; take the start survey, close, take the end survey, as given."""
    new = await store.create_case(org, team, ref, concern_types=concern_types)
    alerts: list[int] = []
    if start is None:
        return alerts
    person = await store.redeem_invite(new.person_token, chat_id)
    alerts += await take_survey(store, person.id, "start", start)
    if end is None and close_reason is None:
        return alerts
    await store.cases.close(ref, organisation=org, no_end_survey_reason=close_reason)
    if end is not None:
        invite = await store.create_invite(new.case, "person", "end")
        await store.redeem_invite(invite.token, chat_id)
        alerts += await take_survey(store, person.id, "end", end)
    return alerts


START = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


async def example_partnership(store: Store, clock: Clock) -> None:
    """Six cases, hand-checked in test_reporting_sql.py:

    A Police/North, Jan, self: start 2 -> end 4; outcomes o1 yes, o2 don't know; made_safer yes
    B Police/North, Jan, representative (easy read): 3 -> 3; no outcomes; made_safer no
    C Police/North, Jan, self: start don't know -> end 1; o1 no; danger alert, acked in 10 min
    D Housing/East, Feb, self at start, self_with_help at end: 4 -> 2; o1 partly
    E Housing/East, Feb, self: start 1; closed without end survey (declined)
    F Housing/East, Feb: opened, never joined
    """
    rep = {"answered_by": "representative", "variant": "easy_read"}
    await run_case(
        store, "Police", "North", "A", 101,
        Survey([("safety", "2", None, None),
                ("how_will_we_know", "text", None, "I will feel calm")],
               outcomes=("o1", "o2"), outcome_status="expressed"),
        Survey([("safety", "4", None, None), ("outcome_achieved", "yes", "o1", None),
                ("outcome_achieved", "dont_know", "o2", None), ("made_safer", "yes", None, None),
                ("comments", "text", None, "This help was great")]),
        concern_types=("neglect", "financial"),
    )  # fmt: skip
    await run_case(
        store, "Police", "North", "B", 102,
        Survey([("safety", "3", None, None)], outcome_status="none", **rep),
        Survey([("safety", "3", None, None), ("made_safer", "no", None, None)], **rep),
    )  # fmt: skip
    alerts = await run_case(
        store, "Police", "North", "C", 103,
        Survey([("safety", "dont_know", None, None)], outcomes=("o1",), outcome_status="expressed"),
        Survey([("safety", "1", None, None), ("outcome_achieved", "no", "o1", None)], danger=True),
    )  # fmt: skip
    staff = await store.staff.add(900, "hub")
    clock.advance(minutes=10)
    await store.alerts.acknowledge(alerts[0], staff.id)
    clock.now = datetime(2026, 2, 3, 9, 0, tzinfo=UTC)
    await run_case(
        store, "Housing", "East", "D", 104,
        Survey([("safety", "4", None, None)], outcomes=("o1",), outcome_status="expressed"),
        Survey([("safety", "2", None, None), ("outcome_achieved", "partly", "o1", None)],
               answered_by="self_with_help"),
    )  # fmt: skip
    await run_case(
        store, "Housing", "East", "E", 105, Survey([("safety", "1", None, None)]),
        close_reason="declined",
    )  # fmt: skip
    await run_case(store, "Housing", "East", "F", 106)
