"""Cross-check of ``skip_when`` (a question left out after a given earlier answer): the
earlier question must be a choice with a measure (the engine keeps only those answers),
the values must be its own, and in every survey it must come before the question it
governs (else the question would always be asked)."""

from __future__ import annotations

from collections.abc import Iterator

from dialogs.content import Problem, Sources
from dialogs.schema import LanguageContent

TIMEPOINTS = ("start", "checkin", "end")


def check_skip_when(content: LanguageContent, sources: Sources) -> Iterator[Problem]:
    """Problems with every question's ``skip_when`` in one language."""
    for qid, question in content.questions.items():
        rule = question.skip_when
        if rule is None:
            continue
        file = sources.file_of("questions", qid)
        earlier = content.questions.get(rule.question)
        if earlier is None or earlier.kind != "choice" or earlier.measure is None:
            yield Problem(file, qid, f"skip_when: {rule.question!r} is not a choice question "
                                     "with a measure")  # fmt: skip
            continue
        values = [option.value for option in earlier.options]
        for value in rule.values:
            if value not in values:
                yield Problem(file, qid, f"skip_when: {value!r} is not an answer of "
                                         f"{rule.question!r} {values}")  # fmt: skip
        for timepoint in TIMEPOINTS:
            steps = getattr(content.surveys, timepoint).steps
            if qid in steps and rule.question not in steps[: steps.index(qid)]:
                yield Problem(file, qid, f"skip_when: {rule.question!r} is not asked before "
                                         f"it in surveys.{timepoint}")  # fmt: skip
