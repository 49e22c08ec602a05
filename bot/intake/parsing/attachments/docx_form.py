"""Word (.docx) referral forms: tables, paragraphs and content controls, within a budget.

The zip is checked on what it declares (member count, uncompressed sizes, tags in its
XML) before python-docx opens it, because python-docx parses every XML part whole: a
36 KB file declaring millions of empty paragraphs is refused in a millisecond instead of
costing a minute and a gigabyte. Reading then stops at `Budget.elements` paragraphs,
cells and controls, keeping what was read.

python-docx is imported lazily: most emails have no attachment and the import is slow.
"""

from __future__ import annotations

import io
import zipfile

from bot.intake.parsing.attachments.docx_tables import read_table
from bot.intake.parsing.attachments.docx_xml import (
    SDT,
    SDT_CONTENT,
    TBL,
    Element,
    P,
    control_title,
    paragraph_text,
    shows_placeholder,
)
from bot.intake.parsing.attachments.form import (
    FormText,
    OverBudget,
    clean,
    looks_like_label,
    split_written,
)


class Unreadable(Exception):
    """The file is not a document we can open; the message says why, for a person."""


_OLE = b"\xd0\xcf\x11\xe0"  # a compound file: an old .doc, or a password-protected .docx
_XML = (".xml", ".rels")


def check_package(data: bytes, form: FormText) -> None:
    """Refuse, before parsing, a .docx whose declared contents exceed the budget."""
    budget = form.budget
    if data.startswith(_OLE):
        raise Unreadable("it is password-protected or an old Word format")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise Unreadable("it is damaged or not a Word document") from exc
    if len(members) > budget.zip_members:
        raise OverBudget(f"it holds {len(members):,} files (more than {budget.zip_members:,})")
    total = sum(m.file_size for m in members)
    if total > budget.unzipped_bytes:
        raise OverBudget(
            f"it expands to {total / 1e6:,.0f} MB (more than {budget.unzipped_bytes / 1e6:,.0f} MB)"
        )
    xml = [m for m in members if m.filename.lower().endswith(_XML)]
    if sum(m.file_size for m in xml) > budget.xml_bytes:
        raise OverBudget(f"its text parts are larger than {budget.xml_bytes / 1e6:,.0f} MB")
    try:
        for member in xml:
            # zipfile stops at the declared size, so this reads at most xml_bytes.
            form.tags += archive.read(member).count(b"<")
            if form.tags > budget.xml_tags:
                raise OverBudget(f"it has more than {budget.xml_tags:,} XML elements")
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
        raise Unreadable("it is damaged or not a Word document") from exc


def read_docx(data: bytes, form: FormText) -> None:
    """Fill `form`; raises Unreadable, or OverBudget with what was read kept in `form`."""
    check_package(data, form)
    import docx  # lazy on purpose

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except Exception as exc:  # python-docx and lxml raise many kinds for a broken package
        raise Unreadable("it is damaged or not a Word document") from exc
    try:
        _blocks(body, form, pending=[None])
    except RecursionError as exc:
        raise Unreadable("it is nested too deeply to read") from exc


def _blocks(container: Element, form: FormText, pending: list[str | None]) -> None:
    """Body-level content. `pending` holds a label paragraph still waiting for its value
    (a one-item list so nested controls share it)."""
    for child in container:
        if child.tag == P:
            _paragraph(child, form, pending)
        elif child.tag == TBL:
            pending[0] = None
            read_table(child, form)
        elif child.tag == SDT:
            form.tick()
            content = child.find(SDT_CONTENT)
            if shows_placeholder(child) or content is None:
                continue
            title = control_title(child)
            paragraphs = [c for c in content if c.tag == P]
            if title and len(paragraphs) == len(content) == 1:
                text, _ = paragraph_text(paragraphs[0], form)
                _value(text, title, form, pending)
            else:
                _blocks(content, form, pending)


def _paragraph(p: Element, form: FormText, pending: list[str | None]) -> None:
    form.tick()
    text, title = paragraph_text(p, form)
    if not text:
        if pending[0] is None:  # a label's value may follow a blank paragraph
            form.blank()
        return
    _value(text, title, form, pending)


def _value(text: str, title: str | None, form: FormText, pending: list[str | None]) -> None:
    label = pending[0]
    pending[0] = None
    written = split_written(text)
    if written is not None:
        form.pair(*written, sep=": ")
        return
    is_label = looks_like_label(text)
    if label is not None and not is_label:
        # The label was the paragraph before: "Date of birth" then "11/01/2011".
        form.lines.pop()
        form.pair(label, text, sep=": ")
    elif title and not is_label:
        form.pair(title, text)  # a fill-in box with no label beside it
    else:
        if is_label:
            pending[0] = text.rstrip().rstrip(":").strip()
        form.line(clean(text))
