"""End-to-end helpers: emails go in over SMTP to a real `swcu serve`; what people would see is
read back from the maildir, the command line and the database."""

from __future__ import annotations

import csv
import json
import re
import smtplib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlmodel import select

from bot.domain.model import BedVacancy
from bot.harness import ServerProcess, send_data
from bot.services.vacancies import add_report
from bot.store.db import Database
from bot.store.models import HomeRow, OutboundMessage
from tests.conftest import DEMO_HOMES, FIXTURES
from tests.support.mail import body_text, maildir_messages

E2E_FIXTURES = FIXTURES / "e2e"
UNIT_INBOX = "officers@swcu.test"
REFERRALS = "referrals@swcu.test"
VACANCIES = "vacancies@swcu.test"

T = TypeVar("T")


def e2e_email(name: str, **values: str) -> bytes:
    """A fixture email; `{name}` placeholders (ids only known at run time) filled in."""
    raw = (E2E_FIXTURES / name).read_bytes()
    for key, value in values.items():
        raw = raw.replace(("{" + key + "}").encode(), value.encode())
    assert b"{" not in raw.split(b"\n\n", 1)[0], f"unfilled placeholder in {name}"
    return raw


def header_date(raw: bytes) -> datetime:
    m = re.search(rb"^Date: (.+)$", raw, re.MULTILINE)
    assert m, "no Date header"
    return parsedate_to_datetime(m.group(1).decode().strip())


def header_message_id(raw: bytes) -> str:
    m = re.search(rb"^Message-ID: (<[^>]+>)", raw, re.MULTILINE | re.IGNORECASE)
    assert m, "no Message-ID header"
    return m.group(1).decode()


@dataclass
class Sent:
    code: int
    reply: bytes
    started: float  # perf_counter just before the end of DATA went out
    seconds_to_reply: float


def smtp_send(server: ServerProcess, raw: bytes, rcpt: str = REFERRALS) -> Sent:
    """One message over SMTP, as a sending mail server would (EHLO first)."""
    with smtplib.SMTP("127.0.0.1", server.port, timeout=30) as smtp:
        smtp.ehlo()
        smtp.mail("postmaster@sender.test")
        code, reply = smtp.rcpt(rcpt)
        assert code == 250, reply
        started = time.perf_counter()
        code, reply, seconds = send_data(smtp, raw)
    return Sent(code, reply, started, seconds)


def deliver(server: ServerProcess, raw: bytes, rcpt: str = REFERRALS) -> Sent:
    sent = smtp_send(server, raw, rcpt)
    assert sent.code == 250, sent.reply
    return sent


