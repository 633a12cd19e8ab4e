"""What a decided choice does: record it, and act on the shared steps' roles.

safe_to_talk "no" ends at once with a neutral goodbye; consent records the decision; how_to_ask
and who_answering change the preferences; safety = 1 detours to ``danger_now``, whose "yes"
raises an alert; every answer to it (and skipping it) shows emergency signposting before the
survey carries on.
"""

from __future__ import annotations

from collections.abc import Callable

from dialogs.draft import Draft
from dialogs.flow import advance, go_to, push_history, said_key, step_within
from dialogs.types import (
    Answer,
    ConsentDeclined,
    ConsentGiven,
    ContactUnsafe,
    DangerAlert,
    PreferencesChanged,
)
from dialogs.vocabulary import ANSWERED_BY, MEASURE_SCALES, NON_ANSWERS, VARIANTS

DANGER_NOW = "danger_now"
CONSENT_VERSION_DEFAULT = "v1"


def decided(d: Draft, value: str, *, rechecked: bool) -> None:
    """The person's answer to the current choice question is ``value``."""
    question = d.question
    role_effect = _ROLE_EFFECTS.get(question.role or "")
    if role_effect is not None:
        role_effect(d, value)
    elif question.kind == "outcomes_achieved":
        _outcome_achieved(d, value)
    else:
        record_answer(d, value, rechecked=rechecked)
        if question.measure == "safety" and value == "1" and DANGER_NOW in d.content.questions:
            here = d.state.step
            push_history(d)
            go_to(d, DANGER_NOW, after=here)
        else:
            advance(d)


def record_answer(
    d: Draft, value: str, *, rechecked: bool = False, outcome_ref: str | None = None
) -> None:
    """Record ``value`` for the question's measure; values off the scale are never recorded."""
    measure = d.question.measure
    if not measure:
        return
    scale = MEASURE_SCALES.get(measure)
    if scale is not None and value not in (*scale, *NON_ANSWERS):
        return
    d.record(
        Answer(
            measure=measure,
            value=value,
            context=d.context,
            question_id=d.state.step,
            outcome_ref=outcome_ref,
            rechecked=rechecked,
        )
    )
    if d.state.step in skip_conditions(d):
        d.set_extra(said_key(d.state.step), value)


def skip_conditions(d: Draft) -> set[str]:
    """Questions whose answers decide whether a later question is asked."""
    questions = d.content.questions.values()
    return {q.skip_when.question for q in questions if q.skip_when is not None}


def signpost(d: Draft) -> None:
    d.say(d.content.messages.signposting, kind="signpost")


def _safe_to_talk(d: Draft, value: str) -> None:
    if value != "no":
        advance(d)
        return
    d.say(d.content.messages.unsafe_goodbye)
    d.record(ContactUnsafe(d.state.timepoint))
    d.update(status="ended_unsafe", sub=(), pending=())


def _consent(d: Draft, value: str) -> None:
    version = d.question.consent_version or CONSENT_VERSION_DEFAULT
    if value == "yes":
        d.record(ConsentGiven(version, d.context))
        d.update(consent=True)
        advance(d)
        return
    d.record(ConsentDeclined(version, d.context))
    d.say(d.content.messages.declined)
    d.update(status="declined", sub=(), pending=())


def _how_to_ask(d: Draft, value: str) -> None:
    if value in VARIANTS and value != d.state.variant:
        d.update(variant=value)
        preferences_changed(d)
    advance(d)


def _who_answering(d: Draft, value: str) -> None:
    if value in ANSWERED_BY and value != d.state.answered_by:
        d.update(answered_by=value)
        preferences_changed(d)
    advance(d)


def _danger_now(d: Draft, value: str) -> None:
    """Asked only after "not safe at all": whatever the answer, the person is shown how to
    get help now; "yes" also alerts the hub."""
    record_answer(d, value)
    if value == "yes":
        d.record(DangerAlert("in_danger_now", d.state.timepoint))
    signpost(d)
    advance(d)


def _outcome_achieved(d: Draft, value: str) -> None:
    index = int(d.sub.get("i", 0))
    if index < len(d.state.outcomes):
        record_answer(d, value, outcome_ref=d.state.outcomes[index].ref)
    if index + 1 < len(d.state.outcomes):
        step_within(d, i=index + 1, yn=None, stage=None, tree_value=None, page=None)
    else:
        advance(d)


def preferences_changed(d: Draft) -> None:
    s = d.state
    d.record(PreferencesChanged(s.variant, s.language, s.answered_by))


_ROLE_EFFECTS: dict[str, Callable[[Draft, str], None]] = {
    "safe_to_talk": _safe_to_talk,
    "consent": _consent,
    "how_to_ask": _how_to_ask,
    "who_answering": _who_answering,
    "practice": lambda d, _value: advance(d),
    "danger_now": _danger_now,
}
