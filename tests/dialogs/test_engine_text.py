"""The word-level helpers: danger phrases (case, punctuation, spacing, small misspellings,
longer forms) and typed answers matched to options."""

from __future__ import annotations

import pytest

from dialogs.content import CONTENT_ROOT, load_language
from dialogs.danger import contains_danger
from dialogs.matching import match_option, normalise
from dialogs.types import Option
from dialogs.wording import shown_label, strip_emoji

PHRASES = ["kill me", "hurt me", "strangled me", "scared for my life"]
SHIPPED = load_language(CONTENT_ROOT / "en").danger.phrases


@pytest.mark.parametrize(
    "text",
    [
        "he will KILL ME",
        "he'll kill... me!",
        "killme",
        "he strangeld me last night",  # one letter swapped
        "strnagled me",  # neighbours swapped
        "I am scared for my lfie",
        "he keeps hurting me",  # longer form of "hurt"
        "Hurt   me",
    ],
)
def test_danger_phrases_found_despite_slips(text: str) -> None:
    """Case, punctuation, spacing, a small misspelling of a long word, or a longer form of
    a word still match."""
    assert contains_danger(text, PHRASES)


@pytest.mark.parametrize(
    "text",
    ["that skill meeting went well", "", "🙂🙂", "my skills me", "I want to dine out"],
)
def test_ordinary_talk_is_not_danger(text: str) -> None:
    """Words that merely contain a phrase's letters, or short words off by one, do not match."""
    assert not contains_danger(text, PHRASES)


def test_shipped_phrases_catch_common_misspellings() -> None:
    """The shipped list plus matching catch typical misspellings of its phrases."""
    for text in ("he is goin to kill me", "he punchd me", "Im scared for my lief"):
        assert contains_danger(text, SHIPPED), text


OPTIONS = (Option("yes", "👍 Yes"), Option("no", "No"), Option("dont_know", "I don't know"))


@pytest.mark.parametrize(
    ("typed", "key"),
    [("1", "yes"), ("2.", "no"), (" YES ", "yes"), ("i dont know", "dont_know"),
     ("dont know", "dont_know"), ("4", None), ("maybe", None), ("", None)],
)  # fmt: skip
def test_typed_answers_matched_when_unambiguous(typed: str, key: str | None) -> None:
    """Numbers pick the option on screen; words pick the option they name; else nothing."""
    assert key == match_option(typed, OPTIONS, OPTIONS)


def test_ambiguous_words_match_nothing() -> None:
    """Two options with the same words: not understood rather than guessed."""
    same = (Option("a", "Yes"), Option("b", "yes!"))
    assert None is match_option("yes", same, same)


def test_digit_keys_are_not_words() -> None:
    """Typing "4" means the fourth button, never the option whose value is "4"."""
    scale = (Option("4", "As safe as I want"), Option("3", "Safe enough"))
    assert None is match_option("4", scale, scale)
    assert "3" == match_option("2", scale, scale)


def test_normalise_and_screen_reader_labels() -> None:
    """Pictures and punctuation go; screen-reader labels are numbered and picture-free."""
    assert "dont know" == normalise("🤷 Don't   know!")
    assert "Yes" == strip_emoji("👍🏽 Yes")
    assert "2. Keep" == shown_label("👍 Keep", "screen_reader", 2)
    assert "👍 Keep" == shown_label("👍 Keep", "easy_read", 2)
