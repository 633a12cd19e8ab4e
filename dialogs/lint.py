"""The content lint: wording rules the schema cannot express, over every language and variant.

``lint_catalogue(root)`` loads each language folder under ``root`` (a folder that fails to load
reports the loader's problems instead) and checks: every wording present; sentence length
(standard, representative and screen_reader 15 words, easy_read and yes_no 10); one question
per easy_read/yes_no message; no acronyms in easy_read/yes_no; easy_read/yes_no buttons of 1-2
words with exactly one picture; no emoji in screen_reader or representative wording and no
numbers on screen_reader buttons (the engine numbers them); don't know and prefer not to say on
every closed question; yes_no introductions that ask nothing (the first step asks); messages
under 4096 characters with a neutral first line; signposting with 999 and 55; a neutral
goodbye; only the placeholders the engine fills ({outcome},
{outcomes}, {answer}) and only where it fills them; button payloads that fit; the same ids in
every language.
Each problem reads ``file: question: problem``. The rules for one wording are in
``dialogs.lint_wording`` (``wording_problems`` is re-exported here).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dialogs import lint_text as t
from dialogs.content import ContentProblems, Problem, Sources, language_folders
from dialogs.content import load_language_with_sources as load
from dialogs.lint_compare import compare_languages
from dialogs.lint_walk import TextItem, button_keys, iter_texts
from dialogs.lint_wording import wording_problems
from dialogs.schema import LanguageContent
from dialogs.vocabulary import NON_ANSWERS, WORDINGS

__all__ = [
    "LintReport",
    "Problem",
    "lint_catalogue",
    "lint_report",
    "within_budget",
    "wording_problems",
]

PAYLOAD_PART_BYTES = 24

PayloadFits = Callable[[str, str], bool]


def within_budget(question_id: str, key: str) -> bool:
    """The pure default: the question id and the button key each fit in 24 bytes.

    The transport packs both into Telegram's 64 bytes with a signature; ``checkin dialogs
    check`` passes its exact check (``bot.payloads.PayloadSigner.fits``) as well.
    """
    return max(len(question_id.encode()), len(key.encode())) <= PAYLOAD_PART_BYTES


@dataclass
class LintReport:
    problems: list[Problem] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    questions: int = 0
    texts: int = 0  # wordings checked (each in all five forms)


def lint_catalogue(root: Path, payload_fits: PayloadFits | None = None) -> list[Problem]:
    """Every problem in the content under ``root`` (empty when it is clean)."""
    return lint_report(root, payload_fits).problems


def lint_report(root: Path, payload_fits: PayloadFits | None = None) -> LintReport:
    """Lint every language under ``root`` and count what was checked."""
    report = LintReport()
    try:
        folders = language_folders(Path(root))
    except ContentProblems as exc:
        report.problems.extend(exc.problems)
        return report
    loaded: list[tuple[LanguageContent, Sources]] = []
    for folder in folders:
        try:
            content, sources = load(folder)
        except ContentProblems as exc:
            report.problems.extend(exc.problems)
            continue
        loaded.append((content, sources))
        report.languages.append(content.meta.language)
        report.questions += len(content.questions)
        items = list(iter_texts(content, sources))
        report.texts += len(items)
        report.problems.extend(lint_language(content, sources, items, payload_fits))
    report.problems.extend(compare_languages(loaded))
    return report


def lint_language(
    content: LanguageContent,
    sources: Sources,
    items: list[TextItem],
    payload_fits: PayloadFits | None = None,
) -> Iterator[Problem]:
    """Every problem in one loaded language."""
    for item in items:
        for problem in wording_problems(item):
            yield Problem(item.file, item.where, problem)
    yield from _closed_questions(content, sources)
    yield from _yes_no_introductions(content, sources)
    yield from _messages_needed(content, sources)
    yield from _payloads(content, sources, payload_fits or within_budget)


def _closed_questions(content: LanguageContent, sources: Sources) -> Iterator[Problem]:
    for qid, question in content.questions.items():
        if question.kind not in ("choice", "outcomes_achieved") or question.measure is None:
            continue
        values = [option.value for option in question.options]
        for value in NON_ANSWERS:
            if value not in values:
                file = sources.file_of("questions", qid)
                yield Problem(file, qid, f"closed question does not offer {value!r}")


def _yes_no_introductions(content: LanguageContent, sources: Sources) -> Iterator[Problem]:
    """In yes_no, a question with steps shows its own words first and then its first step:
    those words must only introduce it, or the question is asked twice on one screen."""
    for qid, question in content.questions.items():
        if question.yes_no is None:
            continue
        asking = [line for line in question.text.yes_no.splitlines() if line.strip().endswith("?")]
        if asking:
            file = sources.file_of("questions", qid)
            yield Problem(file, qid, f"text.yes_no: asks {asking[0]!r}; the first yes/no step "
                                     "asks the question, so say only what it is about")  # fmt: skip


def _messages_needed(content: LanguageContent, sources: Sources) -> Iterator[Problem]:
    file = sources.file_of("messages")
    for key in WORDINGS:
        text = getattr(content.messages.signposting, key)
        for number in ("999", "55"):
            if number not in text:
                yield Problem(file, "messages.signposting", f"{key}: does not mention {number}")
        goodbye = getattr(content.messages.unsafe_goodbye, key)
        if t.alarm_words(goodbye):
            found = ", ".join(t.alarm_words(goodbye))
            yield Problem(file, "messages.unsafe_goodbye", f"{key}: sensitive word ({found})")


def _payloads(content: LanguageContent, sources: Sources, fits: PayloadFits) -> Iterator[Problem]:
    for qid, key, where in button_keys(content):
        if fits(qid, key):
            continue
        if where.startswith("common_outcomes"):
            file, name = sources.file_of("common_outcomes"), where
        else:
            file, name = sources.file_of("questions", qid), qid
        yield Problem(file, name, f"button data {qid!r} + {key!r} is too long; shorten the id")
