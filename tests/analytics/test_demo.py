"""``checkin demo`` drives the real engine and store; ``checkin report`` then reads it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from analytics.demo_person import Profile, next_event
from analytics.schema import Report
from bot.cli import main
from dialogs.content import load_catalogue
from dialogs.engine import begin, handle
from dialogs.types import Answer
from tests.analytics.test_reporting_sql import KEY

CATALOGUE = load_catalogue()


def _answers(timepoint: str, profile: Profile, variant: str) -> dict[str, str]:
    """Run one survey with the simulated person; the answers the engine recorded."""
    turn = begin(CATALOGUE, timepoint, variant=variant, language="en",  # type: ignore[arg-type]
                 answered_by=profile.answered_by, outcomes=())  # type: ignore[arg-type]  # fmt: skip
    rng, recorded = random.Random(0), {}
    for _ in range(120):
        recorded.update({r.measure: r.value for r in turn.records if isinstance(r, Answer)})
        questions = [r for r in turn.replies if r.kind == "question"]
        if turn.state.status != "active" or not questions:
            break
        turn = handle(CATALOGUE, turn.state, next_event(questions[-1], turn.state, profile, rng))
    assert "completed" == turn.state.status
    return recorded


@pytest.mark.parametrize("variant", ["standard", "easy_read", "yes_no", "screen_reader"])
@pytest.mark.parametrize("level", ["1", "2", "3", "4"])
def test_simulated_person_lands_on_their_safety_level_in_every_variant(
    variant: str, level: str
) -> None:
    """Through buttons, numbered options or the yes/no tree with its re-check, the engine
    records the level the simulated person means, at the start and at the end."""
    profile = Profile(variant=variant, answered_by="self", start_level=level, end_level=level,
                      end_answers={"made_safer": "no", "wellbeing": "unsure"})  # fmt: skip
    assert level == _answers("start", profile, variant)["safety"]
    end = _answers("end", profile, variant)
    assert (level, "no") == (end["safety"], end["made_safer"])


def test_demo_then_report_end_to_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 16-case demo written through the store, then a hub JSON report of it: every case
    is there, with pairs, answers from more than one kind of answerer, and a board HTML."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHECKIN_DATA_KEY", KEY)
    db = tmp_path / "demo.db"
    assert 0 == main(["demo", "--cases", "16", "--seed", "4", "--db", str(db)])
    out = capsys.readouterr().out
    assert "Board report: reports/demo-report.html" in out
    assert "<figure" in (tmp_path / "reports" / "demo-report.html").read_text()
    assert 0 == main(["report", "--db", str(db), "--format", "json", "--audience", "hub"])
    report = Report.model_validate_json(capsys.readouterr().out)
    assert 16 == report.cases
    assert isinstance(report.safety.pairs, int) and report.safety.pairs >= 5
    assert len(report.safety_by_answered_by) >= 2
    assert 1 == main(["demo", "--cases", "3", "--db", str(db)])  # never over an existing store
