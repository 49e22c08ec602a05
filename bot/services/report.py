"""The monthly data report: the month's rows read from the database, the pure figures
(bot.report.figures), and the files. The CLI and the scheduler's monthly job both call
`produce_report`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import holidays
from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.clock import london
from bot.domain.model import Home, Place
from bot.matching.matcher import MatchRequest, VacancyReport, rank_homes
from bot.reference.places import Gazetteer, load_gazetteer
from bot.report.figures import (
    Figures,
    compute_figures,
    month_bounds,
    month_days,
    months_back,
    with_stored_breaches,
)
from bot.report.rows import BedReport, MonthRows, ReferralRow, ReportHome
from bot.report.rules import ReportRules, load_rules
from bot.report.tables import build_tables
from bot.report.writers import write_charts, write_csvs, write_workbook
from bot.services.errors import ServiceError
from bot.services.matching import age_on, needed_on
from bot.services.vacancies import beds_from_json
from bot.store.codes import split_codes, split_set
from bot.store.db import Database
from bot.store.homes import to_home
from bot.store.models import Consultation, HomeRow, PlacingAuthorityRow, Referral
from bot.store.models import VacancyReport as VacancyRow

Progress = Callable[[str], None]
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class ReportError(ServiceError):
    """The report cannot be made as asked; the message says why."""


@dataclass(frozen=True)
class ReportResult:
    figures: Figures
    files: list[Path]


def parse_month(text: str) -> tuple[int, int]:
    m = _MONTH.match(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ReportError(f"month must be YYYY-MM (e.g. 2026-10), not {text!r}")
    return int(m.group(1)), int(m.group(2))


def previous_month(now: datetime) -> str:
    """The month a report made at `now` is for, by default: the last one ended (London)."""
    local = london(now)
    year, month = (local.year, local.month - 1) if local.month > 1 else (local.year - 1, 12)
    return f"{year:04d}-{month:02d}"


def produce_report(
    session_or_db: Session | Database,
    month: str,
    out_dir: Path,
    now: datetime,
    *,
    gazetteer: Gazetteer | None = None,
    rules: ReportRules | None = None,
    progress: Progress | None = None,
) -> ReportResult:
    """Read the month's rows, compute the figures and write the files into `out_dir`."""
    say = progress or (lambda _: None)
    year, mon = parse_month(month)
    start, _ = month_bounds(year, mon)
    if start > now:
        raise ReportError(f"{month} has not begun")
    out_dir = _writable(out_dir)
    rules = rules or load_rules()
    say("reading the month's rows")
    with _session(session_or_db) as session:
        rows = read_rows(session, year, mon, now, gazetteer)
        stored = stored_breaches(session, rows)
    if stored:
        rows = with_stored_breaches(rows, stored, rules)
    say("computing the figures")
    figures = compute_figures(rows, rules)
    return ReportResult(figures, write_files(figures, out_dir, say))


def stored_breaches(session: Session, rows: MonthRows) -> dict[str, datetime]:
    """The breaches the scheduler's two-hour guard recorded for the month's referrals."""
    from bot.store.schedule_rows import KpiBreach

    references = [r.reference for r in rows.referrals]
    found: dict[str, datetime] = {}
    for i in range(0, len(references), 500):
        for ref, completed in session.exec(
            select(KpiBreach.reference, KpiBreach.completed_at).where(
                col(KpiBreach.reference).in_(references[i : i + 500])
            )
        ):
            found[ref] = completed
    return found


def write_files(figures: Figures, out_dir: Path, say: Progress) -> list[Path]:
    stem = f"swcu-report-{figures.month}"
    tables = build_tables(figures)
    say("writing the workbook")
    files = [write_workbook(tables, out_dir / f"{stem}.xlsx", f"SWCU report {figures.month}")]
    say("writing the CSV files")
    files += write_csvs(tables, out_dir, stem)
    say("drawing the charts")
    files += write_charts(figures, out_dir, stem)
    return files


def _writable(out_dir: Path) -> Path:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(f"cannot create {out_dir}: {exc.strerror or exc}") from None
    if not out_dir.is_dir() or not os.access(out_dir, os.W_OK | os.X_OK):
        raise ReportError(f"cannot write to {out_dir}")
    return out_dir


@contextmanager
def _session(source: Session | Database) -> Iterator[Session]:
    if isinstance(source, Session):
        yield source
    else:
        with source.read_session() as s:
            yield s


def england_working_days(days: Sequence[date]) -> tuple[date, ...]:
    years = sorted({d.year for d in days})
    bank = holidays.country_holidays("GB", subdiv="ENG", years=years)
    return tuple(d for d in days if d.weekday() < 5 and d not in bank)


