"""serve, parse, ingest, quarantine."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from bot.commands.common import (
    CommandError,
    actor,
    deliver,
    existing_file,
    host_port,
    open_app,
    print_json,
)
from bot.settings import Settings


def register(sub: Any) -> None:
    p = sub.add_parser("serve", help="run SMTP intake, the outbox and follow-up work")
    p.add_argument("--smtp-listen", type=host_port, help="host:port (default 127.0.0.1:8025)")
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser("parse", help="parse one message without storing anything")
    p.add_argument("file", type=existing_file, help="an .eml file, or - for stdin")
    p.add_argument("--json", action="store_true", help="print the JSON of interfaces.md")
    p.set_defaults(handler=cmd_parse)

    p = sub.add_parser("ingest", help="store messages exactly as if they had come by SMTP")
    p.add_argument("files", nargs="+", type=existing_file)
    p.set_defaults(handler=cmd_ingest)

    p = sub.add_parser("quarantine", help="messages from unknown senders, held for an officer")
    qsub = p.add_subparsers(dest="action", metavar="ACTION")
    qsub.required = True
    q = qsub.add_parser("list", help="list quarantined messages")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_quarantine_list)
    q = qsub.add_parser("release", help="process a quarantined message as if its sender were known")
    q.add_argument("email_id", type=int)
    q.set_defaults(handler=cmd_quarantine_release)


def _read(path: Path) -> bytes:
    return sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.serve import serve

    app = open_app(settings)
    try:
        asyncio.run(serve(app, args.smtp_listen))
    except OSError as exc:
        raise CommandError(
            f"cannot listen on {args.smtp_listen or settings.smtp_listen}: {exc.strerror}"
        ) from None
    finally:
        app.close()
    return 0


def _parse_app(settings: Settings) -> Any:
    """The app for `swcu parse`: it reads homes from the database when there is one, but
    never creates a database just to parse."""
    from sqlalchemy.engine import make_url

    from bot.app import App

    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        return App(settings.with_overrides(database_url="sqlite://"), migrate_db=True)
    return App(settings)


def cmd_parse(args: argparse.Namespace, settings: Settings) -> int:
    from bot.intake.parsing import parsed_to_json
    from bot.services.intake import IntakeService

    raw = _read(args.file)
    if not raw.strip():
        raise CommandError(f"{args.file}: empty message")
    app = _parse_app(settings)
    try:
        parsed = IntakeService(app).parse(raw)
    finally:
        app.close()
    data = parsed_to_json(parsed)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(f"kind: {data['kind']}")
    if parsed.kind == "referral":
        print(f"complete: {'yes' if parsed.complete else 'no'}")
        if parsed.missing:
            print(f"missing: {', '.join(parsed.missing)}")
    for w in parsed.warnings:
        print(f"warning: {w}")
    return 0


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.follow_up import follow_up
    from bot.services.intake import IntakeService

    app = open_app(settings)
    try:
        service = IntakeService(app)
        for path in args.files:
            receipt = service.receive(_read(path), mail_from="", rcpt_to=(), peer="ingest")
            follow_up(app, receipt)
            ref = f" {receipt.reference}" if receipt.reference else ""
            print(f"{path}: {receipt.kind} {receipt.disposition}{ref}")
        deliver(app)
    finally:
        app.close()
    return 0


def cmd_quarantine_list(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.quarantine import list_quarantine

    app = open_app(settings)
    try:
        items = list_quarantine(app)
    finally:
        app.close()
    if args.json:
        print_json(
            [
                {
                    "id": i.id,
                    "received_at": i.received_at.isoformat(),
                    "sender": i.sender,
                    "kind": i.kind,
                    "subject": i.subject,
                    "size": i.size,
                }
                for i in items
            ]
        )
    else:
        for i in items:
            print(f"{i.id:>6}  {i.received_at.isoformat()[:16]}  {i.sender!s:<40} {i.kind}")
        print(f"{len(items)} quarantined")
    return 0


def cmd_quarantine_release(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.quarantine import release

    app = open_app(settings)
    try:
        receipt = release(app, args.email_id, actor=actor(), now=app.clock())
        deliver(app)
    finally:
        app.close()
    print(
        f"email {args.email_id}: {receipt.kind} {receipt.disposition} "
        f"{receipt.reference or ''}".rstrip()
    )
    return 0
