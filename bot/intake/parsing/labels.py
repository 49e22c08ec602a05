"""Label/value lines ("Date of birth: 14/02/2012", "D.O.B.<TAB>02.09.2010") to fields.

A label is matched after dropping case, punctuation and spaces; near misses ("Dat of
birth") are accepted only with a strong separator (":" or a table cell) and a high fuzzy
score, because a false label would put words into the wrong field. A value runs on to the
following lines until the next label, a blank line or a sign-off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

LABELS: dict[str, tuple[str, ...]] = {
    "placing_authority": (
        "placing authority",
        "placing local authority",
        "la",
        "placing la",
        "local authority",
        "council",
        "authority",
        "referring authority",
        "referring local authority",
        "local authority name",
        "responsible authority",
        "responsible local authority",
    ),
    "initials": (
        "child initials",
        "childs initials",
        "young persons initials",
        "yp initials",
        "cyp initials",
        "initials",
        "name (initials)",
        "initials of child",
        "child",
        "young person",
        "yp",
        "childs name",
        "child name",
        "name of child",
        "young persons name",
        "yp name",
        "name",
        "full name",
    ),
    "dob": (
        "dob",
        "date of birth",
        "birth date",
        "child dob",
        "childs date of birth",
        "yp dob",
        "date of birth (dob)",
    ),
    "age": ("age", "current age", "childs age", "age of child"),
    "gender": ("gender", "sex", "gender identity", "sex/gender", "gender/sex"),
    "ethnicity": ("ethnicity", "ethnic origin", "ethnic background", "ethnic group"),
    "legal_status": (
        "legal status",
        "legal basis",
        "order",
        "legal order",
        "current legal status",
        "status",
        "legal status/order",
        "legal framework",
    ),
    "court_date": (
        "court date",
        "hearing",
        "date of hearing",
        "hearing date",
        "court hearing",
        "next hearing",
        "court date and time",
        "date of court hearing",
    ),
    "needed_by": (
        "bed needed by",
        "bed required",
        "date required",
        "required from",
        "placement needed",
        "date bed needed",
        "bed needed",
        "needed by",
        "date needed",
        "placement required",
        "placement required by",
        "required by",
        "when needed",
        "bed required by",
        "date and time bed needed",
        "placement needed by",
        "placement date",
        "start date",
        "bed needed from",
    ),
    "risks": (
        "risks",
        "identified risks",
        "risk factors",
        "presenting risks",
        "risk",
        "key risks",
        "current risks",
        "risk issues",
        "risks identified",
    ),
    "needs": (
        "needs",
        "health and education needs",
        "health needs",
        "education",
        "education needs",
        "health",
        "additional needs",
        "health and education",
        "support needs",
        "sen",
        "medical needs",
        "other needs",
    ),
    "avoid_homes": (
        "homes to avoid",
        "avoid homes",
        "homes not suitable",
        "homes to exclude",
        "excluded homes",
        "unsuitable homes",
    ),
    "avoid_areas": (
        "areas to avoid",
        "exclusion zones",
        "exclusion zone",
        "avoid areas",
        "excluded areas",
        "locations to avoid",
        "places to avoid",
    ),
    "home_area": (
        "home area",
        "home town",
        "childs home address area",
        "home address area",
        "home address",
        "home location",
        "area",
        "childs home area",
        "lives in",
    ),
    "sw_name": (
        "social worker",
        "social worker name",
        "allocated sw",
        "allocated social worker",
        "sw",
        "sw name",
        "name of social worker",
        "referrer",
        "referrer name",
        "referring social worker",
    ),
    "sw_email": (
        "social worker email",
        "sw email",
        "email",
        "email address",
        "e mail",
        "social worker email address",
        "contact email",
        "referrer email",
    ),
    "sw_phone": (
        "phone",
        "telephone",
        "mobile",
        "social worker phone",
        "sw phone",
        "sw telephone",
        "social worker telephone",
        "contact number",
        "tel",
        "phone number",
        "telephone number",
        "sw mobile",
        "social worker mobile",
    ),
    "notes": (
        "other information",
        "additional information",
        "notes",
        "further information",
        "any other information",
        "other info",
        "comments",
        "background",
        "other",
    ),
    "sos_approval": (
        "secretary of state approval",
        "sos approval",
        "sos",
        "secretary of state",
        "dfe approval",
    ),
}


def compact(label: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", label.lower().replace("'s", "s").replace("’s", "s"))


_KEYS: dict[str, str] = {compact(lb): name for name, lbs in LABELS.items() for lb in lbs}
_KEY_LIST = list(_KEYS)
_NUMBERING = re.compile(r"^\s*(?:\d{1,2}[.)]|[a-z][.)]|q\d+[.:)]?|[-*•>·])\s+", re.I)
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SEPARATORS = re.compile(r":|\t|\s+[-–—]\s+|\s{2,}")
_SIGN_OFF = re.compile(
    r"^(?:kind\s+regards|regards|many\s+thanks|thanks|thank\s+you|best\s+"
    r"wishes|best|cheers|sent\s+from\s+my|warm\s+regards|yours)\b",
    re.I,
)


_SPACE_OK = {"dob", "age", "sex", "gender", "initials", "ethnicity"}


@dataclass(frozen=True)
class Pair:
    field: str
    label: str
    value: str


def resolve(label: str, *, fuzzy: bool) -> str | None:
    """The field a label names, or None."""
    text = label.strip().strip("*").strip()
    if not text or len(text) > 60:
        return None
    for candidate in (compact(text), compact(_PAREN.sub("", text))):
        if candidate in _KEYS:
            return _KEYS[candidate]
    key = compact(_PAREN.sub("", text))
    if fuzzy and len(key) >= 6:
        best = process.extractOne(key, _KEY_LIST, scorer=fuzz.ratio, score_cutoff=90)
        if best:
            return _KEYS[best[0]]
    return None


def split_label(line: str) -> tuple[str, str, str] | None:
    """(field, label, value) when the line starts with a known label."""
    body = _NUMBERING.sub("", line, count=1)
    previous: list[int] = []  # where earlier separators end: "Correction - Gender: male"
    for m in _SEPARATORS.finditer(body):
        left = body[: m.start()]
        if left.strip():
            strong = m.group(0) in (":", "\t")
            field = resolve(left, fuzzy=strong)
            tail = ""
            if field is None and strong:
                for start in previous:
                    tail = body[start : m.start()]
                    if len(tail.split()) <= 4 and (field := resolve(tail, fuzzy=False)):
                        break
            if field:
                return field, (tail or left).strip(), body[m.end() :].strip(" \t:-–—")
            if len(left) > 60:
                break
        previous.append(m.end())
    stripped = body.strip()
    if not stripped or len(stripped) > 200:
        return None
    if len(stripped) <= 40 and (field := resolve(stripped, fuzzy=False)):
        # A label alone on its line (or a table row with an empty value cell).
        return field, stripped, ""
    return _space_separated(stripped)


def _space_separated(text: str) -> tuple[str, str, str] | None:
    """ "DOB 14/02/2012", "Date of birth 3rd March 2011": a label and a single space.

    Only for an exact label that is either a short form people use this way or several
    words long, and only when the value starts like a value (a digit or a capital), so
    prose such as "Social worker will call" is not read as a label.
    """
    words = text.split(" ")
    for n in range(min(6, len(words) - 1), 0, -1):
        label, value = " ".join(words[:n]), " ".join(words[n:]).strip()
        key = compact(label)
        if key not in _KEYS or not value:
            continue
        if key in _SPACE_OK or (n >= 2 and (value[0].isdigit() or value[0].isupper())):
            return _KEYS[key], label, value
    return None


def read_pairs(lines: Iterable[str]) -> list[Pair]:
    pairs: list[Pair] = []
    current: list[str] | None = None
    field = label = ""

    def close() -> None:
        if current is not None:
            pairs.append(Pair(field, label, "\n".join(current).strip()))

    for raw in lines:
        line = raw.rstrip()
        found = split_label(line) if line.strip() else None
        if found:
            close()
            field, label, value = found
            current = [value] if value else []
            continue
        if current is None:
            continue
        if not line.strip():
            if current:  # a blank line ends a value; before the value it is just spacing
                close()
                current = None
            continue
        if _SIGN_OFF.match(line.strip()):
            close()
            current = None
            continue
        current.append(line.strip())
    close()
    return pairs
