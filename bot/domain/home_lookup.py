"""One way to find a home from how people write its name: code, name, abbreviation, spelling.

A pure function of the text and the homes. The abbreviations people use in home names
("Pennine Hse", "Severn Ldg", "Beacon Vw") are data (config/abbreviations.csv), read once.
Spelling is forgiven through rapidfuzz, but only with a margin: when two homes score close
to each other the answer is "ambiguous" with both candidates, never a guess.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from bot.domain.model import Home

ABBREVIATIONS_CSV = Path(__file__).resolve().parents[2] / "config" / "abbreviations.csv"

FUZZY_CUTOFF = 82.0  # below this a name is not recognised at all
FUZZY_MARGIN = 6.0  # best must beat second-best by this much, else ambiguous
MIN_FUZZY_LENGTH = 4  # "Oa" is not a spelling of anything


@dataclass(frozen=True)
class HomeLookup:
    home: Home | None
    candidates: tuple[Home, ...]
    how: str  # code | name | abbreviation | fuzzy | ambiguous | none


@lru_cache(maxsize=4)
def load_abbreviations(path: Path = ABBREVIATIONS_CSV) -> Mapping[str, str]:
    """abbreviation (lower case) -> the word it stands for."""
    with path.open(newline="", encoding="utf-8") as fh:
        return {
            row["abbreviation"].strip().lower(): row["word"].strip().lower()
            for row in csv.DictReader(fh)
            if row.get("abbreviation") and row.get("word")
        }


def normalise(text: str) -> str:
    """Lower case, accents dropped ("Tŷ" → "ty"), punctuation to spaces, a leading "the" gone."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = re.sub(r"[^0-9a-z]+", " ", text.lower()).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _expand(key: str, abbreviations: Mapping[str, str]) -> str:
    return " ".join(abbreviations.get(w, w) for w in key.split())


def lookup_home(
    text: str,
    homes: Sequence[Home],
    abbreviations: Mapping[str, str] | None = None,
) -> HomeLookup:
    """The home `text` names, how it was recognised, and the candidates when unsure."""
    key = normalise(text)
    if not key or not homes:
        return HomeLookup(None, (), "none")
    by_code = [h for h in homes if h.code.lower() == key]
    if len(by_code) == 1:
        return HomeLookup(by_code[0], (), "code")
    names = {h: normalise(h.name) for h in homes}
    exact = [h for h, n in names.items() if n == key]
    if len(exact) == 1:
        return HomeLookup(exact[0], (), "name")
    expanded = _expand(key, load_abbreviations() if abbreviations is None else abbreviations)
    if expanded != key:
        exact = [h for h, n in names.items() if n == expanded]
        if len(exact) == 1:
            return HomeLookup(exact[0], (), "abbreviation")
    # "Kestrel" for "Kestrel House": the written words are the whole start of one name.
    if len(expanded) >= MIN_FUZZY_LENGTH + 1:
        starts = [h for h, n in names.items() if n.startswith(expanded + " ")]
        if len(starts) == 1:
            return HomeLookup(starts[0], (), "name")
        if len(starts) > 1:
            return HomeLookup(None, tuple(starts), "ambiguous")
    if len(expanded) < MIN_FUZZY_LENGTH:
        return HomeLookup(None, (), "none")
    scored = sorted(
        ((fuzz.ratio(expanded, n), h) for h, n in names.items()),
        key=lambda pair: -pair[0],
    )
    best_score, best = scored[0]
    if best_score < FUZZY_CUTOFF:
        return HomeLookup(None, (), "none")
    close = tuple(h for s, h in scored if best_score - s < FUZZY_MARGIN)
    if len(close) > 1:
        return HomeLookup(None, close, "ambiguous")
    return HomeLookup(best, (), "fuzzy")
