"""Homes and areas the placing authority asked to avoid."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot.domain.home_lookup import lookup_home
from bot.domain.model import Home
from bot.intake.parsing.avoid_words import bare_name, looks_like_place, strip_sub_label
from bot.intake.parsing.label_words import resolve_label
from bot.intake.parsing.vocab import is_none, is_not_given

# The name comes first; a reason often follows after a dash, a bracket or "because".
# "Wolds House is too close to home": a verb after the name starts the reason too.
_REASON = re.compile(
    r"\s+[-–—]\s+|\s*[(:]|\s+(?:because|as|due\s+to|where|is|are|was|were|has|had)\s+", re.I
)


def avoid_homes(value: str, homes: Sequence[Home]) -> tuple[list[str] | None, list[str]]:
    """(canonical home names, warnings)."""
    value = _tidy(value)
    if is_not_given(value):
        return None, []
    if is_none(value):
        return [], []
    found: list[str] = []
    warnings: list[str] = []
    for head in (part for item in _CLAUSES.split(value) for part in _parts(item, None)):
        if not head or is_none(head):
            continue
        match = lookup_home(head, homes)
        if match.home is None:
            if match.candidates:
                names = " or ".join(h.name for h in match.candidates)
                warnings.append(f"home to avoid '{head[:40]}' could be {names}: please check")
            else:
                warnings.append(f"home to avoid not recognised: '{head[:40]}'")
        elif match.home.name not in found:
            found.append(match.home.name)
    return found, warnings


def _tidy(value: str) -> str:
    # A pasted table's cell borders are not words: "| none |" is "none".
    lines = [" ".join(line.replace("|", " ").split()) for line in value.splitlines()]
    return "\n".join(_before_next_label(lines))


# "Any other info - Currently in a solo placement": a line opening with a label and its
# separator. The form's next field, run into the answer because its label was not
# known to the form reader; it names no place.
_LABEL_LINE = re.compile(r"^([A-Za-z][\w '’/&.]{1,40}?)\s*(?::|\s[-–—]\s)\s*\S")
_ANY = re.compile(r"^any\s+", re.I)


def _before_next_label(lines: list[str]) -> list[str]:
    """The answer's lines up to the first that opens another field (a label line is never
    a place): "no" / "Any other info - ..." is "no". The first line is the answer itself."""
    for n, line in enumerate(lines[1:], start=1):
        m = _LABEL_LINE.match(line)
        if m is None:
            continue
        head = m.group(1)
        # "Any other info" is the label "other info", as "Any risks?" is "risks".
        if any(
            resolve_label(h).field not in (None, "avoid_homes", "avoid_areas")
            for h in (head, _ANY.sub("", head))
        ):
            return lines[:n]
    return lines


def _parts(item: str, one_place: Callable[[str], bool] | None) -> list[str]:
    """One listed item's names: its sub-label ("areas –") and reason go, "and"/"or" join
    names (unless the words together are one place), and each name loses the words
    around it ("nothing in London" -> "London")."""
    # A closed bracket is a remark on the name before it; the list goes on after it:
    # "Wolds House (sibling) and anywhere in Mansfield" names two.
    item = _BRACKETED.sub(" ", item).strip() or item
    head = _REASON.split(strip_sub_label(item), maxsplit=1)[0]
    head = " ".join(head.split()).strip(" .-*")
    if not head:  # "(see above)": nothing before the bracket, keep what was written
        head = " ".join(item.split()).strip(" .-*")
    if one_place and one_place(bare_name(head)):
        return [bare_name(head)]
    return [bare_name(part) for part in _JOINED.split(head) if part.strip(" .-*")]


def _keep_place(place: str, out: list[str], warnings: list[str] | None) -> None:
    """Keep a place once; a remark with no place in it ("it broke down") is named, not kept."""
    if not place or is_none(place) or place in out:
        return
    if looks_like_place(place):
        out.append(place)
    elif warnings is not None:
        warnings.append(f"area to avoid not read: '{place[:40]}' names no place (please check)")


def avoid_areas(
    value: str,
    one_place: Callable[[str], bool] | None = None,
    warnings: list[str] | None = None,
) -> list[str] | None:
    """Places named, without the words around them; "none" gives [].

    "Exeter and Plymouth (exploiters based there)" is two places: the reason after a
    bracket, dash or "because" goes, and "and", "&" and "or" join places, unless the
    words together name one place (`one_place`: "Brighton and Hove")."""
    value = _tidy(value)
    if is_not_given(value):
        return None
    if is_none(value):
        return []
    out: list[str] = []
    for item in _CLAUSES.split(value):
        for place in _parts(item, one_place):
            _keep_place(place, out, warnings)
    return out


_BRACKETED = re.compile(r"\s*\([^()]*\)(?=\s*(?:and|or|&|$))", re.I)
_CLAUSES = re.compile(r"[,;\n•]+")
_JOINED = re.compile(r"\s+(?:and|or)\s+|\s*&\s*", re.I)


def avoid_either(
    value: str,
    homes: Sequence[Home],
    one_place: Callable[[str], bool] | None = None,
    warnings: list[str] | None = None,
) -> tuple[list[str] | None, list[str] | None]:
    """One "Avoid:" answer for both: (homes it names, the other places)."""
    value = _tidy(value)
    if is_not_given(value):
        return None, None
    if is_none(value):
        return [], []
    found: list[str] = []
    places: list[str] = []
    for item in _CLAUSES.split(value):
        for head in _parts(item, one_place):
            if not head or is_none(head):
                continue
            match = lookup_home(head, homes)
            if match.home is not None and match.how != "fuzzy":
                if match.home.name not in found:
                    found.append(match.home.name)
            else:
                _keep_place(head, places, warnings)
    return found, places
