"""Words for messages the bot sends a person unprompted: check-in and end invites, reminders.

They are content (``bot/content/<language>/nudges.toml``) in the five wordings, validated
once at load time; the first line of each is neutral because it shows on a lock screen.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

from pydantic import ValidationError

from bot.transport_words import CONTENT_ROOT, DEFAULT_LANGUAGE
from dialogs.errors import ContentError
from dialogs.schema import Strict, Wording
from storage.models import Participant


class NudgeWords(Strict):
    """Every nudge the bot sends; a missing one is a load-time error."""

    checkin_invite: Wording
    end_invite: Wording
    reminder: Wording
    start_button: Wording


@functools.cache
def load_nudges(language: str, root: Path = CONTENT_ROOT) -> NudgeWords:
    """The nudge words for a language (English when the language has none yet)."""
    path = root / language / "nudges.toml"
    if not path.exists():
        path = root / DEFAULT_LANGUAGE / "nudges.toml"
    try:
        return NudgeWords.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ContentError(f"{path}: nudge words are not valid: {exc}") from exc


def nudge(key: str, participant: Participant) -> str:
    """One nudge in the participant's language and wording (representative when they answer
    for the person)."""
    wording: Wording = getattr(load_nudges(participant.language), key)
    representative = (
        participant.kind == "representative" or participant.answered_by == "representative"
    )
    return getattr(wording, "representative" if representative else participant.variant)
