"""Cross-language checks: every language has the same structure as the reference language.

A language is a translation of the words only. Question ids, kinds, roles, measures, option
values, yes/no trees, survey steps, common outcome ids and help prompt ids must be the same as
in English (or, without English, the first language by folder name), so that an answer means
the same whatever language it was given in.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dialogs.content import Problem, Sources
from dialogs.schema import LanguageContent, Question

REFERENCE_LANGUAGE = "en"


def compare_languages(loaded: list[tuple[LanguageContent, Sources]]) -> Iterator[Problem]:
    """Problems where a language differs in structure from the reference language."""
    if len(loaded) < 2:
        return
    tags = [content.meta.language for content, _ in loaded]
    reference = loaded[tags.index(REFERENCE_LANGUAGE)] if REFERENCE_LANGUAGE in tags else loaded[0]
    ref = reference[0]
    for content, sources in loaded:
        if content is not ref:
            yield from _compare(ref, content, sources)


def _compare(ref: LanguageContent, other: LanguageContent, sources: Sources) -> Iterator[Problem]:
    lang = ref.meta.language
    questions_file = sources.file_of("questions")
    for qid in ref.questions:
        if qid not in other.questions:
            yield Problem(questions_file, qid, f"question is missing (it is in {lang!r})")
    for qid, question in other.questions.items():
        file = sources.file_of("questions", qid)
        if qid not in ref.questions:
            yield Problem(file, qid, f"question is not in {lang!r}")
            continue
        for problem in _compare_question(ref.questions[qid], question):
            yield Problem(file, qid, f"{problem} (differs from {lang!r})")
    yield from _compare_ids(
        "common_outcomes",
        [o.id for o in ref.common_outcomes],
        [o.id for o in other.common_outcomes],
        sources,
        lang,
    )
    yield from _compare_ids(
        "help_prompts",
        [p.id for p in ref.help_prompts],
        [p.id for p in other.help_prompts],
        sources,
        lang,
    )
    for timepoint in ("start", "checkin", "end"):
        want = getattr(ref.surveys, timepoint).steps
        got = getattr(other.surveys, timepoint).steps
        if want != got:
            where = f"surveys.{timepoint}"
            yield Problem(sources.file_of("surveys"), where, f"steps {got} differ from {lang!r}")


def _compare_ids(
    table: str, want: list[str], got: list[str], sources: Sources, lang: str
) -> Iterator[Problem]:
    if want != got:
        yield Problem(sources.file_of(table), table, f"ids {got} differ from {lang!r} {want}")


def _compare_question(ref: Question, other: Question) -> Iterator[str]:
    for name in ("kind", "role", "measure", "optional", "consent_version", "skip_when"):
        if getattr(ref, name) != getattr(other, name):
            yield f"{name} is {getattr(other, name)!r}, not {getattr(ref, name)!r}"
    want = [option.value for option in ref.options]
    got = [option.value for option in other.options]
    if want != got:
        yield f"option values {got} are not {want}"
    if _tree_shape(ref) != _tree_shape(other):
        yield "yes_no tree has different steps or answers"


def _tree_shape(question: Question) -> Any:
    """The structure of a yes/no tree without its words."""
    tree = question.yes_no
    if tree is None:
        return None
    steps = {name: (s.yes, s.no, s.not_sure) for name, s in tree.steps.items()}
    recheck = None
    if tree.recheck is not None:
        recheck = (tree.recheck.first.values, tree.recheck.second.values)
    return tree.start, steps, recheck
