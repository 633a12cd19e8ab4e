"""The lint's own text measures: sentences, words, pictures, acronyms and alarm words."""

from __future__ import annotations

from dialogs import lint_text as t


def test_sentences_split_on_line_breaks_and_end_punctuation() -> None:
    """A sentence ends at ., ! or ? followed by a space, or at a line break."""
    text = "Hello. Is now a good time?\nCall 999! Then press 55 when asked."
    expected = ["Hello.", "Is now a good time?", "Call 999!", "Then press 55 when asked."]
    assert expected == t.sentences(text)


def test_words_ignore_pictures_and_count_numbers_and_commands() -> None:
    """Emoji alone are not words; numbers and /commands are."""
    assert t.words("😀 Send /resume at 9 ✅") == ["Send", "/resume", "at", "9"]


def test_longest_sentence_is_found() -> None:
    """The longest sentence and its word count are returned."""
    assert t.longest_sentence("Short one. This one has four.") == (4, "This one has four.")


def test_pictures_are_counted_without_selectors_or_skin_tones() -> None:
    """A variation selector or skin tone does not count as a second picture."""
    assert t.count_pictures("👍🏽 Yes") == 1
    assert t.count_pictures("➡\ufe0f Next") == 1
    assert t.count_pictures("😀 🏠") == 2
    assert t.count_pictures("Plain words, 999 and £5") == 0


def test_has_emoji_sees_lone_selectors() -> None:
    """A stray emoji selector is emoji in a screen-reader text too."""
    assert t.has_emoji("Next \ufe0f")
    assert not t.has_emoji("Next, then Done.")


def test_acronyms_except_ok_and_i() -> None:
    """Two or more capitals in a row are acronyms, except OK (and the word I)."""
    assert t.acronyms("OK, I will ask the NHS and your GP.") == ["NHS", "GP"]


def test_alarm_words_match_word_starts_case_insensitively() -> None:
    """Stems catch word forms; words that merely contain a stem inside do not match."""
    assert t.alarm_words("Were you Abused? Call the POLICE.") == ["abused", "police"]
    assert t.alarm_words("This chat is unharmed by chance") == []
    assert t.alarm_words("Pytanie o przemocy") == ["przemocy"]


def test_first_line_skips_blank_lines() -> None:
    """The preview line is the first line with text on it."""
    assert t.first_line("\n  One more question.\nAre you ok?") == "One more question."


def test_alarm_words_include_what_people_write_about_being_hurt() -> None:
    """Words a person may type about being hit, read back at the start of a message (a
    screen-reader "Earlier you said: he hits me. ..." is one line on a locked phone), are
    alarm words; everyday words that merely look alike are not."""
    assert ["hits", "beaten", "kicked", "choked"] == t.alarm_words(
        "He hits me. I was beaten, kicked and choked."
    )
    assert ["bije", "uderzył"] == t.alarm_words("Ojciec mnie bije, raz uderzył")
    assert [] == t.alarm_words("A history of white chocolate on a beautiful bilet")
