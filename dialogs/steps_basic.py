"""Steps with simple answers: ``info`` (a message and a Next button) and ``text`` (free
text or a voice note, recorded as ``text``/``voice`` with the words or the note's handle)."""

from __future__ import annotations

from dialogs.asking import Prompt, Step, reask, show
from dialogs.draft import Draft
from dialogs.flow import advance
from dialogs.types import Answer, Option
from dialogs.vocabulary import TEXT_VALUE, VOICE_VALUE

# Telegram's own limit is 4096; the store accepts up to this many characters of free text.
MAX_TEXT = 4000


def too_long(d: Draft, text: str) -> bool:
    """Tell the person and re-ask when ``text`` is longer than the store accepts."""
    if len(text) <= MAX_TEXT:
        return False
    d.say(d.content.messages.text_too_long)
    show(d)
    return True


class Info(Step):
    def prompt(self, d: Draft) -> Prompt:
        return Prompt(
            text=d.words(d.question.text),
            options=(Option("next", d.words(d.content.labels.next)),),
        )

    def on_choice(self, d: Draft, key: str) -> None:
        advance(d)


class FreeText(Step):
    def prompt(self, d: Draft) -> Prompt:
        return Prompt(text=d.words(d.question.text), accepts_text=True, accepts_voice=True)

    def on_text(self, d: Draft, text: str) -> None:
        words = text.strip()
        if not words:
            reask(d)
        elif not too_long(d, words):
            self._record(d, value=TEXT_VALUE, text=words)
            advance(d)

    def on_voice(self, d: Draft, ref: str) -> None:
        self._record(d, value=VOICE_VALUE, voice_ref=ref)
        d.say(d.content.messages.voice_saved)
        advance(d)

    def _record(self, d: Draft, **answer: str) -> None:
        measure = d.question.measure
        if measure:
            d.record(Answer(measure=measure, context=d.context, question_id=d.state.step, **answer))


class End(Step):
    """Never asked: arriving at an ``end`` step completes the survey (see ``flow.go_to``)."""

    def prompt(self, d: Draft) -> Prompt:
        return Prompt(text=d.words(d.question.text))


HANDLERS: dict[str, Step] = {"info": Info(), "text": FreeText(), "end": End()}
