"""The transport's own words (bot/content/<language>/transport.toml and nudges.toml): every
language of the survey content has both files with exactly English's keys (a missing file
would silently fall back to English), they pass the survey content's text rules, and the
lint reports a missing file, a missing key and a broken rule."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from bot.nudges import NudgeWords, load_nudges
from bot.transport_words import CONTENT_ROOT, TransportWords, load_words
from bot.words_lint import WORD_FILES, lint_bot_words
from dialogs.content import load_catalogue

LANGUAGES = sorted(load_catalogue())


def _keys(language: str, file: str) -> set[str]:
    return set(tomllib.loads((CONTENT_ROOT / language / file).read_text(encoding="utf-8")))


@pytest.mark.parametrize("file", WORD_FILES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_survey_language_has_the_transport_words_with_englishs_keys(
    language: str, file: str
) -> None:
    """The file exists for the language (no fallback) and has exactly English's keys."""
    assert (CONTENT_ROOT / language / file).is_file()
    assert _keys("en", file) == _keys(language, file)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_loads_its_own_words(language: str) -> None:
    """Loaded words are the language's own file (Polish is not English any more)."""
    assert set(TransportWords.model_fields) == _keys(language, "transport.toml")
    assert set(NudgeWords.model_fields) == _keys(language, "nudges.toml")
    if language != "en":
        assert load_words(language) != load_words("en")
        assert load_nudges(language) != load_nudges("en")


def test_shipped_words_pass_the_text_rules() -> None:
    """No problem in any shipped language's transport or nudge words."""
    assert [] == [str(p) for p in lint_bot_words(LANGUAGES)]


def test_the_lint_finds_a_missing_file_a_missing_key_and_a_broken_rule(tmp_path: Path) -> None:
    """A language without nudges, a transport file without calm_opening, an alarming first
    line and an emoji for a screen reader are each reported."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT_ROOT / "en", root / "en")
    (root / "xx").mkdir()
    text = (CONTENT_ROOT / "en" / "transport.toml").read_text(encoding="utf-8")
    text = text.replace("[calm_opening]", "[calm_opening_gone]")
    text = text.replace('"Sorry, that did not save.\\nPlease', '"Police here.\\nPlease', 1)
    text = text.replace(
        'screen_reader = "You chose: {label}"', 'screen_reader = "You chose: {label} 👍"'
    )
    (root / "xx" / "transport.toml").write_text(text, encoding="utf-8")
    found = [str(p) for p in lint_bot_words(["xx"], root)]
    assert "xx/nudges.toml: -: missing or not valid TOML" in found
    assert "xx/transport.toml: calm_opening: missing (English has it)" in found
    assert any(p.startswith("xx/transport.toml: not_saved: standard: first line") for p in found)
    assert (
        "xx/transport.toml: you_chose: screen_reader: has emoji (screen_reader must have none)"
        in found
    )
