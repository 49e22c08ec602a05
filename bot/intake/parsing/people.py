"""Initials, display names and phone numbers."""

from __future__ import annotations

import re

_INITIALS = re.compile(r"^(?:[A-Za-z][.\s]*){1,4}$")
_CAPS = re.compile(r"^[A-Z]{1,4}$")
# Dotted or hyphenated initials of double-barrelled names and Welsh digraphs ("A.T-R.",
# "D.Ll.P."): the capital letters are the initials.
_DOTTED_PARTS = re.compile(r"^(?:[A-Z][a-z]?\s*[.-]\s*){1,4}(?:[A-Z][a-z]?\.?)?$")
_NAME_WORD = re.compile(r"^[A-Z][a-z'’-]+$|^[A-Z]'?[A-Z][a-z]+$")
PHONE = re.compile(r"(?:\+44\s?|0)(?:\d[\s-]?){9,10}\d?")
# The look-behind keeps a search linear (see headers._ADDRESS): same matches, no retry
# at every position of a long run without "@".
_EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_JOB_WORDS = re.compile(
    r"\b(team|manager|officer|services|council|duty|admin|"
    r"department|referrals?|noreply|no-reply)\b",
    re.I,
)


def initials(value: str) -> tuple[str | None, str | None]:
    """(initials, warning). A full name is reduced to initials (data minimisation)."""
    text = re.sub(r"\(.*?\)", " ", value).strip().strip(",;")
    if not text:
        return None, None
    compacted = text.replace(".", "").replace(" ", "")
    if "." in text and _DOTTED_PARTS.match(text):
        capitals = "".join(c for c in text if c.isupper())
        if 1 <= len(capitals) <= 4:
            return capitals, None
    if _CAPS.match(compacted) or (
        _INITIALS.match(text) and ("." in text or " " in text or len(compacted) <= 2)
    ):
        return compacted.upper(), None
    if _INITIALS.match(text) and len(compacted) <= 3:
        return compacted.upper(), None  # "ak" in lower case is still initials
    words = [w for w in re.split(r"[\s.]+", text) if w]
    if (
        1 <= len(words) <= 4
        and all(w[0].isalpha() for w in words)
        and any(_NAME_WORD.match(w) for w in words)
    ):
        return "".join(w[0].upper() for w in words), (
            "a full name was given for the child: kept only the initials"
        )
    return None, f"could not read the child's initials from '{text[:20]}'"


def person_name(display: str | None) -> str | None:
    """A person's name from an email display name: "Bakare, Tunde" -> "Tunde Bakare"."""
    if not display:
        return None
    name = re.sub(r"\(.*?\)|\[.*?\]", " ", display)
    name = " ".join(name.replace('"', " ").split()).strip(" ,")
    if not name or "@" in name or _JOB_WORDS.search(name):
        return None
    if name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        if first and last and " " not in last:
            name = f"{first} {last}"
    return name or None


_ORGANISATION = re.compile(
    r"\b(?:council|borough|county|trust|services?|team|department|partnership|authority|"
    r"children|care|social|service)\b",
    re.I,
)


_ORGANISATION_NAME = re.compile(
    r"\b(?:council|trust|services|partnership|department|borough|county)\W*$", re.I
)


def worker_name(value: str | None) -> str | None:
    """A person's name from a worker line; a team or council is not a name.

    "Naomi Fairclough, Stevenage Children in Care" -> "Naomi Fairclough";
    "Rhondda Cynon Taf County Borough Council" (a job title's line) -> None.
    """
    if not value or _ORGANISATION_NAME.search(value):
        return None
    name = re.split(r",|\s[-–—|/]\s|\(|\|", value, maxsplit=1)[0].strip()
    if not name or _ORGANISATION.search(name) or _JOB_WORDS.search(name):
        return None
    return name


def contact_parts(value: str) -> tuple[str | None, str | None, str | None]:
    """(name, email, phone) from "Rachel Dunmore (rachel@x.test, 01962 000111)"."""
    email = _EMAIL.search(value)
    number = PHONE.search(value)
    name = _EMAIL.sub(" ", value)
    name = PHONE.sub(" ", name)
    # Brackets that held only the address or number go; "(YJS)", a team, stays for
    # worker_name to cut off.
    name = re.sub(r"[(\[][\s,;:/|–—-]*[)\]]", " ", name)
    name = " ".join(name.split()).strip(" ,;:-/–—|")
    return (
        name or None,
        email.group(0).lower() if email else None,
        " ".join(number.group(0).split()) if number else None,
    )


def phone(value: str) -> str | None:
    m = PHONE.search(value)
    if m:
        return " ".join(m.group(0).split())
    cleaned = " ".join(value.split())
    return cleaned if sum(ch.isdigit() for ch in cleaned) >= 6 else None
