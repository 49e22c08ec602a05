"""An officer's value for one field, read with the parser's own readers (status, vocab,
dates, people), so "interim s25" and `s25_interim_order` mean the same here as in an email.
A value that cannot be read is an error naming the field; never a guess."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from bot.domain.fields import PATHS
from bot.domain.model import Home, ReferralDetails
from bot.domain.vocabulary import LEGAL_STATUSES, NEEDS, RISKS
from bot.intake.parsing import people, status, vocab
from bot.intake.parsing.dates import london_day, parse_dob, parse_when
from bot.intake.parsing.headers import find_address
from bot.reference.authorities import AuthorityDirectory
from bot.services.errors import ServiceError
from bot.services.homes import find_home

MIN_AGE, MAX_AGE = 10, 17  # secure children's homes take children of 10 to 17


def _codes(path: str, text: str, known: Sequence[str], reader: Any) -> list[str]:
    items = [i.strip().lower().replace(" ", "_").replace("-", "_") for i in text.split(",")]
    if all(i in known for i in items if i) and any(items):
        return sorted({i for i in items if i})
    codes, unknown = reader(text)
    if codes is None:
        raise ServiceError(f"{path}: no value given (say 'none' for none known)")
    if unknown:
        raise ServiceError(
            f"{path}: not recognised: {', '.join(unknown)} (known: {', '.join(known)})"
        )
    return list(codes)


def read_value(
    path: str,
    text: str,
    *,
    now: datetime,
    authorities: AuthorityDirectory,
    homes: Sequence[Home],
) -> dict[str, Any]:
    """The field values `path=text` sets: usually one, two where a field carries another
    (`placing_authority` its code, `needed_by` whether it is "now")."""
    if path not in PATHS:
        raise ServiceError(f"unknown field '{path}' (fields: {', '.join(PATHS)})")
    text = text.strip()
    today = london_day(now)
    if not text:
        raise ServiceError(f"{path}: no value given")
    if path == "placing_authority":
        match = authorities.find(text)
        if match is None:
            raise ServiceError(f"placing_authority: '{text}' is not a known authority")
        return {path: match.authority.name, "placing_authority_code": match.authority.code}
    if path == "social_worker.email":
        address = find_address(text)
        if address is None or address != text.lower():
            raise ServiceError(f"social_worker.email: '{text}' is not an email address")
        return {path: address}
    if path == "social_worker.phone":
        number = people.phone(text)
        if number is None:
            raise ServiceError(f"social_worker.phone: '{text}' is not a phone number")
        return {path: number}
    if path == "child.initials":
        initials, warning = people.initials(text)
        if initials is None or (warning and "full name" not in warning):
            raise ServiceError(f"child.initials: {warning or 'not initials'}")
        return {path: initials}
    if path == "child.date_of_birth":
        dob, warning = parse_dob(text, today)
        if dob is None:
            raise ServiceError(f"child.date_of_birth: {warning}")
        return {path: dob, "child.age": None}
    if path == "child.age":
        if not text.isdigit() or not MIN_AGE <= int(text) <= MAX_AGE:
            raise ServiceError(f"child.age: '{text}' is not an age from {MIN_AGE} to {MAX_AGE}")
        return {path: int(text)}
    if path == "child.gender":
        gender = status.gender(text)
        if gender is None:
            raise ServiceError(f"child.gender: '{text}' not recognised (female, male, ...)")
        return {path: gender}
    if path == "legal_status":
        code = text if text in LEGAL_STATUSES else status.legal_status(text)
        if code is None:
            raise ServiceError(
                f"legal_status: '{text}' not recognised (codes: {', '.join(LEGAL_STATUSES)})"
            )
        return {path: code}
    if path in ("court_date", "needed_by"):
        return _moment(path, text, now)
    if path == "secretary_of_state_approval":
        return {path: status.sos_approval(text)}
    if path == "risks":
        return {path: [] if vocab.is_none(text) else _codes(path, text, RISKS, vocab.risks)}
    if path == "needs":
        return {path: [] if vocab.is_none(text) else _codes(path, text, NEEDS, vocab.needs)}
    if path == "avoid_homes":
        if vocab.is_none(text):
            return {path: []}
        return {path: [find_home(homes, item).name for item in text.split(",") if item.strip()]}
    if path == "avoid_areas":
        if vocab.is_none(text):
            return {path: []}
        return {path: [item.strip() for item in text.split(",") if item.strip()]}
    return {path: text}  # free text: names, ethnicity, home area, notes


def _moment(path: str, text: str, now: datetime) -> dict[str, Any]:
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        when, warning = parse_when(text, now)
        if when is None:
            raise ServiceError(f"{path}: {warning or 'not a date'}") from None
        if path == "needed_by":
            return {path: when.at, "needed_now": when.now}
        return {path: when.at}
    if at.tzinfo is None:
        from bot.clock import LONDON

        at = at.replace(tzinfo=LONDON)
    return {path: at, "needed_now": False} if path == "needed_by" else {path: at}


def apply_values(details: ReferralDetails, values: dict[str, Any]) -> None:
    from bot.domain.fields import set_path

    for path, value in values.items():
        if path in ("placing_authority_code", "needed_now"):
            setattr(details, path, value)
        else:
            set_path(details, path, value)


def show_value(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(value) if value else "none"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
