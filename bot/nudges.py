"""Words for messages the bot sends a person unprompted: check-in and end invites, reminders.

They are content (``bot/content/<language>/nudges.toml``) in the five wordings, validated
once at load time; the first line of each is neutral because it shows on a lock screen.
"""

from __future__ import annotations

import functools
from pathlib import Path

from bot.transport_words import CONTENT_ROOT, load_word_file
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
    return load_word_file(NudgeWords, language, "nudges.toml", root)


def nudge(key: str, participant: Participant) -> str:
    """One nudge in the participant's language and wording (representative when they answer
    for the person)."""
    wording: Wording = getattr(load_nudges(participant.language), key)
    representative = (
        participant.kind == "representative" or participant.answered_by == "representative"
    )
    return getattr(wording, "representative" if representative else participant.variant)
