"""Every piece of wording in one language, with where it lives and how it is shown.

The lint's rules depend on how a text is used: a ``message`` is sent on its own (its first line
shows on a lock screen), a ``label`` is a button, a ``statement`` is read back inside another
message. ``iter_texts`` walks the whole ``LanguageContent`` and yields each ``Wording`` with
the file and question (or section) a content editor should open to fix it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from dialogs.content import Sources
from dialogs.schema import LanguageContent, Question, Wording
from dialogs.vocabulary import VARIANTS

Use = Literal["message", "label", "statement"]
NONE: frozenset[str] = frozenset()
OUTCOME = frozenset({"outcome"})
ANSWER = frozenset({"answer"})
MESSAGE_PLACEHOLDERS = {"confirm_outcome": OUTCOME, "outcomes_so_far": frozenset({"outcomes"})}


@dataclass(frozen=True)
class TextItem:
    file: str
    where: str  # question id, or a section such as "messages.paused"
    field: str  # path inside it, e.g. "options[4].label"; empty for labels and messages
    wording: Wording
    use: Use
    placeholders: frozenset[str] = frozenset()  # the {names} the engine fills in here


def iter_texts(content: LanguageContent, sources: Sources) -> Iterator[TextItem]:
    """Every wording in the language, each with its file, place and use."""
    for qid, question in content.questions.items():
        file = sources.file_of("questions", qid)
        names = OUTCOME if question.kind in ("outcomes_review", "outcomes_achieved") else NONE
        for field, wording, use in _question_texts(question):
            yield TextItem(file, qid, field, wording, use, names)
    for section in ("labels", "messages"):
        file = sources.file_of(section)
        use: Use = "label" if section == "labels" else "message"
        table = getattr(content, section)
        for name in type(table).model_fields:
            names = MESSAGE_PLACEHOLDERS.get(name, NONE)
            yield TextItem(file, f"{section}.{name}", "", getattr(table, name), use, names)
    file = sources.file_of("common_outcomes")
    for outcome in content.common_outcomes:
        where = f"common_outcomes[{outcome.id}]"
        yield TextItem(file, where, "label", outcome.label, "label")
        yield TextItem(file, where, "statement", outcome.statement, "statement")
        yield TextItem(file, where, "yes_no_question", outcome.yes_no_question, "message")
    file = sources.file_of("help_prompts")
    for prompt in content.help_prompts:
        where = f"help_prompts[{prompt.id}]"
        yield TextItem(file, where, "text", prompt.text, "message")
        yield TextItem(file, where, "statement", prompt.statement, "statement", ANSWER)


def _question_texts(question: Question) -> Iterator[tuple[str, Wording, Use]]:
    yield "text", question.text, "message"
    for option in question.options:
        yield f"options[{option.value}].label", option.label, "label"
    tree = question.yes_no
    if tree is None:
        return
    for name, step in tree.steps.items():
        yield f"yes_no.steps.{name}.text", step.text, "message"
    if tree.recheck is not None:
        yield "yes_no.recheck.text", tree.recheck.text, "message"
        yield "yes_no.recheck.first.label", tree.recheck.first.label, "label"
        yield "yes_no.recheck.second.label", tree.recheck.second.label, "label"


# The keys the engine puts on buttons besides option values (from the engine's notes):
# controls on every question, and the fixed keys of each kind of step.
CONTROL_KEYS = ("hide", "pause", "skip", "back", "more")
YES_NO_KEYS = ("yes", "no", "not_sure", "prefer_not_to_say")
_PICK_KEYS = ("own_words", "help_me_decide", "not_sure_yet", "done", "pskip", "yes", "no")
KIND_KEYS: dict[str, tuple[str, ...]] = {
    "info": ("next",),
    "outcomes_pick": (*_PICK_KEYS, "not_sure"),
    "outcomes_review": (*_PICK_KEYS, "not_sure", "keep", "drop"),
}
STOP_KEYS = ("confirm_stop", "cancel_stop")


def button_keys(content: LanguageContent) -> Iterator[tuple[str, str, str]]:
    """(question id, button key, field) for every button the engine can make from the content.

    Option buttons carry the option value; common outcome buttons carry ``c:<id>`` on the
    outcome steps; controls, paging, yes/no steps, the re-check and the stop confirmation
    carry the engine's fixed keys (``question_id`` "stop" for the last).
    """
    for qid, question in content.questions.items():
        keys = [*CONTROL_KEYS, *KIND_KEYS.get(question.kind, ())]
        if question.yes_no is not None:
            keys += [*YES_NO_KEYS, *(("first", "second") if question.yes_no.recheck else ())]
        for key in keys:
            yield qid, key, "buttons"
        for option in question.options:
            yield qid, option.value, f"options[{option.value}]"
        if question.kind in ("outcomes_pick", "outcomes_review"):
            for outcome in content.common_outcomes:
                yield qid, f"c:{outcome.id}", f"common_outcomes[{outcome.id}]"
    for key in STOP_KEYS:
        yield "stop", key, "buttons"
    for key in VARIANTS:  # /howtoask alone (dialogs.choosing)
        yield "variant", key, "buttons"
    yield "language", content.meta.language, "meta.language"  # /language alone
