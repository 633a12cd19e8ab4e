"""The shape of one question in the content files (pydantic, extra fields forbidden): its
wording in every variant (``Wording``), its options, the yes/no steps of the yes_no variant
with their either/or re-check, and when it is left out (``SkipWhen``). ``dialogs.schema``
puts questions together into a language's whole content and re-exports these names.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Wording(Strict):
    """One text in every variant, plus representative wording."""

    standard: str
    easy_read: str
    yes_no: str
    screen_reader: str
    representative: str


class ChoiceOption(Strict):
    """A closed answer: ``value`` is on the measure's scale (or dont_know/prefer_not_to_say)."""

    value: str
    label: Wording


class YesNoStep(Strict):
    """One yes/no step of the yes_no variant. ``yes``/``no``/``not_sure`` name the next step,
    or a value when written as ``=value`` (for example ``=4``, ``=dont_know``)."""

    text: Wording  # the standard/representative keys are used for representative yes/no
    yes: str
    no: str
    not_sure: str = "=dont_know"


class RecheckSide(Strict):
    label: Wording
    values: list[str] = Field(min_length=1)


class Recheck(Strict):
    """An either/or re-check after the yes/no steps, to counter yes-saying."""

    text: Wording
    first: RecheckSide
    second: RecheckSide


class YesNoTree(Strict):
    start: str
    steps: dict[str, YesNoStep]
    recheck: Recheck | None = None


class SkipWhen(Strict):
    """Leave a question out when an earlier answer has already given it ("how much safer?"
    after "no, the help has not made me feel safer")."""

    question: str  # an earlier choice question with a measure, in the same survey
    values: list[str] = Field(min_length=1)  # its answers that make this question pointless


QuestionKind = Literal[
    "info", "choice", "text", "outcomes_pick", "outcomes_review", "outcomes_achieved", "end"
]
QuestionRole = Literal[
    "safe_to_talk", "consent", "how_to_ask", "who_answering", "practice", "danger_now"
]


class Question(Strict):
    """One step of a survey (its id is its key under ``[questions]``).

    ``kind``: ``info`` (a message and a Next button), ``choice`` (one option), ``text`` (free
    text or a voice note), the three outcome steps, and ``end`` (the thank-you).
    ``role`` marks the shared steps the engine treats specially. ``measure`` is the stable
    id recorded with the answer (design.md, "Measures"); questions without one record
    nothing. ``{outcome}`` in the text of ``outcomes_achieved`` and ``outcomes_review`` is
    replaced with the person's own words.
    """

    kind: QuestionKind
    text: Wording
    measure: str | None = None
    role: QuestionRole | None = None
    options: list[ChoiceOption] = []
    yes_no: YesNoTree | None = None
    optional: bool = True  # may be skipped
    consent_version: str | None = None  # for role = "consent"
    skip_when: SkipWhen | None = None
