"""The outcome menu (common outcomes, own words, help me decide, not sure yet, Done) and how
typed words there are read: a plain reply such as "I don't know", "no" or "Done" is not an
outcome in the person's own words (it would be read back later as "At the start you said:
I don't know")."""

from __future__ import annotations

from dialogs import outcome_list as ol
from dialogs.asking import Prompt
from dialogs.draft import Draft
from dialogs.matching import normalise
from dialogs.types import Option
from dialogs.vocabulary import NON_ANSWERS, WORDINGS


def menu_prompt(d: Draft) -> Prompt:
    """The menu: what is chosen so far (or, at a check-in, the list), the buttons, Done."""
    labels, messages = d.content.labels, d.content.messages
    chosen = "\n".join(ol.statements(d))
    so_far = d.words(messages.outcomes_so_far, outcomes=chosen)
    reviewing = d.question.kind == "outcomes_review"
    if reviewing:
        text, lead = (so_far if chosen else d.words(messages.no_outcomes_yet)), ()
    else:
        text, lead = d.words(d.question.text), ((so_far,) if d.state.pending else ())
    options = []
    if d.state.variant != "yes_no":
        options = [Option(f"c:{c.id}", d.words(c.label)) for c in ol.available_commons(d)]
    options.append(Option("own_words", d.words(labels.own_words)))
    if d.content.help_prompts:
        options.append(Option("help_me_decide", d.words(labels.help_me_decide)))
    options.append(Option("not_sure_yet", d.words(labels.not_sure_yet)))
    done = (Option("done", d.words(labels.done)),) if d.state.pending or reviewing else ()
    return Prompt(text, tuple(options), accepts_text=True, lead=lead, pinned=done)


def plain_reply(d: Draft, words: str) -> str | None:
    """Typed ``words`` that are a plain reply, not an outcome: "unsure" (the words of a don't
    know, not sure or prefer not to say button, in any wording, or the language's other
    ways of saying it), "nothing", "yes", "no", or "done" (typed when there is no Done
    button: nothing chosen yet); None for the person's own words."""
    said = normalise(words)
    labels = d.content.labels
    if said == normalise(d.words(labels.done)):
        return "done"
    unsure = [labels.not_sure, labels.not_sure_yet, labels.prefer_not_to_say]
    unsure += [
        option.label
        for question in d.content.questions.values()
        for option in question.options
        if option.value in NON_ANSWERS
    ]
    if said in {normalise(words) for words in d.content.meta.unsure_words}:
        return "unsure"
    if said in {normalise(words) for words in d.content.meta.nothing_words}:
        return "nothing"
    for name, wordings in (("unsure", unsure), ("yes", [labels.yes]), ("no", [labels.no])):
        if said in {normalise(getattr(w, form)) for w in wordings for form in WORDINGS}:
            return name
    return None
