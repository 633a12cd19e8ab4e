"""The check on a case reference typed into ``/newcase``: a reference must be the
organisation's own case number, never a person's name or an NHS number. A refusal is a
staff-words key that says why."""

from __future__ import annotations

import re

MAX_REF = 40
# ten digits in a row once the separators a reference may hold (and spaces, dots) are gone:
# "943 476 5919", "943-476-5919", "943/476/5919", "943_476_5919", "943.476.5919"
_TEN_DIGITS = re.compile(r"\d{10}")
_SEPARATORS = re.compile(r"[\s\-/_.]")
_REF_CHARACTERS = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_-]*")
# "Jo Smith", "Mrs Patel", "smith, john": words of letters only, like a name
_NAME_LIKE = re.compile(r"[A-Za-z][a-z'’]+(?:[\s,]+[A-Za-z][a-z'’]+)+,?")
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "lady"})


def reference_problem(text: str) -> str | None:
    """Why a typed reference must be refused (a staff-words key), or None if it is fine."""
    ref = text.strip()
    if not ref:
        return "newcase.empty"
    if _TEN_DIGITS.search(_SEPARATORS.sub("", ref)):
        return "newcase.ref_nhs_number"
    words = ref.lower().replace(",", " ").replace(".", " ").split()
    titled = bool(words) and words[0] in _TITLES  # "." or "," alone has no words at all
    if _NAME_LIKE.fullmatch(ref) or titled or not any(c.isdigit() for c in ref):
        return "newcase.ref_name"
    if len(ref) > MAX_REF:
        return "newcase.too_long"
    if not _REF_CHARACTERS.fullmatch(ref):
        return "newcase.ref_characters"
    return None
