"""SMTP intake over loopback into a real `swcu serve`, with smtplib as the sender."""

from __future__ import annotations

import smtplib
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from bot.harness import ServerProcess, crlf, send_data
from bot.store.db import Database
from bot.store.models import InboundEmail, OutboundMessage, Referral
from tests.conftest import DEMO_HOMES, fixture_email, sample
from tests.support.mail import body_text, maildir_messages, wait_for_mail


def send(port: int, raw: bytes, rcpt: str = "referrals@swcu.test") -> tuple[int, bytes]:
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        smtp.ehlo()
        smtp.mail("sender@hants-cs.test")
        code, reply = smtp.rcpt(rcpt)
        if code != 250:
            return code, reply
        code, reply, _ = send_data(smtp, raw)
        return code, reply


def count(url: str, model: type, *where: object) -> int:
    db = Database(url)
    try:
        with db.read_session() as s:
            q = select(func.count()).select_from(model)
            for w in where:
                q = q.where(w)  # type: ignore[arg-type]
            return int(s.exec(q).one())
    finally:
        db.dispose()


def referral_email(i: int, run: str) -> bytes:
    return crlf(
        sample("01").replace(
            b"<179532062727.7138.11892129875866307066@hants-cs.test>",
            f"<burst-{run}-{i}@hants-cs.test>".encode(),
        )
    )


def test_sample_referral_gets_an_acknowledgement_in_the_maildir(server: ServerProcess) -> None:
    code, reply = send(server.port, sample("01"))
    assert code == 250 and b"SWCU-2026-0001" in reply
    mails = wait_for_mail(server.store / "maildir", 2)
    [ack] = [m for m in mails if m["To"] == "rachel.dunmore@hants-cs.test"]
    [draft] = [m for m in mails if m["To"] == "officers@swcu.test"]  # the ranked list, drafted
    assert "SWCU-2026-0001" in ack["Subject"] and "SWCU-2026-0001" in draft["Subject"]
    assert ack["Auto-Submitted"] == "auto-replied"
    assert ack["In-Reply-To"] == "<179532062727.7138.11892129875866307066@hants-cs.test>"
    assert "SWCU-2026-0001" in body_text(ack)


def test_unknown_mailbox_is_refused_at_rcpt(server: ServerProcess) -> None:
    code, _ = send(server.port, sample("01"), rcpt="someone@swcu.test")
    assert code == 550


def test_forty_referrals_from_eight_clients_are_all_stored_once(server: ServerProcess) -> None:
    run = "c8"
    chunks = [[referral_email(i, run) for i in range(c, 40, 8)] for c in range(8)]
    codes: list[int] = []
    lock = threading.Lock()

    def client(chunk: list[bytes]) -> None:
        with smtplib.SMTP("127.0.0.1", server.port, timeout=60) as smtp:
            smtp.ehlo()
            for raw in chunk:
                for _attempt in range(2):  # every message twice: a sender retrying
                    smtp.mail("sender@hants-cs.test")
                    smtp.rcpt("referrals@swcu.test")
                    code, _, _ = send_data(smtp, raw)
                    with lock:
                        codes.append(code)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(client, chunks))
    assert codes == [250] * 80
    assert count(server.database_url, InboundEmail) == 40
    assert count(server.database_url, Referral) == 40
    db = Database(server.database_url)
    with db.read_session() as s:
        refs = sorted(r.reference for r in s.exec(select(Referral)))
    db.dispose()
    assert refs == [f"SWCU-2026-{n:04d}" for n in range(1, 41)]  # no gap, no duplicate


