"""Resume: the state saved as JSON mid-survey and restored gives exactly the answers and the
end state of an uninterrupted run, wherever the cut falls (also inside yes/no trees, the
outcome menu and the stop confirmation)."""

from __future__ import annotations

import json

import pytest

from dialogs.engine import begin, handle
from dialogs.types import Choose, Command, Outcome, SessionState, Text
from tests.dialogs.engine_fixtures import TINY, Person, tiny_person


def _scripted(person: Person, **begin_args) -> list:
    """The events ``person`` sends in an uninterrupted run."""
    turn = begin(TINY, **begin_args)
    events = []
    while turn.state.status == "active" and len(events) < 200:
        events.append(person.respond(turn))
        turn = handle(TINY, turn.state, events[-1])
    return events


def _run(events: list, cut: int | None, **begin_args) -> tuple[list, SessionState]:
    turn = begin(TINY, **begin_args)
    records = list(turn.records)
    for index, event in enumerate(events):
        if index == cut:
            saved = json.dumps(turn.state.to_dict())
            turn = type(turn)(state=SessionState.from_dict(json.loads(saved)))
        turn = handle(TINY, turn.state, event)
        records.extend(turn.records)
    return records, turn.state


CASES = {
    "start_yes_no": (
        tiny_person(how_to_ask="yes_no", commons=("money",), own_words=("A dog",)),
        {"timepoint": "start", "variant": "standard", "language": "en", "answered_by": "self"},
    ),
    "end_easy_read": (
        tiny_person(choices={"safety": "1", "danger_now": "yes", "made_safer": "no"},
                    achieved={"home": "partly", "cat": "no"}),
        {"timepoint": "end", "variant": "easy_read", "language": "en", "answered_by": "self",
         "consent_given": True,
         "outcomes": (Outcome("o1", "home", "common:home"), Outcome("o2", "cat", "own_words"))},
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_resume_anywhere_gives_identical_answers(case: str) -> None:
    """For every cut point, save/restore through JSON yields the same records and state."""
    person, args = CASES[case]
    events = _scripted(person, **args)
    expected_records, expected_state = _run(events, None, **args)
    assert "completed" == expected_state.status
    for cut in range(len(events)):
        records, state = _run(events, cut, **args)
        assert (expected_records, expected_state) == (records, state), f"cut at {cut}"


def test_resume_during_pause_and_stop_confirmation() -> None:
    """A paused survey and a pending stop confirmation survive a save and restore."""
    args = {"timepoint": "start", "variant": "standard", "language": "en", "answered_by": "self"}
    events = [Choose("yes"), Command("pause"), Text("back again"), Choose("next"),
              Command("stop"), Choose("cancel_stop"), Choose("yes")]  # fmt: skip
    expected = _run(events, None, **args)
    assert "how_to_ask" == expected[1].step
    for cut in range(len(events)):
        assert expected == _run(events, cut, **args), f"cut at {cut}"
