from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.model import Home
from bot.intake.parsing import AuthorityLookup, ParseContext
from tests.support.homes import demo_homes

from .fakes import FakeDirectory

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures" / "emails"


# Copies of shared/samples, kept with the tests so CI never depends on what lies beside it.
SAMPLES = REPO / "tests" / "fixtures" / "samples"


@pytest.fixture(scope="session")
def homes() -> list[Home]:
    return demo_homes()


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
