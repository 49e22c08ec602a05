"""Helpers for tests of the real `swcu` command line, against its own database and store
under tmp_path. A command runs in-process through `bot.cli.main(argv, env=…)` (what it
prints, its exit status) unless it reads stdin; `run_process` runs the real child process
(`python -m bot.cli …`) for the tests whose subject is the process itself."""

from __future__ import annotations

import contextlib
import csv
import email
import email.policy
import io
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from bot.harness import REPO

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLES = FIXTURES / "samples"
CLI_FIXTURES = FIXTURES / "cli"
DEMO_HOMES = REPO / "config" / "demo-homes.csv"
Result = subprocess.CompletedProcess[str]
# Reads can run side by side; each child spends most of its ~1 s importing.
PARALLEL = max(2, (os.cpu_count() or 2) * 2)


def sample_path(prefix: str) -> Path:
    matches = sorted(SAMPLES.glob(f"{prefix}-*.eml"))
    assert len(matches) == 1, prefix
    return matches[0]


def demo_fees() -> dict[str, int]:
    """Home code -> weekly fee, from the demo CSV (confidential values)."""
    with DEMO_HOMES.open(encoding="utf-8") as f:
        return {row["code"]: int(row["weekly_fee_gbp"]) for row in csv.DictReader(f)}


def fee_pattern(fees: Sequence[int]) -> re.Pattern[str]:
    """A fee written as a number on its own (7350, 7,350, £7350.00); not digits that happen to
    sit inside a timestamp's microseconds, a phone number or a hex Message-ID."""
    alternatives = "|".join(f"{f // 1000},?{f % 1000:03d}" for f in fees)
    return re.compile(rf"(?<![\w.])£?(?:{alternatives})(?!\w)")


@dataclass
class Swcu:
    """`swcu` with its own database, store directory and settings file."""

    root: Path
    database_url: str
    config: Path = REPO / "config" / "settings.toml"

    @property
    def store(self) -> Path:
        return self.root / "store"

    @property
    def maildir_new(self) -> Path:
        return self.store / "maildir" / "new"

    def env(self, **overrides: str) -> dict[str, str]:
        # Nothing from the developer's environment may switch on a relay or Slack.
        base = {k: v for k, v in os.environ.items() if not k.startswith(("SWCU_", "SLACK_"))}
        return {
            **base,
            "SWCU_DATABASE_URL": self.database_url,
            "SWCU_STORE_DIR": str(self.store),
            "SWCU_CONFIG": str(self.config),
            **overrides,
        }

    def run(
        self, *args: str | Path, stdin: bytes | None = None, env: dict[str, str] | None = None
    ) -> Result:
        if stdin is not None:
            return self.run_process(*args, stdin=stdin, env=env)
        return run_in_process([str(a) for a in args], env or self.env())

    def run_process(
        self, *args: str | Path, stdin: bytes | None = None, env: dict[str, str] | None = None
    ) -> Result:
        proc = subprocess.run(
            [sys.executable, "-m", "bot.cli", *map(str, args)],
            env=env or self.env(),
            input=stdin,
            capture_output=True,
            cwd=REPO,
            timeout=120,
        )
        return subprocess.CompletedProcess(
            proc.args,
            proc.returncode,
            proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"),
        )

    def ok(self, *args: str | Path, stdin: bytes | None = None) -> str:
        return succeeded(self.run(*args, stdin=stdin))

    def json(self, *args: str | Path, stdin: bytes | None = None) -> Any:
        return json.loads(self.ok(*args, stdin=stdin))

    def fail(self, *args: str | Path, stdin: bytes | None = None, **env: str) -> str:
        return failed(self.run(*args, stdin=stdin, env=self.env(**env) if env else None))

    def many(self, *commands: Sequence[str | Path]) -> list[Result]:
        """Independent commands side by side (reads, or failures that change nothing)."""
        with ThreadPoolExecutor(PARALLEL) as pool:
            return list(pool.map(lambda c: self.run(*c), commands))

    def mail_names(self) -> set[str]:
        return set(os.listdir(self.maildir_new)) if self.maildir_new.is_dir() else set()

    def mail_since(self, before: set[str]) -> list[EmailMessage]:
        out = []
        for name in sorted(self.mail_names() - before):
            raw = (self.maildir_new / name).read_bytes()
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            assert isinstance(msg, EmailMessage)
            out.append(msg)
        return out


# One in-process command at a time: stdout and stderr are the interpreter's own.
_IN_PROCESS = threading.Lock()


def run_in_process(argv: list[str], env: dict[str, str]) -> Result:
    from bot.cli import main

    out, err = io.StringIO(), io.StringIO()
    with _IN_PROCESS, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv, env=env)
        except SystemExit as exc:  # --help, and argparse's own exits
            code = exc.code if isinstance(exc.code, int) else 0
    # The same shape as a child process's result: args[3:] is the command line.
    return subprocess.CompletedProcess(
        [sys.executable, "-m", "bot.cli", *argv], code, out.getvalue(), err.getvalue()
    )


