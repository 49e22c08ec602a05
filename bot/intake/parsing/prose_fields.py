"""The fields a referral's labels left empty, read from its sentences (see prose.py).

Every field filled here is recorded as read from prose (or from the reply) and named in a
warning, so an officer can check what no label stated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from bot.domain.model import Home, ReferralDetails
from bot.intake.parsing import boilerplate, prose
from bot.intake.parsing.avoid import avoid_either
from bot.intake.parsing.dates import age_on, london_day, parse_dob
from bot.intake.parsing.pipe_tables import unpipe
from bot.intake.parsing.ticks import any_boxes, has_boxes


def read_prose(
    details: ReferralDetails,
    text: str,
    sent_at: datetime,
    today: date,
    homes: Sequence[Home],
    *,
    reply: bool,
    warnings: list[str],
    where: str = "the text",
) -> set[str]:
    """Fill what is still empty; return the paths filled."""
    # Only the writer's words about the child: no disclaimer, strapline or signature.
    # A pipe-drawn table read as its rows, as the form reader does: its "|" borders would
    # otherwise run one row into the next as a single "sentence".
    text = "\n".join(unpipe(text.split("\n")))
    parts = prose.sentences(boilerplate.about_child(text))
    filled: dict[str, str] = {}
    child = details.child
    # A reply speaks of a child already recorded: the initials it names them by and the
    # pronouns it uses identify that child, they do not state new fields.
    if child.initials is None and not reply and (value := prose.initials(parts)):
        child.initials = value
        filled["child.initials"] = f"initials {value}"
    if child.date_of_birth is None and (dob_text := prose.date_of_birth_text(parts)):
        dob, _warning = parse_dob(dob_text, today)
        if dob is not None:
            child.date_of_birth, child.age = dob, age_on(dob, today)
            filled["child.date_of_birth"] = f"date of birth {dob.isoformat()}"
    if child.date_of_birth is None and child.age is None and (age := prose.age(parts)):
        child.age = age
        filled["child.age"] = f"age {age}"
    # Tick-box lines name every answer, ticked or not: prose must not read them.
    unboxed = (
        [p for p in parts if not any(has_boxes(ln) for ln in p.split("\n"))]
        if any_boxes(text)
        else parts
    )
    if child.gender is None and (gender := prose.gender(unboxed, pronouns=not reply)):
        child.gender = gender
        filled["child.gender"] = f"gender {gender.replace('_', '-')}"
    if child.ethnicity is None and not reply and (ethnicity := prose.ethnicity(parts)):
        child.ethnicity = ethnicity
        filled["child.ethnicity"] = f"ethnicity {ethnicity}"
    if details.legal_status is None and (legal := prose.legal_status(unboxed)):
        details.legal_status = legal
        filled["legal_status"] = f"legal status {legal}"
    if details.court_date is None and details.legal_status not in ("remand", "sentenced"):
        court = prose.court_date(parts, sent_at)
        if court is not None and court.date() >= today:
            details.court_date = court
            filled["court_date"] = "court date"
    if details.needed_by is None and (when := prose.needed(parts, sent_at, details.court_date)):
        if when.at is not None and when.at.date() >= today:
            details.needed_by, details.needed_now = when.at, when.now
            filled["needed_by"] = "when the bed is needed"
    parts = unboxed
    if details.risks is None and (risks := prose.codes(parts, "risks")) is not None:
        details.risks = risks
        filled["risks"] = "risks " + (", ".join(risks) or "none")
    if details.needs is None and (needs := prose.codes(parts, "needs")) is not None:
        details.needs = needs
        filled["needs"] = "needs " + (", ".join(needs) or "none")
    if details.home_area is None and (area := prose.home_area(parts)):
        details.home_area = area
        filled["home_area"] = f"home area {area}"
    if details.avoid_homes is None and details.avoid_areas is None:
        avoid, said_of_homes = prose.avoided(parts), prose.avoided_homes(parts)
        if avoid is not None or said_of_homes is not None:
            found, places = avoid_either(avoid or "", homes)
            # Names said of homes only ("not go back to X") count only when they are homes.
            more = avoid_either(said_of_homes or "", homes)[0] or []
            found = (found or []) + [h for h in more if h not in (found or [])]
            if found:
                details.avoid_homes = found
                filled["avoid_homes"] = "homes to avoid " + ", ".join(found)
            if places:
                details.avoid_areas = places
                filled["avoid_areas"] = "areas to avoid " + ", ".join(places)
    sw = details.social_worker
    if sw.phone is None and (phone := prose.phone(text)):
        sw.phone = phone
        filled["social_worker.phone"] = "the social worker's phone"
    for path in filled:
        details.sources[path] = "reply" if reply else "prose"
    if filled:
        warnings.append(
            f"read from {where}, not from a label (please check): " + "; ".join(filled.values())
        )
    return set(filled)


_REPLY_PREFIX = re.compile(r"^(?:\s*(?:re|fw|fwd|aw|wg)\s*:\s*)+", re.I)
_SUBJECT_BREAK = re.compile(r"\s+[-–—|]\s+|\s*[|;]\s*")


def read_subject(
    details: ReferralDetails,
    subject: str,
    sent_at: datetime,
    homes: Sequence[Home],
    warnings: list[str],
) -> set[str]:
    """A subject line is one more line of the social worker's prose ("SECURE BED - s25
    full order - CCE/gangs"): read it, part by part, only for what the body left empty,
    and say so."""
    text = _REPLY_PREFIX.sub("", subject or "")
    if not text.strip():
        return set()
    lines = "\n".join(part for part in _SUBJECT_BREAK.split(text) if part.strip())
    today = london_day(sent_at)
    return read_prose(
        details,
        lines,
        sent_at,
        today,
        homes,
        reply=False,
        warnings=warnings,
        where="the subject line",
    )
