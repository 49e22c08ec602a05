"""A real `swcu serve` in a child process on a free loopback port: for `swcu bench` and the
tests, which must exercise the real server, not an imitation."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@contextmanager
def fresh_postgres(server_url: str) -> Iterator[str]:
    """A new, empty database on a PostgreSQL server, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = make_url(server_url).set(drivername="postgresql+psycopg")
    name = f"swcu_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def send_data(client: object, raw: bytes) -> tuple[int, bytes, float]:
    """DATA over an open smtplib.SMTP after MAIL and RCPT: (code, reply, seconds from the
    end of the data to the reply) — the time a sender waits for our 250."""
    import smtplib

    assert isinstance(client, smtplib.SMTP)
    client.putcmd("data")
    code, reply = client.getreply()
    if code != 354:
        return code, reply, 0.0
    body = smtplib._quote_periods(crlf(raw))  # type: ignore[attr-defined]
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    client.send(body + b".\r\n")
    started = time.perf_counter()
    code, reply = client.getreply()
    return code, reply, time.perf_counter() - started


def crlf(raw: bytes) -> bytes:
    """SMTP lines end in CRLF; .eml files on disk often have bare LF."""
    return re.sub(rb"(?<!\r)\n", b"\r\n", raw)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    def __init__(
        self,
        store: Path,
        database_url: str,
        *,
        extra_env: dict[str, str] | None = None,
        config: Path | None = None,
    ) -> None:
        self.store = store
        self.database_url = database_url
        self.port = free_port()
        self.env = {
            **os.environ,
            "SWCU_DATABASE_URL": database_url,
            "SWCU_STORE_DIR": str(store),
            "SWCU_SMTP_LISTEN": f"127.0.0.1:{self.port}",
            "SWCU_CONFIG": str(config or REPO / "config" / "settings.toml"),
            # The scheduler keeps real time: a test would see reminders only at 09:30.
            "SWCU_SCHEDULER": "off",
            **(extra_env or {}),
        }
        if "SWCU_SMTP_RELAY" not in (extra_env or {}):
            self.env.pop("SWCU_SMTP_RELAY", None)
        self.proc: subprocess.Popen[str] | None = None
        self.log = store / f"serve-{self.port}.log"

    def swcu(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=check,
            cwd=REPO,
            timeout=120,
        )

    def start(self, timeout: float = 30) -> ServerProcess:
        self.store.mkdir(parents=True, exist_ok=True)
        out = self.log.open("a")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve"],
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=REPO,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"swcu serve exited: {self.log.read_text()[-2000:]}")
            if "swcu ready" in self.log.read_text():
                return self
            time.sleep(0.05)
        raise RuntimeError(f"swcu serve did not start: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
