"""``checkin demo``: a realistic synthetic partnership made by driving the REAL engine and
store, exactly as the console channel would: cases opened, invites redeemed, every turn of
every survey (start, some check-ins, end) answered by a simulated person and saved with
``save_turn``, cases closed with the staff-side fields, alerts acknowledged by a hub member.
Nothing is inserted around the store. The store's clock is moved so cases span a year.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from analytics.demo_person import Profile
from analytics.demo_survey import acknowledge_alerts, run_survey
from dialogs.engine import Catalogue
from storage import Store
from storage.models import Case

ORGANISATIONS = {
    "South Yorkshire Police": ("Public Protection", "Neighbourhood"),
    "City Housing": ("Tenancy Support", "Homelessness"),
    "Community NHS Trust": ("Mental Health", "District Nursing"),
    "Riverside Care Homes": ("Residential",),
    "HomeCare Partners": ("Domiciliary",),
    "Fire and Rescue": ("Safe and Well",),
}
CONCERNS = ("neglect", "financial", "physical", "psychological", "domestic_abuse", "self_neglect")
VARIANTS = ("standard", "standard", "easy_read", "yes_no", "screen_reader")
ANSWERERS = ("self", "self", "self", "self_with_help", "representative")
NO_END_REASONS = ("unsafe_to_contact", "declined", "lacks_capacity", "no_contact", "other")


class DemoClock:
    """The store's clock, moved by the demo so cases open across the past year."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class DemoResult:
    cases: int = 0
    surveys: int = 0
    turns: int = 0
    alerts: int = 0


def _weighted(rng: random.Random, values: tuple[str, ...], weights: tuple[float, ...]) -> str:
    return rng.choices(values, weights=weights)[0]


def make_profile(rng: random.Random) -> Profile:
    """A person: most feel safer by the end, some the same, a few less safe."""
    start = _weighted(rng, ("1", "2", "3", "4", "dont_know"), (15, 30, 33, 17, 5))
    change = rng.choices((-1, 0, 1, 2), weights=(10, 35, 40, 15))[0]
    end = str(min(4, max(1, int(start) + change))) if start.isdigit() else rng.choice("1234")
    good = int(end) >= 3 if end.isdigit() else False
    return Profile(
        variant=rng.choice(VARIANTS),
        answered_by=rng.choice(ANSWERERS),
        start_level=start,
        end_level=end if rng.random() > 0.04 else "prefer_not_to_say",
        outcome_picks=rng.choices((0, 1, 2), weights=(10, 60, 30))[0],
        achieved=_weighted(
            rng, ("yes", "partly", "no", "dont_know"), (55, 25, 12, 8) if good else (25, 30, 35, 10)
        ),  # fmt: skip
        end_answers={
            "made_safer": "yes" if good or rng.random() < 0.3 else "no",
            "how_much_safer": rng.choice(("a_lot", "quite_a_bit", "a_little", "not_at_all")),
            "listened_to": _weighted(rng, ("yes", "a_bit", "no", "dont_know"), (60, 25, 10, 5)),
            "involved": _weighted(rng, ("yes", "a_bit", "no"), (55, 30, 15)),
            "wellbeing": _weighted(rng, ("happy", "unsure", "unhappy"), (45, 35, 20)),
            "wants_more_support": "yes" if rng.random() < 0.2 else "no",
        },
        consent=rng.random() > 0.03,
        safe_to_talk=rng.random() > 0.02,
        drop_at_checkin=rng.random() < 0.3,
    )


async def demo_case(
    store: Store, catalogue: Catalogue, number: int, opened: datetime, clock: DemoClock,
    rng: random.Random, counter: list[int],
) -> int:  # fmt: skip
    """One case from opening to the end survey (or the reason there was none); returns the
    number of surveys taken."""
    organisation = rng.choice(tuple(ORGANISATIONS))
    profile = make_profile(rng)
    representative = profile.answered_by == "representative"
    clock.now = opened
    new = await store.create_case(
        organisation, rng.choice(ORGANISATIONS[organisation]), f"DEMO-{number:05d}",
        representative=representative,
        concern_types=tuple(rng.sample(CONCERNS, rng.choice((1, 1, 2)))),
    )  # fmt: skip
    if rng.random() < 0.05:
        return 0  # opened, but the person never used the link
    token = new.representative_token if representative else new.person_token
    kind = "representative" if representative else "person"
    chat_id = 7_000_000 + number
    person = await store.redeem_invite(
        token, chat_id, rep_kind="family" if representative else None
    )  # type: ignore[arg-type]
    surveys = [("start", 0)]
    if rng.random() < 0.4:
        surveys.append(("checkin", rng.randrange(7, 30)))
    for timepoint, days in surveys:
        clock.now = opened + timedelta(days=days)
        if timepoint != "start":
            invite = await store.create_invite(new.case, kind, timepoint)
            await store.redeem_invite(invite.token, chat_id)
        await run_survey(store, catalogue, person.id, timepoint, profile, rng, counter)
    return len(surveys) + await _close(store, catalogue, new.case, person.id, kind, chat_id,
                                       opened, profile, clock, rng, counter)  # fmt: skip


async def _close(
    store: Store, catalogue: Catalogue, case: Case, participant_id: int, kind: str,
    chat_id: int, opened: datetime, profile: Profile, clock: DemoClock, rng: random.Random,
    counter: list[int],
) -> int:  # fmt: skip
    """Close most cases (staff-side fields) and take the end survey, or record why not."""
    if rng.random() < 0.12:
        return 0  # still open
    clock.now = opened + timedelta(days=rng.randrange(30, 120))
    reason = rng.choice(NO_END_REASONS) if rng.random() < 0.2 else None
    await store.cases.close(
        case.local_ref, organisation=case.organisation,
        risk_outcome=rng.choice(("remained", "reduced", "reduced", "removed")),
        capacity=rng.choice(("yes", "no", "not_known")), no_end_survey_reason=reason,
    )  # fmt: skip
    if reason is not None:
        return 0
    invite = await store.create_invite(case, kind, "end")
    await store.redeem_invite(invite.token, chat_id)
    await run_survey(store, catalogue, participant_id, "end", profile, rng, counter)
    return 1


async def build_demo(store: Store, clock: DemoClock, cases: int, seed: int) -> DemoResult:
    """``cases`` cases opened across the year before ``clock.now``, seeded."""
    from dialogs.content import load_catalogue

    catalogue = load_catalogue()
    rng = random.Random(seed)
    end = clock.now
    first = end - timedelta(days=365)
    staff = await store.staff.add(6_000_000 + seed % 1000, "hub")
    result, counter = DemoResult(cases=cases), [0]
    for number in range(1, cases + 1):
        opened = first + timedelta(days=240 * number / cases, hours=rng.randrange(8, 18))
        result.surveys += await demo_case(store, catalogue, number, opened, clock, rng, counter)
        result.alerts += await acknowledge_alerts(store, clock, staff.id, rng)
    clock.now = end
    result.turns = counter[0]
    return result