def test_sigkill_mid_burst_loses_no_acknowledged_message(tmp_path: Path, database_url: str) -> None:
    proc = ServerProcess(tmp_path / "store", database_url)
    proc.store.mkdir(parents=True)
    proc.swcu("homes", "import", str(DEMO_HOMES))
    proc.start()
    accepted: list[str] = []
    stop = threading.Event()

    def client(c: int) -> None:
        i = 0
        try:
            with smtplib.SMTP("127.0.0.1", proc.port, timeout=10) as smtp:
                smtp.ehlo()
                while not stop.is_set():
                    mid = f"kill-{c}-{i}"
                    smtp.mail("sender@hants-cs.test")
                    smtp.rcpt("referrals@swcu.test")
                    raw = referral_email(i, f"k{c}").replace(
                        f"<burst-k{c}-{i}@".encode(), f"<{mid}@".encode()
                    )
                    # a social worker each, so that the loop breaker answers every one
                    raw = raw.replace(b"rachel.dunmore@", f"sw-{mid}@".encode())
                    code, _, _ = send_data(smtp, raw)
                    if code == 250:
                        accepted.append(f"<{mid}@hants-cs.test>")
                    i += 1
        except (smtplib.SMTPException, OSError):
            pass  # the server died under us: that is the point

    threads = [threading.Thread(target=client, args=(c,)) for c in range(4)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 20
    while len(accepted) < 30 and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.kill()
    stop.set()
    for t in threads:
        t.join(15)
    assert len(accepted) >= 30
    db = Database(database_url)
    with db.read_session() as s:
        stored = set(s.exec(select(InboundEmail.message_id)))
    db.dispose()
    assert set(accepted) <= stored
    # and the server comes back on the same store, goes on, and sends what the kill cut
    # short: every acknowledgement, and every draft list for the officers
    proc2 = ServerProcess(tmp_path / "store", database_url).start()
    try:
        assert send(proc2.port, referral_email(999, "after"))[0] == 250
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _unanswered(database_url, accepted):
            time.sleep(0.1)
        assert _unanswered(database_url, accepted) == set()
    finally:
        proc2.stop()


def _unanswered(url: str, message_ids: list[str]) -> set[tuple[str, str]]:
    """(Message-ID, what it still lacks): a sent acknowledgement, a sent draft list."""
    db = Database(url)
    try:
        with db.read_session() as s:
            sent = set(
                s.exec(
                    select(InboundEmail.message_id, OutboundMessage.purpose)
                    .join(Referral, Referral.id == InboundEmail.referral_id)  # type: ignore[arg-type]
                    .join(OutboundMessage, OutboundMessage.referral_id == Referral.id)  # type: ignore[arg-type]
                    .where(OutboundMessage.status == "sent")
                )
            )
    finally:
        db.dispose()
    return {(m, p) for m in message_ids for p in ("ack", "draft_list")} - sent


def test_storage_failure_answers_451_then_recovers(tmp_path: Path) -> None:
    config = tmp_path / "settings.toml"
    config.write_text("sqlite_busy_timeout_ms = 200\n")
    db_path = tmp_path / "swcu.db"
    proc = ServerProcess(tmp_path / "store", f"sqlite:///{db_path}", config=config)
    proc.store.mkdir(parents=True)
    proc.swcu("homes", "import", str(DEMO_HOMES))
    with proc:
        blocker = sqlite3.connect(db_path, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")  # another process holds the database
        try:
            code, reply = send(proc.port, sample("01"))
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert code == 451, reply
        assert count(proc.database_url, InboundEmail) == 0
        code, _ = send(proc.port, sample("01"))  # the sender's retry
        assert code == 250
        assert count(proc.database_url, InboundEmail) == 1


def test_oversized_message_gets_552(server: ServerProcess) -> None:
    big = sample("01") + b"\r\n" + (b"x" * 998 + b"\r\n") * (30 * 1024 * 1024 // 1000)
    code, reply = send(server.port, big)
    assert code == 552, reply
    assert count(server.database_url, InboundEmail) == 0
    assert send(server.port, sample("01"))[0] == 250  # and the server is still there


def test_long_lines_are_accepted(server: ServerProcess) -> None:
    raw = sample("01").replace(b"Other information: ", b"Other information: " + b"y" * 5000)
    assert send(server.port, raw)[0] == 250


@pytest.mark.parametrize("name", ["intake-out-of-office.eml", "intake-bounce.eml"])
def test_auto_replies_and_bounces_get_no_answer(server: ServerProcess, name: str) -> None:
    assert send(server.port, fixture_email(name))[0] == 250
    time.sleep(1.5)  # give the outbox every chance to (wrongly) answer
    assert count(server.database_url, OutboundMessage) == 0
    assert maildir_messages(server.store / "maildir") == []


def test_quarantined_stranger_gets_no_answer(server: ServerProcess) -> None:
    raw = sample("01").replace(b"hants-cs.test", b"stranger-domain.test")
    assert send(server.port, raw)[0] == 250
    time.sleep(1.5)
    assert count(server.database_url, InboundEmail, InboundEmail.disposition == "quarantined") == 1
    assert count(server.database_url, OutboundMessage) == 0
    listing = server.swcu("quarantine", "list").stdout
    assert "stranger-domain.test" in listing


def test_malformed_mime_is_stored_and_flagged_without_crashing(server: ServerProcess) -> None:
    for name in ("missing-boundary.eml", "broken-base64.eml", "eight-bit-header-nul.eml"):
        assert send(server.port, fixture_email(name))[0] == 250, name
    garbage = b"\x00\xff" * 500 + b"\r\n\r\n" + bytes(range(256)) * 20
    assert send(server.port, garbage)[0] == 250
    assert count(server.database_url, InboundEmail) == 4
    db = Database(server.database_url)
    with db.read_session() as s:
        flags = [e.flags for e in s.exec(select(InboundEmail))]
    db.dispose()
    assert all(flags), flags
    assert send(server.port, sample("01"))[0] == 250  # still serving
