"""PDF referral forms through pypdf: fillable (AcroForm) fields, then the pages' text.

A field's label is its tooltip (/TU, what the form shows a person) or else its name,
made readable ("child_dob" -> "child dob"). Pages are read up to `Budget.pdf_pages`, with
pypdf's own resource limits lowered for the read (pypdf.apply_configuration), so a
decompression bomb, a huge array or a deep page tree stops inside pypdf at once.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from bot.intake.parsing.attachments.budget import pypdf_limits
from bot.intake.parsing.attachments.docx_form import Unreadable
from bot.intake.parsing.attachments.form import (
    FormText,
    OverBudget,
    clean,
    humanise,
    split_written,
)

# pypdf logs what it repairs, quoting pieces of the file: a child's details must not reach
# the service's log that way.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)

_UNCHECKED = {"/Off", "Off", ""}


def read_pdf(data: bytes, form: FormText) -> None:
    """Fill `form`; raises Unreadable, or OverBudget with what was read kept in `form`."""
    import pypdf  # lazy: most emails carry no PDF
    from pypdf.errors import LimitReachedError, PyPdfError

    # What pypdf raises, or lets escape, on a broken or hostile file.
    broken = (
        PyPdfError,
        RecursionError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        OSError,
        OverflowError,
        MemoryError,
        AssertionError,
    )

    if b"%PDF-" not in data[:1024]:
        raise Unreadable("it is damaged or not a PDF")
    with pypdf.apply_configuration(None, **pypdf_limits(form.budget)):
        try:
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not _opens_without_password(reader):
                raise Unreadable("it is password-protected")
            _fields(reader, form)
            _pages(reader, form)
        except (Unreadable, OverBudget):
            raise
        except LimitReachedError as exc:
            raise OverBudget("a part of it expands beyond what is read automatically") from exc
        except broken as exc:
            if form.lines:
                # Fields or earlier pages were read: keep them, say the rest was not.
                reason = f"it could not be read to the end ({type(exc).__name__})"
                raise OverBudget(reason) from exc
            raise Unreadable("it is damaged or could not be read") from exc


def _opens_without_password(reader: Any) -> bool:
    """Many PDFs are encrypted only to restrict printing, with an empty open password."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # an unsupported cipher (AES without `cryptography`) included
        return False


def _fields(reader: Any, form: FormText) -> None:
    fields = reader.get_fields() or {}
    if len(fields) > form.budget.pdf_fields:
        raise OverBudget(f"it has more than {form.budget.pdf_fields:,} form fields")
    wrote = False
    for name, spec in fields.items():
        form.tick("form fields")
        value = _field_value(spec.get("/V"))
        if value is None:
            continue
        label = clean(str(spec.get("/TU") or "")) or humanise(str(name).split(".")[-1])
        if label:
            form.pair(label, value)
            wrote = True
    if wrote:
        form.blank()


def _field_value(raw: object) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, list):  # a multiple-choice list
        values = [v for v in (_field_value(item) for item in raw[:50]) if v]
        return ", ".join(values) or None
    text = clean(str(raw))
    if text in _UNCHECKED:
        return None
    if text.startswith("/"):  # a ticked box or a chosen radio button: /Yes, /On, /Female
        text = text[1:]
    return text[:2000] or None


def _pages(reader: Any, form: FormText) -> None:
    count = len(reader.pages)
    for index in range(min(count, form.budget.pdf_pages)):
        form.tick("pages")
        page = reader.pages[index]
        # pypdf takes ~40 microseconds per drawing instruction: count the bytes of the
        # page's instructions before extracting, so ten dense pages cannot cost seconds.
        contents = page.get_contents()
        form.drawn += len(contents.get_data()) if contents is not None else 0
        if form.drawn > form.budget.pdf_content_bytes:
            raise OverBudget(
                f"its pages hold more than {form.budget.pdf_content_bytes // 1000:,} KB of "
                f"text and drawing; {index} of {count} pages were read"
            )
        for line in (page.extract_text() or "").splitlines():
            written = split_written(line)
            if written is not None:
                form.pair(*written, sep=": ")
            else:
                form.line(line.rstrip())
        form.blank()
    if count > form.budget.pdf_pages:
        raise OverBudget(f"it has {count:,} pages; the first {form.budget.pdf_pages} were read")
