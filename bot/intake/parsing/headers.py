"""Reading header values that may be encoded, 8-bit, folded badly or simply wrong."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.header import Header, decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from bot.intake.parsing.storable import storable

_SURROGATE = re.compile("[\udc80-\udcff]")
_MSGID = re.compile(r"<[^<>\s]+>")
# The look-behind makes a search linear: a match can only start where a run of address
# characters starts, so a long run without "@" is scanned once, not once per position
# (without it, 200,000 characters took ~100 s).
_LOCAL = r"[\w.!#$%&'*+/=?^`{|}~-]"
_ADDRESS = re.compile(rf"(?<!{_LOCAL}){_LOCAL}+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# "Name <addr@x>": the first bracket holding an "@"; the classes are disjoint, so linear.
_ANGLE = re.compile(r"<([^<>@]*@[^<>]*)>")
# One address of plain dot-atoms, bare or after a name of letters, digits and spaces.
_PLAIN = r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
_SIMPLE = re.compile(rf"({_PLAIN})|[A-Za-z0-9]+(?: [A-Za-z0-9]+)* <({_PLAIN})>")

# Budgets (issue 8): no honest header is anywhere near these; past them the value is cut
# and the message flagged, so every later step works on a bounded string.
MAX_HEADER_CHARS = 16_000
MAX_REFERENCES = 50  # the newest ids of References used for threading and in our answers


def _undo_surrogates(value: str) -> tuple[str, bool]:
    """compat32 keeps raw 8-bit header bytes as surrogates; turn them back into text."""
    if value.isascii() or not _SURROGATE.search(value):
        return value, False
    raw = value.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("utf-8"), True
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace"), True


def header_text(msg: Message, name: str, *, keep_end: bool = False) -> tuple[str, bool]:
    """The decoded value of a header ("" when absent) and whether it was malformed or cut
    to MAX_HEADER_CHARS (keeping its end with `keep_end`: the newest ids of References)."""
    try:
        raw = msg.get(name)
    except Exception:  # a header the email package cannot even fetch
        return "", True
    return decode_value(raw, keep_end=keep_end)


def decode_value(raw: object, *, keep_end: bool = False) -> tuple[str, bool]:
    """header_text for a value as Message.get gives it (None when absent)."""
    if raw is None:
        return "", False
    if isinstance(raw, str) and len(raw) > MAX_HEADER_CHARS:
        cut = raw[-MAX_HEADER_CHARS:] if keep_end else raw[:MAX_HEADER_CHARS]
        text, _ = _undo_surrogates(cut)
        return storable(" ".join(text.split())), True
    if isinstance(raw, Header):
        # compat32 wraps raw 8-bit header bytes in a Header of charset "unknown-8bit".
        text, bad = _from_chunks(decode_header(raw)), True
    else:
        text, bad = _undo_surrogates(str(raw))
    if "=?" in text:
        try:
            text = str(make_header(decode_header(text)))
        except Exception:
            bad = True
    return storable(" ".join(text[:MAX_HEADER_CHARS].split())), bad


def long_headers(msg: Message) -> list[str]:
    """The names of headers longer than MAX_HEADER_CHARS (read only up to it)."""
    try:
        return [name for name, v in msg.items() if len(str(v)) > MAX_HEADER_CHARS]
    except Exception:
        return []


def _from_chunks(chunks: list[tuple[bytes | str, str | None]]) -> str:
    out = []
    for chunk, charset in chunks:
        if isinstance(chunk, str):
            out.append(chunk)
            continue
        for codec in (charset, "utf-8", "cp1252"):
            if not codec or codec == "unknown-8bit":
                continue
            try:
                out.append(chunk.decode(codec))
                break
            except (LookupError, UnicodeDecodeError):
                continue
        else:
            out.append(chunk.decode("latin-1"))
    return "".join(out)


def all_header_text(msg: Message, name: str) -> list[str]:
    try:
        values = msg.get_all(name) or []
    except Exception:
        return []
    return [
        storable(
            _from_chunks(decode_header(v))
            if isinstance(v, Header)
            else _undo_surrogates(str(v)[:MAX_HEADER_CHARS])[0]
        )
        for v in values
    ]


def address(value: str) -> tuple[str | None, str | None]:
    """(display name, bare lower-case address) from a From-like header."""
    value = value[:MAX_HEADER_CHARS]
    angle = _ANGLE.search(value)
    if angle:  # parseaddr splits "Bakare, Tunde <t@x>" at the comma
        name, addr = value[: angle.start()], angle.group(1)
    else:
        try:
            name, addr = parseaddr(value)
        except Exception:  # nested comments "((((…" recurse in the email package
            name, addr = "", ""
    if not addr or "@" not in addr:
        found = _ADDRESS.search(value)
        addr = found.group(0) if found else ""
    addr = addr.strip().lower()
    return (name.strip().strip('"').strip() or None), (addr or None)


def addresses(values: list[str]) -> list[str]:
    values = [v[:MAX_HEADER_CHARS] for v in values]
    simple = [_SIMPLE.fullmatch(v) for v in values]
    if all(simple):
        # What getaddresses gives for these (checked against it in the tests), without
        # its tokenizer: nearly every To holds one plain address or "Name <address>".
        return [(m.group(1) or m.group(2)).lower() for m in simple if m]
    try:
        out = [a.strip().lower() for _, a in getaddresses(values) if "@" in a]
    except Exception:  # see address()
        out = []
    return out or [a.lower() for v in values for a in _ADDRESS.findall(v)]


def message_ids(value: str, keep_last: int | None = None) -> list[str]:
    ids = _MSGID.findall(value)
    return ids[-keep_last:] if keep_last and len(ids) > keep_last else ids


def sent_date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except Exception:
        return None
    if when is None:
        return None
    # RFC 5322 "-0000" (no zone known) arrives naive: UTC is the honest reading.
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def find_address(text: str) -> str | None:
    found = _ADDRESS.search(text)
    return found.group(0).lower() if found else None
