"""The shape of content files (pydantic, extra fields forbidden).

One folder per language under ``dialogs/content/<lang>/`` holds TOML files; the loader
merges them into one ``LanguageContent``. TOML because Python reads it with the standard
library (``tomllib``), it allows comments for translators and reviewers, and its multi-line
strings keep wording readable; YAML would add a dependency and its implicit typing
(``no`` -> False) is a trap in a yes/no questionnaire.

Every piece of wording exists in five forms (``Wording``): the four variants and the
representative wording used when someone answers on the person's behalf. The representative
wording is used whatever the variant, because the representative is the one reading;
the variant still decides how options are shown (numbered for screen readers, emoji only
where the variant allows).

This module holds a language's whole content; the shape of one question (its wording,
options, yes/no steps) is in ``dialogs.question_schema`` and every name is re-exported here.
"""

from __future__ import annotations

from pydantic import Field

from dialogs.question_schema import (
    ChoiceOption,
    Question,
    QuestionKind,
    QuestionRole,
    Recheck,
    RecheckSide,
    SkipWhen,
    Strict,
    Wording,
    YesNoStep,
    YesNoTree,
)

__all__ = [
    "ChoiceOption",
    "CommonOutcome",
    "DangerPhrases",
    "HelpPrompt",
    "Labels",
    "LanguageContent",
    "Messages",
    "Meta",
    "Question",
    "QuestionKind",
    "QuestionRole",
    "Recheck",
    "RecheckSide",
    "SkipWhen",
    "Strict",
    "Survey",
    "Surveys",
    "Wording",
    "YesNoStep",
    "YesNoTree",
]


class CommonOutcome(Strict):
    """An outcome people often want, offered as a button (with a picture in easy read)."""

    id: str
    label: Wording  # the button
    statement: Wording  # what is recorded and read back: "I want to feel safe at home"
    yes_no_question: Wording  # asked one at a time in the yes_no variant


class HelpPrompt(Strict):
    """A gentle "help me decide" prompt; the typed answer fills ``{answer}`` in ``statement``."""

    id: str
    text: Wording
    statement: Wording


class Survey(Strict):
    """The ordered question ids of one timepoint."""

    steps: list[str] = Field(min_length=1)


class Surveys(Strict):
    start: Survey
    checkin: Survey
    end: Survey


class Labels(Strict):
    """Buttons and words the engine uses everywhere."""

    next: Wording
    more: Wording  # the last button of a page of a long list: shows the other options
    yes: Wording
    no: Wording
    not_sure: Wording
    prefer_not_to_say: Wording
    hide: Wording
    pause: Wording
    skip: Wording
    back: Wording
    own_words: Wording
    not_sure_yet: Wording
    help_me_decide: Wording
    done: Wording
    keep: Wording
    drop: Wording
    confirm_stop: Wording
    cancel_stop: Wording


class Messages(Strict):
    """Messages the engine shows outside questions."""

    reask: Wording  # typed answer not understood: kind re-ask
    type_your_words: Wording  # after "own words": please type (outcomes are read back as text)
    voice_saved: Wording
    voice_not_here: Wording  # a voice note where only typed words are taken
    text_too_long: Wording  # longer than the store accepts: please shorten
    paused: Wording  # how to come back
    resumed: Wording
    nothing_to_go_back_to: Wording
    skipped: Wording
    signposting: Wording  # 999, and 55 on a silent 999 call from a mobile
    unsafe_goodbye: Wording  # neutral: no sensitive words at all
    declined: Wording
    stop_explain: Wording  # what withdrawing means; asks to confirm
    stopped: Wording
    stop_cancelled: Wording
    help: Wording
    variant_changed: Wording
    language_changed: Wording
    choose_language: Wording  # /language alone: above the languages' buttons
    finished_already: Wording
    confirm_outcome: Wording  # "Is this right? {outcome}"
    outcomes_so_far: Wording  # "You chose: {outcomes}. Pick more, or press Done."
    no_outcomes_yet: Wording
    rechecked: Wording  # yes_no: the two answers differed, asking once more


class DangerPhrases(Strict):
    """Words and phrases that trigger signposting and a hub alert. Matching ignores case,
    punctuation and spacing, and tolerates small misspellings of words of 5+ letters."""

    phrases: list[str] = Field(min_length=1)


class Meta(Strict):
    language: str  # BCP 47 tag, e.g. "en", "cy"
    name: str  # the language's own name, shown in /language
    draft: bool = False  # true until a native speaker has reviewed it
    review_note: str = ""
    # Typed (or dictated) numbers in words: entry n holds the words for option n + 1.
    number_words: list[list[str]] = []
    # Other ways people type "I don't know" (besides the buttons' words): where the person's
    # own words are asked for an outcome, these are "not sure yet", never an outcome.
    unsure_words: list[str] = []
    # Ways people type "nothing" there: no outcome wanted (recorded as none), not an outcome.
    nothing_words: list[str] = []


class LanguageContent(Strict):
    """Everything for one language, merged from the files of its folder."""

    meta: Meta
    labels: Labels
    messages: Messages
    questions: dict[str, Question]
    surveys: Surveys
    common_outcomes: list[CommonOutcome]
    help_prompts: list[HelpPrompt]
    danger: DangerPhrases
