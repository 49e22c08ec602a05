"""Label/value pairs to `ReferralDetails`.

For a new referral the defaults the spec allows are filled in (social worker from the
sender, home area from the authority). For a reply nothing is defaulted: it carries only
what the reply itself says, so a merge never overwrites known values with guesses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.model import Child, Home, ReferralDetails
from bot.intake.parsing import boilerplate, people, prose, status, vocab
from bot.intake.parsing.authority_hints import from_domain, from_text, names_exactly
from bot.intake.parsing.avoid import avoid_areas, avoid_either, avoid_homes
from bot.intake.parsing.dates import age_on, london_day, on_hearing_day, parse_dob, parse_when
from bot.intake.parsing.headers import find_address
from bot.intake.parsing.labels import Pair
from bot.intake.parsing.lookup import AuthorityLookup
from bot.intake.parsing.prose_fields import read_prose
from bot.intake.parsing.status_lines import return_date, stated_status
from bot.intake.parsing.ticks import ticked_value

_AGE = re.compile(r"\b(\d{1,2})\s*(?:years?|yrs?|y/?o)\b", re.I)


@dataclass(frozen=True)
class Sender:
    email: str | None
    name: str | None


def _values(pairs: Sequence[Pair]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for pair in pairs:
        out.setdefault(pair.field, []).append(pair.value)
    return out


# The `missing` path each label field fills.
_PATHS = {
    "placing_authority": ("placing_authority",),
    "initials": ("child.initials",),
    "dob": ("child.date_of_birth", "child.age"),
    "age": ("child.age",),
    "gender": ("child.gender",),
    "ethnicity": ("child.ethnicity",),
    "legal_status": ("legal_status",),
    "court_date": ("court_date",),
    "needed_by": ("needed_by",),
    "risks": ("risks",),
    "needs": ("needs",),
    "avoid": ("avoid_homes", "avoid_areas"),
    "avoid_homes": ("avoid_homes",),
    "avoid_areas": ("avoid_areas",),
    "home_area": ("home_area",),
    "sw_name": ("social_worker.name",),
    "sw_email": ("social_worker.email",),
    "sw_phone": ("social_worker.phone",),
    "sos_approval": ("secretary_of_state_approval",),
    "notes": ("notes",),
}


def _value_at(details: ReferralDetails, path: str) -> object:
    node: object = details
    for part in path.split("."):
        node = getattr(node, part)
    return node


def _record_sources(
    details: ReferralDetails, pairs: Sequence[Pair], reply: bool, already: set[str]
) -> None:
    """Where each stated field came from: its first pair's kind of line (or the reply)."""
    for pair in pairs:
        for path in _PATHS.get(pair.field, ()):
            if path in details.sources or path in already:
                continue
            value = _value_at(details, path)
            if value is not None and value != []:
                details.sources[path] = "reply" if reply else pair.how
            elif value == [] and path in ("risks", "needs", "avoid_homes", "avoid_areas"):
                details.sources[path] = "reply" if reply else pair.how


def _first(values: dict[str, list[str]], name: str) -> str | None:
    """The first non-empty value: a form filled twice is read as first written."""
    for value in values.get(name, []):
        if value.strip():
            return " ".join(value.split())
    return None