def wait_until(
    probe: Callable[[], T | None], *, timeout: float = 10.0, what: str = "condition"
) -> T:
    """Poll `probe` until it returns something truthy, or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.01)


def mails(server: ServerProcess) -> list[EmailMessage]:
    return maildir_messages(server.store / "maildir")


def mails_to(server: ServerProcess, address: str) -> list[EmailMessage]:
    return [m for m in mails(server) if address.lower() in str(m["To"]).lower()]


def wait_for_mail(
    server: ServerProcess,
    to: str,
    subject_contains: str = "",
    *,
    count: int = 1,
    timeout: float = 10.0,
) -> list[EmailMessage]:
    """Wait until at least `count` messages to `to` whose subject contains the text exist."""

    def probe() -> list[EmailMessage] | None:
        found = [m for m in mails_to(server, to) if subject_contains in str(m["Subject"])]
        return found if len(found) >= count else None

    return wait_until(probe, timeout=timeout, what=f"{count} mail(s) to {to} {subject_contains!r}")


def swcu_json(server: ServerProcess, *args: str) -> Any:
    done = server.swcu(*args, "--json")
    return json.loads(done.stdout)


def referral_json(server: ServerProcess, reference: str) -> dict[str, Any]:
    [item] = [r for r in swcu_json(server, "referrals") if r["reference"] == reference]
    return item  # type: ignore[no-any-return]


def vacancy_json(server: ServerProcess, home: str) -> dict[str, Any]:
    [item] = [v for v in swcu_json(server, "vacancy", "list") if v["home"] == home]
    return item  # type: ignore[no-any-return]


def set_vacancy(server: ServerProcess, home: str, beds: int, *extra: str) -> str:
    return server.swcu("vacancy", "set", home, "--beds", str(beds), *extra).stdout


def record_beds(
    server: ServerProcess, code: str, *beds: BedVacancy, at: datetime | None = None
) -> None:
    """A phoned-in report typed straight into the database the server uses: quicker than a
    `swcu vacancy set` process for setting the scene (the server sees it at its next match).
    `at`: when the home said it (default now)."""
    db = Database(server.database_url)
    try:
        with db.session() as s:
            home = s.exec(select(HomeRow).where(HomeRow.code == code)).one()
            now = datetime.now(UTC)
            add_report(s, home, beds, reported_at=at or now, recorded_at=now, source="phone")
    finally:
        db.dispose()


def outbox(server: ServerProcess) -> list[OutboundMessage]:
    db = Database(server.database_url)
    try:
        with db.read_session() as s:
            return list(s.exec(select(OutboundMessage).order_by(OutboundMessage.id)))  # type: ignore[arg-type]
    finally:
        db.dispose()


def draft_sections(text: str) -> tuple[list[str], dict[str, list[str]], dict[str, str]]:
    """The draft list email read back: ranked names in order, each one's reason lines, and
    the excluded homes with their stated reason."""
    ranked: list[str] = []
    reasons: dict[str, list[str]] = {}
    excluded: dict[str, str] = {}
    ranked_part, _, excluded_part = text.partition("Not on the list:")
    current: str | None = None
    for line in ranked_part.splitlines():
        m = re.match(r"^(\d+)\. (.+) \(([^()]*)\)$", line)
        if m:
            assert int(m.group(1)) == len(ranked) + 1, line
            current = m.group(2)
            ranked.append(current)
            reasons[current] = []
        elif line.startswith("   - ") and current is not None:
            reasons[current].append(line[5:])
    for line in excluded_part.splitlines():
        m = re.match(r"^- ([^:]+): (.+)$", line)
        if m:
            excluded[m.group(1)] = m.group(2)
    return ranked, reasons, excluded


# -- fees never leave the unit ------------------------------------------------------------


def demo_fees() -> list[int]:
    with DEMO_HOMES.open(newline="", encoding="utf-8") as fh:
        return [int(r["weekly_fee_gbp"]) for r in csv.DictReader(fh) if r["weekly_fee_gbp"]]


def _fee_pattern(fees: list[int]) -> re.Pattern[str]:
    forms = sorted({f for fee in fees for f in (str(fee), f"{fee:,}")}, key=len, reverse=True)
    return re.compile(r"(?<![\w#,.])(?:" + "|".join(map(re.escape, forms)) + r")(?![\d])")


FEES = _fee_pattern(demo_fees())


def _readable_parts(msg: EmailMessage) -> list[str]:
    parts = [str(msg["Subject"] or ""), str(msg["To"] or ""), str(msg["From"] or "")]
    for part in msg.walk():
        if part.get_content_maintype() == "text":
            parts.append(part.get_content())
    return parts


def assert_no_fees(server: ServerProcess) -> None:
    """No home's weekly fee in any email the unit wrote: every message in the maildir and
    every outbox row (delivered or not). Message-IDs are random hex, so only what a person
    reads is searched: subject, addresses, every text part."""
    seen = 0
    for msg in mails(server):
        for text in _readable_parts(msg):
            assert "£" not in text, f"a pound sign in {msg['Subject']!r}"
            hit = FEES.search(text)
            assert hit is None, f"fee {hit.group(0) if hit else ''} in {msg['Subject']!r}"
        seen += 1
    for row in outbox(server):
        for text in (row.subject, row.body_text, row.body_html or ""):
            assert "£" not in text and FEES.search(text) is None, row.subject
    assert seen > 0, "no mail at all: the fee check would prove nothing"


def text_of(msg: EmailMessage) -> str:
    return body_text(msg)


# -- servers with their own settings ------------------------------------------------------


@pytest.fixture
def server_with_settings(
    tmp_path: Path, database_url: str
) -> Iterator[Callable[[str], ServerProcess]]:
    """Start a `swcu serve` whose settings file holds the given TOML."""
    started: list[ServerProcess] = []

    def start(toml: str) -> ServerProcess:
        config = tmp_path / f"settings-{len(started)}.toml"
        config.write_text(toml)
        proc = ServerProcess(tmp_path / f"store-{len(started)}", database_url, config=config)
        proc.store.mkdir(parents=True, exist_ok=True)
        proc.swcu("homes", "import", str(DEMO_HOMES))
        started.append(proc.start())
        return proc

    yield start
    for proc in started:
        proc.stop()
