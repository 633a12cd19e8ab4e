"""The content loader: the shipped content loads, and each kind of broken file is reported
as ``file: question: problem`` naming the right file and question.

Broken cases are built in ``tmp_path``: the shipped English folder is copied and one thing is
changed in its TOML text, so each test shows exactly one problem being caught.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dialogs.content import (
    CONTENT_ROOT,
    ContentProblems,
    Problem,
    load_catalogue,
    load_language,
)
from dialogs.danger import contains_danger
from dialogs.errors import ContentError
from dialogs.vocabulary import MEASURE_SCALES, NON_ANSWERS, WORDINGS

PLAN_STEPS = {
    "start": [
        "safe_to_talk", "about", "consent", "how_to_ask", "who_answering", "practice",
        "safety", "outcomes", "how_will_we_know", "thanks_start",
    ],
    "checkin": ["safe_to_talk", "checkin_intro", "safety", "outcomes_review", "thanks_checkin"],
    "end": [
        "safe_to_talk", "end_intro", "safety", "outcomes_achieved", "made_safer",
        "how_much_safer", "listened_to", "involved", "wellbeing", "wants_more_support",
        "comments", "thanks_end",
    ],
}  # fmt: skip


def english_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped English folder, as ``<tmp>/content/en``."""
    folder = tmp_path / "content" / "en"
    shutil.copytree(CONTENT_ROOT / "en", folder)
    return folder


def edit(folder: Path, file: str, old: str, new: str) -> None:
    """Replace one exact piece of text in a content file (it must be there)."""
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ContentProblems) as caught:
        load_language(folder)
    return [str(problem) for problem in caught.value.problems]


def test_shipped_catalogue_has_english_with_the_planned_surveys() -> None:
    """The shipped content loads and its surveys list exactly the agreed steps."""
    english = load_catalogue()["en"]
    actual = {tp: getattr(english.surveys, tp).steps for tp in PLAN_STEPS}
    assert actual == PLAN_STEPS


def test_shipped_closed_questions_use_the_measure_scales() -> None:
    """Every closed question's option values are its scale plus the two non-answers."""
    english = load_catalogue()["en"]
    for question in english.questions.values():
        if question.measure in MEASURE_SCALES:
            expected = [*MEASURE_SCALES[question.measure], *NON_ANSWERS]
            assert expected == [option.value for option in question.options]


def test_shipped_safety_tree_follows_the_plan() -> None:
    """Safety in yes_no: safe? -> as safe as you want? (4/3) / a little bit safe? (2/1)."""
    tree = load_catalogue()["en"].questions["safety"].yes_no
    assert tree is not None
    first = tree.steps[tree.start]
    leaves = {
        (a, b): getattr(tree.steps[getattr(first, a)], b)
        for a in ("yes", "no")
        for b in ("yes", "no")
    }
    assert leaves == {
        ("yes", "yes"): "=4",
        ("yes", "no"): "=3",
        ("no", "yes"): "=2",
        ("no", "no"): "=1",
    }
    assert tree.recheck is not None
    assert (tree.recheck.first.values, tree.recheck.second.values) == (["4", "3"], ["2", "1"])


def test_default_catalogue_is_cached() -> None:
    """The bot loads the shipped content once: two calls give the same language objects."""
    assert load_catalogue()["en"] is load_catalogue()["en"]


def test_catalogue_from_a_folder_is_keyed_by_meta_language(tmp_path: Path) -> None:
    """A catalogue root with a copy of English is keyed by meta.language, and equals it."""
    english_copy(tmp_path)
    catalogue = load_catalogue(tmp_path / "content")
    assert sorted(catalogue) == ["en"]
    assert load_catalogue()["en"] == catalogue["en"]


