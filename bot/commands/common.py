"""What the subcommands share: building the app, and errors in one line."""

from __future__ import annotations

from bot.app import App
from bot.settings import Settings


class CommandError(Exception):
    """Input the command cannot use; the message is the one line the user sees."""


def open_app(settings: Settings) -> App:
    return App(settings)


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
