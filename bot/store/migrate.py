"""Schema changes through Alembic, run from swcu itself (no alembic.ini to keep in step)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from bot.store.db import Database

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(db: Database) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


def upgrade(db: Database) -> None:
    """Bring the database to the newest schema; safe to call at every start."""
    cfg = alembic_config(db)
    # SQLite: plain BEGIN for DDL; our BEGIN IMMEDIATE hook is harmless either way.
    with db.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def revision(db: Database, message: str) -> None:
    """Developers: write a new migration from the difference between models and database."""
    cfg = alembic_config(db)
    with db.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.revision(cfg, message=message, autogenerate=True)
