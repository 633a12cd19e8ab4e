"""The report's representative breakdown (``--by representative``): who the representative
who gave a case's safety answers is to the person (advocate, family, friend, other), as
staff said on their link; "kind_not_said" when it was not said or they answered on the
person's own phone; "no_representative" when the person answered; "mixed" when the start
and end answers disagree. Design: every answer records who answered, "and which kind"."""

from __future__ import annotations

from pathlib import Path

from storage import Store, generate_key, open_store
from storage.reporting import ReportFilters, SafetyCell, report_counts
from tests.analytics.store_helpers import START, Clock, Survey, take_survey

KEY = generate_key()


def _safety(level: str, answered_by: str = "representative") -> Survey:
    return Survey([("safety", level, None, None)], answered_by=answered_by)


async def _case(store: Store, ref: str, chat: int, rep_kind: str | None, end_by: str) -> None:
    """A case whose representative (of ``rep_kind``) answers the start; the end is
    answered by the representative again, or by the person (``end_by`` 'self')."""
    new = await store.create_case("Police", "North", ref, representative=True, rep_kind=rep_kind)
    rep = await store.redeem_invite(new.representative_token or "", chat)
    await take_survey(store, rep.id, "start", _safety("2"))
    await store.cases.close(ref, organisation="Police")
    kind = "representative" if end_by == "representative" else "person"
    invite = await store.create_invite(new.case, kind, "end")
    who = await store.redeem_invite(invite.token, chat if end_by == "representative" else chat + 1)
    await take_survey(store, who.id, "end", _safety("3", end_by))


async def test_cases_break_down_by_the_kind_of_representative(tmp_path: Path) -> None:
    """Family start and end (family), an advocate's (advocate), a link without a kind
    (kind_not_said), the person answering alone (no_representative), and a friend at the
    start with the person at the end (mixed); safety pairs stay with their group."""
    path = tmp_path / "reps.db"
    async with open_store(path, KEY, clock=Clock(START)) as store:
        await _case(store, "F1", 501, "family", "representative")
        await _case(store, "A1", 511, "advocate", "representative")
        await _case(store, "U1", 521, None, "representative")
        await _case(store, "M1", 531, "friend", "self")
        alone = await store.create_case("Police", "North", "S1")
        person = await store.redeem_invite(alone.person_token, 541)
        await take_survey(store, person.id, "start", _safety("1", "self"))
        counts = await report_counts(store, ReportFilters(), ("representative",))
    rows = counts.breakdowns["representative"]
    assert {"family": 1, "advocate": 1, "kind_not_said": 1, "mixed": 1,
            "no_representative": 1} == {value: g.cases for value, g in rows.items()}  # fmt: skip
    assert {SafetyCell("2", "3", 1)} == set(rows["family"].safety)
    assert {SafetyCell("1", None, 1)} == set(rows["no_representative"].safety)
