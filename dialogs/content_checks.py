"""Cross-checks the loader runs after the schema: does the content follow the agreed plan?

The schema says what shape a file has; these checks say whether the pieces fit together:
every survey step exists, the shared steps have the kinds, roles, measures and option values
the engine relies on (``notes/content-plan.md``), answer values are on the measure's scale
(``dialogs/vocabulary.py``), yes/no trees lead only to real steps and to values on the scale
with every step and every level reachable, and the ``{outcome}``/``{answer}`` placeholders are
where the engine fills them in.
"""

from __future__ import annotations

from collections.abc import Iterator

from dialogs.content import Problem, Sources
from dialogs.schema import LanguageContent, Question, Wording, YesNoTree
from dialogs.skip_checks import check_skip_when
from dialogs.vocabulary import (
    ANSWERED_BY,
    FREE_TEXT_MEASURES,
    MEASURE_SCALES,
    NON_ANSWERS,
    OUTCOMES_MEASURE,
    VARIANTS,
    WORDINGS,
)

YES_NO = ("yes", "no")
# Option values of the shared steps, by role (the plan's table).
ROLE_VALUES: dict[str, tuple[str, ...]] = {
    "safe_to_talk": YES_NO,
    "consent": YES_NO,
    "how_to_ask": VARIANTS,
    "who_answering": ANSWERED_BY,
    "practice": YES_NO,
    "danger_now": (*MEASURE_SCALES["danger_now"], *NON_ANSWERS),
}
# The questions the engine asks by id: (kind, role, measure).
REQUIRED: dict[str, tuple[str, str | None, str | None]] = {
    "safe_to_talk": ("choice", "safe_to_talk", None),
    "about": ("info", None, None),
    "consent": ("choice", "consent", None),
    "how_to_ask": ("choice", "how_to_ask", None),
    "who_answering": ("choice", "who_answering", None),
    "practice": ("choice", "practice", None),
    "safety": ("choice", None, "safety"),
    "danger_now": ("choice", "danger_now", "danger_now"),
    "outcomes": ("outcomes_pick", None, OUTCOMES_MEASURE),
    "how_will_we_know": ("text", None, "how_will_we_know"),
    "checkin_intro": ("info", None, None),
    "end_intro": ("info", None, None),
    "outcomes_review": ("outcomes_review", None, OUTCOMES_MEASURE),
    "outcomes_achieved": ("outcomes_achieved", None, "outcome_achieved"),
    "made_safer": ("choice", None, "made_safer"),
    "how_much_safer": ("choice", None, "how_much_safer"),
    "listened_to": ("choice", None, "listened_to"),
    "involved": ("choice", None, "involved"),
    "wellbeing": ("choice", None, "wellbeing"),
    "wants_more_support": ("choice", None, "wants_more_support"),
    "comments": ("text", None, "comments"),
    "thanks_start": ("end", None, None),
    "thanks_checkin": ("end", None, None),
    "thanks_end": ("end", None, None),
}
KINDS_NEEDING_OUTCOME = ("outcomes_review", "outcomes_achieved")


def expected_values(question: Question) -> tuple[str, ...] | None:
    """The option values a question must offer, or None when it has no closed answers."""
    if question.role in ROLE_VALUES:
        return ROLE_VALUES[question.role]
    if question.measure in MEASURE_SCALES:
        return (*MEASURE_SCALES[question.measure], *NON_ANSWERS)
    return None


def check_content(content: LanguageContent, sources: Sources) -> list[Problem]:
    """Every cross-check problem in one language (empty when it fits together)."""
    problems = list(_check_surveys(content, sources))
    for qid, question in content.questions.items():
        file = sources.file_of("questions", qid)
        problems.extend(Problem(file, qid, p) for p in check_question(qid, question))
    problems.extend(_check_placeholders(content, sources))
    problems.extend(check_skip_when(content, sources))
    return problems


def _check_surveys(content: LanguageContent, sources: Sources) -> Iterator[Problem]:
    file = sources.file_of("surveys")
    for timepoint in ("start", "checkin", "end"):
        for step in getattr(content.surveys, timepoint).steps:
            if step not in content.questions:
                yield Problem(file, step, f"surveys.{timepoint} lists a step with no question")
    for qid in REQUIRED:
        if qid not in content.questions:
            yield Problem(sources.file_of("questions"), qid, "question is missing")


