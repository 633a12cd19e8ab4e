"""The sections of the report model (pydantic): flow, paired safety and its test, outcomes,
experience, alerts and the hub's free-text tone. ``analytics.schema`` assembles them into a
group and the report, and documents the rules the figures follow."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Shown = int | str


class Model(BaseModel):
    """Every report model refuses keys it does not define."""

    model_config = ConfigDict(extra="forbid")


class Flow(Model):
    """Cases opened, invites used, surveys completed, and reasons for missing end surveys."""

    opened: Shown
    invites_used: Shown
    start_completed: Shown
    closed: Shown
    end_completed: Shown
    end_completed_percent_of_closed: float | None
    end_missing: dict[str, Shown]


class Share(Model):
    """A count out of a base, with its percentage."""

    count: Shown
    base: Shown
    percent: float | None


class Wilcoxon(Model):
    """Wilcoxon signed-rank test of end level against start level (scipy.stats.wilcoxon).

    ``zero_method`` is scipy's (``wilcox``: pairs with no change are left out of the
    ranking); ``p_value_method`` says whether the p-value is exact or approximate. When the
    test is not run, ``reason`` says why in plain words and the figures are null.
    ``p_value_shown`` is the p-value as text: 4 significant figures for the hub; for the
    board 3 decimal places, or "< 0.001" (then ``p_value`` is null), because an exact
    p-value of a small group can be worked back to how each person's level changed.
    ``pairs_with_change`` and ``pairs_without_change`` are null for the board (they are
    safer + less safe and same, shown in the safety section).
    """

    performed: bool
    reason: str | None = None
    zero_method: str = "wilcox"
    p_value_method: Literal["exact", "exact_permutation", "approximate"] | None = None
    p_value_method_detail: str | None = None
    statistic: float | None = None
    p_value: float | None = None
    p_value_shown: str | None = None
    pairs_with_change: Shown | None = None
    pairs_without_change: Shown | None = None


class Safety(Model):
    """Paired safety: start level (the last answer of the first start survey, so a
    corrected answer counts) against the last end level (4 = as safe as I want).

    Distributions are over the paired cases only, keyed "1" to "4". ``median_change`` is the
    median of (end level - start level); levels are never averaged or otherwise treated as
    equal intervals. ``unpaired`` counts cases left out and why.
    """

    pairs: Shown
    safer: Shown
    same: Shown
    less_safe: Shown
    safer_percent: float | None
    same_percent: float | None
    less_safe_percent: float | None
    median_change: float | None
    start_distribution: dict[str, Shown]
    end_distribution: dict[str, Shown]
    as_safe_as_wanted_start: Share
    as_safe_as_wanted_end: Share
    wilcoxon: Wilcoxon
    unpaired: dict[str, Shown]


class Outcomes(Model):
    """SAC SG4a and how far the outcomes people named were achieved.

    ``sg4a``: asked and outcomes expressed / asked and none expressed / not asked, from the
    bot's record (``not_asked``: the bot was used but never asked), and ``not_recorded``
    (the bot was never used, or the answers were erased - the case was, or its people
    withdrew - so it is not known).
    ``fully``/``partially``/``not_achieved`` are among cases with outcomes expressed and an
    end survey whose per-outcome answers include at least one yes, partly or no
    (``achieved_base``): fully when every such answer is yes, not achieved when every such
    answer is no, else partially. Don't know, prefer not to say and unanswered outcomes
    are set aside, never scored; ``with_non_answers`` counts classified cases where that
    happened, and ``not_known`` counts cases where no outcome got a yes, partly or no.
    ``no_end_survey`` counts cases with outcomes expressed but no end survey, so that
    achieved_base + not_known + no_end_survey = sg4a expressed.
    """

    sg4a: dict[str, Shown]
    achieved_base: Shown
    fully: Shown
    partially: Shown
    not_achieved: Shown
    fully_percent: float | None
    partially_percent: float | None
    not_achieved_percent: float | None
    not_known: Shown
    with_non_answers: Shown
    no_end_survey: Shown = 0


class Measure(Model):
    """One end-of-case question: answers by value (last end answer per case)."""

    base: Shown
    counts: dict[str, Shown]
    percents: dict[str, float | None]


class Experience(Model):
    """Experience at the end: made_safer (with the share answering yes), how_much_safer,
    listened_to, involved, wellbeing, wants_more_support; and open support flags.

    Percentages in each measure are of everyone who was asked, don't know and prefer not to
    say included; ``made_safer_yes`` is the share yes among those who answered yes or no.
    """

    measures: dict[str, Measure]
    made_safer_yes: Share
    support_flags_open: Shown


class Alerts(Model):
    """Danger alerts raised and acknowledged, and minutes from raising to acknowledgement."""

    raised: Shown
    acknowledged: Shown
    by_reason: dict[str, Shown]
    median_minutes_to_acknowledge: float | None
    longest_minutes_to_acknowledge: float | None


class Polarity(Model):
    """TextBlob polarity (-1 negative to +1 positive) of one set of comments."""

    texts: int
    mean_polarity: float | None
    negative: int
    neutral: int
    positive: int


class FreeText(Model):
    """Hub only: an indicative tone of free text, never the text itself."""

    label: str = "Indicative only: automatic polarity (TextBlob), not a measure of wellbeing"
    start: Polarity
    end: Polarity
    danger_alerts: int
