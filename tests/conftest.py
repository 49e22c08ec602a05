"""Shared fixtures: real SQLite files, real PostgreSQL when SWCU_TEST_DATABASE_URL is set,
the app built from settings as `swcu` builds it, and a running `swcu serve`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import App
from bot.harness import REPO, ServerProcess, fresh_postgres
from bot.settings import Settings, load_settings
from bot.store.homes import import_homes
from tests.support.clock import FakeClock
from tests.support.databases import PG_URL, sqlite_url

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = FIXTURES / "samples"
DEMO_HOMES = REPO / "config" / "demo-homes.csv"

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql", marks=pytest.mark.skipif(not PG_URL, reason="SWCU_TEST_DATABASE_URL not set")
    ),
]


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
    else:
        assert PG_URL
        with fresh_postgres(PG_URL) as url:
            yield url


@pytest.fixture
def sqlite_database_url(tmp_path: Path) -> str:
    return sqlite_url(tmp_path)


def make_settings(tmp_path: Path, database_url: str, **env: str) -> Settings:
    return load_settings(
        REPO / "config" / "settings.toml",
        env={"SWCU_DATABASE_URL": database_url, "SWCU_STORE_DIR": str(tmp_path / "store"), **env},
    )


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app(settings: Settings, clock: FakeClock) -> Iterator[App]:
    application = App(settings, clock=clock)
    with application.db.session() as s:
        import_homes(s, DEMO_HOMES.read_text())
    yield application
    application.close()


def sample(name: str) -> bytes:
    matches = sorted(SAMPLES.glob(f"{name}*.eml"))
    assert matches, name
    return matches[0].read_bytes()


def fixture_email(name: str) -> bytes:
    return (FIXTURES / "emails" / name).read_bytes()


@pytest.fixture
def server(tmp_path: Path, database_url: str) -> Iterator[ServerProcess]:
    proc = ServerProcess(tmp_path / "store", database_url)
    proc.store.mkdir(parents=True, exist_ok=True)
    proc.swcu("homes", "import", str(DEMO_HOMES))
    with proc:
        yield proc


def sample_01_avoiding_nowhere() -> bytes:
    """Sample 01 without its area to avoid, so that Harbour Point (Fareham, near
    Southampton, which 01 asks to avoid) can take part in a ranking."""
    raw = sample("01")
    assert b"Areas to avoid: Southampton" in raw
    return raw.replace(b"Areas to avoid: Southampton", b"Areas to avoid: none")
