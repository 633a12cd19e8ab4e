"""Errors map to plain-language reply keys whose words exist in every wording."""

import pytest
from telegram.error import BadRequest, TimedOut

from bot.errors import DEFAULT_KEY, REPLY_KEYS, reply_key_for
from bot.payloads import ButtonPayload, ForgedPayload, StalePayload
from bot.transport_words import TransportWords, load_words, words
from dialogs.vocabulary import VARIANTS
from storage.errors import InviteExpired, InviteNotFound, InviteUsed, WrongKey


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (StalePayload(ButtonPayload(1, 1, "q", "k")), "stale_button"),
        (ForgedPayload(), "stale_button"),
        (InviteExpired(), "link_not_working"),
        (InviteUsed(), "link_not_working"),
        (InviteNotFound(), "link_not_working"),
        (WrongKey(), "not_saved"),
        (TimedOut(), "not_saved"),
        (BadRequest("x"), DEFAULT_KEY),
        (RuntimeError("x"), DEFAULT_KEY),
    ],
)
def test_each_error_gets_its_reply(error: BaseException, expected: str) -> None:
    """The nearest mapped class decides; anything unknown gets the general reply."""
    assert expected == reply_key_for(error)


def test_every_reply_key_has_words_in_every_wording() -> None:
    """Each mapped key (and the default) is in the transport words, in all five wordings."""
    keys = {*REPLY_KEYS.values(), DEFAULT_KEY}
    assert keys <= set(TransportWords.model_fields)
    english = load_words("en")
    for key in keys:
        wording = getattr(english, key)
        assert all(getattr(wording, v).strip() for v in (*VARIANTS, "representative"))


def test_unknown_language_falls_back_to_english_and_representative_wording_is_used() -> None:
    """A language without transport words uses English; representatives get their wording."""
    rep = words("no_link_yet", language="xx", representative=True)
    assert load_words("en").no_link_yet.representative == rep
