"""Ordinary words to the canonical codes of spec/domain.md.

The words are data: config/vocabulary.toml, one list per code for risks and needs, and
the answers that mean "none" or "not given". This module keeps the rules of reading them.
Lists (risks, needs) are read item by item (commas, semicolons, lines, bullets). An item
that names nothing we know is returned as unrecognised so the caller can warn: a code is
never guessed. A word preceded by a negation in its own clause ("no CAMHS involvement",
"not pregnant", "no known risk of fire setting") does not count.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.domain.vocabulary import NEEDS, RISKS
from bot.intake.parsing import negation

VOCABULARY_TOML = Path(__file__).resolve().parents[3] / "config" / "vocabulary.toml"

_I = re.I

Table = tuple[tuple[str, re.Pattern[str]], ...]  # (code, its words as one pattern)
# (code, the wider phrases in which its word means something else): "holding drugs for
# older boys" names drugs, but as criminal exploitation, not the child's own use.
Unless = dict[str, re.Pattern[str]]


@dataclass(frozen=True)
class Words:
    risks: Table
    needs: Table
    none: re.Pattern[str]
    not_given: re.Pattern[str]
    none_first: re.Pattern[str]
    not_given_first: re.Pattern[str]
    unless: Unless
    # Words after a need or risk in its clause that take it back: "ASD traits, not
    # diagnosed", "ADHD ruled out".
    taken_back: re.Pattern[str] | None = None
    sign_off: str = ""  # the sign-off phrases as one alternation, for the readers' own shapes


def _alternatives(entries: Sequence[str]) -> str:
    # A space in an entry is any spacing, so a council writes a phrase as it reads.
    return "|".join(entry.strip().replace(" ", r"\s+") for entry in entries)


def _table(data: dict[str, list[str]], known: tuple[str, ...], name: str, path: Path) -> Table:
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ValueError(f"{path}: [{name}] names codes that are not {name}: {unknown}")
    return tuple(
        (code, re.compile(r"\b(?:" + _alternatives(entries) + r")\b", _I))
        for code, entries in data.items()
    )


_REMARK = r"\s*[-–—,;:(]"


def _unless(data: dict[str, list[str]], path: Path) -> Unless:
    unknown = sorted(set(data) - set(RISKS) - set(NEEDS))
    if unknown:
        raise ValueError(f"{path}: [unless] names codes that are not risks or needs: {unknown}")
    return {
        code: re.compile(r"\b(?:" + _alternatives(entries) + r")\b", _I)
        for code, entries in data.items()
    }


@lru_cache(maxsize=4)
def load_words(path: Path = VOCABULARY_TOML) -> Words:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    answers = _alternatives(data["none"]["answers"])
    after = _alternatives(data["none"].get("after", []))
    after = r"(?:\s+(?:" + after + r"))?" if after else ""
    given = _alternatives(data["not_given"]["answers"])
    return Words(
        risks=_table(data["risks"], RISKS, "risks", path),
        needs=_table(data["needs"], NEEDS, "needs", path),
        none=re.compile(r"^(?:" + answers + r")" + after + r"[.!]?$", _I),
        not_given=re.compile(r"^(?:" + given + r")[.!]?$", _I),
        # The same answers leading a remark after a break: "none known - first offence",
        # "TBC - I will confirm", "to follow (strategy meeting at 2pm)".
        none_first=re.compile(r"^(?:" + answers + r")" + after + _REMARK, _I),
        not_given_first=re.compile(r"^(?:" + given + r")" + _REMARK, _I),
        unless=_unless(data.get("unless", {}), path),
        taken_back=_taken_back_words(data.get("taken_back", {}).get("after", [])),
        sign_off=_alternatives(data.get("sign_off", {}).get("phrases", [])),
    )


def _taken_back_words(entries: list[str]) -> re.Pattern[str] | None:
    if not entries:
        return None
    # Only a few words after the code, before anything else is said: "ASD traits but not
    # diagnosed" (the word and its remark), not a later sentence about another matter.
    return re.compile(
        r"^(?:[\s'-]*[\w'-]+){0,2}?[\s,;:'-]*(?:but\s+|though\s+|although\s+)?(?:"
        + _alternatives(entries)
        + r")\b",
        _I,
    )


def table_for(reader: str) -> Table:
    """The risks' or the needs' words."""
    words = load_words()
    return words.risks if reader == "risks" else words.needs


_SPLIT = re.compile(r"[,;\n•|]+|\s+/\s+|(?<=\w)/(?=\w)")


def is_none(value: str) -> bool:
    return bool(load_words().none.match(_clean(value)))


def says_not_given(value: str) -> bool:
    """Not given, whole or leading a remark: for a single value such as when a bed is
    needed ("TBC - I will confirm"). A list is read item by item first (`codes_in`)."""
    return is_not_given(value) or bool(load_words().not_given_first.match(_clean(value)))


def is_not_given(value: str) -> bool:
    cleaned = _clean(value)
    return not cleaned or bool(load_words().not_given.match(cleaned))


def _clean(value: str) -> str:
    return " ".join(value.split()).strip(" .-*")


# A line wrapped at the sender's width: long, and the next goes on in lower case
# ("Affiliated with a local" / "group."). Its break is not a break between items.
_WRAPPED = re.compile(r"(?<=[^\n]{60})(?<![.;,:])\n(?=[a-z])")


def _negated(item: str, start: int) -> bool:
    return negation.negated(item[:start])


def _taken_back(text_after: str) -> bool:
    after = load_words().taken_back
    return after is not None and bool(after.match(text_after))


def _counts(code: str, item: str, m: re.Match[str], rest: str) -> bool:
    """Whether a word found in an item (and not denied: `negation`) names its code: not
    taken back after it (in its item or the remark that follows it, `rest`), not part of
    a wider phrase that means something else."""
    if _taken_back(item[m.end() :] + rest):
        return False
    return not _in_wider_phrase(code, item, m)


def _in_wider_phrase(code: str, item: str, m: re.Match[str]) -> bool:
    unless = load_words().unless.get(code)
    if unless is not None:
        for wider in unless.finditer(item):
            if wider.start() <= m.start() and m.end() <= wider.end():
                return True
    return False


def _items_and_breaks(value: str) -> list[tuple[str, str]]:
    """The items of a list (split at commas, semicolons, lines, bullets), each with the
    separator before it ("," or a line break...)."""
    value = _WRAPPED.sub(" ", value)
    out: list[tuple[str, str]] = []
    last, brk = 0, ""
    for sep in [*_SPLIT.finditer(value), None]:
        end = sep.start() if sep else len(value)
        item = value[last:end].strip(" \t-*.")
        if item:
            out.append((item, brk))
            brk = ""
        if sep:
            brk += sep.group(0)
            last = sep.end()
    return out


def codes_in(
    value: str, table: Iterable[tuple[str, re.Pattern[str]]]
) -> tuple[list[str] | None, list[str]]:
    """(sorted codes or None when not given, unrecognised items)."""
    if is_not_given(value):
        return None, []
    if is_none(value):
        return [], []
    found: set[str] = set()
    unknown: list[str] = []
    said_none = False
    listed = _items_and_breaks(value)
    items = [item for item, _ in listed]
    denied_before = False  # the item before ended on a denied word ("no CSE, ...")
    for n, item in enumerate(items):
        if is_none(item):
            said_none = True
            denied_before = False
            continue
        # The next item, when it is a remark on this one ("ASD, not diagnosed").
        rest = ", " + items[n + 1] if n + 1 < len(items) else ""
        recognised = n > 0 and _taken_back(", " + item)
        hits = sorted(
            ((m, code) for code, pattern in table for m in pattern.finditer(item)),
            key=lambda hit: (hit[0].start(), hit[0].end()),
        )
        spans = [(m.start(), m.end()) for m, _ in hits]
        carried = denied_before and _comma_run_closed_by_or(listed, n)
        flags = negation.denied_spans(item, spans, carried)
        for (m, code), denied in zip(hits, flags, strict=True):
            if not denied and _in_wider_phrase(code, item, m):
                continue  # "information is missing": the word means something else here
            recognised = True
            if not denied and _counts(code, item, m, rest):
                found.add(code)
        denied_before = negation.ends_denied(item, spans, flags)
        if not recognised:
            unknown.append(item)
    for code, phrase, negated in _across_items(value, table):
        # "an Education, Health and Care Plan" (its comma), a phrase wrapped at a line end:
        # its own item parts named nothing, the whole phrase does (or its negation).
        if not negated:
            found.add(code)
        pieces = [p.strip(" \t-*.") for p in _ITEM_BREAK.split(phrase) if p.strip(" \t-*.")]
        unknown = [item for item in unknown if not any(p in item for p in pieces)]
    if not found and unknown and not said_none:
        # Nothing we know in it: "none known - first offence" is none with a remark;
        # "to follow - strategy meeting at 2pm", or words we do not know, are not read,
        # which is not "none known".
        if load_words().none_first.match(_clean(value)):
            return [], []
        return None, [] if load_words().not_given_first.match(_clean(value)) else unknown
    return sorted(found), unknown


def _comma_run_closed_by_or(pieces: list[tuple[str, str]], n: int) -> bool:
    """Whether items n... go on a list by commas alone and close it with "or"."""
    run: list[str] = []
    for item, brk in pieces[n:]:
        if brk.strip() != ",":
            break
        run.append(item)
    return negation.list_ends_with_or(run)


_ITEM_BREAK = re.compile(r"[,;\n•|/]")


def _across_items(
    value: str, table: Iterable[tuple[str, re.Pattern[str]]]
) -> Iterable[tuple[str, str, bool]]:
    """Codes whose words run across an item break (the splitting hid them); negated?"""
    for code, pattern in table:
        for m in pattern.finditer(value):
            if _ITEM_BREAK.search(m.group(0)):
                yield code, m.group(0), _negated(value, m.start())


def risks(value: str) -> tuple[list[str] | None, list[str]]:
    return codes_in(value, load_words().risks)


def needs(value: str) -> tuple[list[str] | None, list[str]]:
    return codes_in(value, load_words().needs)
