"""Property: whatever a person sends, in any order, the engine never raises, never records a
value off its measure's scale, keeps a JSON-safe state, and always leaves the person at a
question (or paused, or at a clear end)."""

from __future__ import annotations

import json
from dataclasses import asdict

from hypothesis import HealthCheck, given, settings
from hypothesis import event as note
from hypothesis import strategies as st

from dialogs.content import load_catalogue
from dialogs.engine import begin, handle
from dialogs.types import (
    Answer,
    Choose,
    Command,
    HideRequested,
    Outcome,
    SessionState,
    Text,
    Turn,
    Voice,
)
from dialogs.vocabulary import (
    ANSWERED_BY,
    FREE_TEXT_MEASURES,
    MEASURE_SCALES,
    NON_ANSWERS,
    TEXT_VALUE,
    TIMEPOINTS,
    VARIANTS,
    VOICE_VALUE,
)
from tests.dialogs.engine_fixtures import TINY

CATALOGUES = {"tiny": TINY, "shipped": load_catalogue()}
KEYS = [
    "yes", "no", "4", "3", "2", "1", "dont_know", "prefer_not_to_say", "next", "more", "done",
    "own_words", "help_me_decide", "not_sure_yet", "not_sure", "first", "second", "keep",
    "drop", "confirm_stop", "cancel_stop", "pskip", "c:home", "c:safe_at_home", "c:zzz",
    "partly", "a_lot", "happy", "self", "representative", *VARIANTS, "pause", "skip", "back",
    "", "c:",
]  # fmt: skip
COMMANDS = ["help", "pause", "resume", "back", "skip", "repeat", "stop", "variant", "language"]
WORDS = ["1", "2", "7", "0", "-1", "yes", "No!", "kill me", "he hurt me", "Next", "done",
         "🙂", "   ", "hide", "Pause", "{outcome}", "{answer}", "I want a cat|dog"]  # fmt: skip

odd_text = st.text(max_size=40) | st.sampled_from(WORDS)
long_text = st.integers(3990, 4010).map(lambda n: ("é🙂" * n)[:n])


class Pick(int):
    """Press the n-th button on screen (so random runs also get deep into surveys)."""


events = st.one_of(
    st.integers(0, 1).map(Pick),
    st.integers(0, 1).map(Pick),
    st.integers(0, 1).map(Pick),
    st.integers(0, 11).map(Pick),
    st.builds(Choose, st.sampled_from(KEYS) | st.text(max_size=12)),
    st.builds(Text, odd_text | long_text),
    st.builds(Voice, st.text(max_size=8)),
    st.builds(
        Command,
        st.sampled_from(COMMANDS),
        st.none()
        | st.sampled_from([*VARIANTS, "en", "xx", "pl", "zz", "easy-read"])
        | st.text(max_size=5),
    ),
)
starts = st.fixed_dictionaries(
    {
        "timepoint": st.sampled_from(TIMEPOINTS),
        "variant": st.sampled_from(VARIANTS),
        "answered_by": st.sampled_from(ANSWERED_BY),
        "consent_given": st.booleans(),
        "outcomes": st.lists(st.text(min_size=1, max_size=20), max_size=3).map(
            lambda texts: tuple(Outcome(f"o{i + 1}", t, "own_words") for i, t in enumerate(texts))
        ),
    }
)


def _check_answers(turn: Turn) -> None:
    for record in turn.records:
        if not isinstance(record, Answer):
            continue
        if record.measure in MEASURE_SCALES:
            assert record.value in (*MEASURE_SCALES[record.measure], *NON_ANSWERS)
        else:
            assert record.measure in FREE_TEXT_MEASURES
            assert record.value in (TEXT_VALUE, VOICE_VALUE)
            assert record.value == VOICE_VALUE or 0 < len(record.text or "") <= 4000


def _check_place(turn: Turn) -> None:
    status = turn.state.status
    if any(isinstance(r, HideRequested) for r in turn.records):
        assert () == turn.replies
    elif status == "active":
        shown = turn.replies[-1]
        assert "question" == shown.kind
        stopping = dict(turn.state.extra).get("stopping")
        choosing = dict(turn.state.extra).get("choosing")  # /howtoask or /language alone
        expected = "stop" if stopping else (choosing or turn.state.step)
        assert expected == shown.question_id
        assert turn.state.seq == shown.seq
    elif status == "paused":
        assert "question" != turn.replies[-1].kind
    else:  # over: no question, except /stop's after a completed or declined survey
        stopping = dict(turn.state.extra).get("stopping")
        expected = ["stop"] if stopping and status in ("completed", "declined") else []
        assert expected == [r.question_id for r in turn.replies if r.kind == "question"][-1:]


def _press(turn: Turn, event):
    if not isinstance(event, Pick):
        return event
    buttons = [o for r in turn.replies for o in r.options]
    return Choose(buttons[event % len(buttons)].key) if buttons else Text(f"words {event}")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    which=st.sampled_from(sorted(CATALOGUES)),
    start=starts,
    forward=st.integers(0, 30),
    sequence=st.lists(events, max_size=60),
)
def test_any_events_keep_the_survey_sound(
    which: str, start: dict, forward: int, sequence: list
) -> None:
    """Random events never raise, never record off-scale values, always leave a question
    shown (or a pause or a clear end), and the state survives a JSON round trip (stored as
    ``dataclasses.asdict`` would write it)."""
    catalogue = CATALOGUES[which]
    turn = begin(catalogue, language="en", **start)
    _check_place(turn)
    for event in [Pick(0)] * forward + sequence:  # first go some way in, then anything
        seq_before = turn.state.seq
        turn = handle(catalogue, turn.state, _press(turn, event))
        _check_answers(turn)
        _check_place(turn)
        assert turn.state.seq >= seq_before
        stored = json.dumps(turn.state.to_dict())
        assert json.dumps(asdict(turn.state)) == stored  # the same record as asdict gives
        assert turn.state == SessionState.from_dict(json.loads(stored))
    note(f"ended at {turn.state.step or 'start'} ({turn.state.status})")
