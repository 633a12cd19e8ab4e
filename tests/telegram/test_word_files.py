"""The bot's word files (transport and nudges) share one loader: English when a language has
no file yet, and a broken file is a ContentError that names it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.nudges import NudgeWords
from bot.transport_words import CONTENT_ROOT, TransportWords, load_word_file
from dialogs.errors import ContentError


def test_a_language_without_files_falls_back_to_english(tmp_path: Path) -> None:
    """A language folder with no nudges.toml gets the English nudges."""
    english = (CONTENT_ROOT / "en" / "nudges.toml").read_text(encoding="utf-8")
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "nudges.toml").write_text(english, encoding="utf-8")
    (tmp_path / "xx").mkdir()
    expected = load_word_file(NudgeWords, "en", "nudges.toml", tmp_path)
    assert expected == load_word_file(NudgeWords, "xx", "nudges.toml", tmp_path)


def test_a_broken_file_is_reported_by_name(tmp_path: Path) -> None:
    """A transport.toml missing a key stops loading with an error naming the file."""
    (tmp_path / "en").mkdir()
    broken = tmp_path / "en" / "transport.toml"
    broken.write_text('[not_saved]\nstandard = "x"\n', encoding="utf-8")
    with pytest.raises(ContentError, match=str(broken)):
        load_word_file(TransportWords, "en", "transport.toml", tmp_path)
