"""The fixed vocabulary the engine, storage and analytics share: ids that never change.

Analytics depends on these strings; content files may reword everything around them but
may not rename them.
"""

from typing import Literal

Timepoint = Literal["start", "checkin", "end"]
TIMEPOINTS: tuple[Timepoint, ...] = ("start", "checkin", "end")

Variant = Literal["standard", "easy_read", "yes_no", "screen_reader"]
VARIANTS: tuple[Variant, ...] = ("standard", "easy_read", "yes_no", "screen_reader")

# Wording keys: the four variants plus wording for someone answering on the person's behalf.
WORDINGS: tuple[str, ...] = (*VARIANTS, "representative")

AnsweredBy = Literal["self", "self_with_help", "representative"]
ANSWERED_BY: tuple[AnsweredBy, ...] = ("self", "self_with_help", "representative")

# Values every closed question also takes; stored as such, never as a score.
DONT_KNOW = "dont_know"
PREFER_NOT_TO_SAY = "prefer_not_to_say"
NON_ANSWERS: tuple[str, ...] = (DONT_KNOW, PREFER_NOT_TO_SAY)

# Measure ids and their scales (design.md, "Measures"). Free-text measures have no scale.
MEASURE_SCALES: dict[str, tuple[str, ...]] = {
    "safety": ("4", "3", "2", "1"),
    "outcome_achieved": ("yes", "partly", "no"),
    "made_safer": ("yes", "no"),
    "how_much_safer": ("a_lot", "quite_a_bit", "a_little", "not_at_all"),
    "listened_to": ("yes", "a_bit", "no"),
    "involved": ("yes", "a_bit", "no"),
    "wellbeing": ("happy", "unsure", "unhappy"),
    "wants_more_support": ("yes", "no"),
    "danger_now": ("yes", "no"),
}
FREE_TEXT_MEASURES: tuple[str, ...] = ("how_will_we_know", "comments")
# Outcomes are recorded as revisions (OutcomesRevised), not as scale answers.
OUTCOMES_MEASURE = "outcomes"
# Value stored for a free-text answer; the words themselves go in Answer.text.
TEXT_VALUE = "text"
VOICE_VALUE = "voice"
