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
    r"department|referrals?|noreply|no-reply|"
    # A shared mailbox's display name: "Staffordshire EDT", "MASH Inbox", "YOT Hub".
    r"edt|mash|yot|yjs|hub|inbox|mailbox|enquiries|emergency|out\s+of\s+hours)\b",
    re.I,
)
# The words of a contact line ("Tel: … | Mob: …"): never a person's name.
_CONTACT_WORDS = frozenset(
    "tel telephone phone mob mobile work office direct line ext extension fax email e-mail "
    "landline switchboard number no contact".split()
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


def looks_like_name(value: str | None) -> bool:
    """Two to four name words, none of them a contact line's ("Olu Bankole", not "Mob")."""
    if not value:
        return False
    words = value.split()
    return 2 <= len(words) <= 4 and all(
        _NAME_WORD.match(w) and w.lower() not in _CONTACT_WORDS for w in words
    )


_ROLE_LINE = re.compile(
    r"\b(?:social\s+worker|practitioner|manager|officer|worker|co-?ordinator|lead|"
    r"team|duty|consultant|supervisor|advanced|senior|principal)\b",
    re.I,
)
_SIGN_NAME = re.compile(r"^[A-Za-z][A-Za-z'’-]+(?:\s+[A-Za-z][A-Za-z'’-]+){1,2}$")


def signature_name(text: str) -> str | None:
    """The name a signature gives: a line of two or three name words directly above a job
    line ("MARK BELLINGHAM" / "Senior Practitioner, Emergency Duty Team"); the last one
    written. Capitals are written as a name ("Mark Bellingham")."""
    lines = [line.strip() for line in text.splitlines()]
    found: str | None = None
    for line, below in zip(lines, lines[1:], strict=False):
        if not _SIGN_NAME.match(line) or not _ROLE_LINE.search(below):
            continue
        name = line.title() if line.isupper() else line
        if looks_like_name(name) and not _JOB_WORDS.search(name) and not _ROLE_LINE.search(name):
            found = name
    return found


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
