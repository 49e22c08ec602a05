"""What the subcommands share: building the app, who is acting, a key per invocation,
delivering what a command queued, argument types, and errors in one line."""

from __future__ import annotations

import argparse
import getpass
import json
import uuid
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.settings import HostPort, Settings, SettingsError


class CommandError(Exception):
    """Input the command cannot use; the message is the one line the user sees."""


if TYPE_CHECKING:
    from bot.app import App


def open_app(settings: Settings, *, create: bool = False) -> App:
    """The app on the configured database. A command that only reads or changes what is
    there (`create` false) needs the database to exist: on a mistyped SQLite path it says
    so rather than make an empty database and report nothing in it."""
    # Imported here: building the parser must not load everything the app needs (a quick
    # command such as `swcu schedule preview` would pay for it).
    from bot.app import App

    check_database(settings.database_url, create=create)
    return App(settings)


def actor() -> str:
    """Who runs the command: the login name, as the audit trail records it."""
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no login name (a container): still a command-line user
        return "cli"


def add_key_option(parser: Any) -> None:
    parser.add_argument(
        "--key",
        help="an idempotency key: the same key again repeats nothing and prints the first "
        "result (default: a new key for each run)",
    )


def key_of(args: argparse.Namespace, operation: str) -> str:
    given = getattr(args, "key", None)
    return f"cli:{operation}:{given}" if given else f"cli:{operation}:{uuid.uuid4().hex}"


def deliver(app: App) -> None:
    """Hand what the command queued to the outbox at once, as `swcu serve` would."""
    from bot.notify.mail import transports_for
    from bot.notify.outbox import OutboxWorker

    worker = OutboxWorker(app.db, app.settings, transports_for(app.settings))
    while worker.deliver_due() > 0:
        pass


def print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def host_port(value: str) -> HostPort:
    try:
        return HostPort.parse("--smtp-listen", value)
    except SettingsError as exc:
        # argparse names the option itself: the message must not name it twice.
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--smtp-listen:").strip()) from None


def existing_file(value: str) -> Path:
    if value == "-":
        return Path("-")
    path = Path(value)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{value} is a folder, not a file")
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no such file: {value}")
    return path


def clock_words(status: str, due_at: datetime | None, missing: list[str], now: datetime) -> str:
    from bot.clock import london_words

    if status == "complete" and due_at:
        minutes = int((due_at - now).total_seconds() // 60)
        return (
            f"{minutes} min left (due {london_words(due_at)})"
            if minutes >= 0
            else f"OVERDUE by {-minutes} min"
        )
    if status == "incomplete":
        return f"waiting for: {', '.join(missing)}"
    return ""


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


def parse_app(settings: Settings) -> Any:
    """The app for `swcu parse`: it reads homes from the database when there is one, but
    never creates a database just to parse."""
    from sqlalchemy.engine import make_url

    from bot.app import App

    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        return App(settings.with_overrides(database_url="sqlite://"), migrate_db=True)
    return App(settings)
