"""The outcome steps: pick at the start, review (keep / drop, then add) at a check-in.

Modes (``sub["mode"]``): ``review`` (keep or drop outcome ``i``), ``yn`` (yes_no variant:
each common outcome as its own yes/no question), ``menu`` (common outcomes to toggle, own
words, help me decide, not sure yet, Done), ``own`` (type your own words), ``help`` and
``confirm`` (a "help me decide" prompt, then "is this right?"). One ``OutcomesRevised`` is
recorded when the step ends.
"""

from __future__ import annotations

from dialogs import outcome_list as ol
from dialogs.asking import Prompt, Step, reask, show
from dialogs.draft import Draft
from dialogs.flow import advance, push_history
from dialogs.matching import normalise
from dialogs.outcome_menu import menu_prompt, plain_reply
from dialogs.steps_basic import too_long
from dialogs.types import Option, OutcomesRevised
from dialogs.wording import fill

# What Skip means in each small question inside the step: an answer that adds nothing
# (review: keep the outcome unchanged).
_SKIP_KEYS = {"yn": "not_sure", "help": "pskip", "confirm": "no", "review": "keep"}


def _mode(d: Draft) -> str:
    """The current mode; one with nothing to ask about (say, after a language change) falls
    back to the menu."""
    mode = str(d.sub.get("mode") or _first_mode(d))
    empty = {
        "review": not d.state.outcomes,
        "yn": not ol.commons_to_ask(d),
        "help": not d.content.help_prompts,
    }
    return "menu" if empty.get(mode) else mode


def _index(d: Draft, items: list | tuple) -> int:
    """``sub["i"]``, kept inside ``items`` (never empty here: see ``_mode``)."""
    return min(int(d.sub.get("i", 0)), len(items) - 1)


def _first_mode(d: Draft) -> str:
    if d.question.kind == "outcomes_review" and d.state.outcomes and "dropped" not in d.sub:
        return "review"
    return "yn" if d.state.variant == "yes_no" and ol.commons_to_ask(d) else "menu"


def _forward(d: Draft, chosen: tuple[str, str, bool] | None = None, **sub: object) -> None:
    """Go on to another part of this step (back returns to where we are now)."""
    push_history(d)
    if chosen is not None:
        ol.set_chosen(d, *chosen)
    d.set_sub(**sub)
    show(d)


