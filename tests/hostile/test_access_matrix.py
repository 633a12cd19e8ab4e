"""Who may do what: every staff and person command and every kind of button, tried by each
role, against the table of expected allow (A) or refuse (R) written out below as data.

Roles: no one (a stranger), the person of another case (Housing's REF-2), the
representative of the case (REF-1, Police), a practitioner of another organisation
(Housing), the case's own practitioner (Police), hub staff, and a board member. Each role
gets a bot of its own with the same set-up and tries every action in turn; each action's
outcome is observed from the outside (``tests.hostile.access_bench`` says how), and each
refusal is checked to reply clearly, to be audited when it is a staff refusal, and to
record nothing else.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.access_bench import (
    OTHER_PERSON,
    PERSON_COMMANDS,
    REPRESENTATIVE,
    action_for,
    bench_for,
)
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import (
    BOARD_USER,
    HUB_USER,
    OTHER_PRACTITIONER,
    PRACTITIONER,
    STRANGER,
    stopped,
)

ROLES = {
    "none": STRANGER, "other_person": OTHER_PERSON, "representative": REPRESENTATIVE,
    "other_practitioner": OTHER_PRACTITIONER, "practitioner": PRACTITIONER, "hub": HUB_USER,
    "board": BOARD_USER,
}  # fmt: skip
ROLE_ORDER = list(ROLES)
# Expected outcome per action, one letter per role in ROLE_ORDER:
#          none other_person representative other_practitioner practitioner hub board
EXPECTED: dict[str, str] = {
    "/newcase": "RRRAAAR",
    "/cases": "RRRAAAR",
    "/case REF-1": "RRRRAAR",
    "/checkin REF-1": "RRRRAAR",
    "/newlink REF-1": "RRRRAAR",
    "/close REF-1": "RRRRAAR",
    "/summary": "RRRAAAA",
    **{f"/{name}": "RAARRRR" for name in PERSON_COMMANDS},
    "survey button": "RAARRRR",
    "staff button": "RRRAAAR",
    "Acknowledge button": "RRRRRAR",
}
# hide and stop last: after them the chat is cleared or the person asked to confirm leaving
ORDER = [name for name in EXPECTED if name not in ("/hide", "/stop")] + ["/hide", "/stop"]


@pytest.mark.parametrize("role", ROLE_ORDER)
async def test_access_matrix(tmp_path: Path, fake_bot_api: FakeBotApi, role: str) -> None:
    """Each action tried by this role gives the expected allow or refuse (the table above);
    each refusal replies clearly, is audited where it is a staff refusal, and records
    nothing else."""
    bench = await bench_for(tmp_path, fake_bot_api, ROLES[role])
    column = ROLE_ORDER.index(role)
    observed: dict[str, str] = {}
    try:
        for name in ORDER:
            try:
                observed[name] = await action_for(name)(bench)
            except AssertionError as problem:
                raise AssertionError(f"{role} trying {name}: {problem}") from problem
    finally:
        await stopped(bench.app)
    expected = {name: EXPECTED[name][column] for name in ORDER}
    assert expected == observed
