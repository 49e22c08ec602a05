"""Word (.docx) referral forms: tables, paragraphs and content controls, within a budget.

The zip is checked on what it declares (member count, uncompressed sizes, tags in its
XML) before any XML is parsed: a 36 KB file declaring millions of empty paragraphs is
refused in a millisecond instead of costing a minute and a gigabyte. Reading then stops
at `Budget.elements` paragraphs, cells and controls, keeping what was read.

Only the main document part is parsed (lxml, found through the package relationships as
python-docx finds it): python-docx's Document() also parses styles, numbering, settings
and every other part, ~70% of the time a form cost, for nothing the reader uses.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

from bot.intake.parsing.attachments.docx_tables import read_table
from bot.intake.parsing.attachments.docx_xml import (
    SDT,
    SDT_CONTENT,
    TBL,
    Element,
    P,
    W,
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
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# python-docx's own parser settings: no entities resolved, ignorable whitespace dropped.
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


def check_package(data: bytes, form: FormText) -> zipfile.ZipFile:
    """Refuse, before reading, a .docx whose declared contents exceed the budget."""
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
    return archive


def read_docx(data: bytes, form: FormText) -> None:
    """Fill `form`; raises Unreadable, or OverBudget with what was read kept in `form`."""
    archive = check_package(data, form)
    try:
        body = _main_document(archive, form).find(f"{W}body")
    except OverBudget:
        raise
    except Exception as exc:  # zipfile and lxml raise many kinds for a broken package
        raise Unreadable("it is damaged or not a Word document") from exc
    if body is None:
        raise Unreadable("it is damaged or not a Word document")
    try:
        _blocks(body, form, pending=[None])
    except RecursionError as exc:
        raise Unreadable("it is nested too deeply to read") from exc


def _part(archive: zipfile.ZipFile, name: str, form: FormText) -> Element:
    """One XML part, its tags counted against the budget before it is parsed. Only the
    parts parsed are counted: the others (styles, numbering, images) are never read."""
    # zipfile stops at the declared size, already checked against xml_bytes.
    content = archive.read(name)
    form.tags += content.count(b"<")
    if form.tags > form.budget.xml_tags:
        raise OverBudget(f"it has more than {form.budget.xml_tags:,} XML elements")
    return etree.fromstring(content, _PARSER)


def _main_document(archive: zipfile.ZipFile, form: FormText) -> Element:
    """The root of the main document part, found as python-docx finds it: the package's
    officeDocument relationship, whose part must be a Word document (not a template or a
    macro-enabled file, which python-docx refuses too)."""
    rels = _part(archive, "_rels/.rels", form)
    target = next(
        r.get("Target")
        for r in rels.iter(f"{_RELS}Relationship")
        if r.get("Type") == _OFFICE_DOCUMENT and r.get("TargetMode") != "External"
    )
    name = posixpath.normpath(posixpath.join("/", target)).lstrip("/")
    if not name.lower().endswith(_XML):  # its size was not checked with the XML parts
        raise ValueError(f"{name} is not a Word document")
    if _content_type(_part(archive, "[Content_Types].xml", form), name) != _MAIN_TYPE:
        raise ValueError(f"{name} is not a Word document")
    return _part(archive, name, form)


def _content_type(types: Element, name: str) -> str | None:
    for override in types.iter(f"{_TYPES}Override"):
        if (override.get("PartName") or "").lower() == "/" + name.lower():
            return override.get("ContentType")
    ext = posixpath.splitext(name)[1].lstrip(".").lower()
    for default in types.iter(f"{_TYPES}Default"):
        if (default.get("Extension") or "").lower() == ext:
            return default.get("ContentType")
    return None


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
