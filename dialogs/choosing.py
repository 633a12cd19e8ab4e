"""/howtoask and /language with no choice named: show the choices as buttons (a detour like
the stop confirmation, remembered in ``extra["choosing"]``), then change the variant or
language and ask the interrupted question again in its new form; answers are kept.

Button keys: the variant names (question_id "variant") or the catalogue's language tags
(question_id "language")."""

from __future__ import annotations

from dialogs.draft import Draft
from dialogs.matching import match_option
from dialogs.types import Choose, Command, Event, Option, Reply, Text
from dialogs.vocabulary import VARIANTS
from dialogs.wording import shown_label

CHOOSING = "choosing"  # extra key: "variant" or "language" while the choices are shown
HOW_TO_ASK = "how_to_ask"


def _variant_choices(d: Draft) -> tuple[str, tuple[Option, ...]]:
    """The how_to_ask question's text and labels, in the person's language and wording."""
    question = d.content.questions[HOW_TO_ASK]  # the loader requires it in every language
    options = tuple(
        Option(o.value, d.words(o.label)) for o in question.options if o.value in VARIANTS
    )
    return d.words(question.text), options


def _language_choices(d: Draft) -> tuple[str, tuple[Option, ...]]:
    """Every language in the catalogue that has the current question, by its own name."""
    options = tuple(
        Option(tag, content.meta.name)
        for tag, content in sorted(d.catalogue.items())
        if d.state.step in content.questions
    )
    return d.words(d.content.messages.choose_language), options


def choices(d: Draft, what: str) -> tuple[str, tuple[Option, ...]]:
    return _variant_choices(d) if what == "variant" else _language_choices(d)


def ask_choice(d: Draft, what: str) -> None:
    """Show the variants (``what`` = "variant") or languages as buttons."""
    d.set_extra(CHOOSING, what)
    text, options = choices(d, what)
    seq = d.state.seq + 1
    d.update(seq=seq)
    variant = d.state.variant
    d.replies.append(
        Reply(
            text=text,
            kind="question",
            options=tuple(
                Option(o.key, shown_label(o.label, variant, n))
                for n, o in enumerate(options, start=1)
            ),
            controls=(Option("hide", d.words(d.content.labels.hide)),),
            question_id=what,
            seq=seq,
        )
    )


def while_choosing(d: Draft, event: Event) -> bool:
    """The choices are shown: a tap (or typed label/number) changes the variant or language.
    Returns False when ``event`` is another command, to be run as usual (choice dropped)."""
    from dialogs import commands  # commands uses this module for /howtoask and /language

    what = str(d.extra(CHOOSING))
    _, options = choices(d, what)
    key = event.key if isinstance(event, Choose) else None
    if isinstance(event, Text):
        key = match_option(d.typed(event.text), options, options)
    if isinstance(event, Command):
        if event.name in ("repeat", "resume"):
            ask_choice(d, what)
            return True
        d.set_extra(CHOOSING, None)
        return False
    if key in {o.key for o in options}:
        d.set_extra(CHOOSING, None)
        change = commands.change_variant if what == "variant" else commands.change_language
        change(d, key)
        return True
    d.say(d.content.messages.reask)
    ask_choice(d, what)
    return True
