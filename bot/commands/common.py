"""What the subcommands share: building the app, and errors in one line."""

from __future__ import annotations

from pathlib import Path

from bot.app import App
from bot.settings import Settings


class CommandError(Exception):
    """Input the command cannot use; the message is the one line the user sees."""


def open_app(settings: Settings, *, create: bool = False) -> App:
    """The app on the configured database. A command that only reads or changes what is
    there (`create` false) needs the database to exist: on a mistyped SQLite path it says
    so rather than make an empty database and report nothing in it."""
    check_database(settings.database_url, create=create)
    return App(settings)


def check_database(url: str, *, create: bool) -> None:
    """SQLite only: the file's folder must exist (never made for it: a typo would leave
    folders about), and the file too unless the command may create it."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    path = Path(parsed.database)
    if not path.parent.is_dir():
        raise CommandError(f"no such folder for the database: {path.parent}")
    if not create and not path.exists():
        raise CommandError(
            f"no database at {path} (`swcu db upgrade` or `swcu serve` creates it)"
        )


def explain(exc: BaseException) -> str:
    from sqlalchemy.exc import OperationalError

    from bot.services.errors import ServiceError
    from bot.store.homes import HomesFileError

    if isinstance(exc, CommandError | ServiceError | HomesFileError):
        return str(exc)
    if isinstance(exc, OperationalError):
        return f"database error: {str(exc.orig).splitlines()[0] if exc.orig else exc}"
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")
    first = str(exc).splitlines()[0] if str(exc) else ""
    return f"unexpected error ({type(exc).__name__}){': ' + first if first else ''}"


def reference(value: str) -> str:
    """A referral reference as typed: surrounding space dropped; a newline or other control
    character inside is refused (it would otherwise split the line the command prints)."""
    import argparse

    value = value.strip()
    if not value.isprintable():
        shown = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in value)
        raise argparse.ArgumentTypeError(f"not a referral reference: {shown}")
    return value
