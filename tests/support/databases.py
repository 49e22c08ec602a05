"""Databases for tests: a real SQLite file, and a fresh PostgreSQL database when
SWCU_TEST_DATABASE_URL points at a server."""

from __future__ import annotations

import os
from pathlib import Path

PG_URL = os.environ.get("SWCU_TEST_DATABASE_URL")


def sqlite_url(directory: Path) -> str:
    return f"sqlite:///{directory / 'swcu.db'}"
