"""/howtoask and /language typed alone in Telegram (as /help advertises them): the choices
come as buttons, and a tap changes how the bot asks, or its language, then asks the same
question again in the new form; earlier answers are kept and later ones stored as given."""

from __future__ import annotations

from telegram.ext import Application

from bot.transport_words import load_words
from tests.telegram import test_journey_commands as commands_tests
from tests.telegram.journey_driver import Person, buttons_of, option_label
from tests.telegram.test_journey_commands import POLISH, QUESTIONS, sent_since, stored

app = commands_tests.app  # the same bot (English and Polish) and person at safety
person = commands_tests.person


def _button_texts(driver: Person) -> list[str]:
    return [b["text"] for b in buttons_of(driver.keyboard())]


async def test_howtoask_alone_offers_the_four_ways_and_a_tap_switches(
    app: Application, person: Person
) -> None:
    """/howtoask: the how_to_ask question with its four labels (and Hide); tapping the
    screen reader way confirms and asks safety again without pictures; the first answer
    (safety) is then stored, then the Back button returns to it (history kept)."""
    await person.type("/howtoask")
    how = QUESTIONS["how_to_ask"]
    assert how.text.standard == person.keyboard()["text"]
    labels = [o.label.standard for o in how.options]
    assert labels == _button_texts(person)[: len(labels)]
    before = len(person.texts())
    await person.tap_text(option_label(how, "screen_reader").standard)
    person.variant = "screen_reader"
    safety = QUESTIONS["safety"].text.screen_reader
    assert safety == sent_since(person, before)[-1]
    await person.choose("safety", "3")
    assert [("safety", "3", "en")] == await stored(app)


async def test_language_alone_offers_the_languages_and_a_tap_switches(
    app: Application, person: Person
) -> None:
    """/language: a button per language by its own name; tapping Polski confirms in Polish
    and asks the same question from the Polish content; the answer is stored as Polish."""
    await person.type("/language")
    assert ["English", "Polski"] == _button_texts(person)[:2]
    before = len(person.texts())
    await person.tap_text(POLISH.meta.name)
    expected = [POLISH.messages.language_changed.standard, POLISH.questions["safety"].text.standard]
    assert expected == sent_since(person, before)[-2:]
    label = next(o.label.standard for o in POLISH.questions["safety"].options if o.value == "4")
    await person.tap_text(label)
    assert [("safety", "4", "pl")] == await stored(app)


async def test_after_choosing_polish_the_transport_words_are_polish(
    app: Application, person: Person
) -> None:
    """Once the person chose Polski, a stale button is answered with the Polish transport
    words (bot/content/pl), not the English ones."""
    old_keyboard = person.keyboard()
    await person.type("/language")
    await person.tap_text(POLISH.meta.name)
    await person.tap_text(option_label(QUESTIONS["safety"], "4").standard, old_keyboard)
    assert load_words("pl").stale_button.standard == person.texts()[-2]
    assert load_words("pl").stale_button != load_words("en").stale_button