def succeeded(result: Result) -> str:
    assert result.returncode == 0, (
        f"{' '.join(result.args[3:])} exited {result.returncode}: {result.stderr}"
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout


def failed(result: Result) -> str:
    """The promise: exit 2, one line on stderr, never a traceback. Returns that line."""
    what = " ".join(result.args[3:])
    assert result.returncode == 2, (
        f"{what}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    )
    assert "Traceback" not in result.stderr + result.stdout, f"{what}: {result.stderr}"
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"{what}: stderr is not one line: {result.stderr!r}"
    assert lines[0].startswith("swcu"), lines[0]
    return lines[0]


def mail_text(msg: EmailMessage) -> str:
    """Headers and every decoded text part of a message: everything a reader could see."""
    parts = [f"{k}: {v}" for k, v in msg.items()]
    for part in msg.walk():
        if part.get_content_maintype() == "text":
            assert isinstance(part, EmailMessage)
            parts.append(str(part.get_content()))
    return "\n".join(parts)


def plain_body(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain",))
    assert isinstance(part, EmailMessage), "no text/plain part"
    return str(part.get_content())


def ingest(cli: Swcu, *prefixes: str) -> dict[str, str]:
    """Ingest samples by number ("01", "03"…) in one `swcu ingest`; sample -> reference."""
    out = cli.ok("ingest", *(sample_path(p) for p in prefixes))
    refs: dict[str, str] = {}
    for prefix, line in zip(prefixes, out.splitlines(), strict=True):
        assert sample_path(prefix).name in line, line
        found = re.search(r"SWCU-\d{4}-\d{4}", line)
        if found:
            refs[prefix] = found.group()
    return refs


def subset_mismatches(expected: Any, actual: Any, path: str = "$") -> list[str]:
    """Where `actual` does not contain `expected`: dicts recursively (extra keys are
    fine), lists and scalars equal."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r}"]
        out: list[str] = []
        for key, value in expected.items():
            if key not in actual:
                out.append(f"{path}.{key}: missing")
            else:
                out += subset_mismatches(value, actual[key], f"{path}.{key}")
        return out
    if expected != actual:
        return [f"{path}: expected {expected!r}, got {actual!r}"]
    return []


@pytest.fixture
def cli(tmp_path: Path, database_url: str) -> Swcu:
    """A fresh, empty database: SQLite, and PostgreSQL when SWCU_TEST_DATABASE_URL is set."""
    return Swcu(tmp_path, database_url)


@pytest.fixture
def homes_cli(cli: Swcu) -> Swcu:
    """As `cli`, with the demo homes imported through `swcu homes import`."""
    assert "14 added" in cli.ok("homes", "import", DEMO_HOMES)
    return cli


@pytest.fixture
def sqlite_cli(tmp_path: Path, sqlite_database_url: str) -> Iterator[Swcu]:
    yield Swcu(tmp_path, sqlite_database_url)


@pytest.fixture
def sqlite_homes_cli(sqlite_cli: Swcu) -> Swcu:
    assert "14 added" in sqlite_cli.ok("homes", "import", DEMO_HOMES)
    return sqlite_cli


def seed_homes(cli: Swcu) -> None:
    """The demo homes, written in-process (cheaper than a child process) for tests whose
    subject is not `swcu homes import` itself."""
    from bot.store import migrate
    from bot.store.db import Database
    from bot.store.homes import import_homes

    db = Database(cli.database_url)
    try:
        migrate.upgrade(db)
        with db.session() as s:
            import_homes(s, DEMO_HOMES.read_text(encoding="utf-8"))
    finally:
        db.dispose()


def read_rows(cli: Swcu, sql: str) -> list[tuple[Any, ...]]:
    """Plain SQL against the command's database, to check what a command did or did not do."""
    from sqlalchemy import text

    from bot.store.db import Database

    db = Database(cli.database_url)
    try:
        with db.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        db.dispose()


def seed_vacancy(
    cli: Swcu, code: str, count: int, gender: str = "any", placement_type: str = "any"
) -> None:
    """A vacancy report reported now, written in-process (see seed_homes)."""
    from datetime import UTC, datetime

    from sqlmodel import select

    from bot.domain.model import BedVacancy
    from bot.services.vacancies import add_report
    from bot.store.db import Database
    from bot.store.models import HomeRow

    db = Database(cli.database_url)
    try:
        with db.session() as s:
            home = s.exec(select(HomeRow).where(HomeRow.code == code)).one()
            beds = [BedVacancy(count, gender, placement_type, None)]
            now = datetime.now(UTC)
            add_report(s, home, beds, reported_at=now, recorded_at=now, source="phone")
    finally:
        db.dispose()
