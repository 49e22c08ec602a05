"""Answers a home typed into our quoted daily check, and per-bed answers in its fields.

Some homes reply "answers below" and fill in the check we sent: after the label on the
quoted line ("> Beds available: 2") or on their own line under it ("> Beds available:" then
"2 (welfare)"). The labels are our own words and are never an answer; only what follows
them is. Only the first quoted check is read (older history below it is not today's), and
only when the home's new text says nothing about beds itself.

A field may also answer bed by bed: "one bed female only, the other either" is two beds
whose genders differ; the parts must add up to the beds stated, otherwise nothing is split.
"""

from __future__ import annotations

import re

from bot.intake.parsing.numbers import number
from bot.intake.parsing.vacancy_words import gender_of

# The labels of our daily check (templates/vacancy check), quoted or not.
_LABEL = re.compile(
    r"^\s*(?:>\s*)*(?P<label>beds?\s+available|gender(?:\s+restrictions?)?|male\s*/\s*female"
    r"|available\s+from|welfare\s*/\s*justice|placement\s+type)\s*:\s*(?P<value>.*)$",
    re.I,
)
_FIELD = {
    "beds": "Beds available",
    "gender": "Gender restrictions",
    "male": "Gender restrictions",
    "available": "Available from",
    "welfare": "Placement type",
    "placement": "Placement type",
}


def answers_in_check(raw: str) -> str | None:
    """Our check's fields as the home answered them ("Beds available: 2\\n..."), or None
    when the quoted check holds no answer to the number of beds."""
    lines = raw.replace("\r\n", "\n").split("\n")
    answers: dict[str, str] = {}
    i = 0
    while i < len(lines):
        m = _LABEL.match(lines[i])
        i += 1
        if m is None:
            continue
        name = _FIELD[m.group("label").split()[0].split("/")[0].lower()]
        if name in answers:
            break  # a second check further down is older history
        value = m.group("value").strip()
        # An answer on the lines under a quoted label: the home's own (unquoted) lines.
        while (
            not value
            and i < len(lines)
            and lines[i].strip()
            and not lines[i].lstrip().startswith(">")
        ):
            if _LABEL.match(lines[i]):
                break
            value = lines[i].strip()
            i += 1
        answers[name] = value
    if not answers.get("Beds available"):
        return None
    return "\n".join(f"{k}: {v}" for k, v in answers.items() if v)


_PART_SPLIT = re.compile(r",\s*|;\s*|\s+and\s+|\s+/\s+")
_PART_COUNT = re.compile(
    r"^\s*(?:(?P<n>\d{1,2}|one|two|three|four|five|six)\b|(?P<other>the\s+others?|others?|another|the\s+rest)\b)"
)


def split_genders(value: str, total: int) -> list[tuple[int, str]]:
    """[(count, gender)] when a gender answer gives each bed its own gender ("one bed
    female only, the other either"); [] when it does not, or the parts do not add up."""
    parts = [p for p in _PART_SPLIT.split(value.lower()) if p.strip()]
    if len(parts) < 2:
        return []
    out: list[tuple[int, str]] = []
    for part in parts:
        m = _PART_COUNT.match(part)
        if m is None:
            return []
        if m.group("n"):
            count = number(m.group("n")) or 0
        elif m.group("other").endswith(("s", "rest")):  # "the others": the beds not yet given
            count = total - sum(c for c, _ in out)
        else:  # "the other", "another": one bed
            count = 1
        out.append((count, gender_of(part, "")))
    if sum(c for c, _ in out) != total or len({g for _, g in out}) < 2:
        return []
    return [(c, g) for c, g in out if c > 0]
