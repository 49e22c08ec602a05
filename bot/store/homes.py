"""Homes: import from the unit's CSV, and conversion to the plain `Home` the rules use."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlmodel import Session, select

from bot.domain.model import Home
from bot.domain.vocabulary import HOME_GENDERS, NEEDS, OFSTED_RATINGS, RISKS
from bot.store.codes import join_codes, split_set
from bot.store.models import HomeRow

COLUMNS = (
    "name",
    "code",
    "town",
    "postcode",
    "latitude",
    "longitude",
    "welfare_beds",
    "justice_beds",
    "genders",
    "min_age",
    "max_age",
    "manages",
    "cannot_manage",
    "supports",
    "ofsted",
    "contact_emails",
    "weekly_fee_gbp",
)
COMPARED = tuple(c for c in COLUMNS if c != "code")


class HomesFileError(ValueError):
    """The CSV cannot be used; the message names the line and the reason."""


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)  # code -> changed columns
    unchanged: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"added {code}" for code in self.added]
        out += [f"changed {code}: {', '.join(cols)}" for code, cols in self.changed.items()]
        out.append(
            f"{len(self.added)} added, {len(self.changed)} changed, {len(self.unchanged)} unchanged"
        )
        return out


def _codes(line: int, column: str, text: str, allowed: Sequence[str]) -> str:
    codes = [c.strip() for c in text.split(";") if c.strip()]
    bad = [c for c in codes if c not in allowed]
    if bad:
        raise HomesFileError(f"line {line}: {column}: unknown code {bad[0]!r}")
    return join_codes(codes) or ""


def _int(line: int, column: str, text: str, *, optional: bool = False) -> int | None:
    text = text.strip()
    if not text and optional:
        return None
    try:
        value = int(text)
    except ValueError:
        raise HomesFileError(f"line {line}: {column}: not a whole number: {text!r}") from None
    if value < 0:
        raise HomesFileError(f"line {line}: {column}: must not be negative")
    return value


def _float(line: int, column: str, text: str, low: float, high: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise HomesFileError(f"line {line}: {column}: not a number: {text!r}") from None
    if not low <= value <= high:
        raise HomesFileError(f"line {line}: {column}: {value} is outside {low}..{high}")
    return value


def parse_homes_csv(text: str) -> list[dict[str, object]]:
    """Validate every row; the first bad row stops the import with its line number."""
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise HomesFileError(f"line 1: missing column {missing[0]!r}")
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    for raw in reader:
        line = reader.line_num
        r = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        code = r["code"].upper()
        if not code or not r["name"]:
            raise HomesFileError(f"line {line}: name and code are required")
        if code in seen:
            raise HomesFileError(f"line {line}: code {code} appears twice")
        seen.add(code)
        genders = r["genders"].lower()
        if genders not in HOME_GENDERS:
            raise HomesFileError(f"line {line}: genders: expected mixed, female or male")
        ofsted = next((o for o in OFSTED_RATINGS if o.lower() == r["ofsted"].lower()), None)
        if ofsted is None:
            raise HomesFileError(f"line {line}: ofsted: unknown rating {r['ofsted']!r}")
        min_age = _int(line, "min_age", r["min_age"])
        max_age = _int(line, "max_age", r["max_age"])
        assert min_age is not None and max_age is not None
        if min_age > max_age:
            raise HomesFileError(f"line {line}: min_age is above max_age")
        emails = [e.strip().lower() for e in r["contact_emails"].split(";") if e.strip()]
        if any("@" not in e for e in emails):
            raise HomesFileError(f"line {line}: contact_emails: not an email address")
        rows.append(
            {
                "code": code,
                "name": r["name"],
                "town": r["town"],
                "postcode": r["postcode"],
                "latitude": _float(line, "latitude", r["latitude"], 49.0, 61.0),
                "longitude": _float(line, "longitude", r["longitude"], -8.5, 2.0),
                "welfare_beds": _int(line, "welfare_beds", r["welfare_beds"]),
                "justice_beds": _int(line, "justice_beds", r["justice_beds"]),
                "genders": genders,
                "min_age": min_age,
                "max_age": max_age,
                "manages": _codes(line, "manages", r["manages"], RISKS),
                "cannot_manage": _codes(line, "cannot_manage", r["cannot_manage"], RISKS),
                "supports": _codes(line, "supports", r["supports"], NEEDS),
                "ofsted": ofsted,
                "contact_emails": ";".join(emails),
                "weekly_fee_gbp": _int(line, "weekly_fee_gbp", r["weekly_fee_gbp"], optional=True),
            }
        )
    return rows


def import_homes(session: Session, text: str) -> ImportReport:
    rows = parse_homes_csv(text)
    report = ImportReport()
    existing = {h.code: h for h in session.exec(select(HomeRow))}
    now = datetime.now(UTC)
    for row in rows:
        code = str(row["code"])
        current = existing.get(code)
        if current is None:
            session.add(HomeRow(**row, updated_at=now))  # type: ignore[arg-type]
            report.added.append(code)
            continue
        changed = [c for c in COMPARED if getattr(current, c) != row[c]]
        if changed:
            for c in changed:
                setattr(current, c, row[c])
            current.updated_at = now
            session.add(current)
            report.changed[code] = changed
        else:
            report.unchanged.append(code)
    return report


def to_home(row: HomeRow) -> Home:
    return Home(
        code=row.code,
        name=row.name,
        town=row.town,
        postcode=row.postcode,
        latitude=row.latitude,
        longitude=row.longitude,
        welfare_beds=row.welfare_beds,
        justice_beds=row.justice_beds,
        genders=row.genders,
        min_age=row.min_age,
        max_age=row.max_age,
        manages=split_set(row.manages),
        cannot_manage=split_set(row.cannot_manage),
        supports=split_set(row.supports),
        ofsted=row.ofsted,
        contact_emails=tuple(e for e in row.contact_emails.split(";") if e),
        weekly_fee_gbp=row.weekly_fee_gbp,
    )


def active_homes(session: Session) -> list[HomeRow]:
    return list(session.exec(select(HomeRow).where(HomeRow.active).order_by(HomeRow.code)))
