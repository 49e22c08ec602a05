"""Raw bytes to headers and the best readable text, whatever state the MIME is in.

Nothing here raises for bad input: damage is repaired as far as possible and recorded
in `flags` ("malformed_mime", "charset_guessed", "oversize_part_ignored", ...).
"""

from __future__ import annotations

import email
import email.parser
import email.policy
import re
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from bot.intake.parsing.attachments import DEFAULT as ATTACHMENT_BUDGET
from bot.intake.parsing.attachments import (
    AttachmentReading,
    Budget,
    display_name,
    kind_of,
    read_attachment,
)
from bot.intake.parsing.headers import (
    MAX_HEADER_CHARS,
    decode_value,
    header_text,
    long_headers,
)
from bot.intake.parsing.storable import storable

MAX_TEXT_PART = 2_000_000  # bytes; a referral is a page or two, anything bigger is not one
MAX_ATTACHMENT = 10_000_000
# The email package parses nested parts recursively (about 1,000 levels raise
# RecursionError, and it is slow well before that). A referral is a handful of parts;
# past this many container parts the body is not parsed into parts at all.
MAX_CONTAINERS = 100
MAX_DEPTH = 20
_CONTAINER = re.compile(rb"content-type:\s*(?:multipart|message)/", re.IGNORECASE)


@dataclass
class Mail:
    message: Message
    text: str = ""
    flags: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    content_type: str = "text/plain"
    report_type: str = ""
    # Word and PDF forms, read or not: see bot.intake.parsing.attachments.
    attachments: list[AttachmentReading] = field(default_factory=list)
    # What is left of the message's budget for reading them (None: spent).
    reading_budget: Budget | None = ATTACHMENT_BUDGET

    def flag(self, name: str) -> None:
        if name not in self.flags:
            self.flags.append(name)

    # The headers read once: Message.get lowercases every header name on each call, and
    # a parse asks for a dozen headers, some twice.
    _index: dict[str, tuple[str, Any]] | None = field(default=None, repr=False)
    _decoded: dict[tuple[str, bool], tuple[str, bool]] = field(default_factory=dict, repr=False)

    def raw(self, name: str) -> Any:
        """The first header `name` as Message.get gives it (None when absent)."""
        if self._index is None:
            index: dict[str, tuple[str, Any]] = {}
            for key, value in self.message.raw_items():
                index.setdefault(key.lower(), (key, value))
            self._index = index
        found = self._index.get(name.lower())
        return None if found is None else self.message.policy.header_fetch_parse(*found)

    def header(self, name: str, *, keep_end: bool = False) -> str:
        key = (name.lower(), keep_end)
        if key not in self._decoded:
            try:
                raw = self.raw(name)
            except Exception:  # a header the email package cannot even fetch
                self._decoded[key] = ("", True)
            else:
                self._decoded[key] = decode_value(raw, keep_end=keep_end)
        value, bad = self._decoded[key]
        if bad:
            self.flag("malformed_mime")
        return value


def read_mail(raw: bytes) -> Mail:
    if b"\x00" in raw:
        raw = raw.replace(b"\x00", b"")
        nul = True
    else:
        nul = False
    msg, too_deep = _message(raw)
    mail = Mail(message=msg)
    if nul:
        mail.flag("malformed_mime")
    if too_deep:
        mail.flag("mime_too_deep")
        mail.warnings.append(
            f"the message nests more than {MAX_CONTAINERS} MIME parts: only its headers were read"
        )
    for name in long_headers(msg):
        mail.flag("header_too_long")
        mail.warnings.append(f"the {name[:40]} header was cut to {MAX_HEADER_CHARS} characters")
    if msg.defects:
        mail.flag("malformed_mime")
    try:
        mail.content_type = msg.get_content_type()
        mail.report_type = msg.get_param("report-type") or ""  # type: ignore[assignment]
        if not isinstance(mail.report_type, str):
            mail.report_type = ""
    except Exception:
        mail.flag("malformed_mime")
    plain: list[str] = []
    html: list[str] = []
    extra: list[str] = []
    if not too_deep:
        _walk(msg, mail, plain, html, extra, depth=0)
    if plain and any(p.strip() for p in plain):
        body = "\n".join(plain)
    elif html:
        body = "\n".join(_safe_html(h, mail) for h in html)
    else:
        body = ""
    mail.text = storable(_normalise(body + ("\n\n" + "\n\n".join(extra) if extra else "")))
    return mail


def _message(raw: bytes) -> tuple[Message, bool]:
    """The parsed message, or only its headers when the body nests too deep to parse."""
    containers = 0
    for _ in _CONTAINER.finditer(raw):
        containers += 1
        if containers > MAX_CONTAINERS:
            break
    if containers <= MAX_CONTAINERS:
        try:
            return email.message_from_bytes(raw, policy=email.policy.compat32), False
        except RecursionError:
            pass
    parser = email.parser.BytesParser(policy=email.policy.compat32)
    return parser.parsebytes(raw, headersonly=True), True


