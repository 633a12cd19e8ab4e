"""The survey dialog engine: pure functions from (state, event) to (state, replies, records).

API (types in ``dialogs.types``, content in ``dialogs.schema``):
- ``begin(catalogue, timepoint, *, variant, language, answered_by, outcomes=(),
  consent_given=False) -> Turn``: a new session, showing its first question (safe to talk);
  raises ``ContentError`` only if ``language`` is not in the catalogue.
- ``handle(catalogue, state, event) -> Turn``: one event (``Choose``, ``Text``, ``Voice``,
  ``Command``) applied to ``state``. Never raises for anything a person can send.
- ``Turn.state`` is the new ``SessionState`` (persist it with ``to_dict``; resume with
  ``from_dict``); ``Turn.records`` are to be stored BEFORE ``Turn.replies`` are shown.
- Each question ``Reply`` (kind "question") carries ``question_id`` and ``seq`` (increasing)
  so a transport can ignore buttons of older messages, and ``controls`` (hide, pause, skip,
  back) besides its ``options``; kinds "message", "signpost" and "end" carry no buttons.
- A ``HideRequested`` record comes with no replies at all: delete the chat, send nothing.
- ``state.status`` says whether the survey goes on ("active", "paused") or is over
  ("completed", "ended_unsafe", "declined", "withdrawn"); later events change nothing,
  except /stop after "completed" or "declined", which still asks to confirm withdrawing.
- Button keys: option values, ``next``, ``more`` (next page), ``yes``/``no``/``not_sure``/
  ``prefer_not_to_say`` (yes/no steps), ``first``/``second`` (re-check), ``c:<id>``,
  ``own_words``, ``help_me_decide``, ``not_sure_yet``, ``done``, ``keep``/``drop``, ``pskip``,
  and ``confirm_stop``/``cancel_stop`` under question_id "stop"; variant names under
  question_id "variant" and language tags under "language" (/howtoask, /language alone).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dialogs import choosing, commands
from dialogs.asking import answer
from dialogs.danger import contains_danger
from dialogs.draft import Draft
from dialogs.effects import signpost
from dialogs.errors import ContentError
from dialogs.flow import ENDED, first_step, go_to
from dialogs.schema import LanguageContent
from dialogs.types import (
    Choose,
    Command,
    DangerAlert,
    Event,
    HideRequested,
    Outcome,
    SessionState,
    Text,
    Turn,
)
from dialogs.vocabulary import AnsweredBy, Timepoint, Variant

Catalogue = Mapping[str, LanguageContent]
_BUTTON_COMMANDS = ("pause", "skip", "back")
# What a message after the end is told: someone who declined answered nothing, so "you have
# already answered these questions" would be wrong; they hear again that nothing is asked.
_AFTER_THE_END = {"completed": "finished_already", "declined": "declined", "withdrawn": "stopped"}


def begin(
    catalogue: Catalogue,
    timepoint: Timepoint,
    *,
    variant: Variant,
    language: str,
    answered_by: AnsweredBy,
    outcomes: Sequence[Outcome] = (),
    consent_given: bool = False,
) -> Turn:
    """Start a survey and show its first question."""
    if language not in catalogue:
        known = ", ".join(sorted(catalogue)) or "none"
        raise ContentError(f"No content for language {language!r} (available: {known})")
    state = SessionState(
        timepoint=timepoint,
        variant=variant,
        language=language,
        answered_by=answered_by,
        step="",
        outcomes=tuple(outcomes),
        consent=consent_given,
    )
    draft = Draft(catalogue, state)
    go_to(draft, first_step(draft))
    return draft.turn()


def handle(catalogue: Catalogue, state: SessionState, event: Event) -> Turn:
    """Apply one event to ``state``: the new state, what to show, what to record."""
    d = Draft(catalogue, state)
    if _is_hide(event):
        return Turn(state=state, records=(HideRequested(),))
    if isinstance(event, Text) and contains_danger(event.text, d.content.danger.phrases):
        d.record(DangerAlert("danger_words", state.timepoint))
        signpost(d)
    if state.status in ENDED:
        if _withdrawing_after_end(d, event):
            return d.turn()
        if state.status != "ended_unsafe":
            d.say(getattr(d.content.messages, _AFTER_THE_END[state.status]))
        return Turn(state=state, replies=tuple(d.replies), records=tuple(d.records))
    if state.step not in d.content.questions:  # content changed under a saved state
        go_to(d, first_step(d))
        return d.turn()
    if d.extra("stopping"):
        commands.while_stopping(d, event)
    elif d.extra(choosing.CHOOSING) and choosing.while_choosing(d, event):
        pass  # a variant or language was chosen (or the choices shown again)
    elif d.state.status == "paused":
        _while_paused(d, event)
    else:
        _active(d, event)
    return d.turn() if not any(isinstance(r, HideRequested) for r in d.records) else _hidden(d)


def _withdrawing_after_end(d: Draft, event: Event) -> bool:
    """A survey that is over can still be withdrawn from: /stop, then confirm, as during a
    survey (the answers are the person's to take back at any time, not only mid-survey).
    True when ``event`` was part of that. Only after a completed survey or declined consent:
    a withdrawn one has nothing left, and one ended as not safe to talk gets no reply (and
    withdrawing would erase its "contact unsafe" flag, which a new phone must inherit)."""
    if d.state.status not in ("completed", "declined"):
        return False
    if d.extra("stopping"):
        commands.while_stopping(d, event)  # confirm, cancel, or ask again
        if not d.extra("stopping") and d.state.status != "withdrawn":
            # cancelled: the survey is over, so no question to go back to, only the words
            d.replies[:] = [r for r in d.replies if r.kind != "question"]
        return True
    if isinstance(event, Command) and event.name == "stop":
        commands.ask_stop(d)
        return True
    return False


def _is_hide(event: Event) -> bool:
    return (isinstance(event, Choose) and event.key == "hide") or (
        isinstance(event, Command) and event.name == "hide"
    )


def _hidden(d: Draft) -> Turn:
    """Hiding shows nothing; anything said before the hide was understood is dropped."""
    return Turn(state=d.state, records=tuple(d.records))


def _while_paused(d: Draft, event: Event) -> None:
    if isinstance(event, Command) and event.name == "pause":
        d.say(d.content.messages.paused)
        return
    d.update(status="active")
    if isinstance(event, Command) and event.name == "stop":
        commands.ask_stop(d)
        return
    d.say(d.content.messages.resumed)
    if isinstance(event, Command) and event.name in ("resume", "repeat"):
        commands.run(d, event)
    else:
        _active(d, event)


def _active(d: Draft, event: Event) -> None:
    if isinstance(event, Command):
        commands.run(d, event)
    elif isinstance(event, Choose) and event.key in _BUTTON_COMMANDS:
        commands.run(d, Command(event.key))  # type: ignore[arg-type]
    else:
        control = answer(d, event)
        if control == "hide":
            d.record(HideRequested())
        elif control is not None:
            commands.run(d, Command(control))  # type: ignore[arg-type]
