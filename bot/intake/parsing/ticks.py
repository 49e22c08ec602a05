"""Tick-box lists: which items of a "tick all that apply" list were ticked.

Forms write risks and needs as a list of boxes: "☒ CSE", "[ ] Self harm", "Going missing
- Yes", "X  Substance misuse", several on a line ("☒ CSE  ☐ CCE") or the mark after the
item ("CSE [x]"). Every item names a code, so reading the words alone takes the unticked
items too: only the ticked ones may count. An item with an empty box, "No"/"N" or no mark
beside it (when others have one) contributes nothing. When the marks cannot be told apart
(only crosses, or symbols a font turned into something we cannot read) nothing is
guessed: the list is not read and the caller warns.

Word check boxes and HTML <input type=checkbox> reach this module as ☒ and ☐ (the
attachment and HTML readers write them so).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

TICKED = "ticked"
EMPTY = "empty"
CROSS = "cross"  # ✗: a tick on some forms, a "no" on others
UNKNOWN = "unknown"  # a symbol we cannot read (a font's private character)

_GLYPHS = {
    **dict.fromkeys("☒☑✓✔✅■▣⊠", TICKED),
    **dict.fromkeys("☐□▢◻", EMPTY),
    **dict.fromkeys("✗✘", CROSS),
}
_BRACKET = re.compile(r"[\[(]\s*([xX✓✔✗✘*/]?)\s*[\])]")
# A box in brackets or a glyph, anywhere in the line.
_BOX = re.compile(r"[\[(]\s*[xX✓✔✗✘*/]?\s*[\])]|[" + "".join(_GLYPHS) + r"]")
# A word written as the mark: at the start or the end of a one-item line, set off by a
# separator so "X" or "No" inside the item's words is not one.
_SEP = r"(?:\s*[:\t|]\s*|\s+[-–—=]\s*|\s{2,}|\s+(?=\())"
_WORD_AFTER = re.compile(r"^(.*?\S)" + _SEP + r"(yes|no|y|n|x)\b[\s.,;:-]*(.*)$", re.I)
_WORD_BEFORE = re.compile(r"^(yes|no|y|n|x)" + _SEP + r"(\S.*)$", re.I)
_YES = {"yes", "y", "x"}
# Anything that could be a mark: most lines of most messages have none, and are passed
# over with this one search instead of the readers below.
_MAYBE_MARK = re.compile(
    r"[\[(" + "".join(_GLYPHS) + r"]|\b(?:yes|no|y|n|x)\b", re.I
)


@dataclass(frozen=True)
class Item:
    text: str
    mark: str | None  # TICKED | EMPTY | CROSS | UNKNOWN | None (no mark)


@dataclass
class Ticks:
    ticked: list[str] = field(default_factory=list)
    unticked: list[str] = field(default_factory=list)
    unclear: bool = False  # the marks cannot be told apart: nothing may be read


def _glyph_mark(token: str) -> str:
    if token in _GLYPHS:
        return _GLYPHS[token]
    inner = _BRACKET.fullmatch(token)
    if inner is None or not inner.group(1):
        return EMPTY
    return CROSS if inner.group(1) in "✗✘" else TICKED


def _unknown_symbol(line: str) -> bool:
    """The line starts with one symbol we cannot read as a box (a Wingdings character
    shown as a private-use code point, or "?" left by a lost font)."""
    first = line.lstrip()[:1]
    if not first or first in "-*•·>" or first.isalnum():
        return False
    if first == "?":
        return len(line.lstrip()) > 1 and line.lstrip()[1:2].isspace()
    return unicodedata.category(first) in ("Co", "So") and first not in _GLYPHS


def line_items(line: str) -> list[Item] | None:
    """The items of one line with their marks, or None when the line has no mark."""
    text = line.strip().lstrip("-*•· ").strip()
    if not text:
        return None
    if _unknown_symbol(text):
        return [Item(text[1:].strip(), UNKNOWN)]
    if not _MAYBE_MARK.search(text):
        return None
    boxes = list(_BOX.finditer(text))
    if boxes:
        items: list[Item] = []
        if boxes[0].start() == 0:  # the mark before its item: "☒ CSE ☐ CCE"
            for n, box in enumerate(boxes):
                end = boxes[n + 1].start() if n + 1 < len(boxes) else len(text)
                items.append(Item(text[box.end() : end].strip(" \t:-–,;|"), _glyph_mark(box[0])))
        else:  # the mark after its item: "CSE [x]  CCE [ ]"
            start = 0
            for box in boxes:
                before = text[start : box.start()].strip(" \t:-–,;|")
                items.append(Item(before, _glyph_mark(box[0])))
                start = box.end()
        return [i for i in items if i.text] or None
    if m := _WORD_AFTER.match(text):
        mark = TICKED if m.group(2).lower() in _YES else EMPTY
        return [Item(m.group(1).strip(), mark)]
    if m := _WORD_BEFORE.match(text):
        mark = TICKED if m.group(1).lower() in _YES else EMPTY
        return [Item(m.group(2).strip(), mark)]
    return None


def may_have_ticks(text: str) -> bool:
    """Whether any line of the text could be part of a tick-box list (a quick look)."""
    return bool(_MAYBE_MARK.search(text)) or any_boxes(text)


def any_boxes(text: str) -> bool:
    """Whether any line of the text could be tick boxes (a quick look at the whole)."""
    return bool(_BOX.search(text)) or any(_unknown_symbol(ln) for ln in text.split("\n"))


def has_boxes(line: str) -> bool:
    """A line written as tick boxes (a glyph or bracket box, or an unreadable symbol)."""
    text = line.strip().lstrip("-*•· ").strip()
    return bool(text) and (_unknown_symbol(text) or bool(_BOX.search(text)))


def read_ticks(value: str) -> Ticks | None:
    """The ticked and unticked items of a list, or None when it has no boxes at all.

    Box glyphs are needed somewhere in the value: "Yes"/"No"/"X" beside an item count as
    marks only in a list that has at least two such lines (a lone "Risks: No" is an
    answer, not a box).
    """
    lines = [ln for ln in value.split("\n") if ln.strip()]
    read = [(ln, line_items(ln)) for ln in lines]
    marked = [items for _, items in read if items]
    boxes = any(has_boxes(ln) for ln in lines)
    if not boxes and len(marked) < 2:
        return None
    if not marked:
        return None
    all_items = [i for items in marked for i in items]
    marks = {i.mark for i in all_items}
    ticks = Ticks()
    if UNKNOWN in marks:
        ticks.unclear = True
        return ticks
    cross_means = None
    if CROSS in marks:
        if TICKED in marks:
            cross_means = EMPTY  # ✓ beside ✗: the cross says no
        elif EMPTY in marks:
            cross_means = TICKED  # ✗ beside ☐: the cross fills the box
        else:
            ticks.unclear = True
            return ticks
    for item in all_items:
        mark = cross_means if item.mark == CROSS else item.mark
        (ticks.ticked if mark == TICKED else ticks.unticked).append(item.text)
    # Lines with no mark among marked ones are unticked (a blank beside the item).
    ticks.unticked.extend(ln.strip() for ln, items in read if items is None)
    return ticks


def ticked_value(value: str, what: str, warnings: list[str]) -> str | None:
    """The value with only its ticked items (one per line), the value unchanged when it
    is not a tick list, or None (with a warning) when nothing can be read from it."""
    ticks = read_ticks(value)
    if ticks is None:
        return value
    if ticks.unclear:
        warnings.append(
            f"{what}: tick boxes whose ticked items cannot be told from the others: "
            "not read (please check)"
        )
        return None
    if not ticks.ticked:
        warnings.append(f"{what}: no box ticked in the list: not read (please check)")
        return None
    return "\n".join(ticks.ticked)


def _names_code(text: str) -> bool:
    from bot.intake.parsing import vocab

    return any(p.search(text) for _, p in vocab.load_words().risks + vocab.load_words().needs)


def _tick_line(line: str) -> bool:
    if has_boxes(line):
        return True
    items = line_items(line)
    return items is not None and all(_names_code(i.text) for i in items)


def run_end(rows: list[str], start: int) -> int:
    """The end (exclusive) of a run of tick-box lines starting at rows[start]; `start`
    when there is none. A run needs a box, or two "Yes"/"No" lines naming risks or needs;
    an unmarked line between marked ones (a blank box) belongs to it."""
    end = start
    boxes = 0
    while end < len(rows) and rows[end].strip():
        if _tick_line(rows[end]):
            boxes += has_boxes(rows[end])
            end += 1
        elif (
            end > start
            and end + 1 < len(rows)
            and _tick_line(rows[end + 1])
            and len(rows[end].split()) <= 6
            and ":" not in rows[end]
        ):
            end += 1
        else:
            break
    if boxes or end - start >= 2:
        return end
    return start


_SECTION = re.compile(r"^\s*(?:section|part|step|q)?\s*[A-Z0-9]{1,3}[.)]?\s*[-–—:.]\s*", re.I)
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def list_field(heading: str | None, lines: list[str]) -> str | None:
    """Which list a run of boxes is: its heading's field ("Section 4 – Risk factors (tick
    all that apply)"), else the vocabulary its items name, when it is one list only."""
    from bot.intake.parsing import vocab
    from bot.intake.parsing.label_words import resolve_label

    if heading:
        bare = _PARENS.sub(" ", _SECTION.sub("", heading)).strip(" :?-–—")
        found = resolve_label(bare, meaning=True, fuzzy=False).field if bare else None
        # A single-answer question may be boxes too ("Section C - Legal" over "☐ Remand",
        # "☒ Full s25 order"): its reader takes the one ticked.
        if found in ("risks", "needs", "legal_status", "gender"):
            return found
    words = vocab.load_words()
    items = [i.text for ln in lines for i in (line_items(ln) or [])]
    risks = sum(any(p.search(t) for _, p in words.risks) for t in items)
    needs = sum(any(p.search(t) for _, p in words.needs) for t in items)
    if risks and not needs:
        return "risks"
    if needs and not risks:
        return "needs"
    return None