def _walk(
    part: Message, mail: Mail, plain: list[str], html: list[str], extra: list[str], depth: int
) -> None:
    if depth > MAX_DEPTH:  # pathological nesting
        mail.flag("mime_too_deep")
        return
    if part.defects:
        mail.flag("malformed_mime")
    try:
        ctype = part.get_content_type()
    except Exception:
        ctype = "text/plain"
        mail.flag("malformed_mime")
    if part.is_multipart():
        payload = part.get_payload()
        for sub in payload if isinstance(payload, list) else []:
            if isinstance(sub, Message):
                _walk(sub, mail, plain, html, extra, depth + 1)
        return
    if ctype == "message/rfc822":
        inner = part.get_payload()
        if isinstance(inner, list) and inner and isinstance(inner[0], Message):
            extra.append(_attached_message_text(inner[0], mail, depth))
        return
    disposition = (part.get("Content-Disposition") or "").lower()
    try:  # once: each call parses Content-Disposition's and Content-Type's parameters
        name = part.get_filename() or ""
    except Exception:
        name = ""
    filename = name.lower()
    if ctype.startswith("multipart/"):
        # Declared multipart but unsplittable (no or wrong boundary): read it as text.
        mail.flag("malformed_mime")
        text = _decode(part, mail)
        if text is not None:
            plain.append(text)
        return
    if kind_of(name, ctype) is not None:
        _attachment(part, ctype, name, mail, extra)
        return
    if "attachment" in disposition or (filename and not ctype.startswith("text/")):
        return  # an image, a signature: not a referral form
    if ctype == "text/plain" or (ctype.startswith("text/") and ctype != "text/html" and depth == 0):
        text = _decode(part, mail)
        if text is not None:
            plain.append(text)
    elif ctype == "text/html":
        text = _decode(part, mail)
        if text is not None:
            html.append(text)


def _attachment(part: Message, ctype: str, name: str, mail: Mail, extra: list[str]) -> None:
    """A Word or PDF form: read within its budget; a failure is named, never raised."""
    budget = mail.reading_budget
    if budget is None or len(mail.attachments) >= budget.attachments:
        mail.flag("attachment_budget")
        shown = display_name(name) or "(unnamed)"
        why = (
            "the message's other attachments used its reading budget"
            if budget is None
            else f"more than {budget.attachments} forms in one message"
        )
        mail.warnings.append(f"attachment {shown} not read: {why}")
        return
    data = _payload(part, mail, MAX_ATTACHMENT)
    if data is None:
        return  # too large or undecodable: already flagged and warned by _payload
    reading = read_attachment(name, ctype, data, budget)
    if reading is None:
        return
    mail.attachments.append(reading)
    mail.reading_budget = budget.after(*reading.spent)
    if reading.problem:
        mail.flag("unreadable_attachment")
        mail.warnings.append(f"could not read the attachment {reading.name}: {reading.problem}")
    if reading.over_budget:
        mail.flag("attachment_budget")
        how = "read only in part" if reading.text else "not read"
        mail.warnings.append(f"attachment {reading.name} {how}: {reading.over_budget}")
    if reading.text:
        extra.append(reading.text)


def _attached_message_text(inner: Message, mail: Mail, depth: int) -> str:
    """A forwarded-as-attachment email, rendered like an inline forward."""
    head = "\n".join(
        f"{name}: {header_text(inner, name)[0]}" for name in ("From", "Date", "To", "Subject")
    )
    plain: list[str] = []
    html: list[str] = []
    extra: list[str] = []
    _walk(inner, mail, plain, html, extra, depth + 1)
    body = "\n".join(plain) if plain else "\n".join(_safe_html(h, mail) for h in html)
    return "---------- Forwarded message ---------\n" + head + "\n\n" + body + "\n".join(extra)


def _payload(part: Message, mail: Mail, limit: int) -> bytes | None:
    try:
        data = part.get_payload(decode=True)
    except Exception:
        mail.flag("malformed_mime")
        return None
    if part.defects:
        mail.flag("malformed_mime")
    if not isinstance(data, bytes):
        return None
    if len(data) > limit:
        mail.flag("oversize_part_ignored")
        mail.warnings.append(f"ignored a {part.get_content_type()} part of {len(data)} bytes")
        return None
    return data


def _decode(part: Message, mail: Mail) -> str | None:
    data = _payload(part, mail, MAX_TEXT_PART)
    if data is None:
        return None
    try:
        declared = part.get_content_charset() or "us-ascii"
    except Exception:
        declared = "us-ascii"
    return decode_bytes(data, declared, mail)


def decode_bytes(data: bytes, declared: str, mail: Mail) -> str:
    try:
        return data.decode(declared)
    except (LookupError, UnicodeDecodeError, ValueError):
        pass
    # us-ascii with 8-bit bytes is almost always unlabelled utf-8: no need to flag that.
    for guess in ("utf-8", "cp1252"):
        try:
            text = data.decode(guess)
        except UnicodeDecodeError:
            continue
        if not (declared in ("us-ascii", "ascii") and guess == "utf-8"):
            mail.flag("charset_guessed")
        return text
    mail.flag("charset_guessed")
    return data.decode("latin-1")


def _safe_html(html: str, mail: Mail) -> str:
    from bot.intake.parsing.html_text import html_to_text

    try:
        return html_to_text(html)
    except Exception:
        mail.flag("malformed_mime")
        return ""


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    for ch in ("\u200b", "\ufeff", "\u200e", "\u200f"):
        text = text.replace(ch, "")
    return text.replace("\xa0", " ")