def build_referral(
    pairs: Sequence[Pair],
    text: str,
    sent_at: datetime,
    authorities: AuthorityLookup,
    homes: Sequence[Home],
    *,
    sender: Sender,
    author: Sender | None,
    reply: bool,
) -> tuple[ReferralDetails, list[str]]:
    values = _values(pairs)
    details = ReferralDetails()
    warnings: list[str] = []
    today = london_day(sent_at)
    contact = author or sender

    _authority(
        details, _first(values, "placing_authority"), authorities, contact, sender, reply, warnings
    )
    hinted = False
    # A label whose value names no authority ("Liverpool City Council - request for a
    # bed" read as a label and its value) leaves room for the hints too.
    if details.placing_authority is None and not reply:
        hinted = _authority_hint(details, text, authorities, contact, sender, warnings)

    sw = details.social_worker
    if (name := _first(values, "sw_name")) is not None:
        sw.name, sw.email, sw.phone = people.contact_parts(name)
        sw.name = people.worker_name(sw.name)
    if (value := _first(values, "sw_email")) is not None:
        sw.email = find_address(value) or sw.email
    if (value := _first(values, "sw_phone")) is not None:
        sw.phone = people.phone(value) or sw.phone
        if sw.name is None:  # "Social worker / contact number: Olu Bankole – 0161 …"
            # Only a person's name: "Tel: 0151 … | Mob: 07…" leaves "Mob", a word, not a name.
            name = people.worker_name(people.contact_parts(value)[0])
            sw.name = name if people.looks_like_name(name) else None
    signed = False
    if not reply:
        if (
            author is not None
            and sw.name
            and not _same_name(sw.name, contact.name)
            and _same_name(sw.name, sender.name)
        ):
            # "Social worker: <the forwarder>" inside a forwarded referral: the worker's
            # address is the forwarder's, not the forwarded message's author's.
            contact = sender
        sw.email = sw.email or contact.email
        sw.name = sw.name or people.person_name(contact.name)
        if sw.name is None and (signed_name := people.signature_name(text)):
            # A team mailbox ("Staffordshire EDT") sent it; the signature says who wrote.
            sw.name, signed = signed_name, True
            details.sources["social_worker.name"] = "prose"
            warnings.append(
                f"social worker's name read from the signature as {signed_name}: please check"
            )
    elif sw.name is None and _signs_as(text, people.person_name(contact.name)):
        # A reply signed with the sender's own name states who is writing (and so their
        # address); one that is not signed leaves the worker as the referral had them.
        sw.name = people.person_name(contact.name)
        sw.email = sw.email or contact.email
        details.sources["social_worker.name"] = details.sources["social_worker.email"] = "reply"

    child = details.child
    if (value := _first(values, "initials")) is not None:
        # "K.O. / M / dob 3/4/2011", "Y.M., 16, female": particulars after the initials.
        initials_text, *more = re.split(r",|\s+/\s+", value)
        child.initials, warning = people.initials(initials_text if more else value)
        _add(warnings, warning)
        _age_and_gender(child, more)
    if (value := _first(values, "dob")) is not None:
        child.date_of_birth, warning = parse_dob(value, today)
        _add(warnings, warning)
    if child.date_of_birth is not None:
        child.age = age_on(child.date_of_birth, today)
    elif (value := _first(values, "age")) is not None:
        m = _AGE.search(value) or re.search(r"\b(\d{1,2})\b", value)
        child.age = int(m.group(1)) if m else None
    if (value := _first(values, "gender")) is not None:
        child.gender = status.gender_answer(
            next(v for v in values["gender"] if v.strip()), warnings
        )
    child.ethnicity = _first(values, "ethnicity")

    if (value := _first(values, "legal_status")) is not None:
        details.legal_status, stated = stated_status(values["legal_status"], warnings)
        value = " ".join((stated or value).split())
        values["legal_status"] = [value]  # the answer kept is the one its hearing is in
        if details.legal_status is None and not vocab.is_not_given(value):
            warnings.append(f"legal status not recognised: '{value[:60]}'")
    _moments(details, values, sent_at, warnings)

    if (value := _first(values, "sos_approval")) is not None:
        details.secretary_of_state_approval = status.sos_approval(value)
    else:
        details.secretary_of_state_approval = status.sos_in_text(boilerplate.about_child(text))

    details.risks = _codes(values.get("risks", []), vocab.risks, "risk", warnings)
    details.needs = _codes(values.get("needs", []), vocab.needs, "need", warnings)
    if (value := _first(values, "avoid_homes")) is not None:
        details.avoid_homes, found = avoid_homes("\n".join(values["avoid_homes"]), homes)
        warnings.extend(found)
    if (value := _first(values, "avoid_areas")) is not None:
        details.avoid_areas = avoid_areas(
            "\n".join(values["avoid_areas"]),
            lambda text: _names_one_authority(text, authorities),
            warnings,
        )
    if (value := _first(values, "avoid")) is not None:
        # One "Avoid:" line for both: the names of known homes are homes, the rest places.
        found_homes, places = avoid_either(
            "\n".join(values["avoid"]),
            homes,
            lambda text: _names_one_authority(text, authorities),
            warnings,
        )
        if found_homes is not None:
            details.avoid_homes = sorted(set(details.avoid_homes or []) | set(found_homes))
        if places is not None:
            details.avoid_areas = (details.avoid_areas or []) + [
                p for p in places if p not in (details.avoid_areas or [])
            ]
    details.home_area = _first(values, "home_area")
    if details.home_area and vocab.is_not_given(details.home_area):
        details.home_area = None
    notes = [v.strip() for v in values.get("notes", []) if v.strip()]
    details.notes = "\n".join(notes) or None
    prose_paths = read_prose(details, text, sent_at, today, homes, reply=reply, warnings=warnings)
    if not reply:
        # Homes and areas to avoid read as "none asked for" when a new referral leaves
        # them out; risks and needs stay None when not mentioned (an officer can tell
        # "not said" from "none").
        details.home_area = details.home_area or details.placing_authority
        details.avoid_homes = [] if details.avoid_homes is None else details.avoid_homes
        details.avoid_areas = [] if details.avoid_areas is None else details.avoid_areas
    if sw.email and not reply and not _first(values, "sw_email") and "@" in (sw.email or ""):
        details.sources["social_worker.email"] = "header"
    if (
        details.placing_authority
        and not _first(values, "placing_authority")
        and "placing_authority" not in prose_paths
        and not hinted
    ):
        details.sources["placing_authority"] = "header"
    if sw.name and not _first(values, "sw_name") and not reply and not signed:
        details.sources["social_worker.name"] = "header"
    _record_sources(details, pairs, reply, prose_paths)
    return details, warnings


