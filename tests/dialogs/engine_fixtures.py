"""Helpers for the engine tests: a tiny content set built in code, and a scripted person.

``tiny_catalogue()`` has every shared step and a few questions per survey, with each wording
marked by its form ("ER ", "YN ", "SR ", "REP ") so a test can see which form was shown.
``Person`` answers whatever the engine asks from a plan (values per question, outcomes to
pick, per-outcome answers), reading only the replies (plus the state's pending choices),
the way a person reads the screen; in the yes_no variant it finds the step by its words and
walks the tree towards the planned value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from dialogs.engine import begin, handle
from dialogs.schema import LanguageContent, Question, Wording, YesNoTree
from dialogs.types import Answer, Choose, Event, Outcome, Reply, Text, Turn
from dialogs.vocabulary import VARIANTS
from dialogs.wording import fill, pick

ANSWER_VALUES = ("dont_know", "prefer_not_to_say")


def w(text: str) -> Wording:
    return Wording(
        standard=text,
        easy_read=f"ER {text}",
        yes_no=f"YN {text}",
        screen_reader=f"SR {text}",
        representative=f"REP {text}",
    )


def label(text: str) -> Wording:
    pictured = f"🙂 {text}"
    return Wording(
        standard=text,
        easy_read=pictured,
        yes_no=pictured,
        screen_reader=text,
        representative=text,
    )


def _options(*values: str) -> list[dict]:
    return [{"value": v, "label": label(v.replace("_", " "))} for v in values]


def _question(kind: str, text: str, **more: object) -> dict:
    return {"kind": kind, "text": w(text), **more}


def _tree(start: str, steps: dict[str, tuple[str, str]], recheck: dict | None = None) -> dict:
    built = {
        name: {"text": w(f"step {name}?"), "yes": yes, "no": no}
        for name, (yes, no) in steps.items()
    }
    return {"start": start, "steps": built, "recheck": recheck}


SAFETY_TREE = _tree(
    "safe",
    {"safe": ("as_safe", "little"), "as_safe": ("=4", "=3"), "little": ("=2", "=1")},
    recheck={
        "text": w("Which is closer?"),
        "first": {"label": label("I feel safe"), "values": ["4", "3"]},
        "second": {"label": label("I do not feel safe"), "values": ["2", "1"]},
    },
)
NA = ANSWER_VALUES


def _questions() -> dict[str, dict]:
    return {
        "safe_to_talk": _question("choice", "Good time?", role="safe_to_talk", optional=False,
                                  options=_options("yes", "no")),
        "about": _question("info", "About this chat."),
        "consent": _question("choice", "Is that OK?", role="consent", optional=False,
                             consent_version="v1", options=_options("yes", "no")),
        "how_to_ask": _question("choice", "How to ask?", role="how_to_ask",
                                options=_options(*VARIANTS)),
        "who_answering": _question("choice", "Who answers?", role="who_answering",
                                   options=_options("self", "self_with_help", "representative")),
        "practice": _question("choice", "Practice: do you like tea?", role="practice",
                              options=_options("yes", "no")),
        "safety": _question("choice", "How safe?", measure="safety",
                            options=_options("4", "3", "2", "1", *NA), yes_no=SAFETY_TREE),
        "danger_now": _question("choice", "One more question.\nIn danger now?", role="danger_now",
                                measure="danger_now", options=_options("yes", "no", *NA),
                                yes_no=_tree("now", {"now": ("=yes", "=no")})),
        "outcomes": _question("outcomes_pick", "What would be good?", measure="outcomes"),
        "how_will_we_know": _question("text", "How will we know?", measure="how_will_we_know"),
        "thanks_start": _question("end", "Thanks, start."),
        "checkin_intro": _question("info", "Checking in."),
        "outcomes_review": _question("outcomes_review", "Still want: {outcome}?",
                                     measure="outcomes"),
        "thanks_checkin": _question("end", "Thanks, check-in."),
        "end_intro": _question("info", "The end survey."),
        "outcomes_achieved": _question(
            "outcomes_achieved", "Did it happen: {outcome}?", measure="outcome_achieved",
            options=_options("yes", "partly", "no", *NA),
            yes_no=_tree("happened", {"happened": ("all", "=no"), "all": ("=yes", "=partly")}),
        ),
        "made_safer": _question("choice", "Made safer?", measure="made_safer",
                                options=_options("yes", "no", *NA),
                                yes_no=_tree("safer", {"safer": ("=yes", "=no")})),
        "comments": _question("text", "Anything else?", measure="comments"),
        "thanks_end": _question("end", "Thanks, end."),
    }  # fmt: skip


def _message_names() -> list[str]:
    return [name for name in LanguageContent.model_fields["messages"].annotation.model_fields]


def tiny_content(language: str = "en", complete: bool = True) -> LanguageContent:
    """A small but complete content set (every message, label and kind of step); with
    ``complete=False``, fewer common outcomes and help prompts (as a new language might)."""
    labels = LanguageContent.model_fields["labels"].annotation.model_fields
    return LanguageContent.model_validate(
        {
            "meta": {"language": language, "name": language},
            "labels": {name: label(name.replace("_", " ")) for name in labels},
            "messages": {
                **{name: w(f"[{name}]") for name in _message_names()},
                "confirm_outcome": w("Is this right? {outcome}"),
                "outcomes_so_far": w("You chose: {outcomes}"),
            },
            "questions": {k: Question.model_validate(v) for k, v in _questions().items()},
            "surveys": {
                "start": {
                    "steps": [
                        "safe_to_talk",
                        "about",
                        "consent",
                        "how_to_ask",
                        "who_answering",
                        "practice",
                        "safety",
                        "outcomes",
                        "how_will_we_know",
                        "thanks_start",
                    ]
                },
                "checkin": {
                    "steps": [
                        "safe_to_talk",
                        "checkin_intro",
                        "safety",
                        "outcomes_review",
                        "thanks_checkin",
                    ]
                },
                "end": {
                    "steps": [
                        "safe_to_talk",
                        "end_intro",
                        "safety",
                        "outcomes_achieved",
                        "made_safer",
                        "comments",
                        "thanks_end",
                    ]
                },
            },  # fmt: skip
            "common_outcomes": [
                {
                    "id": cid,
                    "label": label(cid),
                    "statement": w(f"I want {cid}"),
                    "yes_no_question": w(f"Do you want {cid}?"),
                }
                for cid in ("home", "money", "friends")[: 3 if complete else 1]
            ],  # fmt: skip
            "help_prompts": [
                {"id": "stop", "text": w("Anything to stop?"), "statement": w("Stop {answer}")},
                {"id": "keep", "text": w("Anything to keep?"), "statement": w("Keep {answer}")},
            ][: 2 if complete else 1],
            "danger": {"phrases": ["kill me", "hurt me"]},
        }
    )


def tiny_catalogue() -> dict[str, LanguageContent]:
    return {"en": tiny_content("en"), "xx": tiny_content("xx", complete=False)}


def last_question(turn: Turn) -> Reply | None:
    questions = [r for r in turn.replies if r.kind == "question"]
    return questions[-1] if questions else None


def answers(records: list) -> list[tuple]:
    """Recorded answers as (measure, value, variant, language, timepoint, answered_by)."""
    return [
        (r.measure, r.value, r.context.variant, r.context.language, r.context.timepoint,
         r.context.answered_by)
        for r in records
        if isinstance(r, Answer)
    ]  # fmt: skip


@dataclass
class Person:
    """Answers each question from a plan, the way a person reads the screen."""

    catalogue: Mapping[str, LanguageContent]
    choices: dict[str, str] = field(default_factory=dict)  # question id -> option value
    texts: dict[str, str] = field(default_factory=dict)  # question id -> typed words
    commons: tuple[str, ...] = ()  # common outcome ids to pick
    own_words: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()  # outcome texts to drop at a check-in
    achieved: dict[str, str] = field(default_factory=dict)  # outcome text -> value
    current_outcome: str = ""  # the outcome last named on screen

    def respond(self, turn: Turn) -> Event:
        state = turn.state
        content = self.catalogue[state.language]
        question = content.questions[state.step]
        shown = last_question(turn)
        assert shown is not None, f"no question shown at {state.step}"
        keys = [o.key for o in shown.options]
        if question.kind == "info":
            return Choose("next")
        if question.kind == "text":
            return Text(self.texts[state.step])
        if question.kind in ("outcomes_pick", "outcomes_review"):
            return self._outcomes(turn, shown, keys)
        target = self.choices.get(state.step, "")
        if question.kind == "outcomes_achieved":
            target = self._achieved(turn)
        if "first" in keys and question.yes_no and question.yes_no.recheck:
            first = question.yes_no.recheck.first.values
            return Choose("first" if target in first else "second")
        if "not_sure" in keys and question.yes_no and target not in keys:
            return Choose(self._towards(turn, question.yes_no, shown, target))
        return Choose(target)

    def _achieved(self, turn: Turn) -> str:
        """The planned answer for the outcome last named on screen."""
        said = "\n".join(r.text for r in turn.replies)
        for outcome in turn.state.outcomes:
            words = self._read_back(turn, outcome)
            if words in said:
                self.current_outcome = words
        return next(v for text, v in self.achieved.items() if text in self.current_outcome)

    def _read_back(self, turn: Turn, outcome: Outcome) -> str:
        """How the engine shows an outcome now: a common one in the current wording."""
        content = self.catalogue[turn.state.language]
        common = [c for c in content.common_outcomes if outcome.source == f"common:{c.id}"]
        return self._words(turn, common[0].statement) if common else outcome.text

    def _words(self, turn: Turn, wording: Wording, **values: str) -> str:
        return fill(pick(wording, turn.state.variant, turn.state.answered_by), **values)

    def _towards(self, turn: Turn, tree: YesNoTree, shown: Reply, target: str) -> str:
        """The yes/no key at the shown step that leads to ``target``."""
        outcome = self.current_outcome
        here = next(
            name
            for name, step in tree.steps.items()
            if self._words(turn, step.text, outcome=outcome) == shown.text
        )
        if target in ANSWER_VALUES:
            return "prefer_not_to_say" if target == "prefer_not_to_say" else "not_sure"
        for key in ("yes", "no"):
            if _reaches(tree, getattr(tree.steps[here], key), target):
                return key
        raise AssertionError(f"{target} cannot be reached from {here}")

    def _outcomes(self, turn: Turn, shown: Reply, keys: list[str]) -> Event:
        content = self.catalogue[turn.state.language]
        chosen = {p.partition("|")[0] for p in turn.state.pending}
        texts = {p.partition("|")[2] for p in turn.state.pending}
        if "keep" in keys:
            gone = any(text in shown.text for text in self.dropped)
            return Choose("drop" if gone else "keep")
        if "not_sure" in keys:  # yes_no variant: one common outcome at a time
            common = next(
                c for c in content.common_outcomes
                if self._words(turn, c.yes_no_question) == shown.text
            )  # fmt: skip
            return Choose("yes" if common.id in self.commons else "no")
        for cid in self.commons:
            if f"common:{cid}" not in chosen and f"c:{cid}" in keys:
                return Choose(f"c:{cid}")
            if f"common:{cid}" not in chosen and "more" in keys and turn.state.variant != "yes_no":
                return Choose("more")  # easy read shows at most 5 buttons: turn the page
        for words in self.own_words:
            if words not in texts:
                return Text(words)
        return Choose("done" if "done" in keys else "not_sure_yet")


def _reaches(tree: YesNoTree, target_step: str, value: str) -> bool:
    if target_step.startswith("="):
        return target_step[1:] == value
    step = tree.steps[target_step]
    return _reaches(tree, step.yes, value) or _reaches(tree, step.no, value)


def run_survey(
    catalogue: Mapping[str, LanguageContent], person: Person, limit: int = 300, **begin_args
) -> tuple[list[Turn], list]:
    """Run a whole survey with ``person``; returns every turn and every record."""
    turns = [begin(catalogue, **begin_args)]
    while turns[-1].state.status == "active":
        assert len(turns) < limit, f"survey did not end (at {turns[-1].state.step})"
        turns.append(handle(catalogue, turns[-1].state, person.respond(turns[-1])))
    return turns, [r for t in turns for r in t.records]


TINY = tiny_catalogue()
START_PLAN = {"safe_to_talk": "yes", "consent": "yes", "practice": "yes", "safety": "3"}


def tiny_person(**plan) -> Person:
    """A person answering the tiny content: standard answers unless the plan says otherwise."""
    choices = {**START_PLAN, "how_to_ask": plan.pop("how_to_ask", "standard")}
    choices["who_answering"] = plan.pop("who", "self")
    choices.update(plan.pop("choices", {}))
    plan.setdefault("texts", {"how_will_we_know": "sleep well", "comments": "fine"})
    return Person(TINY, choices=choices, **plan)


def reach(step: str, person: Person | None = None, **begin_args) -> Turn:
    """Begin a tiny survey and answer until ``step`` is the question shown."""
    person = person or tiny_person()
    args = {"timepoint": "start", "variant": "standard", "language": "en", "answered_by": "self"}
    turn = begin(TINY, **{**args, **begin_args})
    for _ in range(100):
        if turn.state.step == step and turn.state.status == "active":
            return turn
        turn = handle(TINY, turn.state, person.respond(turn))
    raise AssertionError(f"never reached {step}")


def send(turn: Turn, *events: Event) -> Turn:
    """Apply events one after another on the tiny content; returns the last turn."""
    for event in events:
        turn = handle(TINY, turn.state, event)
    return turn