def check_question(qid: str, question: Question) -> Iterator[str]:
    """Problems with one question's kind, role, measure, options and yes/no tree."""
    if qid in REQUIRED:
        kind, role, measure = REQUIRED[qid]
        for name, want, got in (
            ("kind", kind, question.kind),
            ("role", role, question.role),
            ("measure", measure, question.measure),
        ):
            if want != got:
                yield f"{name} must be {want!r}, not {got!r}"
    known = (*MEASURE_SCALES, *FREE_TEXT_MEASURES, OUTCOMES_MEASURE)
    if question.measure is not None and question.measure not in known:
        yield f"measure {question.measure!r} is not a known measure id"
    yield from _check_options(question)
    if question.role == "consent" and not question.consent_version:
        yield "consent_version is missing (the version of the consent text)"
    if question.yes_no is not None:
        yield from check_tree(question.yes_no, _scale(question))
    elif question.measure in MEASURE_SCALES:
        yield "yes_no tree is missing (every closed question with a measure needs one)"


def _scale(question: Question) -> tuple[str, ...]:
    return MEASURE_SCALES.get(question.measure or "", ())


def _check_options(question: Question) -> Iterator[str]:
    want = expected_values(question)
    if question.kind == "outcomes_achieved" and question.measure in MEASURE_SCALES:
        want = (*MEASURE_SCALES[question.measure], *NON_ANSWERS)
    got = [option.value for option in question.options]
    if want is None:
        if got:
            yield f"options {got} are not expected on a {question.kind} question"
        return
    for value in sorted(set(v for v in got if got.count(v) > 1)):
        yield f"options: value {value!r} appears twice"
    for value in got:
        if value not in want:
            yield f"options: value {value!r} is not one of {list(want)}"
    for value in want:
        if value not in got:
            yield f"options: value {value!r} is missing"


def check_tree(tree: YesNoTree, scale: tuple[str, ...]) -> Iterator[str]:
    """A yes/no tree leads only to its steps or to values on the scale, and reaches them all."""
    allowed = (*scale, *NON_ANSWERS)
    if tree.start not in tree.steps:
        yield f"yes_no.start: step {tree.start!r} does not exist"
        return
    reached_steps, reached_values = {tree.start}, set()
    queue = [tree.start]
    while queue:
        name = queue.pop()
        step = tree.steps[name]
        for answer in ("yes", "no", "not_sure"):
            target = getattr(step, answer)
            where = f"yes_no.steps.{name}.{answer}"
            if target.startswith("="):
                if target[1:] not in allowed:
                    yield f"{where}: {target[1:]!r} is not on the scale {list(allowed)}"
                reached_values.add(target[1:])
            elif target not in tree.steps:
                yield f"{where}: step {target!r} does not exist"
            elif target not in reached_steps:
                reached_steps.add(target)
                queue.append(target)
    for name in tree.steps:
        if name not in reached_steps:
            yield f"yes_no.steps.{name}: cannot be reached from {tree.start!r}"
    for value in scale:
        if value not in reached_values:
            yield f"yes_no: no answer leads to {value!r}"
    if tree.recheck is not None:
        for side in ("first", "second"):
            for value in getattr(tree.recheck, side).values:
                if value not in scale:
                    yield f"yes_no.recheck.{side}: {value!r} is not on the scale {list(scale)}"


def _missing_in(wording: Wording, placeholder: str) -> list[str]:
    return [key for key in WORDINGS if placeholder not in getattr(wording, key)]


def _check_placeholders(content: LanguageContent, sources: Sources) -> Iterator[Problem]:
    for qid, question in content.questions.items():
        if question.kind in KINDS_NEEDING_OUTCOME:
            for key in _missing_in(question.text, "{outcome}"):
                yield Problem(sources.file_of("questions", qid), qid, f"text.{key}: no {{outcome}}")
    for prompt in content.help_prompts:
        for key in _missing_in(prompt.statement, "{answer}"):
            where = f"help_prompts[{prompt.id}]"
            yield Problem(sources.file_of("help_prompts"), where, f"statement.{key}: no {{answer}}")
    for name, placeholder in (("confirm_outcome", "{outcome}"), ("outcomes_so_far", "{outcomes}")):
        for key in _missing_in(getattr(content.messages, name), placeholder):
            where = f"messages.{name}"
            yield Problem(sources.file_of("messages"), where, f"{key}: no {placeholder}")
