"""The words around a home's or an area's name in an answer about what to avoid.

People write what to avoid as they would say it: "nothing in London or Kent please",
"please nowhere near Plymouth", "areas - south London". The name is what is left once the
words around it go; those words are data ([avoid] in config/vocabulary.toml). What is left
must look like a place (a name in the places or authorities data, or at least a capitalised
word), otherwise it is a remark ("it broke down") and is not kept as an area.
"""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[3] / "config"
_I = re.IGNORECASE


@dataclass(frozen=True)
class AvoidWords:
    lead: re.Pattern[str]
    trail: re.Pattern[str]
    sub_label: re.Pattern[str]
    not_place: re.Pattern[str]


def _alternatives(words: list[str]) -> str:
    # Longest first, so "close to" is tried before "to".
    return "|".join(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=2)
def load_avoid_words(config: Path = CONFIG) -> AvoidWords:
    data = tomllib.loads((config / "vocabulary.toml").read_text(encoding="utf-8"))["avoid"]
    lead = _alternatives([w.replace(" ", r"\s+") for w in data["lead"]])
    trail = _alternatives([w.replace(" ", r"\s+") for w in data["trail"]])
    subs = _alternatives(data["sub_labels"])
    return AvoidWords(
        lead=re.compile(r"^(?:(?:" + lead + r")\b[\s,]*)+", _I),
        trail=re.compile(r"(?:[\s,]+\b(?:" + trail + r"))+[\s.!,]*$", _I),
        # "areas – Leeds", "homes: none", "areas to avoid - Leeds" inside one answer.
        not_place=re.compile(r"^(?:" + _alternatives(data["not_places"]) + r")$", _I),
        sub_label=re.compile(r"^(?:" + subs + r")(?:\s+to\s+avoid)?\s*(?:[:–—-]|\s[-–—])\s*", _I),
    )


def sub_label_field(line: str) -> tuple[str, str] | None:
    """("avoid_areas", "Leeds") for "Areas - Leeds" written under "Homes to avoid: none":
    the short form of the other list, which a form's label pair leaves bare."""
    m = load_avoid_words().sub_label.match(line.strip())
    if m is None or not line.strip()[m.end() :].strip():
        return None
    home = m.group(0).lower().startswith("home")
    return ("avoid_homes" if home else "avoid_areas"), line.strip()[m.end() :].strip()


def strip_sub_label(text: str) -> str:
    return load_avoid_words().sub_label.sub("", text.strip(), count=1)


def bare_name(text: str) -> str:
    """The name without the words around it: "nothing in London" -> "London"."""
    words = load_avoid_words()
    text = " ".join(text.split()).strip(" .-*|")
    # Only words before a name go: "Nowhere" alone stays (it is an answer, "none").
    stripped = words.lead.sub("", text, count=1)
    text = stripped if stripped.strip() else text
    stripped = words.trail.sub("", " " + text).strip()
    text = stripped if stripped else text
    return text.strip(" .,-*|")


@lru_cache(maxsize=2)
def known_place_names(config: Path = CONFIG) -> frozenset[str]:
    """Every place and authority name and alias, lower case ("?Teesside" is an alias too)."""
    names: set[str] = set()
    for file, columns in (("places.csv", ("name",)), ("authorities.csv", ("name", "town"))):
        with (config / file).open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for column in columns:
                    names.add((row.get(column) or "").strip().lower())
                for alias in (row.get("aliases") or "").split(";"):
                    names.add(alias.strip().lstrip("?").strip().lower())
    names.discard("")
    return frozenset(names)


def looks_like_place(text: str) -> bool:
    """A known place's name is in it, or at least one word is capitalised."""
    if load_avoid_words().not_place.match(text.strip()):
        return False
    if any(w[:1].isupper() for w in re.findall(r"[^\W\d_][\w'’-]*", text)):
        return True
    words = re.findall(r"[a-z][a-z'’-]*", text.lower())
    known = known_place_names()
    spans = ((i, j) for i in range(len(words)) for j in range(i + 1, len(words) + 1))
    return any(" ".join(words[i:j]) in known for i, j in spans)
