"""Staff words and nudges are content: every key the code asks for exists, and the
person-facing nudges keep to the content rules (a neutral first line, no emoji for screen
readers, short sentences)."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest

from bot.invite_refusals import HUB_NOTES
from bot.nudges import NudgeWords, load_nudges
from bot.roles import RefusalReason
from bot.staff_contact import Unreachable
from bot.staff_words import _load, staff_text
from dialogs.errors import ContentError
from storage.models import CAPACITIES, NO_END_SURVEY_REASONS, RISK_OUTCOMES

BOT = Path(__file__).parents[2] / "bot"
STAFF_MODULES = sorted(set(BOT.rglob("*.py")) - {BOT / "staff_words.py"})
# staff_text("section.key", ...) and tell_hub(svc, bot, "section.key", ...)
_LITERAL_KEY = re.compile(r'(?:staff_text\(|tell_hub\([^"()]*)\s*"([a-z_]+\.[a-z_]+)"')
ALARMING = ("safe", "abuse", "harm", "danger", "police", "safeguard", "risk", "survey")


def dynamic_keys() -> list[str]:
    """Keys the code builds from values rather than writing out."""
    return [
        *(f"refused.{r}" for r in typing.get_args(RefusalReason)),
        *(f"checkin.{u}" for u in typing.get_args(Unreachable)),
        *(f"usage.{a}" for a in ("case", "checkin", "close")),
        *(f"buttons.risk_{v}" for v in RISK_OUTCOMES),
        *(f"buttons.capacity_{v}" for v in CAPACITIES),
        *(f"buttons.reason_{v}" for v in NO_END_SURVEY_REASONS),
        *(f"newcase.{who}_{what}" for who in ("person", "representative")
          for what in ("link", "qr")),
        *HUB_NOTES.values(),  # the hub's note for a refused link that names its case
    ]  # fmt: skip


def literal_keys() -> list[str]:
    return sorted({k for path in STAFF_MODULES for k in _LITERAL_KEY.findall(path.read_text())})


@pytest.mark.parametrize("key", literal_keys() + dynamic_keys())
def test_every_staff_key_the_code_uses_exists(key: str) -> None:
    """A staff message the code asks for is in bot/staff_words.toml."""
    section, _, name = key.partition(".")
    assert name in _load()[section]


def test_a_missing_key_names_itself() -> None:
    """Asking for a key that is not there is a ContentError that names the key."""
    with pytest.raises(ContentError, match="newcase.nope"):
        staff_text("newcase.nope")


@pytest.mark.parametrize("key", list(NudgeWords.model_fields))
def test_nudges_keep_the_content_rules(key: str) -> None:
    """First lines carry no alarming word; screen-reader wording has no emoji; easy read
    sentences are at most 10 words, standard at most 15."""
    wording = getattr(load_nudges("en"), key)
    for variant, text in wording.model_dump().items():
        first = text.split("\n")[0].lower()
        assert [] == [word for word in ALARMING if word in first], (key, variant)
        limit = 10 if variant in ("easy_read", "yes_no") else 15
        sentences = re.split(r"[.!?\n]+", text)
        assert [] == [s for s in sentences if len(s.split()) > limit], (key, variant)
    assert wording.screen_reader.isascii()
