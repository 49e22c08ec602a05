"""`swcu`: the command line. A thin adapter: arguments in, services called, plain words out.

Every error is one line on stderr with exit status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import NoReturn

from bot.settings import Settings, SettingsError, load_settings


class UsageError(Exception):
    """Bad arguments or input the command cannot use: exit 2 with this one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


Handler = Callable[[argparse.Namespace, Settings], int]


def build_parser() -> argparse.ArgumentParser:
    from bot.commands import (
        admin,
        bench,
        evaluate,
        intake,
        referral,
        referrals,
        report,
        schedule,
        vacancies,
    )

    parser = _Parser(
        prog="swcu", description="Referral intake bot of the Secure Welfare Coordination Unit."
    )
    parser.add_argument(
        "--config", help="settings file (default: $SWCU_CONFIG or config/settings.toml)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    modules = (intake, referrals, referral, vacancies, admin, report, schedule, evaluate, bench)
    for module in modules:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None, *, env: Mapping[str, str] | None = None) -> int:
    """Run one command. `env` stands for the environment (tests run commands in-process)."""
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        logging.basicConfig(
            level=logging.INFO if args.verbose or args.command == "serve" else logging.WARNING,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
        # aiosmtpd logs every SMTP command at INFO, addresses included: not for our logs.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        # Alembic tells of every migration context at INFO: noise before `serve`'s own lines
        # (and before its one-line error when it cannot listen).
        logging.getLogger("alembic").setLevel(logging.WARNING)
        logging.getLogger("apscheduler").setLevel(logging.WARNING)  # one line a job added
        settings = load_settings(args.config, env)
        handler: Handler = args.handler
        code = handler(args, settings)
        sys.stdout.flush()  # a closed pipe shows here, inside the handling below
        return code
    except (UsageError, SettingsError) as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `swcu … | head`: the reader has gone. Nothing to say; Python must not try to
        # flush into the closed pipe at exit either.
        _silence_stdout()
        return 0
    except Exception as exc:  # the promise: one plain line, never a traceback
        from bot.commands.common import explain

        return _fail(explain(exc))


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real stdout (in-process)
        pass


def _fail(message: str) -> int:
    print(f"swcu: {one_line(message)}".replace("swcu: swcu", "swcu"), file=sys.stderr)
    return 2


def one_line(text: str) -> str:
    """Text as one line: what a user typed may hold newlines or other control characters
    (a reference pasted with its line end), shown as escapes."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
