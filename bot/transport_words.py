"""The words the Telegram transport itself shows, per language and wording.

They live in ``bot/content/<language>/transport.toml`` (data, not code), each in the five
wordings of ``dialogs.schema.Wording``, validated once at load time. ``words(key, ...)``
picks the representative wording for someone answering on the person's behalf, as the
dialogs content does.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from bot.profile_words import ProfileWords
from dialogs.errors import ContentError
from dialogs.schema import Strict, Wording

CONTENT_ROOT = Path(__file__).with_name("content")
DEFAULT_LANGUAGE = "en"


class TransportWords(Strict):
    """Every message key the transport uses; a missing one is a load-time error."""

    not_saved: Wording
    stale_button: Wording
    link_not_working: Wording
    no_link_yet: Wording
    you_chose: Wording
    try_again_later: Wording
    cannot_use_that: Wording  # a sticker, photo, file or location instead of an answer
    edit_not_seen: Wording  # an edited message: the answer first sent is the one kept
    reply_to_earlier: Wording  # a choice typed as a reply to an earlier question's message
    calm_opening: Wording  # leads a message whose first line would alarm on a lock screen
    profile: ProfileWords  # the command menu and descriptions (one text each, bot.profile)


WordsModel = TypeVar("WordsModel", bound=Strict)


def load_word_file(
    model: type[WordsModel], language: str, file_name: str, root: Path = CONTENT_ROOT
) -> WordsModel:
    """One of the bot's word files for a language (English when the language has none yet),
    validated against ``model``; a broken file is a ContentError naming it."""
    path = root / language / file_name
    if not path.exists():
        path = root / DEFAULT_LANGUAGE / file_name
    try:
        return model.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ContentError(f"{path}: the words in it are not valid: {exc}") from exc


@functools.cache
def load_words(language: str, root: Path = CONTENT_ROOT) -> TransportWords:
    """The transport words for a language (English when the language has none yet)."""
    return load_word_file(TransportWords, language, "transport.toml", root)


def words(
    key: str, *, variant: str = "standard", language: str = DEFAULT_LANGUAGE,
    representative: bool = False,
) -> str:  # fmt: skip
    """One message in the right language and wording."""
    wording: Wording = getattr(load_words(language), key)
    return getattr(wording, "representative" if representative else variant)
