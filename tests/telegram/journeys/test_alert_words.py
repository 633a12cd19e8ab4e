"""The hub alert's words are staff words (``[alert]`` in bot/staff_words.toml): the message,
its reasons and the Acknowledge label come from the file, and the templates can show only
the case reference, organisation and reason, never the person's words or ids."""

from __future__ import annotations

import string
import tomllib
from datetime import UTC, datetime

import pytest
from telegram.ext import Application

from bot import staff_words
from bot.alerts import ALERT_REASONS, alert_text
from dialogs.errors import ContentError
from storage.models import Alert
from storage.store import Store
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import Person
from tests.telegram.journeys.helpers import CHAT, LABELS, invite, up_to_safety
from tests.telegram.staff_setup import HUB_CHAT

# and, never the person's: when it was first sent or acknowledged, and the hub member's name
ALLOWED_FIELDS = {"ref", "organisation", "reason", "button", "time", "name"}


def _file_words() -> dict[str, str]:
    """The [alert] table as written in the file (read here, not through staff_text)."""
    return tomllib.loads(staff_words.WORDS_PATH.read_text(encoding="utf-8"))["alert"]


def _expected(ref: str, organisation: str, reason_key: str) -> str:
    words = _file_words()
    heading = words["heading"].format(ref=ref, organisation=organisation)
    reason = words[f"reason_{reason_key}"]
    why = words["why"].format(reason=reason, button=words["acknowledge"])
    see = words["see_case"].format(ref=ref, organisation=organisation)
    return f"{heading}\n{why}\n{see}"


def _alert(reason: str) -> Alert:
    raised = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    return Alert(1, 1, "REF-A9", "Fire Service", reason, "start", raised)  # type: ignore[arg-type]


@pytest.mark.parametrize("reason", [*ALERT_REASONS, "not_a_known_reason"])
def test_alert_text_is_the_files_words_filled_in(reason: str) -> None:
    """Each reason the engine raises has its own words; any other reads as reason_other."""
    reason_key = reason if reason in ALERT_REASONS else "other"
    assert _expected("REF-A9", "Fire Service", reason_key) == alert_text(_alert(reason))


def test_changing_the_file_changes_the_alert(monkeypatch: pytest.MonkeyPatch) -> None:
    """No alert words are left in code: edited staff words are what the alert says."""
    edited = {section: dict(table) for section, table in staff_words._load().items()}
    edited["alert"].update(heading="Case {ref}, {organisation}.", acknowledge="Seen")
    monkeypatch.setattr(staff_words, "_load", lambda: edited)
    expected_start = "Case REF-A9, Fire Service.\n"
    text = alert_text(_alert("in_danger_now"))
    assert (expected_start, True) == (text[: len(expected_start)], "press Seen." in text)


def test_alert_templates_can_only_show_reference_organisation_and_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every [alert] template uses only {ref}, {organisation}, {reason}, {button}, {time}
    and {name} (the hub member who acknowledged); one edited to ask for the person's words
    stops with a ContentError instead of sending."""
    used = {
        name
        for template in _file_words().values()
        for _, name, _, _ in string.Formatter().parse(template)
        if name
    }
    assert set() == used - ALLOWED_FIELDS
    edited = {section: dict(table) for section, table in staff_words._load().items()}
    edited["alert"]["why"] = "Why: {reason}. They wrote: {text}"
    monkeypatch.setattr(staff_words, "_load", lambda: edited)
    with pytest.raises(ContentError, match="alert.why"):
        alert_text(_alert("danger_words"))


async def test_the_hub_gets_the_files_words_and_none_of_the_persons(
    app: Application, store: Store, fake_bot_api: FakeBotApi
) -> None:
    """Typed danger words: the hub alert chat's message is exactly the file's words for the
    case (reference, organisation, reason), its button is the file's Acknowledge label, and
    it holds none of the person's words and not their chat or user id."""
    person = Person(app, fake_bot_api, CHAT)
    await up_to_safety(person, await invite(store, "REF-W2"))
    await person.choose("safety", "3")
    await person.tap(LABELS.not_sure_yet)
    await person.type("CANARY he said he will kill me 4830")
    [to_hub] = [c for c in fake_bot_api.calls("sendMessage") if c["chat_id"] == HUB_CHAT]
    assert _expected("REF-W2", "Police", "danger_words") == to_hub["text"]
    button = to_hub["reply_markup"]["inline_keyboard"][0][0]["text"]
    assert _file_words()["acknowledge"] == button
    leaked = [word for word in ("CANARY", "kill", "4830", str(CHAT)) if word in to_hub["text"]]
    assert [] == leaked
