"""Commands the person can use at any question: pause, resume, back, skip, repeat, help,
change how to ask (variant) or language, and stop (withdraw, after a confirmation)."""

from __future__ import annotations

from dialogs import choosing
from dialogs.asking import handler_for, reask, show, skippable
from dialogs.draft import Draft
from dialogs.effects import DANGER_NOW, preferences_changed, signpost
from dialogs.flow import advance, back, said_key, step_within
from dialogs.matching import match_option
from dialogs.types import (
    Choose,
    Command,
    Event,
    Option,
    Reply,
    SurveyPaused,
    Text,
    WithdrawConfirmed,
)
from dialogs.vocabulary import VARIANTS, WORDINGS
from dialogs.wording import shown_label

STOP_QUESTION = "stop"


def run(d: Draft, command: Command) -> None:
    """Carry out ``command`` (hide is handled before this: it shows nothing)."""
    name = command.name
    if name == "pause":
        pause(d)
    elif name in ("resume", "repeat"):
        show(d)
    elif name == "back":
        if not back(d):
            d.say(d.content.messages.nothing_to_go_back_to)
            show(d)
    elif name == "skip":
        _skip(d)
    elif name == "help":
        d.say(d.content.messages.help)
        show(d)
    elif name in ("variant", "language") and not (command.arg or "").strip():
        choosing.ask_choice(d, name)  # nothing named: show the choices as buttons
    elif name == "variant":
        change_variant(d, command.arg)
    elif name == "language":
        change_language(d, command.arg)
    elif name == "stop":
        ask_stop(d)
    else:
        reask(d)


def pause(d: Draft) -> None:
    if d.state.status != "paused":
        d.record(SurveyPaused(d.state.timepoint))
        d.update(status="paused")
    d.say(d.content.messages.paused)


def _skip(d: Draft) -> None:
    if not skippable(d):
        show(d)
        return
    if handler_for(d).skip_within(d):
        return
    d.say(d.content.messages.skipped)
    if d.extra(said_key(d.state.step)) is not None:  # an earlier answer here no longer holds
        d.set_extra(said_key(d.state.step), None)
    if d.question.role == DANGER_NOW:  # "not safe at all" was the answer before this
        signpost(d)
    index = int(d.sub.get("i", 0))
    if d.question.kind == "outcomes_achieved" and index + 1 < len(d.state.outcomes):
        step_within(d, i=index + 1, yn=None, stage=None, tree_value=None, page=None)
    else:
        advance(d)


def _named(d: Draft, what: str, arg: str | None, known: tuple[str, ...]) -> str | None:
    """The variant or language tag ``arg`` names: the tag itself ("easy_read", "pl"), or
    the words or number of one of the choices shown for it ("Easy words", "Polski", "2")."""
    tag = (arg or "").strip()
    as_tag = tag.lower().replace("-", "_").replace(" ", "_") if what == "variant" else tag
    if as_tag in known:
        return as_tag
    _, options = choosing.choices(d, what)
    every = list(options)
    if what == "variant":  # the ways' words in any wording ("Easy words", "Yes/no")
        how = d.content.questions[choosing.HOW_TO_ASK].options
        every += [Option(o.value, getattr(o.label, form)) for o in how for form in WORDINGS]
    return match_option(d.typed(tag), options, every)


def change_variant(d: Draft, arg: str | None) -> None:
    """Ask in the named variant from now on and show the current question in it."""
    wanted = _named(d, "variant", arg, VARIANTS)
    if wanted not in VARIANTS:
        reask(d)
        return
    if wanted != d.state.variant:
        d.update(variant=wanted)
        preferences_changed(d)
        handler_for(d).restart(d)
    d.say(d.content.messages.variant_changed)
    show(d)


def change_language(d: Draft, arg: str | None) -> None:
    """Use the named language from now on (if it has the current question) and re-ask."""
    wanted = _named(d, "language", arg, tuple(d.catalogue)) or ""
    content = d.catalogue.get(wanted)
    if content is None or d.state.step not in content.questions:
        reask(d)
        return
    if wanted != d.state.language:
        d.update(language=wanted)
        preferences_changed(d)
        handler_for(d).restart(d)
    d.say(d.content.messages.language_changed)
    show(d)


def _stop_options(d: Draft) -> tuple[Option, ...]:
    labels = d.content.labels
    return (
        Option("confirm_stop", d.words(labels.confirm_stop)),
        Option("cancel_stop", d.words(labels.cancel_stop)),
    )


def ask_stop(d: Draft) -> None:
    """Explain what stopping means and ask to confirm (buttons bound like a question)."""
    d.set_extra("stopping", True)
    seq = d.state.seq + 1
    d.update(seq=seq)
    hide = Option("hide", d.words(d.content.labels.hide))
    d.replies.append(
        Reply(
            text=d.words(d.content.messages.stop_explain),
            kind="question",
            options=tuple(
                Option(o.key, shown_label(o.label, d.state.variant, n))
                for n, o in enumerate(_stop_options(d), start=1)
            ),
            controls=(hide,),
            question_id=STOP_QUESTION,
            seq=seq,
        )
    )


def while_stopping(d: Draft, event: Event) -> None:
    """The person was asked to confirm stopping: confirm, cancel, or ask again."""
    options = _stop_options(d)
    key = event.key if isinstance(event, Choose) else None
    if isinstance(event, Text):
        key = match_option(d.typed(event.text), options, options)
    if key == "confirm_stop":
        d.set_extra("stopping", None)
        d.record(WithdrawConfirmed())
        d.say(d.content.messages.stopped)
        d.update(status="withdrawn", sub=(), pending=())
    elif key == "cancel_stop":
        d.set_extra("stopping", None)
        d.say(d.content.messages.stop_cancelled)
        show(d)
    else:
        if not (isinstance(event, Command) and event.name == "stop"):
            d.say(d.content.messages.reask)
        ask_stop(d)
