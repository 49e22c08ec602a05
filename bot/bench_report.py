"""`swcu bench report`: a year of national-scale data (600 referrals, the 14 demo homes,
a vacancy report from each home every working day), then the report of its last month.
Seeded, so every run builds the same year."""

from __future__ import annotations

import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.domain.model import BedVacancy

YEAR_REFERRALS = 600
# The month reported: the last of the year generated. "now" is just after it ended.
REPORT_MONTH = "2026-10"
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
AREAS = [
    ("E10000014", "Hampshire", "Portsmouth"),
    ("E10000016", "Kent", "Maidstone"),
    ("E08000035", "Leeds", "Leeds"),
    ("E09000022", "Lambeth", "Brixton"),
    ("E10000012", "Essex", "Chelmsford"),
    ("E10000008", "Devon", "Exeter"),
    ("E08000003", "Manchester", "Manchester"),
    ("E08000025", "Birmingham", "Birmingham"),
]
REASONS = ["Needs met in the community", "Placed in an open children's home", "Court refused"]


def seed_year(app: Any, referrals: int = YEAR_REFERRALS, seed: int = 3) -> None:
    from sqlmodel import select

    from bot.harness import REPO
    from bot.services.vacancies import beds_to_json
    from bot.store.homes import import_homes
    from bot.store.models import HomeRow, Referral
    from bot.store.models import VacancyReport as VacancyRow

    rng = random.Random(seed)
    start = NOW - timedelta(days=366)
    with app.db.session() as s:
        import_homes(s, (REPO / "config" / "demo-homes.csv").read_text())
    with app.db.session() as s:
        homes = list(s.exec(select(HomeRow)))
        codes = [h.code for h in homes]
        day = start.date()
        while day < NOW.date():
            for h in homes:
                if day.weekday() >= 5 or rng.random() < 0.08:  # weekends, and a missed day
                    continue
                at = datetime(day.year, day.month, day.day, 9, rng.randint(0, 59), tzinfo=UTC)
                beds = [BedVacancy(rng.randint(0, 2), "any", rng.choice(["welfare", "justice"]))]
                s.add(
                    VacancyRow(
                        home_id=h.id or 0,
                        reported_at=at,
                        recorded_at=at,
                        source="email",
                        beds_json=beds_to_json(beds),
                        total_available=beds[0].count,
                    )
                )
            day += timedelta(days=1)
        for i in range(referrals):
            received = start + timedelta(minutes=rng.randint(0, 366 * 24 * 60 - 600))
            code, authority, area = rng.choice(AREAS)
            r = Referral(
                reference=f"SW-{received.year}-{i + 1:04d}",
                status="incomplete",
                placing_authority=authority,
                placing_authority_code=code,
                initials=rng.choice(["AK", "DM", "LW", "JB", "MR", "TS"]),
                date_of_birth=date(rng.randint(2009, 2014), rng.randint(1, 12), 15),
                gender=rng.choice(["female", "male", "female", "non_binary"]),
                home_area=area,
                legal_status=rng.choice(["s25_order", "s25_interim_order", "remand"]),
                received_at=received,
                updated_at=received,
            )
            r.placement_type = "justice" if r.legal_status == "remand" else "welfare"
            if rng.random() < 0.9:
                r.completed_at = received + timedelta(minutes=rng.randint(0, 600))
                r.status = "complete"
                r.eligible_homes = ";".join(rng.sample(codes, rng.randint(0, 4)))
                if rng.random() < 0.95:
                    r.list_sent_at = r.completed_at + timedelta(minutes=rng.expovariate(1 / 50))
                    r.status = "list_sent"
                    closed = r.list_sent_at + timedelta(days=rng.randint(0, 10))
                    outcome = rng.choice(["placed", "placed", "withdrawn", "not_placed", "open"])
                    if outcome != "open" and closed < NOW:
                        r.status, r.closed_at = outcome, closed
                        if outcome == "placed":
                            r.outcome_home_code = rng.choice(codes)
                        else:
                            r.outcome_reason = rng.choice(REASONS)
            s.add(r)


def bench_report(
    database_url: str | None = None, referrals: int = YEAR_REFERRALS
) -> dict[str, Any]:
    from bot.app import App
    from bot.services.report import produce_report
    from bot.settings import load_settings

    with tempfile.TemporaryDirectory(prefix="swcu-bench-") as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'swcu.db'}"
        settings = load_settings(env={"SWCU_DATABASE_URL": url, "SWCU_STORE_DIR": tmp})
        started = time.perf_counter()
        app = App(settings, clock=lambda: NOW)
        try:
            seed_year(app, referrals)
            seeded = time.perf_counter()
            result = produce_report(
                app.db, REPORT_MONTH, Path(tmp) / "report", NOW, gazetteer=app.gazetteer
            )
            done = time.perf_counter()
        finally:
            app.close()
    return {
        "bench": "report",
        "database": "postgresql" if database_url else "sqlite",
        "referrals_in_year": referrals,
        "referrals_in_month": result.figures.volume.received,
        "files": len(result.files),
        "generate_s": round(seeded - started, 2),
        "report_s": round(done - seeded, 2),
        "total_s": round(done - started, 2),
    }
