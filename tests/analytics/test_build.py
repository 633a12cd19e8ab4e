"""The assembled report: answerers apart and together, breakdowns, audiences, free text."""

from analytics.build import build_report
from analytics.schema import Filters, FreeText, Polarity
from analytics.sentiment import summarise_polarity
from analytics.suppress import SUPPRESSED
from tests.analytics.helpers import example_counts

FREE_TEXT = FreeText(
    start=Polarity(texts=2, mean_polarity=0.1, negative=0, neutral=1, positive=1),
    end=Polarity(texts=1, mean_polarity=0.5, negative=0, neutral=0, positive=1),
    danger_alerts=2,
)


def _numbers(value: object) -> list[object]:
    """Every int or float anywhere in a dumped model."""
    if isinstance(value, dict):
        return [n for item in value.values() for n in _numbers(item)]
    if isinstance(value, list):
        return [n for item in value for n in _numbers(item)]
    return [value] if isinstance(value, int | float) and not isinstance(value, bool) else []


def test_self_and_representative_answers_are_reported_apart_and_together() -> None:
    """The whole selection has all 10 pairs; each answerer group has its own section."""
    report = build_report(example_counts(), Filters(), "hub")
    assert 10 == report.safety.pairs
    assert ["self", "representative"] == list(report.safety_by_answered_by)
    assert (10, 1) == (
        report.safety_by_answered_by["self"].pairs,
        report.safety_by_answered_by["representative"].pairs,
    )


def test_only_the_requested_breakdowns_are_included() -> None:
    """--by organisation gives one breakdown, rows sorted by value."""
    report = build_report(example_counts(), Filters(by=["organisation"]), "hub")
    assert [("organisation", ["Housing", "Police"])] == [
        (b.dimension, [row.value for row in b.rows]) for b in report.breakdowns
    ]


def test_board_rows_never_describe_a_single_case() -> None:
    """The one-case Housing row and answerer group carry no number at all for the board."""
    report = build_report(example_counts(), Filters(by=["organisation"]), "board")
    housing = report.breakdowns[0].rows[0]
    assert "Housing" == housing.value
    dumped = housing.model_dump()
    dumped.pop("value")
    assert [] == _numbers(dumped)
    assert [] == _numbers(report.safety_by_answered_by["representative"].model_dump())
    assert SUPPRESSED == housing.cases


def test_free_text_polarity_reaches_the_hub_only() -> None:
    """The board report drops the free-text section even when it is given."""
    hub = build_report(example_counts(), Filters(), "hub", free_text=FREE_TEXT)
    board = build_report(example_counts(), Filters(), "board", free_text=FREE_TEXT)
    assert (FREE_TEXT, None) == (hub.free_text, board.free_text)


def test_polarity_counts_negative_neutral_and_positive_texts() -> None:
    """TextBlob reads 'great' as positive, 'terrible' as negative, a plain fact as neutral."""
    summary = summarise_polarity(
        ["This help was great", "It was terrible", "We met on Tuesday", " "]
    )
    assert (3, 1, 1, 1) == (summary.texts, summary.negative, summary.neutral, summary.positive)


def test_every_reason_for_a_missing_end_survey_is_listed_even_at_zero() -> None:
    """Only 'declined' happened (2 cases), yet the board sees every reason as [c]: listing
    only the reasons that happened would tell it that this [c] is not 0."""
    board = build_report(example_counts(), Filters(), "board")
    assert {
        "unsafe_to_contact": SUPPRESSED, "declined": SUPPRESSED, "lacks_capacity": SUPPRESSED,
        "no_contact": SUPPRESSED, "other": SUPPRESSED, "not_recorded": SUPPRESSED,
    } == board.flow.end_missing  # fmt: skip
    hub = build_report(example_counts(), Filters(), "hub")
    assert (2, 0) == (hub.flow.end_missing["declined"], hub.flow.end_missing["no_contact"])