class Outcomes(Step):
    def arrive(self, d: Draft) -> None:
        ol.remember_arrival(d)

    def restart(self, d: Draft) -> None:
        """A new variant: yes_no asks the common outcomes one by one, others show buttons."""
        d.set_sub(page=None)
        mode = _mode(d)
        if mode == "yn" and d.state.variant != "yes_no":
            d.set_sub(mode="menu", i=None)
        elif mode == "menu" and d.state.variant == "yes_no" and ol.commons_to_ask(d):
            d.set_sub(mode="yn", i=0)

    def prompt(self, d: Draft) -> Prompt:
        mode, labels, messages = _mode(d), d.content.labels, d.content.messages
        yes, no = Option("yes", d.words(labels.yes)), Option("no", d.words(labels.no))
        if mode == "review":
            outcome = ol.read_back(d, d.state.outcomes[_index(d, d.state.outcomes)])
            keep = (Option("keep", d.words(labels.keep)), Option("drop", d.words(labels.drop)))
            return Prompt(d.words(d.question.text, outcome=outcome), keep)
        if mode == "yn":
            commons = ol.commons_to_ask(d)
            not_sure = Option("not_sure", d.words(labels.not_sure))
            return Prompt(d.words(commons[_index(d, commons)].yes_no_question), (yes, no, not_sure))
        if mode == "own":
            return Prompt(d.words(messages.type_your_words), accepts_text=True)
        if mode == "help":
            prompts = d.content.help_prompts
            skip = (Option("pskip", d.words(labels.not_sure)),)
            return Prompt(d.words(prompts[_index(d, prompts)].text), skip, accepts_text=True)
        if mode == "confirm":
            text = d.words(messages.confirm_outcome, outcome=str(d.sub.get("draft", "")))
            return Prompt(text, (yes, no))
        return menu_prompt(d)

    def on_choice(self, d: Draft, key: str) -> None:
        mode = _mode(d)
        if mode == "review":
            i = _index(d, d.state.outcomes)
            gone = ol.dropped(d) + ((d.state.outcomes[i].ref,) if key == "drop" else ())
            more = i + 1 < len(d.state.outcomes)
            # after the last one, the mode is left unset: the variant's first pick mode
            _forward(d, dropped=gone, i=i + 1 if more else None, mode="review" if more else None)
        elif mode == "yn":
            commons = ol.commons_to_ask(d)
            i = _index(d, commons)
            chosen = (f"common:{commons[i].id}", d.words(commons[i].statement), key == "yes")
            more = i + 1 < len(commons)
            _forward(d, chosen, mode="yn" if more else "menu", i=i + 1 if more else None)
        elif mode == "help" and key == "pskip" or mode == "confirm":
            draft = str(d.sub.get("draft", ""))
            chosen = ("help_decide", draft, True) if mode == "confirm" and key == "yes" else None
            i = int(d.sub.get("i", 0))
            more = i + 1 < len(d.content.help_prompts)
            _forward(
                d, chosen, mode="help" if more else "menu", i=i + 1 if more else None, draft=None
            )
        elif mode == "menu":
            self._menu_choice(d, key)
        else:
            reask(d)

    def _menu_choice(self, d: Draft, key: str) -> None:
        if key.startswith("c:"):
            common = next(c for c in ol.available_commons(d) if c.id == key[2:])
            source = f"common:{common.id}"
            ol.set_chosen(d, source, d.words(common.statement), not ol.is_chosen(d, source))
            if not d.state.pending and d.question.kind == "outcomes_pick":
                # a second press took the only choice off: say so ("you chose" is not shown)
                d.say(d.content.messages.no_outcomes_yet)
            show(d)
        elif key == "own_words":
            _forward(d, mode="own")
        elif key == "help_me_decide":
            _forward(d, mode="help", i=0)
        else:
            self._finish(d, not_sure=key == "not_sure_yet")

    def skip_within(self, d: Draft) -> bool:
        """Skip skips only the small question on screen (one common outcome, one prompt,
        typing own words, one outcome to review), as the wording promises ("or press Skip").
        At the menu, choices already made are kept: Skip then finishes like Done."""
        mode = _mode(d)
        if mode == "menu":
            if d.state.pending or ol.dropped(d):
                self._finish(d, not_sure=False)
                return True
            return False
        d.say(d.content.messages.skipped)
        if mode == "own":
            _forward(d, mode="menu")
        else:
            self.on_choice(d, _SKIP_KEYS[mode])
        return True

    def on_text(self, d: Draft, text: str) -> None:
        mode, words = _mode(d), " ".join(text.split())
        if not normalise(words):  # no words at all (say, only pictures): nothing to read back
            reask(d)
        elif too_long(d, words):
            return
        elif mode in ("menu", "own", "help") and (plain := plain_reply(d, words)) is not None:
            self._plain(d, mode, plain)
        elif mode in ("menu", "own"):
            _forward(d, ("own_words", words, True), mode="menu")
        elif mode == "help":
            help_prompt = d.content.help_prompts[_index(d, d.content.help_prompts)]
            draft = fill(d.words(help_prompt.statement), answer=words)
            _forward(d, mode="confirm", draft=draft)
        else:
            reask(d)

    def _plain(self, d: Draft, mode: str, plain: str) -> None:
        """A plain reply typed where words for an outcome were expected: "I don't know" (or
        "no" to a prompt) skips like its button; "nothing", or "no" ("no more") once
        something is chosen, is Done; other plain words are asked again."""
        chosen = bool(d.state.pending or ol.kept(d))
        if mode == "help" and plain in ("unsure", "no", "nothing"):
            self.on_choice(d, "pskip")
        elif plain == "unsure" and mode != "help":  # as the "Not sure yet" button
            self._finish(d, not_sure=True)
        elif (plain == "nothing" or plain == "no" and chosen) and mode != "help":
            self._finish(d, not_sure=False)  # nothing (more) wanted: as Done
        elif chosen or mode == "help":
            reask(d)
        else:  # "Done" with nothing chosen, or a bare yes or no: not an outcome
            d.say(d.content.messages.no_outcomes_yet)
            show(d)

    def _finish(self, d: Draft, *, not_sure: bool) -> None:
        outcomes = tuple(ol.build(d))
        status = "not_sure_yet" if not_sure else ("expressed" if outcomes else "none")
        d.record(OutcomesRevised(d.context, outcomes, ol.dropped(d), status))
        d.update(outcomes=outcomes)
        advance(d)


HANDLER = Outcomes()