def test_loader_error_is_a_content_error_with_one_line_per_problem(tmp_path: Path) -> None:
    """ContentProblems is a ContentError whose message is the problem lines."""
    folder = english_copy(tmp_path)
    edit(folder, "end.toml", 'value = "a_bit"', 'value = "abit"')
    with pytest.raises(ContentError) as caught:
        load_language(folder)
    lines = str(caught.value).splitlines()
    assert len(lines) >= 2
    assert all(line.startswith("en/end.toml: listened_to: ") for line in lines)


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "end.toml",
            'easy_read = "Did you help decide what happened?"\n',
            'easy_read = "Did you help decide what happened?"\ncolour = "red"\n',
            "en/end.toml: involved: text.colour: unknown field (check the spelling)",
        ),
        (
            "start.toml",
            'easy_read = "How will you know things are better?\\nYou can type it.\\n'
            'Or send a voice message."\n',
            "",
            "en/start.toml: how_will_we_know: text.easy_read: Field required",
        ),
        (
            "start.toml",
            "[questions.how_will_we_know]",
            '[questions.about]\nkind = "info"\ntext = { standard = "a", easy_read = "a",'
            ' yes_no = "a", screen_reader = "a", representative = "a" }\n\n'
            "[questions.how_will_we_know]",
            "en/start.toml: about: questions.about is also defined in en/shared.toml",
        ),
        (
            "meta.toml",
            'review_note = ""',
            'review_note = ""\n\n[danger]\nphrases = ["x"]',
            "en/meta.toml: danger: [danger] is also defined in en/danger.toml",
        ),
        (
            "surveys.toml",
            '"safety", "outcomes_review"',
            '"saftey", "outcomes_review"',
            "en/surveys.toml: saftey: surveys.checkin lists a step with no question",
        ),
        (
            "end.toml",
            'value = "a_bit"',
            'value = "abit"',
            "en/end.toml: listened_to: options: value 'abit' is not one of"
            " ['yes', 'a_bit', 'no', 'dont_know', 'prefer_not_to_say']",
        ),
        (
            "end.toml",
            '[[questions.made_safer.options]]\nvalue = "dont_know"',
            '[[questions.made_safer.options]]\nvalue = "no"',
            "en/end.toml: made_safer: options: value 'dont_know' is missing",
        ),
        (
            "shared.toml",
            'consent_version = "v1"\n',
            "",
            "en/shared.toml: consent: consent_version is missing (the version of the consent text)",
        ),
        (
            "end.toml",
            'kind = "choice"\nmeasure = "wellbeing"',
            'kind = "choice"\nmeasure = "happiness"',
            "en/end.toml: wellbeing: measure must be 'wellbeing', not 'happiness'",
        ),
        (
            "shared.toml",
            'kind = "info"',
            'kind = "choice"',
            "en/shared.toml: about: kind must be 'info', not 'choice'",
        ),
        (
            "end.toml",
            'yes = "=partly"\nno = "=no"',
            'yes = "=partly"\nno = "=nah"',
            "en/end.toml: outcomes_achieved: yes_no.steps.some.no: 'nah' is not on the scale"
            " ['yes', 'partly', 'no', 'dont_know', 'prefer_not_to_say']",
        ),
        (
            "end.toml",
            'yes = "=partly"\nno = "=no"',
            'yes = "=partly"\nno = "=partly"',
            "en/end.toml: outcomes_achieved: yes_no: no answer leads to 'no'",
        ),
        (
            "end.toml",
            'yes = "=a_little"\nno = "=not_at_all"',
            'yes = "lots"\nno = "=not_at_all"',
            "en/end.toml: how_much_safer: yes_no.steps.little.yes: step 'lots' does not exist",
        ),
        (
            "end.toml",
            'yes = "=happy"\nno = "unhappy"',
            'yes = "=happy"\nno = "=unsure"',
            "en/end.toml: wellbeing: yes_no.steps.unhappy: cannot be reached from 'happy'",
        ),
        (
            "end.toml",
            'start = "more"',
            'start = "mor"',
            "en/end.toml: wants_more_support: yes_no.start: step 'mor' does not exist",
        ),
        (
            "shared.toml",
            'first = { values = ["4", "3"]',
            'first = { values = ["4", "5"]',
            "en/shared.toml: safety: yes_no.recheck.first: '5' is not on the scale"
            " ['4', '3', '2', '1']",
        ),
        (
            "checkin.toml",
            'easy_read = "You said:\\n{outcome}\\nDo you still want this?"',
            'easy_read = "You said:\\nDo you still want this?"',
            "en/checkin.toml: outcomes_review: text.easy_read: no {outcome}",
        ),
        (
            "outcomes.toml",
            'yes_no = "Where I want to live: {answer}"',
            'yes_no = "Where I want to live"',
            "en/outcomes.toml: help_prompts[place]: statement.yes_no: no {answer}",
        ),
        (
            "messages.toml",
            'standard = "Is this right?\\n{outcome}"',
            'standard = "Is this right?"',
            "en/messages.toml: messages.confirm_outcome: standard: no {outcome}",
        ),
        (
            "messages.toml",
            "[messages.resumed]",
            "[messages.resumd]",
            "en/messages.toml: messages: resumed: Field required",
        ),
        (
            "messages.toml",
            "[messages.resumed]",
            "[messages.resumd]",
            "en/messages.toml: messages: resumd: unknown field (check the spelling)",
        ),
        (
            "labels.toml",
            "[labels]",
            "[labels",
            "en/labels.toml: -: not valid TOML",
        ),
    ],
)
def test_each_broken_file_is_reported_with_file_question_and_problem(
    tmp_path: Path, file: str, old: str, new: str, expected: str
) -> None:
    """One change to one file gives a problem line naming that file and question."""
    folder = english_copy(tmp_path)
    edit(folder, file, old, new)
    actual = problems_of(folder)
    assert any(line.startswith(expected) for line in actual), actual


