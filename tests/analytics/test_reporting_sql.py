"""The report queries on a real SQLite store built through the storage API (tmp_path)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import generate_key, open_store
from storage.reporting import (
    AchievementCell,
    ReportFilters,
    SafetyCell,
    free_texts,
    report_counts,
)
from tests.analytics.store_helpers import (
    START,
    Clock,
    Survey,
    example_partnership,
    run_case,
    take_survey,
)

KEY = generate_key()


@pytest.fixture
async def store_path(tmp_path: Path) -> Path:
    """A store holding the six example cases A-F (see store_helpers.example_partnership)."""
    path = tmp_path / "report.db"
    clock = Clock(START)
    async with open_store(path, KEY, clock=clock) as store:
        await example_partnership(store, clock)
    return path


async def _counts(path: Path, filters: ReportFilters = ReportFilters(), dims=()):  # noqa: B008
    async with open_store(path, KEY) as store:
        return await report_counts(store, filters, list(dims))


async def test_flow_counts_by_hand(store_path: Path) -> None:
    """6 opened; A-E joined and finished the start; A-E closed; A-D answered at the end;
    E was closed without an end survey because the person declined."""
    flow = (await _counts(store_path)).overall.flow
    assert (6, 5, 5, 5, 4, {"declined": 1}) == (
        flow.opened, flow.invites_used, flow.start_completed, flow.closed, flow.end_completed,
        flow.end_missing,
    )  # fmt: skip


async def test_safety_cells_first_start_and_last_end_answer(store_path: Path) -> None:
    """Pairs A 2->4, B 3->3, D 4->2; C starts with don't know; E has no end; F nothing."""
    cells = set((await _counts(store_path)).overall.safety)
    assert {
        SafetyCell("2", "4", 1),
        SafetyCell("3", "3", 1),
        SafetyCell("4", "2", 1),
        SafetyCell("dont_know", "1", 1),
        SafetyCell("1", None, 1),
        SafetyCell(None, None, 1),
    } == cells


async def test_sg4a_and_achievement_cells(store_path: Path) -> None:
    """Expressed: A, C, D; none expressed: B; not asked: E (used the bot, no outcomes
    question); not recorded: F (never used the bot). Among expressed cases with an end
    survey: A yes + don't know, C no, D partly."""
    overall = (await _counts(store_path)).overall
    assert {"expressed": 3, "none_expressed": 1, "not_asked": 1, "not_recorded": 1} == overall.sg4a
    assert {
        AchievementCell(True, False, False, True, 1),
        AchievementCell(False, False, True, False, 1),
        AchievementCell(False, True, False, False, 1),
    } == set(overall.achievement)


async def test_end_measures_alerts_and_time_to_acknowledge(store_path: Path) -> None:
    """made_safer: A yes, B no. One danger alert (C), acknowledged 10 minutes later."""
    overall = (await _counts(store_path)).overall
    assert {"yes": 1, "no": 1} == overall.measures["made_safer"]
    alerts = overall.alerts
    assert (1, 1, {"danger_words": 1}, (10.0,)) == (
        alerts.raised, alerts.acknowledged, alerts.by_reason, alerts.minutes_to_acknowledge
    )  # fmt: skip


async def test_answered_by_splits_self_representative_mixed_and_no_answers(
    store_path: Path,
) -> None:
    """A, C, E answered by themselves; B by a representative; D self then with help
    (mixed); F gave no answers. The groups add up to the whole selection."""
    breakdown = (await _counts(store_path)).breakdowns["answered_by"]
    sizes = {value: group.cases for value, group in breakdown.items()}
    assert {"self": 3, "representative": 1, "mixed": 1, "no_answers": 1} == sizes
    assert {SafetyCell("3", "3", 1)} == set(breakdown["representative"].safety)


async def test_breakdowns_by_organisation_month_variant_and_concern_type(store_path: Path) -> None:
    """Police has A-C (January), Housing D-F (February); B is easy read; A has two
    concern types and is counted under both."""
    dims = ("organisation", "month", "quarter", "variant", "concern_type", "team")
    breakdowns = (await _counts(store_path, dims=dims)).breakdowns
    sizes = {d: {v: g.cases for v, g in rows.items()} for d, rows in breakdowns.items()}
    assert {"Police": 3, "Housing": 3} == sizes["organisation"]
    assert {"2026-01": 3, "2026-02": 3} == sizes["month"]
    assert {"2026-Q1": 6} == sizes["quarter"]
    assert {"standard": 4, "easy_read": 1, "no_answers": 1} == sizes["variant"]
    assert {"neglect": 1, "financial": 1, "not_recorded": 5} == sizes["concern_type"]
    assert {"Police / North": 3, "Housing / East": 3} == sizes["team"]


async def test_filters_select_by_date_organisation_and_team(store_path: Path) -> None:
    """--from/--to are inclusive days on the opening date; --org and --team narrow it."""
    assert 3 == (await _counts(store_path, ReportFilters(date_from="2026-02-01"))).overall.cases
    assert 3 == (await _counts(store_path, ReportFilters(date_to="2026-01-10"))).overall.cases
    assert 0 == (await _counts(store_path, ReportFilters(date_to="2026-01-09"))).overall.cases
    assert 3 == (await _counts(store_path, ReportFilters(organisation="Housing"))).overall.cases
    assert (
        0
        == (
            await _counts(store_path, ReportFilters(organisation="Housing", team="North"))
        ).overall.cases
    )


