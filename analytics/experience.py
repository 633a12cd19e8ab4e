"""End-of-case experience measures, support flags and danger alerts for one group."""

from __future__ import annotations

import statistics

from analytics.schema import Alerts, Experience, Measure, Share
from analytics.suppress import Presenter
from dialogs.vocabulary import MEASURE_SCALES, NON_ANSWERS
from storage.reporting import AlertCounts

EXPERIENCE_MEASURES: tuple[str, ...] = (
    "made_safer",
    "how_much_safer",
    "listened_to",
    "involved",
    "wellbeing",
    "wants_more_support",
)
ALERT_REASONS: tuple[str, ...] = ("danger_words", "in_danger_now")


def summarise_measure(measure: str, counts: dict[str, int], present: Presenter) -> Measure:
    """One measure's answers in scale order, then don't know and prefer not to say."""
    values = (*MEASURE_SCALES[measure], *NON_ANSWERS)
    ordered = {value: counts.get(value, 0) for value in values}
    base = sum(ordered.values())
    return Measure(
        base=present.count(base),
        counts=present.counts(ordered),
        percents=present.percents(ordered, base),
    )


def summarise_experience(
    measures: dict[str, dict[str, int]], support_flags_open: int, present: Presenter
) -> Experience:
    """The experience section: each end measure, the made_safer yes share, open flags."""
    made_safer = measures.get("made_safer", {})
    yes, no = made_safer.get("yes", 0), made_safer.get("no", 0)
    return Experience(
        measures={
            name: summarise_measure(name, measures.get(name, {}), present)
            for name in EXPERIENCE_MEASURES
        },
        made_safer_yes=Share(
            count=present.count(yes),
            base=present.count(yes + no),
            percent=present.percent(yes, yes + no),
        ),
        support_flags_open=present.count(support_flags_open),
    )


def summarise_alerts(alerts: AlertCounts, present: Presenter) -> Alerts:
    """Alerts raised and acknowledged; times shown only when enough were acknowledged."""
    minutes = alerts.minutes_to_acknowledge
    timed = present.base_ok(len(minutes))
    return Alerts(
        raised=present.count(alerts.raised),
        acknowledged=present.count(alerts.acknowledged),
        by_reason=present.counts({r: alerts.by_reason.get(r, 0) for r in ALERT_REASONS}),
        median_minutes_to_acknowledge=round(statistics.median(minutes), 1) if timed else None,
        # The longest wait describes one alert, so only the hub sees it.
        longest_minutes_to_acknowledge=(
            round(max(minutes), 1) if timed and present.exact else None
        ),
    )
