from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.domain.model import Home
from bot.intake.parsing import AuthorityLookup, ParseContext

from .fakes import FakeDirectory

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures" / "emails"


# Copies of shared/samples, kept with the tests so CI never depends on what lies beside it.
SAMPLES = REPO / "tests" / "fixtures" / "samples"


def load_homes(path: Path) -> list[Home]:
    def codes(value: str) -> frozenset[str]:
        return frozenset(v.strip() for v in value.split(";") if v.strip())

    with path.open(newline="", encoding="utf-8") as fh:
        return [
            Home(code=row["code"], name=row["name"], town=row["town"], postcode=row["postcode"],
                 latitude=float(row["latitude"]), longitude=float(row["longitude"]),
                 welfare_beds=int(row["welfare_beds"]), justice_beds=int(row["justice_beds"]),
                 genders=row["genders"], min_age=int(row["min_age"]),
                 max_age=int(row["max_age"]), manages=codes(row["manages"]),
                 cannot_manage=codes(row["cannot_manage"]), supports=codes(row["supports"]),
                 ofsted=row["ofsted"],
                 contact_emails=tuple(e for e in row["contact_emails"].split(";") if e),
                 weekly_fee_gbp=int(row["weekly_fee_gbp"]) if row["weekly_fee_gbp"] else None)
            for row in csv.DictReader(fh)
        ]


@pytest.fixture(scope="session")
def homes() -> list[Home]:
    return load_homes(REPO / "config" / "demo-homes.csv")


@pytest.fixture(scope="session")
def fake_authorities() -> FakeDirectory:
    return FakeDirectory()


@pytest.fixture(scope="session")
def authorities(fake_authorities: FakeDirectory) -> AuthorityLookup:
    """The real directory once bot.reference and config/authorities.csv exist, else the fake."""
    if (REPO / "config" / "authorities.csv").is_file():
        try:
            from bot.reference.authorities import load_authorities

            return load_authorities()  # type: ignore[no-any-return]
        except ImportError:
            pass
    return fake_authorities


@pytest.fixture(scope="session")
def ctx(authorities: AuthorityLookup, homes: list[Home]) -> ParseContext:
    return ParseContext(authorities=authorities, homes=homes)


@pytest.fixture(scope="session")
def fake_ctx(fake_authorities: FakeDirectory, homes: list[Home]) -> ParseContext:
    return ParseContext(authorities=fake_authorities, homes=homes)
