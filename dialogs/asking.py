"""Show the current question, and route an answer to the step that asked it.

Every step kind has a ``Step`` handler: ``prompt`` says what to show (text, options, whether
free text or voice is taken); the ``on_*`` methods take the answer. The same prompt is used
to render the question and to read the answer, so typed numbers always match what is on
screen. Long option lists are paged in easy read and yes/no (at most 5 buttons a message).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from dialogs.draft import Draft
from dialogs.matching import match_option
from dialogs.types import Choose, Event, Option, Reply, Text, Voice
from dialogs.wording import shown_label, strip_emoji

PAGED_VARIANTS = ("easy_read", "yes_no")
MAX_BUTTONS = 5
MORE_KEY = "more"
CONTROL_KEYS = ("hide", "pause", "skip", "back")


@dataclass(frozen=True)
class Prompt:
    """What a step shows: ``options`` hold raw labels (numbering is added when shown)."""

    text: str
    options: tuple[Option, ...] = ()
    accepts_text: bool = False
    accepts_voice: bool = False
    lead: tuple[str, ...] = ()  # short messages shown just before the question
    pinned: tuple[Option, ...] = ()  # shown on every page, after the options (e.g. Done)

    @property
    def every(self) -> tuple[Option, ...]:
        return (*self.options, *self.pinned)


class Step(ABC):
    """Base handler: anything a step does not take gets a kind re-ask. Every kind of step
    says what it shows (``prompt``); the base class cannot be used on its own."""

    @abstractmethod
    def prompt(self, d: Draft) -> Prompt:
        """The question (text, options, what it accepts) this step shows now."""

    def on_choice(self, d: Draft, key: str) -> None:
        reask(d)

    def on_text(self, d: Draft, text: str) -> None:
        reask(d)

    def on_voice(self, d: Draft, ref: str) -> None:
        reask(d)

    def arrive(self, d: Draft) -> None:  # noqa: B027 (an optional hook; most steps need none)
        """Called when the person arrives at this step (forwards or back)."""

    def restart(self, d: Draft) -> None:
        """The variant or language changed: forget variant-specific progress."""
        d.set_sub(page=None)

    def skip_within(self, d: Draft) -> bool:
        """Skip only a part of this step (one of several small questions in it); False when
        Skip means the whole question."""
        return False


def handler_for(d: Draft) -> Step:
    """The handler of the current step's kind."""
    from dialogs import outcomes, steps_basic, steps_choice

    kind = d.question.kind
    if kind in ("outcomes_pick", "outcomes_review"):
        return outcomes.HANDLER
    if kind in ("choice", "outcomes_achieved"):
        return steps_choice.HANDLER
    return steps_basic.HANDLERS[kind]


def skippable(d: Draft) -> bool:
    question = d.question
    return (
        question.optional
        and question.kind not in ("info", "end")
        and question.role not in ("safe_to_talk", "consent")
    )


def shown_options(d: Draft, prompt: Prompt) -> tuple[Option, ...]:
    """The buttons on screen now: a page of the options plus "more" where lists are long."""
    options, pinned = prompt.options, prompt.pinned
    if d.state.variant not in PAGED_VARIANTS or len(options) + len(pinned) <= MAX_BUTTONS:
        return prompt.every
    per_page = MAX_BUTTONS - 1 - len(pinned)
    pages = -(-len(options) // per_page)
    page = int(d.sub.get("page", 0)) % pages
    more = Option(MORE_KEY, d.words(d.content.labels.more))
    return (*options[page * per_page : (page + 1) * per_page], *pinned, more)


def controls(d: Draft) -> tuple[Option, ...]:
    labels = d.content.labels
    wanted = [("hide", labels.hide), ("pause", labels.pause)]
    if skippable(d):
        wanted.append(("skip", labels.skip))
    if d.state.history:
        wanted.append(("back", labels.back))
    return tuple(Option(key, _control_label(d, d.words(w))) for key, w in wanted)


def _control_label(d: Draft, label: str) -> str:
    return strip_emoji(label) if d.state.variant == "screen_reader" else label


def show(d: Draft) -> None:
    """Show the current question (a new ``seq``, so older buttons can be told apart)."""
    prompt = handler_for(d).prompt(d)
    d.replies.extend(Reply(text=lead) for lead in prompt.lead)
    seq = d.state.seq + 1
    d.update(seq=seq)
    variant = d.state.variant
    d.replies.append(
        Reply(
            text=prompt.text,
            kind="question",
            options=tuple(
                Option(o.key, shown_label(o.label, variant, n))
                for n, o in enumerate(shown_options(d, prompt), start=1)
            ),
            controls=controls(d),
            question_id=d.state.step,
            seq=seq,
            accepts_text=prompt.accepts_text,
            accepts_voice=prompt.accepts_voice,
        )
    )


def reask(d: Draft) -> None:
    """A kind "I did not understand" and the question again."""
    d.say(d.content.messages.reask)
    show(d)


def answer(d: Draft, event: Event) -> str | None:
    """Give ``event`` to the current step. Returns a control key the words named, if any."""
    handler = handler_for(d)
    prompt = handler.prompt(d)
    shown = shown_options(d, prompt)
    if isinstance(event, Voice):
        if prompt.accepts_voice:
            handler.on_voice(d, event.ref)
        elif prompt.accepts_text:  # typed words only here (say, an outcome read back later)
            d.say(d.content.messages.voice_not_here)
            show(d)
        else:
            reask(d)
        return None
    if isinstance(event, Text):
        # Words naming a button press it; where free text is also taken, other words are
        # the answer (a text-only question takes every word as its answer).
        every = (*prompt.every, *controls(d))
        named = match_option(d.typed(event.text), shown, every) if prompt.every else None
        if named in CONTROL_KEYS:
            return named
        if prompt.accepts_text and not named:
            handler.on_text(d, event.text)
            return None
        event = Choose(named or "")
    if not isinstance(event, Choose):
        reask(d)
    elif event.key == MORE_KEY and any(o.key == MORE_KEY for o in shown):
        d.set_sub(page=int(d.sub.get("page", 0)) + 1)
        show(d)
    elif event.key in {o.key for o in prompt.every}:
        handler.on_choice(d, event.key)
    else:
        reask(d)
    return None
