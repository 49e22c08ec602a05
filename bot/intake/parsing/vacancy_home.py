"""Which home a vacancy reply is from: the thread we sent, the sender's address, the name.

Pure functions of the message's headers and text (split from vacancy.py, which reads the
beds).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz

from bot.domain.home_lookup import load_abbreviations, normalise
from bot.domain.model import Home
from bot.intake.parsing.forwarded import strip_quoted


def strip_quoted_reply(text: str) -> str:
    """The new part of a reply (the parser's one rule for quoted history), trimmed."""
    return strip_quoted((text or "").replace("\r\n", "\n").replace("\r", "\n")).strip()


_CHECK_ID = re.compile(r"vacancy-check-([A-Za-z0-9_]+)-\d{6,8}@", re.IGNORECASE)
_ADDRESS = re.compile(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")  # linear
_WORD = re.compile(r"[a-z0-9]+")
NAME_THRESHOLD = 85.0


def _bare_address(sender: str | None) -> str | None:
    if not sender:
        return None
    found = _ADDRESS.search(sender)
    return found.group(0).lower() if found else None


def _words(text: str) -> list[str]:
    # The abbreviations of home names are the home lookup's (config/abbreviations.csv).
    abbreviations = load_abbreviations()
    return [abbreviations.get(w, w) for w in _WORD.findall(normalise(text))]


def _by_name(text: str, homes: Sequence[Home]) -> Home | None:
    words = _words(text)
    best: tuple[float, int, Home] | None = None
    tied = False
    for home in homes:
        name_words = _words(home.name)
        if not name_words:
            continue
        name = " ".join(name_words)
        n = len(name_words)
        top = 0.0
        for size in {max(1, n - 1), n, n + 1}:
            for i in range(0, max(0, len(words) - size) + 1):
                window = " ".join(words[i : i + size])
                if window and window[0] == name[0]:  # names are read from their first letter
                    top = max(top, fuzz.ratio(window, name))
        if top < NAME_THRESHOLD:
            continue
        candidate = (top, len(name), home)
        if best is None or candidate[:2] > best[:2]:
            best, tied = candidate, False
        elif candidate[:2] == best[:2]:
            tied = True
    if best is None or tied:
        return None
    return best[2]


def identify_home(
    sender: str | None,
    subject: str,
    text: str,
    in_reply_to: Sequence[str] | str | None,
    homes: Sequence[Home],
    *,
    thread_home: Callable[[Sequence[str]], str | None] | None = None,
) -> tuple[Home | None, str | None]:
    """(home, how) with how in "sender" | "thread" | "name"; (None, None) if unknown.

    Order: the sender's exact contact address; the thread: `thread_home` tells which home
    our vacancy check with one of these Message-IDs went to (the store's record of what we
    sent), or else an older check's id names the home code; the sender's domain when
    exactly one home uses it; a home name in the subject or the reply itself (fuzzy, so
    "Fenland Hse" and "Oak lodge" count).
    """
    address = _bare_address(sender)
    if address:
        for candidate in homes:
            if address in (e.lower() for e in candidate.contact_emails):
                return candidate, "sender"
    ids = [in_reply_to] if isinstance(in_reply_to, str) else list(in_reply_to or ())
    by_code = {h.code.upper(): h for h in homes}
    if thread_home is not None and ids:
        code = thread_home(ids)
        if code is not None and code.upper() in by_code:
            return by_code[code.upper()], "thread"
    for message_id in ids:
        for code in _CHECK_ID.findall(message_id or ""):
            threaded = by_code.get(code.upper())
            if threaded is not None:
                return threaded, "thread"
    if address:
        domain = address.rsplit("@", 1)[1]
        owners = {
            h.code: h
            for h in homes
            for e in h.contact_emails
            if e.lower().rsplit("@", 1)[-1] == domain
        }
        if len(owners) == 1:
            return next(iter(owners.values())), "sender"
    for source in (subject or "", strip_quoted_reply(text or "")):
        named = _by_name(source, homes)
        if named is not None:
            return named, "name"
    return None, None