async def test_free_texts_are_decrypted_for_the_hub_figure(store_path: Path) -> None:
    """Start how_will_we_know and end comments of the selection come back decrypted."""
    async with open_store(store_path, KEY) as store:
        texts = await free_texts(store, ReportFilters())
        none = await free_texts(store, ReportFilters(organisation="Housing"))
    assert {"start": ["I will feel calm"], "end": ["This help was great"]} == texts
    assert {"start": [], "end": []} == none


async def test_an_empty_store_gives_zero_counts(tmp_path: Path) -> None:
    """No cases: every count is zero and nothing fails."""
    async with open_store(tmp_path / "empty.db", KEY) as store:
        counts = await report_counts(store, ReportFilters(), ["organisation"])
    assert (0, (), {}) == (
        counts.overall.cases,
        counts.overall.safety,
        counts.breakdowns["organisation"],
    )


async def test_same_team_name_in_two_organisations_is_two_team_rows(tmp_path: Path) -> None:
    """Team names are unique only within an organisation: Police's North (2 cases) and
    Housing's North (1 case) are two rows, not one "North" row of 3."""
    path = tmp_path / "teams.db"
    async with open_store(path, KEY, clock=Clock(START)) as store:
        for org, ref in (("Police", "P1"), ("Police", "P2"), ("Housing", "H1")):
            await run_case(store, org, "North", ref, 100 + len(ref))
    team_rows = (await _counts(path, dims=("team",))).breakdowns["team"]
    assert {"Police / North": 2, "Housing / North": 1} == {
        value: group.cases for value, group in team_rows.items()
    }


async def test_language_breakdown_agrees_start_and_end_answers(tmp_path: Path) -> None:
    """The language of a case's start and end safety answers: English throughout (E1),
    Polish throughout (P1), English then Polish ('mixed', M1), and no answers (N1)."""
    path = tmp_path / "languages.db"

    def survey(level: str, language: str) -> Survey:
        return Survey([("safety", level, None, None)], language=language)

    async with open_store(path, KEY, clock=Clock(START)) as store:
        for ref, start, end in (("E1", "en", "en"), ("P1", "pl", "pl"), ("M1", "en", "pl")):
            await run_case(store, "Police", "North", ref, 200 + ord(ref[0]),
                           survey("2", start), survey("3", end))  # fmt: skip
        await run_case(store, "Police", "North", "N1", 299)
    rows = (await _counts(path, dims=("language",))).breakdowns["language"]
    assert {"en": 1, "pl": 1, "mixed": 1, "no_answers": 1} == {
        value: group.cases for value, group in rows.items()
    }
    assert {SafetyCell("2", "3", 1)} == set(rows["pl"].safety)


async def test_a_start_answer_corrected_with_back_is_the_baseline(tmp_path: Path) -> None:
    """G answered 2, went Back and answered 3 in the same start survey: the baseline is 3,
    so 3 -> 4 is one level safer (not two). H's start survey said 1; a representative's
    later start survey (another session) said 4: the first survey's answer, 1, stays.
    Both reports (by language too) read the corrected answer's attributes."""
    path = tmp_path / "back.db"
    async with open_store(path, KEY, clock=Clock(START)) as store:
        corrected = Survey([("safety", "2", None, None), ("safety", "3", None, None)])
        await run_case(store, "Police", "North", "G", 301, corrected,
                       Survey([("safety", "4", None, None)]))  # fmt: skip
        await run_case(store, "Police", "North", "H", 302, Survey([("safety", "1", None, None)]))
        case = await store.cases.get("H", organisation="Police")
        invite = await store.create_invite(case, "representative", "start")
        rep = await store.redeem_invite(invite.token, 303)
        later = Survey([("safety", "4", None, None)], answered_by="representative")
        await take_survey(store, rep.id, "start", later)
    counts = await _counts(path, dims=("language",))
    assert {SafetyCell("3", "4", 1), SafetyCell("1", None, 1)} == set(counts.overall.safety)
    assert {"self": 2} == {k: g.cases for k, g in counts.breakdowns["answered_by"].items()}
    assert {"en": 2} == {k: g.cases for k, g in counts.breakdowns["language"].items()}


async def test_outcomes_taken_back_in_the_same_survey_are_not_expressed(tmp_path: Path) -> None:
    """K picked an outcome, went Back and chose 'not sure yet' in the same start survey:
    SG4a is 'asked, none expressed', not 'expressed'. M expressed an outcome at the start
    and dropped it at a later check-in: still 'expressed' (they did say what they wanted)."""
    path = tmp_path / "outcomes_back.db"
    async with open_store(path, KEY, clock=Clock(START)) as store:
        retracted = Survey([("safety", "2", None, None)], taken_back=("o1",),
                           outcome_status="not_sure_yet")  # fmt: skip
        await run_case(store, "Police", "North", "K", 401, retracted)
        expressed = Survey([("safety", "2", None, None)], outcomes=("o1",),
                           outcome_status="expressed")  # fmt: skip
        await run_case(store, "Police", "North", "M", 402, expressed)
        case = await store.cases.get("M", organisation="Police")
        invite = await store.create_invite(case, "person", "checkin")
        person = await store.redeem_invite(invite.token, 402)
        await take_survey(store, person.id, "checkin", Survey(outcome_status="none"))
    assert {"none_expressed": 1, "expressed": 1} == (await _counts(path)).overall.sg4a
