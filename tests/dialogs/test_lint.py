"""The content lint and ``checkin dialogs check``: the shipped content is clean, and each rule
catches its problem in a copy of the English content with one thing broken.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main
from dialogs.content import CONTENT_ROOT, load_language_with_sources
from dialogs.lint import Problem, lint_catalogue, lint_language, lint_report
from dialogs.lint_walk import iter_texts


def english_copy(tmp_path: Path, name: str = "en") -> Path:
    """A writable copy of the shipped English folder under ``<tmp>/content/<name>``."""
    folder = tmp_path / "content" / name
    shutil.copytree(CONTENT_ROOT / "en", folder)
    return folder


def edit(folder: Path, file: str, old: str, new: str) -> None:
    """Replace one exact piece of text in a content file (it must be there)."""
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def lint_lines(tmp_path: Path) -> list[str]:
    return [str(problem) for problem in lint_catalogue(tmp_path / "content")]


def test_shipped_content_passes_the_lint() -> None:
    """The content that ships has no lint problems in any language."""
    assert lint_catalogue(CONTENT_ROOT) == []


def test_check_command_passes_on_shipped_content(capsys: pytest.CaptureFixture[str]) -> None:
    """``checkin dialogs check`` exits 0 with a one-line summary on the shipped content."""
    code = main(["dialogs", "check"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert len(lines) == 1
    assert lines[0].startswith("OK: ")
    assert "2 languages (en, pl), 48 questions" in lines[0]


def test_check_command_prints_problems_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With a broken content folder the command prints one line per problem and exits 1."""
    folder = english_copy(tmp_path)
    edit(folder, "messages.toml", "then press 55 when asked.", "then wait.")
    code = main(["dialogs", "check", "--content", str(tmp_path / "content")])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out == ["en/messages.toml: messages.signposting: standard: does not mention 55"]


