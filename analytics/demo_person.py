"""A simulated person for ``checkin demo``: chooses what to press or type at each question.

It answers the real engine's questions as a person with a given profile would (a safety
level at the start and the end, outcomes, how the help went), in any variant, including the
yes/no trees. Pure: a reply and state in, an event out; randomness from the given ``rng``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from dialogs.types import Choose, Command, Event, Reply, SessionState, Text

HOW_WILL_WE_KNOW = (
    "I will feel calm at home",
    "He will stop coming round",
    "I can pay my bills again",
    "I will sleep better",
    "My daughter will visit",
)
COMMENTS = (
    "Thank you, the help was great",
    "It took too long and nobody rang me back",
    "I feel much better now",
    "Staff were kind",
    "I am still worried about money",
    "He still hurts me and I am scared",  # trips the danger words: an alert for the hub
)


@dataclass
class Profile:
    """How one simulated person answers. Values are keys on the measures' scales."""

    variant: str
    answered_by: str
    start_level: str
    end_level: str
    outcome_picks: int = 1  # common outcomes chosen at the start (0: "not sure yet")
    achieved: str = "yes"
    end_answers: dict[str, str] = field(default_factory=dict)
    consent: bool = True
    safe_to_talk: bool = True
    drop_at_checkin: bool = False


def _yes_no_safety(state: SessionState, level: str, keys: list[str]) -> str:
    """Walk the yes/no safety tree (safe? as safe as you want? a little bit safe?) and its
    either/or re-check so that it lands on ``level``."""
    sub = dict(state.sub)
    high = level in ("3", "4")
    if sub.get("stage") == "recheck":
        return "first" if high else "second"
    if level not in ("1", "2", "3", "4"):
        return "not_sure" if "not_sure" in keys else keys[-1]
    wanted = {None: high, "as_safe": level == "4", "bit_safe": level == "2"}.get(
        sub.get("yn"), high
    )
    return "yes" if wanted else "no"


def _outcome_pick(
    state: SessionState, keys: list[str], profile: Profile, rng: random.Random
) -> Event:
    if profile.outcome_picks == 0:
        return Choose("not_sure_yet") if "not_sure_yet" in keys else Choose("no")
    if "c:safe_at_home" not in keys and "yes" in keys:  # yes/no: one common outcome a step
        return Choose("yes" if rng.random() < 0.3 else "no")
    chosen = len(state.pending)
    common = [key for key in keys if key.startswith("c:") and key not in state.pending]
    if chosen < profile.outcome_picks and common:
        return Choose(rng.choice(common))
    return Choose("done") if "done" in keys else Choose(keys[0])


def _review(state: SessionState, keys: list[str], profile: Profile) -> Event:
    if "keep" in keys:
        return Choose(
            "drop" if profile.drop_at_checkin and not dict(state.sub).get("i") else "keep"
        )
    return Choose("done") if "done" in keys else Choose(keys[0])


def _scale(wanted: str, keys: list[str], rng: random.Random) -> str:
    if wanted in keys:
        return wanted
    if wanted in ("dont_know", "prefer_not_to_say") and "more" in keys:
        return "more"
    if "yes" in keys:  # a yes/no step of another measure
        return "yes" if rng.random() < 0.6 else "no"
    return keys[0]


def next_event(reply: Reply, state: SessionState, profile: Profile, rng: random.Random) -> Event:
    """What this person does at this question."""
    keys = [option.key for option in reply.options]
    question = reply.question_id or ""
    if not keys:
        phrases = COMMENTS if question == "comments" else HOW_WILL_WE_KNOW
        return Text(rng.choice(phrases)) if reply.accepts_text else Command("skip")
    fixed = {
        "safe_to_talk": "yes" if profile.safe_to_talk else "no",
        "consent": "yes" if profile.consent else "no",
        "how_to_ask": profile.variant,
        "who_answering": profile.answered_by,
        "practice": "yes",
        "danger_now": "yes" if rng.random() < 0.2 else "no",
    }
    if question in fixed and fixed[question] in keys:
        return Choose(fixed[question])
    if question == "safety":
        level = profile.start_level if state.timepoint == "start" else profile.end_level
        if state.timepoint == "checkin":
            level = profile.start_level
        if level in keys:
            return Choose(level)
        return Choose(
            _yes_no_safety(state, level, keys) if "yes" in keys or "first" in keys else keys[0]
        )
    if question == "outcomes":
        return _outcome_pick(state, keys, profile, rng)
    if question == "outcomes_review":
        return _review(state, keys, profile)
    if question == "outcomes_achieved":
        return Choose(_scale(profile.achieved, keys, rng))
    if question in profile.end_answers:
        return Choose(_scale(profile.end_answers[question], keys, rng))
    return Choose("next" if "next" in keys else keys[0])
