"""Attachments councils send as the referral itself: Word and PDF forms.

    read_attachment(name, content_type, data, budget) -> AttachmentReading | None

None means "not a form" (an image, a signature): nothing to read and nothing to say.

What a reading gives the rest of the parser:

- `lines`: text for the label finder, appended to the message text after the body.
  A label recognised beside, above or around its value (a table cell, a content
  control, a PDF field, a "Label" paragraph followed by its value) is written as one
  line, "Label<TAB>value" (tables, controls, fields) or "Label: value" (paragraphs),
  so the label finder needs no knowledge of Word or PDF layouts.
- `pairs`: the same label/value pairs, structured, in reading order. This is how a field
  is known to come from an attachment (source "attachment"): a pair the label finder
  reads whose label and value (compared after `form.clean`) are among
  `Mail.attachments[i].pairs` came from that attachment. The pairs do not depend on
  how the label finder maps labels to fields.
- `problem`: why the file could not be read at all (damaged, password-protected, a
  format we do not read); the parser names the file in `warnings` and in the reply.
- `over_budget`: why reading stopped early (see `budget.py`); what was read is kept,
  the message is flagged "attachment_budget" for an officer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.intake.parsing.attachments.budget import DEFAULT, Budget
from bot.intake.parsing.attachments.form import FormText, OverBudget

__all__ = ["AttachmentReading", "Budget", "DEFAULT", "read_attachment", "display_name"]

_DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Formats a referral form comes in that we do not read: named, so a person opens them.
_UNREAD = {
    ".doc": "Word 97-2003 (.doc) files are not read automatically",
    ".docm": "macro-enabled Word files are not read automatically",
    ".dot": "Word templates are not read automatically",
    ".dotx": "Word templates are not read automatically",
    ".odt": "OpenDocument (.odt) files are not read automatically",
    ".rtf": "RTF files are not read automatically",
    ".pages": "Pages files are not read automatically",
    ".xls": "spreadsheets are not read automatically",
    ".xlsx": "spreadsheets are not read automatically",
    ".ods": "spreadsheets are not read automatically",
}


@dataclass
class AttachmentReading:
    name: str  # the file name as sent, made safe to show
    kind: str  # "docx", "pdf" or the extension of a format we do not read
    lines: list[str] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    problem: str | None = None
    over_budget: str | None = None
    spent: tuple[int, int, int] = (0, 0, 0)  # elements, XML tags, PDF content bytes

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


def kind_of(name: str, content_type: str) -> str | None:
    lower = name.lower()
    if content_type == _DOCX_TYPE or lower.endswith(".docx"):
        return "docx"
    if content_type == "application/pdf" or lower.endswith(".pdf"):
        return "pdf"
    for ext in _UNREAD:
        if lower.endswith(ext):
            return ext
    return None


def read_attachment(
    name: str, content_type: str, data: bytes, budget: Budget = DEFAULT
) -> AttachmentReading | None:
    kind = kind_of(name, content_type)
    if kind is None:
        return None
    # Mailers label attachments loosely (octet-stream, or a PDF sent as Word): the first
    # bytes decide which reader opens a file named or typed as a form.
    kind = _sniff(data) or kind
    reading = AttachmentReading(name=display_name(name) or f"(unnamed {kind})", kind=kind)
    if kind in _UNREAD:
        reading.problem = _UNREAD[kind]
        return reading
    from bot.intake.parsing.attachments.docx_form import Unreadable, read_docx
    from bot.intake.parsing.attachments.pdf_form import read_pdf

    form = FormText(budget)
    try:
        (read_docx if kind == "docx" else read_pdf)(data, form)
    except Unreadable as exc:
        reading.problem = str(exc)
    except OverBudget as exc:
        reading.over_budget = exc.reason
    except RecursionError:
        reading.problem = "it is nested too deeply to read"
    reading.lines, reading.pairs = form.lines, form.pairs
    reading.spent = (form.elements, form.tags, form.drawn)
    return reading


def _sniff(data: bytes) -> str | None:
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    return None


_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def display_name(name: str) -> str:
    """A sender's file name as it may be quoted back: no controls, no surrogates, short."""
    text = name.encode("utf-8", "replace").decode("utf-8")
    text = " ".join(_UNSAFE.sub(" ", text).split())
    return text if len(text) <= 80 else text[:77] + "..."
