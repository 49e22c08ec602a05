"""The composition root: builds the parts from one Settings object and hands them out.

Nothing below this reads the environment or a global; everything gets what it needs from
here.
"""

from __future__ import annotations

import gc
import threading
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, select

from bot.clock import Clock, utcnow
from bot.domain.homes import home_by_code, home_by_email
from bot.domain.model import Home
from bot.matching.matcher import VacancyReport
from bot.matching.prepared import home_table
from bot.reference.authorities import AuthorityDirectory, load_authorities
from bot.reference.places import Gazetteer, load_gazetteer
from bot.settings import Settings
from bot.store import migrate
from bot.store.db import Database
from bot.store.homes import to_home
from bot.store.models import HomeRow, PlacingAuthorityRow

# Each part is read from an index (ids, home.updated_at): cheap however many homes there are.
# Homes are never deleted (made inactive instead), so the newest id and change say it all.
_VERSIONS = text(
    "SELECT (SELECT max(id) FROM home), (SELECT max(updated_at) FROM home), "
    "(SELECT max(id) FROM vacancy_report)"
)


def data_versions(session: Session) -> tuple[tuple[object, object], object]:
    """One cheap query tells whether homes or vacancy reports changed, in any process.
    It runs in the caller's session, so a message or a match costs no extra transaction."""
    newest_home, changed, newest_report = session.connection().execute(_VERSIONS).one()
    return (newest_home, changed), newest_report


def _current_versions(db: Database) -> tuple[tuple[object, object], object]:
    with db.read_session() as s:
        return data_versions(s)


def _settle() -> None:
    """Long-lived data was just loaded: move everything alive now out of the collector's
    way. Otherwise every full collection re-scans thousands of cached homes and reports,
    and a match that happens to trigger one takes ten times as long."""
    gc.freeze()


@dataclass
class HomesCache:
    """Homes change rarely (an import, an edit) but are read for every message and match.
    The cache is checked against the database first, so a change made by another process
    (a CLI import while `swcu serve` runs) is seen at once. The list handed out is never
    mutated: a change makes a new list."""

    db: Database
    _homes: list[Home] | None = None
    _version: object = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def all(self, version: object = None) -> list[Home]:
        if version is None:
            version = _current_versions(self.db)[0]
        with self._lock:
            if self._homes is None or version != self._version:
                with self.db.read_session() as s:
                    rows = s.exec(select(HomeRow).where(HomeRow.active).order_by(HomeRow.code))
                    self._homes = [to_home(r) for r in rows]
                self._version = version
                home_table(self._homes)  # the matcher's per-list work, done at load time
                _settle()
            return self._homes

    def last(self) -> list[Home]:
        """The list as last loaded, unchecked: for a first reading that the caller checks
        against the database later (intake re-reads a message if the homes changed)."""
        with self._lock:
            homes = self._homes
        return homes if homes is not None else self.all()

    def by_code(self, code: str) -> Home | None:
        return home_by_code(self.all(), code)

    def by_email(self, address: str | None) -> Home | None:
        return home_by_email(self.all(), address)


@dataclass
class VacancyCache:
    """The latest vacancy report of each home, re-read only when a new report exists.
    The mapping handed out is never mutated: a new report makes a new mapping."""

    db: Database
    _reports: dict[str, VacancyReport] | None = None
    _version: object = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def latest(self, version: object = None) -> dict[str, VacancyReport]:
        from bot.services.vacancies import latest_reports

        if version is None:
            version = _current_versions(self.db)[1]
        with self._lock:
            if self._reports is None or version != self._version:
                with self.db.read_session() as s:
                    self._reports = latest_reports(s)
                self._version = version
                _settle()
            return self._reports


class App:
    def __init__(self, settings: Settings, *, clock: Clock = utcnow, migrate_db: bool = True):
        self.settings = settings
        self.clock = clock
        self.db = Database(settings.database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
        if migrate_db:
            migrate.upgrade(self.db)
        self.authorities: AuthorityDirectory = load_authorities()
        for code, domains in settings.extra_authority_domains.items():
            self.authorities.add_domains(code, domains)
        self.gazetteer: Gazetteer = load_gazetteer(authorities=self.authorities)
        self.homes = HomesCache(self.db)
        self.vacancies = VacancyCache(self.db)
        self._templates: Any = None
        if migrate_db:
            self.sync_authorities()

    def matching_data(
        self, session: Session | None = None
    ) -> tuple[list[Home], dict[str, VacancyReport]]:
        """Homes and their latest vacancy reports, checked with one query (in `session`
        when given)."""
        if session is None:
            homes_version, vacancy_version = _current_versions(self.db)
        else:
            homes_version, vacancy_version = data_versions(session)
        return self.homes.all(homes_version), self.vacancies.latest(vacancy_version)

    def current_homes(self, session: Session) -> list[Home]:
        """The active homes, checked with one query in `session`."""
        return self.homes.all(data_versions(session)[0])

    def warm_up(self) -> None:
        """What the first message would otherwise pay for, done before it arrives: the
        homes and vacancy caches (with the matcher's per-list work), every template, and the
        parser's word lists (a mistake in config/vocabulary.toml stops the start, not a
        message)."""
        from bot.intake.parsing.vocab import load_words

        load_words()
        with self.db.read_session() as s:
            self.matching_data(s)
        for name in self.templates.list_templates():
            self.templates.get_template(name)

    @property
    def templates(self) -> Any:
        if self._templates is None:
            from bot.notify.templates import make_templates

            self._templates = make_templates()
        return self._templates

    def sync_authorities(self) -> None:
        """Keep the placing_authority table in step with the shipped reference table."""
        with self.db.session() as s:
            have = {r.code: r for r in s.exec(select(PlacingAuthorityRow))}
            for a in self.authorities.all():
                values: dict[str, Any] = dict(
                    code=a.code,
                    name=a.name,
                    official_name=a.official_name,
                    region=a.region,
                    town=a.town,
                    latitude=a.latitude,
                    longitude=a.longitude,
                    aliases=";".join(a.aliases),
                    email_domains=";".join(a.email_domains),
                )
                row = have.get(a.code)
                if row is None:
                    s.add(PlacingAuthorityRow(**values))
                elif any(getattr(row, k) != v for k, v in values.items()):
                    for k, v in values.items():
                        setattr(row, k, v)
                    s.add(row)

    def close(self) -> None:
        self.db.dispose()
