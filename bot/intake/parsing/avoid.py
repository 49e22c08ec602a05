"""Homes and areas the placing authority asked to avoid."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from bot.domain.model import Home
from bot.intake.parsing.vocab import is_none, is_not_given

# The name comes first; a reason often follows after a dash, a bracket or "because".
_REASON = re.compile(r"\s+[-–—]\s+|\s*[(:]|\s+(?:because|as|due\s+to|where)\s+", re.I)
_ITEMS = re.compile(r"[,;\n•]+|\s+and\s+|\s*&\s*")


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def avoid_homes(value: str, homes: Sequence[Home]) -> tuple[list[str] | None, list[str]]:
    """(canonical home names, warnings)."""
    if is_not_given(value):
        return None, []
    if is_none(value):
        return [], []
    names = {_norm(h.name): h.name for h in homes}
    codes = {h.code.lower(): h.name for h in homes}
    found: list[str] = []
    warnings: list[str] = []
    for item in _ITEMS.split(value):
        head = _REASON.split(item.strip(), maxsplit=1)[0].strip(" .")
        if not head or is_none(head):
            continue
        key = _norm(head)
        match = names.get(key) or codes.get(key)
        if match is None and names and len(key) >= 4:
            best = process.extractOne(key, list(names), scorer=fuzz.ratio, score_cutoff=85)
            if best is None and len(key) >= 5:
                # "Kestrel" for "Kestrel House": the written part must be a whole prefix.
                best = process.extractOne(
                    key,
                    [n for n in names if n.startswith(key + " ")],
                    scorer=fuzz.partial_ratio,
                    score_cutoff=100,
                )
            match = names[best[0]] if best else None
        if match is None:
            warnings.append(f"home to avoid not recognised: '{head[:40]}'")
        elif match not in found:
            found.append(match)
    return found, warnings


def avoid_areas(value: str) -> list[str] | None:
    """Places as written, tidied; "none" gives []."""
    if is_not_given(value):
        return None
    if is_none(value):
        return []
    out: list[str] = []
    for item in re.split(r"[,;\n•]+", value):
        place = " ".join(item.split()).strip(" .-*")
        if place and not is_none(place) and place not in out:
            out.append(place)
    return out
