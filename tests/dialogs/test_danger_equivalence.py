"""The faster danger matcher and text helpers give exactly the answers of the originals.

``danger_reference`` is the pre-optimisation code (a copy of the original, kept as the oracle:
do not optimise it); every property here draws
texts the matcher finds hard (phrase words with slips, phrases without spaces, longer forms,
pictures, accents, punctuation, texts past the 300-word fuzzy limit) and asserts that the new
and the old code agree, for the shipped English and Polish phrase lists and for made-up lists
of long phrases over a tiny alphabet (where near matches are everywhere).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogs import danger, typing_slips
from dialogs.content import CONTENT_ROOT, load_language
from dialogs.lint_text import alarm_words, first_line
from dialogs.matching import normalise
from dialogs.wording import CharacterTable, strip_emoji
from tests.dialogs import danger_reference as reference

PHRASES = {lang: load_language(CONTENT_ROOT / lang).danger.phrases for lang in ("en", "pl")}
PHRASE_WORDS = sorted({w for p in [*PHRASES["en"], *PHRASES["pl"]] for w in p.split()})
EVERYDAY = ["my", "son", "he", "she", "the", "comes", "round", "want", "stop", "help",
            "mnie", "się", "dom", "i", "a", "to", "nie", "chce", "kilo", "bij"]  # fmt: skip
ODD = ["🙂", "👍🏽", "\u200d", "\ufe0f", "é", "ß", "İ", "ﬁ", "Ｋｉｌｌ", "’", "'", "_", "^",
       "`", "…", "\u0301", "ż", "ŁÓDŹ", "1", "999", "\ud800", "\n", "\t", "\u200b"]  # fmt: skip
SEPARATORS = [" ", " ", " ", "", "", ", ", "... ", "\n", "'", "-", "_", " 🙂 ", "’"]
LETTERS = "abcdeiklmnorstuyzęł"
FEW_EXAMPLES = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def slipped(draw: st.DrawFn, word: str) -> str:
    """``word`` as typed: unchanged, shouted, longer, or with one or two small slips."""
    for _ in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from(["change", "insert", "delete", "swap", "longer", "upper"]))
        at = draw(st.integers(0, max(len(word) - 1, 0)))
        letter = draw(st.sampled_from(LETTERS))
        if kind == "change":
            word = word[:at] + letter + word[at + 1 :]
        elif kind == "insert":
            word = word[:at] + letter + word[at:]
        elif kind == "delete" and len(word) > 1:
            word = word[:at] + word[at + 1 :]
        elif kind == "swap" and at + 1 < len(word):
            word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        elif kind == "longer":
            word += draw(st.sampled_from(["s", "ed", "ing", "ings", "ujący", "xxxxxx"]))
        elif kind == "upper":
            word = word.upper()
    return word


@st.composite
def recut(draw: st.DrawFn, phrase: str) -> str:
    """A whole phrase with slips anywhere, then cut into words at other places
    ("scared for my life" -> "scare dfor my lfie"): what the whole-phrase check is for."""
    joined = draw(slipped(phrase.replace(" ", "")))
    cuts = sorted(draw(st.lists(st.integers(1, max(len(joined) - 1, 1)), max_size=6)))
    starts = [0, *cuts]
    return " ".join(joined[a:b] for a, b in zip(starts, [*cuts, len(joined)], strict=True))


@st.composite
def piece_of_text(draw: st.DrawFn, phrases: list[str]) -> str:
    """A phrase (maybe slipped, squashed or cut short), a phrase word, everyday or odd words."""
    kind = draw(st.sampled_from(["phrase", "phrase", "recut", "word", "everyday", "odd"]))
    if kind == "recut":
        return draw(recut(draw(st.sampled_from(phrases))))
    if kind == "phrase":
        words = [draw(slipped(word)) for word in draw(st.sampled_from(phrases)).split()]
        if draw(st.booleans()):
            words = words[: draw(st.integers(1, len(words)))]
        return draw(st.sampled_from(["", " ", "  "])).join(words)
    if kind == "word":
        return draw(slipped(draw(st.sampled_from(PHRASE_WORDS))))
    return draw(st.sampled_from(EVERYDAY if kind == "everyday" else ODD))


@st.composite
def text_for(draw: st.DrawFn, phrases: list[str], most: int = 12, filler: int = 0) -> str:
    """Pieces joined by spaces, punctuation or nothing; ``filler`` everyday words first."""
    pieces = ["the"] * filler + draw(st.lists(piece_of_text(phrases), min_size=1, max_size=most))
    glue = [draw(st.sampled_from(SEPARATORS)) for _ in pieces]
    return "".join(piece + sep for piece, sep in zip(pieces, glue, strict=True))


def same_answer(text: str, phrases: list[str]) -> None:
    assert reference.contains_danger(text, phrases) == danger.contains_danger(text, phrases)


@FEW_EXAMPLES
@given(st.data())
def test_same_answer_on_short_texts_for_both_shipped_lists(data: st.DataObject) -> None:
    """Short answers built from the phrase lists' own words, slipped, squashed, cut short, mixed
    with pictures and punctuation: the new matcher answers exactly as the original."""
    for phrases in PHRASES.values():
        same_answer(data.draw(text_for(phrases)), phrases)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.integers(280, 330))
def test_same_answer_on_texts_past_the_fuzzy_word_limit(data: st.DataObject, filler: int) -> None:
    """Texts of about 300 words (where the slow whole-phrase check stops) with phrases near
    that limit: same answers as the original."""
    for phrases in PHRASES.values():
        same_answer(data.draw(text_for(phrases, most=30, filler=filler)), phrases)


made_up_phrases = st.lists(
    st.lists(st.text("abc", min_size=1, max_size=7), min_size=1, max_size=6).map(" ".join),
    min_size=1,
    max_size=6,
)


@settings(max_examples=220, deadline=None)
@given(made_up_phrases, st.data())
def test_same_answer_for_made_up_phrase_lists(phrases: list[str], data: st.DataObject) -> None:
    """Long and short phrases over three letters, texts over the same letters: near matches,
    repeats and overlaps everywhere, including phrases of 24+ letters (two slips allowed)."""
    words = st.text("abc", min_size=1, max_size=8) | piece_of_text(phrases)
    text = data.draw(st.lists(words, min_size=1, max_size=40).map(" ".join))
    same_answer(text, phrases)


@given(st.data(), st.text(alphabet="abcde", min_size=1, max_size=12))
def test_word_matches_as_before(data: st.DataObject, expected: str) -> None:
    """Word-level tolerance (equal, longer form, one or two edits) is unchanged."""
    typed = data.draw(slipped(expected) | st.text("abcde", min_size=1, max_size=14))
    assert reference.word_matches(expected, typed) == danger.word_matches(expected, typed)


@given(st.text("abc", max_size=14), st.text("abc", max_size=14), st.integers(1, 3))
def test_bounded_edit_count_as_before(first: str, second: str, allowed: int) -> None:
    """The capped, early-stopping edit count (and the one-edit shortcut) agree with the full
    optimal-string-alignment count of the original."""
    within = reference._edits(first, second) <= allowed
    assert within == typing_slips.within_edits(first, second, allowed)
    if allowed == 1 and abs(len(first) - len(second)) <= 1:
        assert within == typing_slips.one_edit(first, second)


def edge_cases(phrases: list[str]) -> list[str]:
    """Texts at the matcher's limits, built from a phrase list."""
    longest = max((w for p in phrases for w in p.split()), key=len)
    with_longest = next(p for p in phrases if longest in p.split())
    long_phrase = max(phrases, key=lambda p: len(p.replace(" ", "")))
    squashed = long_phrase.replace(" ", "")
    short = min((p for p in phrases if " " in p), key=len).replace(" ", "")
    slip = squashed[:3] + squashed[4] + squashed[3] + squashed[5:]
    size = -(-len(slip) // 4)
    chopped = " ".join(slip[i : i + size] for i in range(0, len(slip), size))  # four words
    # A short phrase (no whole-phrase check) with the first letter of a long word changed.
    first_changed = next(
        " ".join("x" + w[1:] if len(w) >= 5 else w for w in p.split())
        for p in phrases
        if len(p.replace(" ", "")) < 12 and max(map(len, p.split())) >= 5
    )
    return [
        *[f"{'the ' * n}{slip}" for n in (290, 299, 300)],
        *[f"{'the ' * n}{chopped}" for n in (0, 295, 296, 297)],
        f"x{squashed} {squashed}", f"{squashed}x {squashed}", f"x{squashed}",
        f"x{short} {short}", f"{short}x {short}", " ".join(squashed),
        " ".join(squashed[:6]) + squashed[6:], " ".join(squashed[:5]) + squashed[5:],
        *[with_longest.replace(longest, longest + extra) for extra in ("abcd", "abcde")],
        first_changed, "xx".join(phrases), " ".join(phrases).upper(),
        f"{squashed[:2]}🙂{squashed[2:]}", f"{squashed[:2]}\u200d{squashed[2:]}",
        "sxxangled me", "he strnagledd me", "ab" * 5000, "killme" * 3000, ("kill me " * 2500),
        # Pieces of "scared for my life" just before the slipped phrase: the search for the
        # next piece must not skip past the place that matches.
        "xxxxdformylife scbredformylife",
        # A letter lost or added early in a long phrase moves every later piece by one.
        f"I am {squashed[:2]}{squashed[3:]}", f"I am {squashed[:2]}x{squashed[2:]}",
    ]  # fmt: skip


def test_same_answer_at_the_edges() -> None:
    """Phrases around the 300-word limit, spelt out letter by letter, inside longer words,
    with the longest word lengthened, or repeated to 20,000 characters: same answers."""
    for phrases in PHRASES.values():
        for text in edge_cases(phrases):
            same_answer(text, phrases)


ascii_text = st.text(st.characters(max_codepoint=127))
any_text = (
    st.text()
    | ascii_text
    | st.lists(st.sampled_from(ODD + EVERYDAY + SEPARATORS)).map("".join)
    | st.lists(st.sampled_from(ODD + EVERYDAY + SEPARATORS), min_size=80).map("".join)
)


HELPER_EDGES = [
    "a^b", "a`b", "don't", "a’b", "ＡＢ c", "Ǆ", "ﬃ", "İstanbul", "STRASSE ß", "a\u200db",
    "👍🏽yes", "\ud800x", "x\u0301", " \t\x0b\x1c a \n\n b ", "Were you Abused?\nPOLICE",
    "x²y ١٢ Ⅻ", "Czy była PRZEMOC? Napaść, nóż\nPolicja",
]  # fmt: skip


@settings(max_examples=150)
@given(
    any_text
    | st.sampled_from(HELPER_EDGES)
    | st.sampled_from(HELPER_EDGES).map(lambda text: text * 40)
    | st.integers(250, 600).flatmap(lambda n: st.text(min_size=n, max_size=n))
)
def test_text_helpers_as_before(text: str) -> None:
    """normalise, strip_emoji and alarm_words(first_line) agree with the originals on any
    unicode, short (remembered) and long (not remembered), and agree again when repeated."""
    for _ in range(2):
        assert reference.normalise(text) == normalise(text)
        assert reference.strip_emoji(text) == strip_emoji(text)
        assert reference.alarm_words(reference.first_line(text)) == alarm_words(first_line(text))


def test_text_helpers_as_before_at_the_edges() -> None:
    """Characters each fast path treats specially (ASCII ^ and `, apostrophes, compatibility
    forms, joiners, lone surrogates, odd spaces), short and repeated past the cache limit."""
    for text in [*HELPER_EDGES, *(edge * 40 for edge in HELPER_EDGES)]:
        assert reference.normalise(text) == normalise(text)
        assert reference.strip_emoji(text) == strip_emoji(text)
        assert reference.alarm_words(reference.first_line(text)) == alarm_words(first_line(text))


def test_alarm_words_gives_each_caller_its_own_list() -> None:
    """A remembered result cannot be changed through the list a caller was given."""
    alarm_words("police came").append("extra")
    assert ["police"] == alarm_words("police came")


def test_character_table_works_each_character_out_once_and_stays_small() -> None:
    """The translate table behind strip_emoji and normalise asks about a character once, and
    starts afresh (same answers) when it reaches its size."""
    asked: list[str] = []
    table = CharacterTable(lambda char: asked.append(char) or char.upper(), size=3)
    assert "ABC" == "abc".translate(table)
    assert "DAB" == "dab".translate(table)  # full at "d": starts afresh, asks about a, b again
    assert "DAB" == "dab".translate(table)
    assert ["a", "b", "c", "d", "a", "b"] == asked
