"""db upgrade."""

from __future__ import annotations

import argparse
from typing import Any

from bot.settings import Settings


def register(sub: Any) -> None:
    p = sub.add_parser("db", help="the database")
    dsub = p.add_subparsers(dest="action", metavar="ACTION")
    dsub.required = True
    d = dsub.add_parser("upgrade", help="bring the schema to the newest version")
    d.set_defaults(handler=cmd_db_upgrade)

    p = sub.add_parser(
        "purge",
        help="drop the raw bytes of emails whose referral closed longer ago than "
        "raw_retention_days",
    )
    p.set_defaults(handler=cmd_purge)


def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands.common import check_database
    from bot.store import migrate
    from bot.store.db import Database

    check_database(settings.database_url, create=True)
    db = Database(settings.database_url)
    try:
        migrate.upgrade(db)
    finally:
        db.dispose()
    print("database is at the newest schema")
    return 0


def cmd_purge(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands.common import open_app
    from bot.services.retention import purge_raw_emails

    app = open_app(settings)
    try:
        with app.db.session() as s:
            count = purge_raw_emails(s, app.clock(), settings.raw_retention_days)
    finally:
        app.close()
    print(
        f"purged the raw bytes of {count} email{'s' if count != 1 else ''} "
        f"(referrals closed more than {settings.raw_retention_days} days ago)"
    )
    return 0
