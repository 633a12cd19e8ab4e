"""Move through a survey: which step comes next, going forward, going back, finishing.

The step list comes from the content (``surveys.<timepoint>``). Steps are left out when
they do not apply: consent once given, the practice question outside easy read and yes/no,
"did it happen" when no outcomes were named, and a question whose ``skip_when`` names an
answer already given ("how much safer?" after "the help has not made me feel safer"). If
consent was never given, consent (and the "about" explanation) is put straight after the
safe-to-talk check. ``danger_now`` is a detour after safety = 1: it remembers where to carry
on in ``sub["after"]``."""

from __future__ import annotations

from dialogs.asking import handler_for, show
from dialogs.draft import Draft, pairs
from dialogs.types import SurveyCompleted

ENDED = ("completed", "ended_unsafe", "declined", "withdrawn")
PRACTICE_VARIANTS = ("easy_read", "yes_no")
MAX_HISTORY = 60  # enough to go back through a whole survey; keeps the state small


def survey_steps(d: Draft) -> list[str]:
    steps = list(getattr(d.content.surveys, d.state.timepoint).steps)
    questions = d.content.questions
    needed = not d.state.consent or d.state.step in ("about", "consent")
    if needed and "consent" not in steps and "consent" in questions:
        at = steps.index("safe_to_talk") + 1 if "safe_to_talk" in steps else 0
        added = [s for s in ("about", "consent") if s in questions and s not in steps]
        steps[at:at] = added
    return steps


def askable(d: Draft, step: str) -> bool:
    question = d.content.questions.get(step)
    if question is None:
        return False
    if question.role == "consent" and d.state.consent:
        return False
    if question.role == "practice" and d.state.variant not in PRACTICE_VARIANTS:
        return False
    if question.skip_when is not None:
        earlier = d.extra(said_key(question.skip_when.question))
        if earlier in question.skip_when.values:
            return False
    return not (question.kind == "outcomes_achieved" and not d.state.outcomes)


def said_key(question_id: str) -> str:
    """Where an answer that a later question's ``skip_when`` looks at is kept (in extra)."""
    return f"said:{question_id}"


def following(d: Draft) -> str | None:
    """The next step to ask after the current one, or None at the end of the list."""
    steps = survey_steps(d)
    current = d.state.step
    if current not in steps:
        current = str(d.sub.get("after", ""))
    start = steps.index(current) + 1 if current in steps else 0
    return next((s for s in steps[start:] if askable(d, s)), None)


def first_step(d: Draft) -> str | None:
    return next((s for s in survey_steps(d) if askable(d, s)), None)


def push_history(d: Draft) -> None:
    """Remember where we are (with any unconfirmed choices) so "back" can return here."""
    here = (d.state.step, pairs({**d.sub, "pending": d.state.pending or None}))
    d.update(history=(*d.state.history, here)[-MAX_HISTORY:])


def advance(d: Draft) -> None:
    """Finish the current step and go to the next one."""
    upcoming = following(d)
    push_history(d)
    go_to(d, upcoming)


def go_to(d: Draft, step: str | None, **sub: object) -> None:
    """Arrive at ``step`` (None: the survey is over) and show it."""
    if step is None:
        complete(d, None)
        return
    d.update(step=step, sub=pairs(sub), pending=())
    if d.question.kind == "end":
        complete(d, step)
        return
    handler_for(d).arrive(d)
    show(d)


def step_within(d: Draft, **changes: object) -> None:
    """Move to the next part of the same step (a yes/no step, the next outcome)."""
    push_history(d)
    d.set_sub(**changes)
    show(d)


def back(d: Draft) -> bool:
    """Return to the previous question; False when there is none.

    Places that would show exactly what is on screen now are passed over: after a change
    from yes_no to another variant, the yes/no steps of this question are all the same one
    question, and Back must not seem to do nothing."""
    if not d.state.history:
        return False
    on_screen = _on_screen(d)
    while d.state.history:
        step, sub = d.state.history[-1]
        values = dict(sub)
        pending = tuple(values.pop("pending", ()) or ())
        d.update(history=d.state.history[:-1], step=step, sub=pairs(values), pending=pending)
        handler_for(d).arrive(d)
        if _on_screen(d) != on_screen:
            break
    show(d)
    return True


def _on_screen(d: Draft) -> tuple[object, ...]:
    """What the current place shows and holds, to tell two places apart."""
    prompt = handler_for(d).prompt(d)
    keys = tuple(option.key for option in prompt.every)
    return (d.state.step, prompt.text, prompt.lead, keys, d.state.pending, d.state.outcomes)


def complete(d: Draft, end_step: str | None) -> None:
    """The thank-you (if the survey has one), and the survey is over."""
    if end_step is not None:
        d.say(d.content.questions[end_step].text, kind="end")
    d.record(SurveyCompleted(d.state.timepoint))
    d.update(status="completed", sub=(), pending=())
