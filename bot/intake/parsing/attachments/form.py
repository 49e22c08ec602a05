"""What an attachment reader produces: text lines for the label finder, and the pairs.

Every reader fills a `FormText`: each label/value it recognises becomes one line
("Label<TAB>value" for a table cell or a content control, "Label: value" as written in a
paragraph) *and* one `(label, value)` pair; anything else becomes a plain line. The lines
go into the message text, so the label finder reads an attachment exactly like a body;
the pairs say which label/value lines came from an attachment (a field's source).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from bot.intake.parsing.attachments.budget import Budget


class OverBudget(Exception):
    """Reading stopped at a budget; what was read so far is kept."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class FormText:
    budget: Budget
    lines: list[str] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    elements: int = 0
    chars: int = 0
    tags: int = 0  # XML tags counted in a .docx before parsing
    drawn: int = 0  # bytes of PDF page contents read

    def tick(self, what: str = "paragraphs, table cells and content controls") -> None:
        self.elements += 1
        if self.elements > self.budget.elements:
            raise OverBudget(f"more than {self.budget.elements:,} {what}")

    def line(self, text: str) -> None:
        self.chars += len(text) + 1
        if self.chars > self.budget.chars:
            raise OverBudget(f"more than {self.budget.chars:,} characters of text")
        self.lines.append(text)

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def pair(self, label: str, value: str, sep: str = "\t") -> None:
        label, value = clean(label), clean(value)
        self.line(f"{label}{sep}{value}")
        if value:
            self.pairs.append((label.rstrip(":?").strip(), value))


def clean(text: str) -> str:
    """One line: runs of white space (tabs inside a cell too) become one space."""
    return " ".join(text.split())


_LABEL_END = re.compile(r"[:?]\s*$")
_LABEL_LIKE = re.compile(r"^[^\d@]{2,60}$")


@lru_cache(maxsize=4096)  # a table asks about each cell up to three times
def looks_like_label(text: str) -> bool:
    """A cell or paragraph that names a field rather than giving a value.

    By its shape first ("Date of birth:", "What date is the bed needed?"), then by the
    label vocabulary the label finder uses, so a council's own wording added there is
    recognised in tables too.
    """
    t = text.strip().strip("*").strip()
    if not t or len(t) > 60:
        return False
    if _LABEL_END.search(t) and _LABEL_LIKE.match(t) and len(t.split()) <= 10:
        return True
    return _names_a_field(t)


def _names_a_field(text: str) -> bool:
    """The text is a label of the vocabulary, as spelt or nearly.

    Not the label finder's reading by meaning words: that is right for a phrase known to
    be a label, but it also matches values ("Female", "Hertfordshire County Council"),
    and here the question is which cell is the label.
    """
    return _vocabulary()(text)


@lru_cache(maxsize=1)
def _vocabulary() -> Callable[[str], bool]:
    from bot.intake.parsing.label_words import resolve_label

    return lambda text: resolve_label(text, meaning=False, fuzzy=True).field is not None


_SPLIT = re.compile(r"^\s*([^:\t]{1,60}?)\s*(?::|\t)\s*(.*)$")


def split_written(text: str) -> tuple[str, str] | None:
    """ "Label: value" as written in one paragraph, when the left side is a label."""
    m = _SPLIT.match(text)
    if m and m.group(2).strip() and looks_like_label(m.group(1)):
        return m.group(1).strip(), m.group(2).strip()
    return None


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|[_\-.]+")


def humanise(name: str) -> str:
    """A control's tag or a PDF field's name as words: "ChildDOB_1" -> "Child DOB 1"."""
    return clean(_CAMEL.sub(" ", name))