def test_missing_table_is_reported(tmp_path: Path) -> None:
    """A language without a danger.toml names the missing table."""
    folder = english_copy(tmp_path)
    (folder / "danger.toml").unlink()
    assert problems_of(folder) == ["en/: danger: [danger] is missing"]


def test_two_folders_with_the_same_language_tag_are_refused(tmp_path: Path) -> None:
    """Two folders both saying language = "en" cannot both be in one catalogue."""
    english_copy(tmp_path)
    shutil.copytree(tmp_path / "content" / "en", tmp_path / "content" / "en2")
    with pytest.raises(ContentProblems) as caught:
        load_catalogue(tmp_path / "content")
    expected = [Problem("en2/meta.toml", "meta", "language 'en' is defined twice")]
    assert expected == caught.value.problems


def test_every_common_outcome_and_prompt_has_all_wordings() -> None:
    """Each common outcome has a label, a statement and a yes/no question in every form."""
    english = load_catalogue()["en"]
    assert 6 <= len(english.common_outcomes) <= 8
    assert [p.id for p in english.help_prompts] == ["stop", "keep", "people", "place"]
    for outcome in english.common_outcomes:
        for wording in (outcome.label, outcome.statement, outcome.yes_no_question):
            assert all(getattr(wording, key).strip() for key in WORDINGS)


def test_polish_is_a_complete_draft_with_the_same_structure() -> None:
    """The second language is marked as a draft for review and mirrors English's ids."""
    catalogue = load_catalogue()
    english, polish = catalogue["en"], catalogue["pl"]
    assert (polish.meta.draft, english.meta.draft) == (True, False)
    assert "native" in polish.meta.review_note
    assert list(polish.questions) == list(english.questions)
    for qid, question in english.questions.items():
        expected = [option.value for option in question.options]
        assert [option.value for option in polish.questions[qid].options] == expected
    assert [o.id for o in polish.common_outcomes] == [o.id for o in english.common_outcomes]


@pytest.mark.parametrize(
    ("language", "dangerous", "ordinary"),
    [
        (
            "en",
            [
                "he is going to kill me", "My son hit me yesterday", "she's hurting me",
                "I'm scared for my life", "I want to kill myself", "he has a knife",
                "I can't get out of the house", "they locked me in", "HE HITS ME",
            ],
            [
                "I want to see my family", "my daughter helps me with shopping",
                "he hits the ball", "My son should get help with his drinking",
                "I locked the door", "I got out of hospital last week",
                "help me understand the letter",
            ],
        ),
        (
            "pl",
            [
                "on mnie bije", "bije mnie codziennie", "boję się o życie", "on ma nóż",
                "zamknął mnie w pokoju", "chce mnie zabić", "he hit me",
            ],
            ["chcę widywać rodzinę", "potrzebuję pomocy z listem", "zamknęłam drzwi"],
        ),
    ],
)  # fmt: skip
def test_danger_phrases_catch_danger_and_spare_ordinary_answers(
    language: str, dangerous: list[str], ordinary: list[str]
) -> None:
    """The shipped phrase lists (with the engine's matcher) flag danger, not everyday words."""
    phrases = load_catalogue()[language].danger.phrases
    assert [text for text in dangerous if not contains_danger(text, phrases)] == []
    assert [text for text in ordinary if contains_danger(text, phrases)] == []