def test_check_command_reports_loader_errors_as_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder the loader refuses is reported in the same ``file: question: problem`` form."""
    folder = english_copy(tmp_path)
    edit(folder, "end.toml", 'value = "a_bit"', 'value = "abit"')
    code = main(["dialogs", "check", "--content", str(tmp_path / "content")])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert "en/end.toml: listened_to: options: value 'a_bit' is missing" in out


E = "en/end.toml: made_safer: "
Q = 'easy_read = "Has the help made you feel safer?"\n'


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "end.toml",
            Q,
            'easy_read = "Has all the help that you got from us made you feel safer?"\n',
            E + "text.easy_read: sentence of 13 words (easy_read allows 10)",
        ),
        (
            "end.toml",
            'standard = "Has the help you got made you feel safer?"\n',
            'standard = "Has the help you got from all of the people this year made you feel'
            ' safer at home?"\n',
            E + "text.standard: sentence of 18 words (standard allows 15)",
        ),
        (
            "end.toml",
            Q,
            'easy_read = "Did it help? Do you feel safer?"\n',
            E + "text.easy_read: 2 questions in one message (easy_read allows one '?')",
        ),
        (
            "end.toml",
            Q,
            'easy_read = "Has the NHS made you feel safer?"\n',
            E + "text.easy_read: acronym 'NHS' (spell it out in easy words)",
        ),
        (
            "end.toml",
            'screen_reader = "Has the help you got made you feel safer?"\n',
            'screen_reader = "Has the help you got made you feel safer? 🙂"\n',
            E + "text.screen_reader: has emoji (screen_reader must have none)",
        ),
        (
            "end.toml",
            'representative = "Has the help made the person feel safer?"\n',
            'representative = "🙂 Has the help made the person feel safer?"\n',
            E + "text.representative: has emoji (representative must have none)",
        ),
        (
            "end.toml",
            'yes_no = "Now a question about the help you got."\n',
            'yes_no = "  "\n',
            E + "text.yes_no: is empty",
        ),
        (
            "end.toml",
            'standard = "Has the help you got made you feel safer?"\n',
            'standard = "Has the help you got made you feel safer?' + " Yes." * 820 + '"\n',
            E + "text.standard: 4141 characters (a message must be under 4096)",
        ),
        (
            "end.toml",
            'standard = "Has the help you got made you feel safer?"\n',
            'standard = "Has the help stopped the abuse?"\n',
            E + "text.standard: first line has an alarming word (abuse)",
        ),
        (
            "end.toml",
            'easy_read = "👍 Yes", yes_no = "👍 Yes", screen_reader = "Yes", representative'
            ' = "Yes" }\n\n[[questions.made_safer.options]]\nvalue = "no"',
            'easy_read = "👍 Yes I do", yes_no = "👍 Yes", screen_reader = "Yes", representative'
            ' = "Yes" }\n\n[[questions.made_safer.options]]\nvalue = "no"',
            E + "options[yes].label.easy_read: button has 3 words (easy_read buttons have 1-2)",
        ),
        (
            "end.toml",
            '[[questions.made_safer.options]]\nvalue = "no"\nlabel = { standard = "No",'
            ' easy_read = "👎 No"',
            '[[questions.made_safer.options]]\nvalue = "no"\nlabel = { standard = "No",'
            ' easy_read = "No"',
            E + "options[no].label.easy_read: button has 0 pictures (easy_read buttons have"
            " exactly one emoji)",
        ),
        (
            "end.toml",
            '[[questions.made_safer.options]]\nvalue = "no"\nlabel = { standard = "No",'
            ' easy_read = "👎 No", yes_no = "👎 No"',
            '[[questions.made_safer.options]]\nvalue = "no"\nlabel = { standard = "No",'
            ' easy_read = "👎 No", yes_no = "👎👎 No"',
            E + "options[no].label.yes_no: button has 2 pictures (yes_no buttons have exactly"
            " one emoji)",
        ),
        (
            "end.toml",
            '[[questions.made_safer.options]]\nvalue = "no"\nlabel = { standard = "No",'
            ' easy_read = "👎 No", yes_no = "👎 No", screen_reader = "No"',
            '[[questions.made_safer.options]]\nvalue = "no"\nlabel = { standard = "No",'
            ' easy_read = "👎 No", yes_no = "👎 No", screen_reader = "👎 No"',
            E + "options[no].label.screen_reader: button has emoji (screen_reader must have none)",
        ),
        (
            "end.toml",
            '[[questions.made_safer.options]]\nvalue = "no"\nlabel = { standard = "No",'
            ' easy_read = "👎 No", yes_no = "👎 No", screen_reader = "No"',
            '[[questions.made_safer.options]]\nvalue = "no"\nlabel = { standard = "No",'
            ' easy_read = "👎 No", yes_no = "👎 No", screen_reader = "2. No"',
            E + "options[no].label.screen_reader: button starts with a number",
        ),
        (
            "messages.toml",
            'standard = "No problem. Bye for now."',
            'standard = "No problem.\\nCall the police if you need to."',
            "en/messages.toml: messages.unsafe_goodbye: standard: sensitive word (police)",
        ),
        (
            "messages.toml",
            "call 999. If you cannot speak, call 999 from a mobile",
            "call us. If you cannot speak, call us from a mobile",
            "en/messages.toml: messages.signposting: screen_reader: does not mention 999",
        ),
        (
            "end.toml",
            'standard = "Has the help you got made you feel safer?"\n',
            'standard = "Has the help you got made you feel safer, {name}?"\n',
            E + "text.standard: unknown placeholder {name} (the bot would show it as typed)",
        ),
        (
            "messages.toml",
            'standard = "You chose:\\n{outcomes}\\nPick more, or press Done."',
            'standard = "You chose:\\n{outcomes}\\nPick more, {outcome}."',
            "en/messages.toml: messages.outcomes_so_far: standard: unknown placeholder {outcome}",
        ),
        (
            "outcomes.toml",
            'id = "someone_to_talk"',
            'id = "someone_to_talk_to_every_day"',
            "en/outcomes.toml: common_outcomes[someone_to_talk_to_every_day]: button data"
            " 'outcomes' + 'c:someone_to_talk_to_every_day' is too long; shorten the id",
        ),
    ],
)
def test_each_lint_rule_catches_its_problem(
    tmp_path: Path, file: str, old: str, new: str, expected: str
) -> None:
    """One broken wording gives the expected ``file: question: problem`` line."""
    folder = english_copy(tmp_path)
    edit(folder, file, old, new)
    actual = lint_lines(tmp_path)
    assert any(line.startswith(expected) for line in actual), actual


def test_alarming_word_after_the_first_line_is_allowed(tmp_path: Path) -> None:
    """Only the first line (the lock-screen preview) must be neutral."""
    folder = english_copy(tmp_path)
    edit(
        folder,
        "end.toml",
        'standard = "Has the help you got made you feel safer?"\n',
        'standard = "One more question.\\nHas the danger gone away?"\n',
    )
    assert lint_lines(tmp_path) == []


def test_payload_rule_uses_the_check_it_is_given(tmp_path: Path) -> None:
    """The lint asks ``payload_fits`` about every option and common outcome button."""
    english_copy(tmp_path)
    seen: list[tuple[str, str]] = []

    def refuse_wellbeing(question_id: str, key: str) -> bool:
        seen.append((question_id, key))
        return question_id != "wellbeing" or key != "unsure"

    problems = lint_catalogue(tmp_path / "content", payload_fits=refuse_wellbeing)
    expected = Problem(
        "en/end.toml",
        "wellbeing",
        "button data 'wellbeing' + 'unsure' is too long; shorten the id",
    )
    assert [expected] == problems
    engine_keys = [
        ("outcomes", "c:my_choice"),
        ("outcomes_review", "c:my_choice"),
        ("safety", "prefer_not_to_say"),
        ("safety", "first"),
        ("about", "next"),
        ("comments", "hide"),
        ("outcomes_review", "drop"),
        ("stop", "confirm_stop"),
    ]
    assert [key for key in engine_keys if key not in seen] == []


def test_languages_must_share_ids(tmp_path: Path) -> None:
    """A second language with a different tree, outcome list or survey order is reported."""
    english_copy(tmp_path)
    other = english_copy(tmp_path, "xx")
    edit(other, "meta.toml", 'language = "en"', 'language = "xx"')
    edit(other, "shared.toml", 'yes = "=4"\nno = "=3"', 'yes = "=3"\nno = "=4"')
    edit(other, "outcomes.toml", 'id = "my_money"', 'id = "money"')
    edit(other, "surveys.toml", '"involved", "wellbeing"', '"wellbeing", "involved"')
    actual = lint_lines(tmp_path)
    assert (
        "xx/shared.toml: safety: yes_no tree has different steps or answers (differs from 'en')"
        in actual
    )
    assert any(line.startswith("xx/outcomes.toml: common_outcomes: ids [") for line in actual)
    assert any(line.startswith("xx/surveys.toml: surveys.end: steps [") for line in actual)
    assert len(actual) == 3


def test_report_counts_what_was_checked(tmp_path: Path) -> None:
    """The summary counts come from what was linted: languages, questions, texts."""
    english_copy(tmp_path)
    report = lint_report(tmp_path / "content")
    assert (report.languages, report.questions) == (["en"], 24)
    assert report.texts > 100


def test_missing_content_folder_is_one_problem(tmp_path: Path) -> None:
    """Pointing the lint at a folder that does not exist is reported, not raised."""
    missing = tmp_path / "nowhere"
    assert [Problem(str(missing), "-", "content folder not found")] == lint_catalogue(missing)


def test_closed_question_without_non_answers_is_reported_even_past_the_loader() -> None:
    """The lint checks non-answers itself, so content built in code is held to it too."""
    english, sources = load_language_with_sources(CONTENT_ROOT / "en")
    made_safer = english.questions["made_safer"]
    trimmed = made_safer.model_copy(update={"options": made_safer.options[:3]})
    content = english.model_copy(update={"questions": {**english.questions, "made_safer": trimmed}})
    problems = list(lint_language(content, sources, list(iter_texts(content, sources))))
    expected = "closed question does not offer 'prefer_not_to_say'"
    assert problems == [Problem("en/end.toml", "made_safer", expected)]


def test_a_yes_no_introduction_that_asks_the_question_is_named(tmp_path: Path) -> None:
    """The yes_no words of a question with steps must not ask it (the first step asks it
    right after, so it would be asked twice): the old "Would you like more help?" is caught."""
    folder = english_copy(tmp_path)
    edit(folder, "end.toml", 'yes_no = "Now a question about more help.\\n',
         'yes_no = "Would you like more help?\\n')  # fmt: skip
    assert [
        "en/end.toml: wants_more_support: text.yes_no: asks 'Would you like more help?'; the "
        "first yes/no step asks the question, so say only what it is about"
    ] == lint_lines(tmp_path)
