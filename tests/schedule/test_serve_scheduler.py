"""`swcu serve` runs the scheduler in its event loop: a referral whose two hours ran out
while nothing was running gets its breach alert from the catch-up run at start, once,
and the banner says the scheduler is on."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app import App
from bot.harness import ServerProcess
from bot.store.models import Referral
from tests.conftest import make_settings
from tests.support.mail import maildir_messages


def test_serve_runs_the_scheduler(tmp_path: Path, sqlite_database_url: str) -> None:
    completed = datetime.now(UTC) - timedelta(minutes=121)
    app = App(make_settings(tmp_path, sqlite_database_url))
    try:
        with app.db.session() as s:
            s.add(Referral(reference="SWCU-2026-0099", status="complete", initials="ZK",
                           received_at=completed, completed_at=completed,
                           due_at=completed + timedelta(hours=2)))
    finally:
        app.close()
    server = ServerProcess(tmp_path / "store", sqlite_database_url,
                           extra_env={"SWCU_SCHEDULER": "on"})
    with server:
        deadline = time.monotonic() + 30
        breach: list = []
        while not breach and time.monotonic() < deadline:
            mails = maildir_messages(tmp_path / "store" / "maildir")
            breach = [m for m in mails if "Two-hour breach" in str(m["Subject"])]
            time.sleep(0.1)
        banner = server.log.read_text()
    assert "scheduler:     on" in banner
    assert len(breach) == 1 and "SWCU-2026-0099 (ZK)" in str(breach[0]["Subject"])
    assert "manager@swcu.test" in str(breach[0]["To"])
