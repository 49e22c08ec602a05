"""Synthetic homes, vacancies and referrals for `swcu bench match` (seeded: repeatable)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from bot.app import App
from bot.domain.model import BedVacancy
from bot.domain.vocabulary import NEEDS, OFSTED_RATINGS, RISKS
from bot.services.vacancies import beds_to_json
from bot.store import referrals as referral_store
from bot.store.models import HomeRow, Referral
from bot.store.models import VacancyReport as VacancyRow

AREAS = [
    "Portsmouth",
    "Leeds",
    "Kent",
    "Lambeth",
    "Manchester",
    "Birmingham",
    "Exeter",
    "Norfolk",
    "Hertfordshire",
    "Sheffield",
]


def seed_homes_and_referrals(app: App, homes: int, referrals: int, seed: int = 1) -> list[int]:
    rng = random.Random(seed)
    now = app.clock()
    with app.db.session() as s:
        rows = []
        for i in range(homes):
            genders = rng.choice(["mixed", "mixed", "female", "male"])
            row = HomeRow(
                code=f"B{i:05d}",
                name=f"Bench Home {i}",
                town="Somewhere",
                postcode="XX1 1XX",
                latitude=rng.uniform(50.6, 55.0),
                longitude=rng.uniform(-3.5, 1.3),
                welfare_beds=rng.randint(0, 10),
                justice_beds=rng.randint(0, 10),
                genders=genders,
                min_age=10,
                max_age=17,
                manages=";".join(sorted(rng.sample(RISKS, 5))),
                cannot_manage=";".join(sorted(rng.sample(RISKS, 1))),
                supports=";".join(sorted(rng.sample(NEEDS, 3))),
                ofsted=rng.choice(OFSTED_RATINGS),
                contact_emails=f"home{i}@bench.test",
                weekly_fee_gbp=rng.randint(6000, 9000),
                updated_at=now,
            )
            s.add(row)
            rows.append(row)
        s.flush()
        for row in rows:
            beds = [
                BedVacancy(
                    rng.randint(0, 2),
                    rng.choice(["any", "female", "male"]),
                    rng.choice(["any", "welfare", "justice"]),
                    rng.choice([None, date.today() + timedelta(days=3)]),
                )
            ]
            s.add(
                VacancyRow(
                    home_id=row.id or 0,
                    reported_at=now - timedelta(hours=rng.randint(0, 48)),
                    source="cli",
                    beds_json=beds_to_json(beds),
                    total_available=beds[0].count,
                )
            )
        ids = []
        for _ in range(referrals):
            r = Referral(
                reference=referral_store.next_reference(s, now.year),
                status="complete",
                received_at=now,
                completed_at=now,
                due_at=now + timedelta(hours=2),
            )
            r.initials = "XY"
            r.date_of_birth = date(rng.randint(2009, 2014), rng.randint(1, 12), rng.randint(1, 28))
            r.gender = rng.choice(["female", "male"])
            r.legal_status = "s25_order"
            r.placement_type = "welfare"
            r.needed_now = True
            r.home_area = rng.choice(AREAS)
            r.risks = ";".join(sorted(rng.sample(RISKS, 3)))
            r.needs = ";".join(sorted(rng.sample(NEEDS, 2)))
            r.avoid_homes = ""
            r.avoid_areas = ""
            s.add(r)
            s.flush()
            ids.append(r.id or 0)
    return ids