def read_rows(
    session: Session, year: int, month: int, now: datetime, gazetteer: Gazetteer | None = None
) -> MonthRows:
    """The referrals of the twelve months ending with this one, the homes, and the month's
    vacancy reports (with each home's last one before the month)."""
    first_y, first_m0 = months_back(year, month, 12)[0]
    window_start, _ = month_bounds(first_y, first_m0 + 1)
    start, end = month_bounds(year, month)
    places = _Places(gazetteer)
    home_rows = list(session.exec(select(HomeRow).order_by(col(HomeRow.code))))
    # One list for every re-match: the matcher caches its per-list work by identity.
    active = [to_home(h) for h in home_rows if h.active]
    by_id = {h.id: h for h in home_rows}
    homes = tuple(ReportHome(h.code, h.name, h.latitude, h.longitude, h.active) for h in home_rows)
    found = session.exec(
        select(Referral, PlacingAuthorityRow.region)
        .join(
            PlacingAuthorityRow,
            col(PlacingAuthorityRow.code) == col(Referral.placing_authority_code),
            isouter=True,
        )
        .where(col(Referral.received_at) >= window_start, col(Referral.received_at) < end)
        .where(col(Referral.quarantined).is_(False))
        .order_by(col(Referral.received_at))
    ).all()
    referrals = []
    for r, region in found:
        in_month = start <= r.received_at < end
        eligible = split_codes(r.eligible_homes)
        unmet = in_month and eligible == [] and r.status != "placed"
        referrals.append(
            ReferralRow(
                reference=r.reference,
                initials=r.initials,
                received_at=r.received_at,
                status=r.status,
                completed_at=r.completed_at,
                list_sent_at=r.list_sent_at,
                closed_at=r.closed_at,
                authority=r.placing_authority,
                region=region,
                gender=r.gender,
                age=age_on(r.date_of_birth, r.age, london(r.received_at).date()),
                placement_type=r.placement_type,
                outcome_reason=r.outcome_reason,
                placed_home_code=r.outcome_home_code,
                origin=places.origin(r) if in_month and r.status == "placed" else None,
                eligible_home_codes=None if eligible is None else tuple(eligible),
                exclusion_reasons=_why_none(session, r, now, active, home_rows, places)
                if unmet
                else (),
            )
        )
    return MonthRows(
        year=year,
        month=month,
        now=now,
        referrals=tuple(referrals),
        homes=homes,
        vacancies=_vacancy_rows(session, start, min(end, now), by_id),
        working_days=england_working_days(month_days(year, month)),
    )


class _Places:
    """The gazetteer, loaded only if a placed or unmet referral needs a place located."""

    def __init__(self, gazetteer: Gazetteer | None) -> None:
        self._gazetteer = gazetteer

    def locate(self, text: str | None) -> Place | None:
        if not text:
            return None
        if self._gazetteer is None:
            self._gazetteer = load_gazetteer()
        return self._gazetteer.locate(text)

    def origin(self, r: Referral) -> Place | None:
        return self.locate(r.home_area) or self.locate(r.placing_authority)


def _vacancy_rows(
    session: Session, start: datetime, until: datetime, homes: dict[int | None, HomeRow]
) -> tuple[BedReport, ...]:
    before = (
        select(func.max(col(VacancyRow.id)))
        .where(col(VacancyRow.recorded_at) < start)
        .group_by(col(VacancyRow.home_id))
    )
    found = session.exec(
        select(VacancyRow)
        .where(
            (col(VacancyRow.recorded_at) >= start) & (col(VacancyRow.recorded_at) <= until)
            | col(VacancyRow.id).in_(before)
        )
        .order_by(col(VacancyRow.id))
    )
    return tuple(
        BedReport(
            homes[v.home_id].code,
            v.reported_at,
            v.recorded_at,
            v.source,
            beds_from_json(v.beds_json),
        )
        for v in found
        if v.home_id in homes
    )


def _why_none(
    session: Session,
    r: Referral,
    now: datetime,
    homes: list[Home],
    home_rows: list[HomeRow],
    places: _Places,
) -> tuple[str, ...]:
    """Why no home was eligible: the pure matcher run again as things stood at the last
    match (the referral's close, or now), with the vacancy reports and consultation answers
    recorded by then. Empty when that run finds a home after all (things have changed)."""
    at = min(r.closed_at or now, now)
    code_of = {h.id: h.code for h in home_rows}
    latest = (
        select(func.max(col(VacancyRow.id)))
        .where(col(VacancyRow.recorded_at) <= at)
        .group_by(col(VacancyRow.home_id))
    )
    reports = {
        code_of[v.home_id]: VacancyReport(
            code_of[v.home_id], beds_from_json(v.beds_json), v.reported_at, v.source
        )
        for v in session.exec(select(VacancyRow).where(col(VacancyRow.id).in_(latest)))
    }
    answers = session.exec(
        select(Consultation.answer, Consultation.home_id).where(
            Consultation.referral_id == r.id,
            col(Consultation.answered_at) <= at,
        )
    ).all()
    avoid = {n.lower() for n in split_codes(r.avoid_homes) or []}
    day = needed_on(r, at)
    request = MatchRequest(
        reference=r.reference,
        age=age_on(r.date_of_birth, r.age, day),
        gender=r.gender,
        placement_type=r.placement_type,
        needed_on=day,
        risks=split_set(r.risks),
        needs=split_set(r.needs),
        origin=places.origin(r),
        avoid_home_codes=frozenset(h.code for h in homes if h.name.lower() in avoid),
        avoid_areas=tuple(p for p in map(places.locate, split_codes(r.avoid_areas) or []) if p),
        declined_home_codes=frozenset(code_of[h] for a, h in answers if a == "decline"),
        accepted_home_codes=frozenset(code_of[h] for a, h in answers if a == "accept"),
    )
    result = rank_homes(request, homes, reports, at)
    return () if result.ranked else tuple(e.reason for e in result.excluded)