def _authority(
    details: ReferralDetails,
    label: str | None,
    authorities: AuthorityLookup,
    contact: Sender,
    sender: Sender,
    reply: bool,
    warnings: list[str],
) -> None:
    by_domain = None
    for who in (contact, sender):
        if who.email and by_domain is None:
            by_domain = authorities.by_email(who.email)
    if label:
        match = authorities.find(label)
        if match is not None:
            details.placing_authority = match.authority.name
            details.placing_authority_code = match.authority.code
            if not match.confident:
                warnings.append(
                    f"placing authority '{label[:40]}' read as "
                    f"{match.authority.name}: please check"
                    + (f" ({match.note})" if match.note else "")
                )
            if by_domain is not None and by_domain.code != match.authority.code:
                warnings.append(
                    f"placing authority given as {match.authority.name} but the "
                    f"sender's address belongs to {by_domain.name}"
                )
            return
        warnings.append(f"placing authority not recognised: '{label[:40]}'")
    if by_domain is not None and not reply:
        details.placing_authority = by_domain.name
        details.placing_authority_code = by_domain.code


def _authority_hint(
    details: ReferralDetails,
    text: str,
    authorities: AuthorityLookup,
    contact: Sender,
    sender: Sender,
    warnings: list[str],
) -> bool:
    """No label and an unknown domain: the domain's own name, else the one council the
    text names. Each is a hint to check; when they disagree neither is taken."""
    by_domain = next(
        (a for a in (from_domain(w.email, authorities) for w in (contact, sender)) if a), None
    )
    in_text = from_text(prose.sentences(text), authorities)
    if by_domain and in_text and by_domain.code != in_text.code:
        warnings.append(
            f"placing authority not given: the sender's address suggests {by_domain.name} "
            f"but the text names {in_text.name}"
        )
        return False
    if by_domain is not None:
        found, source, why = by_domain, "header", "the sender's address"
    elif in_text is not None:
        found, source, why = in_text, "prose", "the text"
    else:
        return False
    details.placing_authority, details.placing_authority_code = found.name, found.code
    details.sources["placing_authority"] = source
    warnings.append(
        f"placing authority read from {why} as {found.name}, not from a label: please check"
    )
    return True


def _names_one_authority(text: str, authorities: AuthorityLookup) -> bool:
    match = authorities.find(text)
    return match is not None and match.confident and names_exactly(match.authority, text)


def _moments(
    details: ReferralDetails, values: dict[str, list[str]], sent_at: datetime, warnings: list[str]
) -> None:
    court = _first(values, "court_date")
    if court is None and details.legal_status == "s25_application_pending":
        # "Application to be heard on 26/11 at 2pm": the hearing is in the status line.
        status_text = status.hearing_in_status(_first(values, "legal_status") or "")
        if re.search(r"\d{1,2}[/.]\d{1,2}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3}", status_text):
            court = status_text
    if court is None and details.legal_status not in (None, "remand", "sentenced"):
        details.court_date = return_date(_first(values, "legal_status") or "", sent_at)
    if court is not None:
        when, warning = parse_when(court, sent_at)
        _add(warnings, warning)
        if when is not None and not when.now:
            details.court_date = when.at
    # After the hearing: "Bed needed: the same day if granted" is the hearing's day.
    if (value := _first(values, "needed_by")) is not None and not vocab.says_not_given(value):
        when, warning = parse_when(value, sent_at)
        _add(warnings, warning)
        when = on_hearing_day(value, when, details.court_date)
        if when is not None:
            details.needed_by, details.needed_now = when.at, when.now


def _codes(raw: list[str], reader: object, what: str, warnings: list[str]) -> list[str] | None:
    if not any(v.strip() for v in raw):
        return None
    result: list[str] | None = None
    for written in raw:
        # A tick-box list counts only its ticked items.
        value = ticked_value(written, what + "s", warnings)
        if value is None:
            continue
        codes, unknown = reader(value)  # type: ignore[operator]
        if codes is not None:
            result = sorted(set(result or []) | set(codes))
        for item in unknown:
            warnings.append(f"{what} not recognised: '{item[:50]}'")
    return result


def _age_and_gender(child: Child, parts: list[str]) -> None:
    """ "Child - Y.M., 16, female": a bare age and a gender after the initials (labels of
    their own, read later, take precedence)."""
    for part in (p.strip(" .") for p in parts):
        if re.fullmatch(r"\d{1,2}", part) and 8 <= int(part) <= 17:
            child.age = int(part)
        elif (gender := status.gender(part)) is not None:
            child.gender = gender


def _same_name(name: str, other: str | None) -> bool:
    other = people.person_name(other)
    return bool(other) and " ".join(name.lower().split()) == " ".join((other or "").lower().split())


def _signs_as(text: str, name: str | None) -> bool:
    if not name or len(name.split()) < 2:
        return False
    folded = " ".join(text.lower().split())
    return " ".join(name.lower().split()) in folded


def _add(warnings: list[str], warning: str | None) -> None:
    if warning:
        warnings.append(warning)
