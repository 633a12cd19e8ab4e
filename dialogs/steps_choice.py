"""Choice questions (and "did it happen?" per outcome), in every variant.

In the yes_no variant a question with a ``yes_no`` tree is asked one yes / no / not sure /
prefer-not-to-say step at a time until a leaf (``=value``) lands on the same scale as the
options. Where the tree has a ``recheck`` (safety), an either/or question follows; if its
side does not contain the tree's value, the person sees ``messages.rechecked`` and the full
choice once more, and that final answer is recorded with ``rechecked=True``.
"""

from __future__ import annotations

from dialogs import effects
from dialogs.asking import Prompt, Step
from dialogs.draft import Draft
from dialogs.flow import step_within
from dialogs.outcome_list import read_back
from dialogs.schema import YesNoTree
from dialogs.types import Option
from dialogs.vocabulary import DONT_KNOW, NON_ANSWERS, PREFER_NOT_TO_SAY
from dialogs.wording import fill as fill_placeholders
from dialogs.wording import pick

YES_NO_KEYS = ("yes", "no", "not_sure", PREFER_NOT_TO_SAY)


def _tree(d: Draft) -> YesNoTree | None:
    """The yes/no tree to walk now, if the yes_no variant asks this question that way."""
    tree = d.question.yes_no
    if d.state.variant != "yes_no" or tree is None or d.sub.get("stage") == "full":
        return None
    return tree


def _fill(d: Draft) -> dict[str, str]:
    """``{outcome}``: the person's own words, when asking about one of their outcomes."""
    if d.question.kind != "outcomes_achieved" or not d.state.outcomes:
        return {}
    index = min(int(d.sub.get("i", 0)), len(d.state.outcomes) - 1)
    return {"outcome": read_back(d, d.state.outcomes[index])}


def _yes_no_step(d: Draft, tree: YesNoTree) -> str:
    name = str(d.sub.get("yn", tree.start))
    return name if name in tree.steps else tree.start


def _around_the_question(text: str, step: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The representative's words of a question as an introduction to its first yes/no
    step (``step``): the lines before and after its question lines, which the step asks
    instead, leaving out lines the step says itself ("One more question."). (The yes_no
    wording is an introduction already; the representative's is the whole question, "Has
    the help made the person feel safer?", which the step would ask a second time.)"""
    said = {line.strip() for line in step.split("\n")}
    lines = [line for line in text.split("\n") if line.strip() not in said]
    asking = [n for n, line in enumerate(lines) if line.rstrip().endswith("?")]
    if not asking:
        return (("\n".join(lines).strip(),) if "".join(lines).strip() else ()), ()
    before = "\n".join(lines[: asking[0]]).strip()
    after = "\n".join(lines[asking[-1] + 1 :]).strip()
    return ((before,) if before else ()), ((after,) if after else ())


def _full_question_text(d: Draft, values: dict[str, str]) -> str:
    """The question as one choice. In yes_no, a question with a tree has only an introduction
    as its yes_no wording ("Now some questions about feeling safe."): asked in full after a
    re-check, it is asked in the easy-read words, which are a real question."""
    question = d.question
    if d.state.variant == "yes_no" and question.yes_no is not None:
        return fill_placeholders(pick(question.text, "easy_read", d.state.answered_by), **values)
    return d.words(question.text, **values)


class Choice(Step):
    def prompt(self, d: Draft) -> Prompt:
        fill = _fill(d)
        tree = _tree(d)
        if tree is not None and tree.recheck is not None and d.sub.get("stage") == "recheck":
            sides = (("first", tree.recheck.first), ("second", tree.recheck.second))
            return Prompt(
                text=d.words(tree.recheck.text, **fill),
                options=tuple(Option(key, d.words(side.label)) for key, side in sides),
            )
        if tree is not None:
            labels = d.content.labels
            words = (labels.yes, labels.no, labels.not_sure, labels.prefer_not_to_say)
            step = tree.steps[_yes_no_step(d, tree)]
            pairs = zip(YES_NO_KEYS, words, strict=True)
            # At the first step the question's own words come first, as an introduction
            # (in the yes_no wording they say what the steps are about, or name the outcome).
            text = d.words(step.text, **fill)
            if "yn" in d.sub:
                return Prompt(text=text, options=tuple(Option(k, d.words(w)) for k, w in pairs))
            intro = d.words(d.question.text, **fill)
            representative = d.state.answered_by == "representative"
            before, after = _around_the_question(intro, text) if representative else ((intro,), ())
            return Prompt(
                text="\n".join((text, *after)),
                options=tuple(Option(k, d.words(w)) for k, w in pairs),
                lead=before,
            )
        question = d.question
        return Prompt(
            text=_full_question_text(d, fill),
            options=tuple(Option(o.value, d.words(o.label, **fill)) for o in question.options),
        )

    def on_choice(self, d: Draft, key: str) -> None:
        tree = _tree(d)
        stage = d.sub.get("stage")
        if tree is not None and tree.recheck is not None and stage == "recheck":
            self._recheck(d, tree, key)
        elif tree is not None:
            step = tree.steps[_yes_no_step(d, tree)]
            target = {
                "yes": step.yes,
                "no": step.no,
                "not_sure": step.not_sure,
                PREFER_NOT_TO_SAY: "=" + PREFER_NOT_TO_SAY,
            }[key]
            if target.startswith("="):
                self._leaf(d, tree, target[1:])
            elif target in tree.steps:
                step_within(d, yn=target)
            else:  # a broken tree (the content lint catches these): do not guess a score
                effects.decided(d, DONT_KNOW, rechecked=False)
        else:
            effects.decided(d, key, rechecked=stage == "full")

    def _leaf(self, d: Draft, tree: YesNoTree, value: str) -> None:
        if tree.recheck is not None and value not in NON_ANSWERS:
            step_within(d, stage="recheck", tree_value=value)
        else:
            effects.decided(d, value, rechecked=False)

    def _recheck(self, d: Draft, tree: YesNoTree, key: str) -> None:
        assert tree.recheck is not None
        value = str(d.sub.get("tree_value"))
        side = tree.recheck.first if key == "first" else tree.recheck.second
        if value in side.values:
            effects.decided(d, value, rechecked=False)
        else:
            d.say(d.content.messages.rechecked)
            step_within(d, stage="full", yn=None, tree_value=None, page=None)

    def restart(self, d: Draft) -> None:
        d.set_sub(page=None, yn=None, stage=None, tree_value=None)


HANDLER = Choice()
