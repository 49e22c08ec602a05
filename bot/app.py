"""The composition root: builds the parts from one Settings object and hands them out.

Nothing below this reads the environment or a global; everything gets what it needs from
here.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import select

from bot.clock import Clock, utcnow
from bot.domain.model import Home
from bot.matching.matcher import VacancyReport
from bot.reference.authorities import AuthorityDirectory, load_authorities
from bot.reference.places import Gazetteer, load_gazetteer
from bot.settings import Settings
from bot.store import migrate
from bot.store.db import Database
from bot.store.homes import to_home
from bot.store.models import HomeRow, PlacingAuthorityRow
from bot.store.models import VacancyReport as VacancyRow


@dataclass
class HomesCache:
    """Homes change rarely (an import, an edit) but are read for every message and match.
    The cache is checked against the database with one cheap query, so a change made by
    another process (a CLI import while `swcu serve` runs) is seen at once."""

    db: Database
    _homes: list[Home] | None = None
    _version: tuple[object, ...] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _current_version(self) -> tuple[object, ...]:
        with self.db.read_session() as s:
            row = s.exec(select(func.count(), func.max(HomeRow.updated_at))).one()
        return tuple(row)

    def all(self) -> list[Home]:
        version = self._current_version()
        with self._lock:
            if self._homes is None or version != self._version:
                with self.db.read_session() as s:
                    rows = s.exec(select(HomeRow).where(HomeRow.active).order_by(HomeRow.code))
                    self._homes = [to_home(r) for r in rows]
                self._version = version
            return self._homes

    def invalidate(self) -> None:
        with self._lock:
            self._homes = None

    def by_code(self, code: str) -> Home | None:
        return next((h for h in self.all() if h.code == code.upper()), None)

    def by_email(self, address: str | None) -> Home | None:
        """A home by its contact address, or by the domain of one of them."""
        if not address or "@" not in address:
            return None
        address = address.lower()
        domain = address.rpartition("@")[2]
        homes = self.all()
        exact = next((h for h in homes if address in h.contact_emails), None)
        return exact or next(
            (h for h in homes if any(e.rpartition("@")[2] == domain for e in h.contact_emails)),
            None,
        )


@dataclass
class VacancyCache:
    """The latest vacancy report of each home, re-read only when a new report exists."""

    db: Database
    _reports: dict[str, VacancyReport] | None = None
    _version: object = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def latest(self) -> dict[str, VacancyReport]:
        from bot.services.vacancies import latest_reports

        with self.db.read_session() as s:
            version = s.exec(select(func.max(VacancyRow.id))).one()
            with self._lock:
                if self._reports is None or version != self._version:
                    self._reports = latest_reports(s)
                    self._version = version
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
